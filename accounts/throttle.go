package accounts

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Sign-in throttling. Failures are counted per account and per address;
// failures older than the window are forgotten.
//
//   - An account is locked for a while after accountLockAfter failures:
//     that is what stops guessing one person's password.
//   - An address is never locked, only slowed: an OCU room signs in from
//     one address behind its router, and one officer mistyping must not
//     lock the others out. Each failure from it makes the answer to the
//     next failure from it wait one more step, up to maxDelaySteps.
//
// The answer to a failure waits the larger of the two delays. A correct
// password is never slowed.
const (
	accountLockAfter = 5
	lockFor          = 15 * time.Minute
	failureWindow    = 15 * time.Minute
	maxDelaySteps    = 8
)

// FailureDelay is one step of the slowing; tests shorten it.
var FailureDelay = 250 * time.Millisecond

// SignInError is a refused sign-in. Its message never says whether the
// account exists; Delay is how long to wait before answering.
type SignInError struct {
	Locked bool
	Delay  time.Duration
}

func (e *SignInError) Error() string { return "sign-in refused" }

// Err is the user-facing error.
func (e *SignInError) Err() error {
	if e.Locked {
		return ocu.Errorf(ocu.Forbidden, "error.signin_locked", int(lockFor.Minutes()))
	}
	return ocu.Errorf(ocu.Forbidden, "error.signin_failed")
}

// failure counts the recent failed sign-ins of one key: "user:NAME" or
// "addr:ADDRESS". Only account keys are ever locked.
type failure struct {
	Key         string `gorm:"primaryKey"`
	Failures    int
	LastFailure time.Time
	LockedUntil *time.Time
}

func (failure) TableName() string { return "signin_failures" }

func accountKey(username string) string { return "user:" + username }
func addressKey(address string) string  { return "addr:" + address }

// delaySteps is how many steps of FailureDelay a key with n recent
// failures makes the next failure wait.
func delaySteps(n int) int { return min(n, maxDelaySteps) }

// countFailure records one failed sign-in for the account and the address
// inside tx, locks the account when it reaches the limit, and says how
// long the answer should wait.
func countFailure(tx *gorm.DB, userKey, addrKey string, now time.Time) (time.Duration, error) {
	// Counts nobody will read again go first, so that the table holds
	// what is current, not every name and address that ever failed.
	if err := tx.Where("last_failure < ? AND (locked_until IS NULL OR locked_until < ?)", now.Add(-failureWindow), now).
		Delete(&failure{}).Error; err != nil {
		return 0, err
	}
	steps := 0
	for _, key := range []string{userKey, addrKey} {
		f := failure{Key: key, Failures: 1, LastFailure: now}
		var prev failure
		if err := tx.Where("key = ?", key).Take(&prev).Error; err == nil && now.Sub(prev.LastFailure) < failureWindow {
			f.Failures = prev.Failures + 1
			f.LockedUntil = prev.LockedUntil
		}
		if key == userKey {
			if f.Failures >= accountLockAfter && (f.LockedUntil == nil || now.After(*f.LockedUntil)) {
				until := now.Add(lockFor)
				f.LockedUntil = &until
			}
		} else {
			// Addresses locked before this rule existed are unlocked.
			f.LockedUntil = nil
		}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&f).Error; err != nil {
			return 0, err
		}
		steps = max(steps, delaySteps(f.Failures))
	}
	return time.Duration(steps) * FailureDelay, nil
}

// AccountLock is an account that refuses sign-ins until LockedUntil.
type AccountLock struct {
	Username    string
	Failures    int
	LockedUntil time.Time
}

// AddressThrottle is an address whose failed sign-ins are answered
// slowly: the next failure from it waits Delay.
type AddressThrottle struct {
	Address     string
	Failures    int
	LastFailure time.Time
	Delay       time.Duration
}

// Locks lists the accounts locked now and the addresses being slowed now,
// for administrators. Only existing accounts are listed: a username that
// names no account may be a password typed in the wrong field.
func (s *Store) Locks(ctx context.Context) ([]AccountLock, []AddressThrottle, error) {
	var rows []failure
	if err := s.db.Read.WithContext(ctx).Order("key").Find(&rows).Error; err != nil {
		return nil, nil, err
	}
	var names []string
	for _, r := range rows {
		if name, ok := strings.CutPrefix(r.Key, "user:"); ok {
			names = append(names, name)
		}
	}
	var existing []string
	if len(names) > 0 {
		if err := s.db.Read.WithContext(ctx).Model(&User{}).Where("username IN ?", names).Pluck("username", &existing).Error; err != nil {
			return nil, nil, err
		}
	}
	exists := map[string]bool{}
	for _, n := range existing {
		exists[n] = true
	}
	now := s.now()
	var locks []AccountLock
	var throttles []AddressThrottle
	for _, r := range rows {
		if name, ok := strings.CutPrefix(r.Key, "user:"); ok {
			if exists[name] && r.LockedUntil != nil && now.Before(*r.LockedUntil) {
				locks = append(locks, AccountLock{Username: name, Failures: r.Failures, LockedUntil: r.LockedUntil.UTC()})
			}
		} else if addr, ok := strings.CutPrefix(r.Key, "addr:"); ok && now.Sub(r.LastFailure) < failureWindow {
			throttles = append(throttles, AddressThrottle{Address: addr, Failures: r.Failures, LastFailure: r.LastFailure.UTC(),
				Delay: time.Duration(delaySteps(r.Failures)) * FailureDelay})
		}
	}
	return locks, throttles, nil
}

// Kinds of lock an administrator lifts.
const (
	LockAccount = "account"
	LockAddress = "address"
)

// LiftLock forgets the failed sign-ins of an account (unlocking it) or of
// an address (ending its slowing), and records who did it.
func (s *Store) LiftLock(ctx context.Context, kind, name string) error {
	name = strings.TrimSpace(name)
	var key, subject string
	switch kind {
	case LockAccount:
		name = strings.ToLower(name)
		key, subject = accountKey(name), "user:"+name
	case LockAddress:
		key, subject = addressKey(name), "address:"+name
	default:
		return ocu.Errorf(ocu.Invalid, "error.lock_kind", kind)
	}
	if name == "" {
		return ocu.Errorf(ocu.Invalid, "error.lock_name")
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var f failure
		if err := tx.Where("key = ?", key).Take(&f).Error; err != nil {
			if err == gorm.ErrRecordNotFound {
				return ocu.Errorf(ocu.NotFound, "error.lock_not_found", name)
			}
			return err
		}
		if err := tx.Where("key = ?", key).Delete(&failure{}).Error; err != nil {
			return err
		}
		details := map[string]any{"kind": kind, "failures": f.Failures}
		if f.LockedUntil != nil {
			details["locked_until"] = f.LockedUntil.UTC()
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "auth.unlock", Subject: subject, Details: details})
	})
}
