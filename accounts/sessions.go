package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu/audit"
)

// Session is a signed-in browser.
type Session struct {
	TokenHash  string `gorm:"primaryKey"`
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (Session) TableName() string { return "sessions" }

// touchEvery bounds how often a session's last use is written: often
// enough for the idle timeout, rarely enough not to turn reads into writes.
const touchEvery = time.Minute

// errNoSession means the cookie names no live session.
var errNoSession = errors.New("no live session")

// sessionEnded means the cookie names a session that ended just now (idle
// or too old): the user it belonged to is known, so a form the browser
// posts can be kept for them (kept_forms.go).
type sessionEnded struct{ userID int64 }

func (sessionEnded) Error() string { return "session ended" }

// startSession creates a session for u inside tx and returns its token. A
// new token at every sign-in: an identifier planted before sign-in is
// worth nothing after it.
func (s *Store) startSession(tx *gorm.DB, u *User) (string, error) {
	token, hash := newSecret()
	now := s.now()
	err := tx.Create(&Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.MaxSession)}).Error
	return token, err
}

// SessionUser returns the user of a live session, ending it if it has been
// idle too long or lived too long.
func (s *Store) SessionUser(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, errNoSession
	}
	hash := hashSecret(token)
	// One query, scanned by hand: it runs before every page and call.
	var sess Session
	var u User
	row := s.db.Read.WithContext(ctx).Raw(`SELECT s.user_id, s.last_seen_at, s.expires_at,
		u.id, u.username, u.display_name, u.role, u.unit_id, u.country_iso2, u.disabled, u.language
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hash).Row()
	err := row.Scan(&sess.UserID, &sess.LastSeenAt, &sess.ExpiresAt,
		&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.UnitID, &u.CountryISO2, &u.Disabled, &u.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.IdleTimeout {
		_ = s.db.Write.WithContext(ctx).Exec("DELETE FROM sessions WHERE token_hash = ?", hash).Error
		if u.Disabled {
			return nil, errNoSession
		}
		return nil, sessionEnded{u.ID}
	}
	if u.Disabled {
		return nil, errNoSession
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.db.Write.WithContext(ctx).Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, hash).Error; err != nil {
			return nil, err
		}
	}
	return &u, nil
}

// EndSession signs a browser out.
func (s *Store) EndSession(ctx context.Context, token string) error {
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM sessions WHERE token_hash = ?", hashSecret(token)).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "auth.signout"})
	})
}
