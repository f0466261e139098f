package accounts

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Token is an API token. Only its hash is stored: the token itself is shown
// once, when it is created.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (Token) TableName() string { return "api_tokens" }

// tokenPrefix marks ocu tokens, so a leaked one is recognisable in a scan.
const tokenPrefix = "ocu_"

// CreateToken issues a token for a user and returns it in clear, once.
func (s *Store) CreateToken(ctx context.Context, username, name string) (string, *Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API token"
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", nil, &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"name": ocu.Msg("error.too_long", 100)}}
	}
	secret, _ := newSecret()
	token := tokenPrefix + secret
	t := &Token{Name: name, Prefix: token[:len(tokenPrefix)+6], TokenHash: hashSecret(token), CreatedAt: s.now()}
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := userByName(tx, username)
		if err != nil {
			return err
		}
		t.UserID = u.ID
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		// The token's name is typed by its owner: named, never copied.
		return audit.Record(ctx, tx, audit.Entry{Action: "token.create", Subject: "user:" + u.Username,
			Details: audit.Changed(nil, map[string]any{"token": t.Prefix, "name": t.Name}, "token")})
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// Tokens lists a user's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	var ts []Token
	err := s.db.Read.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&ts).Error
	return ts, err
}

// RevokeToken stops a token working. Only its owner or an administrator
// may revoke it; to anyone else it does not exist.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	p, _ := ocu.PrincipalFrom(ctx)
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var t Token
		err := tx.Where("id = ? AND revoked_at IS NULL", id).Take(&t).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !p.MayManageTokensOf(t.UserID)) {
			return ocu.Errorf(ocu.NotFound, "error.token_not_found")
		}
		if err != nil {
			return err
		}
		if err := tx.Model(&Token{}).Where("id = ?", id).Update("revoked_at", s.now()).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "token.revoke", Subject: "token:" + t.Prefix})
	})
}

// TokenUser returns the user of a live token.
func (s *Store) TokenUser(ctx context.Context, token string) (*User, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, errNoSession
	}
	var t Token
	err := s.db.Read.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL", hashSecret(token)).Take(&t).Error
	if err != nil {
		return nil, errNoSession
	}
	var u User
	if err := s.db.Read.WithContext(ctx).Where("id = ?", t.UserID).Take(&u).Error; err != nil || u.Disabled {
		return nil, errNoSession
	}
	if now := s.now(); t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > touchEvery {
		_ = s.db.Write.WithContext(ctx).Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, t.ID).Error
	}
	return &u, nil
}
