package accounts

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// SignIn checks a password and, if it matches an enabled account that is
// not locked, starts a session. address is the client's, for the
// per-address slowing and the audit trail.
//
// Every attempt does the same work whatever its outcome (unknown
// username, locked or disabled account, wrong or right password): the
// same two reads and one bcrypt comparison at the configured cost, so the
// time of the answer says nothing about which it was. Only the failure
// delay differs, and it depends on the failures counted, not on the
// account.
func (s *Store) SignIn(ctx context.Context, username, password, address string) (string, *User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	userKey, addrKey := accountKey(username), addressKey(address)
	ctx = ocu.WithPrincipal(ctx, ocu.Principal{Username: username, Address: address})
	now := s.now()

	var lock failure
	err := s.db.Read.WithContext(ctx).Where("key = ?", userKey).Take(&lock).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil, err
	}
	locked := lock.LockedUntil != nil && now.Before(*lock.LockedUntil)
	var u User
	err = s.db.Read.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	found := err == nil
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil, err
	}
	hash := ""
	if found {
		hash = u.PasswordHash
	}
	// Compared in every case, even when locked or unknown.
	ok := passwordMatches(hash, password) && found && !u.Disabled && !locked

	var token string
	var refusal *SignInError
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if ok {
			// The account's failures are forgiven; the address's are
			// not, or one valid account would wipe the slate of every
			// guess made from the same place.
			if err := tx.Where("key = ?", userKey).Delete(&failure{}).Error; err != nil {
				return err
			}
			var err error
			if token, err = s.startSession(tx, &u); err != nil {
				return err
			}
			sctx := ocu.WithPrincipal(ctx, u.Principal(address))
			return audit.Record(sctx, tx, audit.Entry{Action: "auth.signin", Subject: "user:" + u.Username})
		}
		delay, err := countFailure(tx, userKey, addrKey, now)
		if err != nil {
			return err
		}
		refusal = &SignInError{Locked: locked, Delay: delay}
		reason := "wrong username or password"
		switch {
		case locked:
			reason = "locked"
		case found && u.Disabled:
			reason = "disabled"
		}
		// What was typed as a username is named only when it is an
		// account: otherwise it may be a password typed into the wrong
		// field, and the trail must not keep it.
		subject, actx := "user:"+u.Username, ctx
		if !found {
			reason, subject = "unknown account", ""
			actx = ocu.WithPrincipal(ctx, ocu.Principal{Address: address})
		}
		return audit.Record(actx, tx, audit.Entry{Action: "auth.signin_failed", Subject: subject,
			Details: audit.Details{"reason": reason}})
	})
	if err != nil {
		return "", nil, err
	}
	if refusal != nil {
		return "", nil, refusal
	}
	return token, &u, nil
}
