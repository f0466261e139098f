package accounts

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Store holds every query on accounts.
type Store struct {
	db    *db.DB
	units *units.Store
	now   func() time.Time
	// IdleTimeout ends a session nobody used for that long; MaxSession
	// ends any session that old.
	IdleTimeout time.Duration
	MaxSession  time.Duration
}

// NewStore returns a Store with a 30-minute idle timeout and 12-hour
// sessions: a shift, not a week.
func NewStore(d *db.DB, u *units.Store) *Store {
	return &Store{db: d, units: u, now: func() time.Time { return time.Now().UTC() },
		IdleTimeout: 30 * time.Minute, MaxSession: 12 * time.Hour}
}

// SetClock replaces the store's clock, for tests of expiry and lockout.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// auditUserValues are the fields of userView the audit trail records by
// value; the display name is recorded by name only (see the audit package).
var auditUserValues = []string{"username", "role", "unit_id", "country", "disabled"}

// userView is an account as the audit trail describes it: never the hash.
func userView(u *User) map[string]any {
	m := map[string]any{"username": u.Username, "display_name": u.DisplayName, "role": u.Role, "disabled": u.Disabled}
	if u.UnitID != nil {
		m["unit_id"] = *u.UnitID
	}
	if u.CountryISO2 != nil {
		m["country"] = *u.CountryISO2
	}
	return m
}

// CreateUser adds an account with the given password.
func (s *Store) CreateUser(ctx context.Context, in UserInput, password string) (*User, error) {
	ref, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	unitID, country, err := in.validate(ref)
	if perr := checkPassword(password); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &User{Username: in.Username, DisplayName: in.DisplayName, PasswordHash: hash, Role: in.Role,
		UnitID: unitID, CountryISO2: country, CreatedAt: now, UpdatedAt: now}
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("username = ?", in.Username).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &ocu.Error{Kind: ocu.Conflict, Message: ocu.Msg("error.invalid_input"),
				Fields: map[string]ocu.Message{"username": ocu.Msg("error.username_taken", in.Username)}}
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user.create", Subject: "user:" + u.Username,
			Details: audit.Changed(nil, userView(u), auditUserValues...)})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UpdateUser changes an account's name, role, OCU and country.
func (s *Store) UpdateUser(ctx context.Context, username string, in UserInput) (*User, error) {
	ref, err := s.units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	in.Username = username
	unitID, country, err := in.validate(ref)
	if err != nil {
		return nil, err
	}
	var out *User
	err = s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := userByName(tx, username)
		if err != nil {
			return err
		}
		before := userView(u)
		u.DisplayName, u.Role, u.UnitID, u.CountryISO2, u.UpdatedAt = in.DisplayName, in.Role, unitID, country, s.now()
		if err := tx.Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{"display_name": u.DisplayName,
			"role": u.Role, "unit_id": u.UnitID, "country_iso2": u.CountryISO2, "updated_at": u.UpdatedAt}).Error; err != nil {
			return err
		}
		// A changed role or scope takes effect now, not at the next sign-in.
		if err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", u.ID).Error; err != nil {
			return err
		}
		out = u
		return audit.Record(ctx, tx, audit.Entry{Action: "user.update", Subject: "user:" + u.Username,
			Details: audit.Changed(before, userView(u), auditUserValues...)})
	})
	return out, err
}

// SetPassword replaces an account's password and signs it out everywhere.
func (s *Store) SetPassword(ctx context.Context, username, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := userByName(tx, username)
		if err != nil {
			return err
		}
		if err := tx.Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{"password_hash": hash, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", u.ID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user.password", Subject: "user:" + u.Username})
	})
}

// SetDisabled disables an account (signing it out and refusing its tokens)
// or enables it again.
func (s *Store) SetDisabled(ctx context.Context, username string, disabled bool) error {
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := userByName(tx, username)
		if err != nil {
			return err
		}
		if err := tx.Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{"disabled": disabled, "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if disabled {
			if err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", u.ID).Error; err != nil {
				return err
			}
		}
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "user:" + u.Username})
	})
}

func userByName(q *gorm.DB, username string) (*User, error) {
	var u User
	err := q.Where("username = ?", strings.ToLower(strings.TrimSpace(username))).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ocu.Errorf(ocu.NotFound, "error.user_not_found", username)
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// User finds an account by username.
func (s *Store) User(ctx context.Context, username string) (*User, error) {
	return userByName(s.db.Read.WithContext(ctx), username)
}

// Users lists every account by username.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.Read.WithContext(ctx).Order("username").Find(&us).Error
	return us, err
}

// CountUsers says how many accounts exist, so the first start can create
// an administrator.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.Read.WithContext(ctx).Model(&User{}).Count(&n).Error
	return n, err
}
