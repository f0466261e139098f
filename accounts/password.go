package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocu-project/ocu"
)

// PasswordCost is bcrypt's work factor: about 250 ms a hash on a small
// server, which makes guessing slow. Tests lower it.
var PasswordCost = 12

// Password length limits: long enough to resist guessing, and within the
// 72 bytes bcrypt reads.
const (
	minPassword = 12
	maxPassword = 72
)

func checkPassword(pw string) error {
	switch {
	case utf8.RuneCountInString(pw) < minPassword:
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"password": ocu.Msg("error.password_short", minPassword)}}
	case len(pw) > maxPassword:
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"password": ocu.Msg("error.password_long", maxPassword)}}
	}
	return nil
}

func hashPassword(pw string) (string, error) {
	if err := checkPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), PasswordCost)
	return string(h), err
}

// dummyHash is compared against when a username does not exist, so that a
// failed sign-in takes as long whether or not the account exists.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such account, constant time"), bcrypt.MinCost)

func passwordMatches(hash, pw string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// GeneratePassword returns a random password of 26 base32 characters
// (128 bits), for first sign-ins and resets.
func GeneratePassword() string { return rand.Text() }

// newSecret returns a random token and the hash stored in its place.
func newSecret() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashSecret(token)
}

func hashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
