package accounts

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Sign-in throttling: every failure slows the next answer a little more;
// past a limit the account (or the address) is locked for a while. Failures
// older than the window are forgotten.
const (
	accountLockAfter = 5
	addressLockAfter = 20
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

type failure struct {
	Key         string `gorm:"primaryKey"`
	Failures    int
	LastFailure time.Time
	LockedUntil *time.Time
}

func (failure) TableName() string { return "signin_failures" }

// SignIn checks a password and, if it matches an enabled account that is
// not locked, starts a session. address is the client's, for per-address
// limits and the audit trail.
func (s *Store) SignIn(ctx context.Context, username, password, address string) (string, *User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	keys := []string{"user:" + username, "addr:" + address}
	ctx = ocu.WithPrincipal(ctx, ocu.Principal{Username: username, Address: address})
	now := s.now()

	var locked bool
	var current []failure
	if err := s.db.Read.WithContext(ctx).Where("key IN ?", keys).Find(&current).Error; err != nil {
		return "", nil, err
	}
	for _, f := range current {
		if f.LockedUntil != nil && now.Before(*f.LockedUntil) {
			locked = true
		}
	}
	var u User
	found := false
	if !locked {
		err := s.db.Read.WithContext(ctx).Where("username = ?", username).Take(&u).Error
		found = err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return "", nil, err
		}
	}
	hash := ""
	if found {
		hash = u.PasswordHash
	}
	// Compare even when locked or unknown, so timing tells nothing.
	ok := passwordMatches(hash, password) && found && !u.Disabled && !locked

	var token string
	var refusal *SignInError
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if ok {
			if err := tx.Where("key IN ?", keys).Delete(&failure{}).Error; err != nil {
				return err
			}
			var err error
			if token, err = s.startSession(tx, &u); err != nil {
				return err
			}
			sctx := ocu.WithPrincipal(ctx, u.Principal(address))
			return audit.Record(sctx, tx, audit.Entry{Action: "auth.signin", Subject: "user:" + u.Username})
		}
		refusal = &SignInError{Locked: locked}
		steps := 0
		for i, key := range keys {
			f := failure{Key: key, Failures: 1, LastFailure: now}
			var prev failure
			if err := tx.Where("key = ?", key).Take(&prev).Error; err == nil && now.Sub(prev.LastFailure) < failureWindow {
				f.Failures = prev.Failures + 1
				f.LockedUntil = prev.LockedUntil
			}
			limit := accountLockAfter
			if i == 1 {
				limit = addressLockAfter
			}
			if f.Failures >= limit && (f.LockedUntil == nil || now.After(*f.LockedUntil)) {
				until := now.Add(lockFor)
				f.LockedUntil = &until
			}
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&f).Error; err != nil {
				return err
			}
			steps = max(steps, min(f.Failures, maxDelaySteps))
		}
		refusal.Delay = time.Duration(steps) * FailureDelay
		reason := "wrong username or password"
		switch {
		case locked:
			reason = "locked"
		case found && u.Disabled:
			reason = "disabled"
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "auth.signin_failed", Subject: "user:" + username,
			Details: map[string]any{"reason": reason}})
	})
	if err != nil {
		return "", nil, err
	}
	if refusal != nil {
		return "", nil, refusal
	}
	return token, &u, nil
}
