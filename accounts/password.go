package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sync"
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

// standInPassword is what an unknown username's password is compared
// with: no account has it, and a match would still be refused.
const standInPassword = "no such account, constant time"

// standIns holds one stand-in hash per bcrypt cost (int → []byte), built
// on first use: PasswordCost may be changed (tests lower it) after start.
var standIns sync.Map

// standInHash is the hash compared with when a username does not exist,
// at the cost real hashes have, so that refusing an unknown username
// takes as long as refusing a known one.
func standInHash(cost int) []byte {
	if h, ok := standIns.Load(cost); ok {
		return h.([]byte)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(standInPassword), cost)
	if err != nil {
		// Only a cost above bcrypt's maximum fails, and then no real
		// password can be hashed either.
		panic(fmt.Sprintf("accounts: bcrypt cost %d: %v", cost, err))
	}
	h2, _ := standIns.LoadOrStore(cost, h)
	return h2.([]byte)
}

// compareHash is bcrypt's comparison; the timing test watches it to see
// that every sign-in compares once, at the configured cost.
var compareHash = bcrypt.CompareHashAndPassword

// passwordMatches compares pw with hash, or with the stand-in hash when
// there is no account (hash ""): one bcrypt comparison at the same cost
// either way.
func passwordMatches(hash, pw string) bool {
	if hash == "" {
		_ = compareHash(standInHash(PasswordCost), []byte(pw))
		return false
	}
	return compareHash([]byte(hash), []byte(pw)) == nil
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
