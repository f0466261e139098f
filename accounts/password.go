package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sethvargo/go-diceware/diceware"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocu-project/ocu"
)

// PasswordCost is bcrypt's work factor: about 250 ms a hash on a small
// server, which makes guessing slow. Tests lower it.
var PasswordCost = 12

// Password length limits: long enough to resist guessing; the upper one
// only bounds the work of hashing (passwords are pre-hashed, so bcrypt's
// 72-byte limit does not apply to them: see hashPassword).
const (
	minPassword = 12
	maxPassword = 256
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

// prehashed marks a stored hash made by bcrypt over prehash(password)
// rather than over the password itself. bcrypt reads only 72 bytes, and a
// passphrase of ten words can be longer: hashed first with SHA-256 and
// written in base64 (44 bytes, no NUL), every byte of it counts. Hashes
// stored before this prefix existed are bcrypt over the password, and
// still verify as such.
const prehashed = "sha256+"

func prehash(pw string) []byte {
	sum := sha256.Sum256([]byte(pw))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

func hashPassword(pw string) (string, error) {
	if err := checkPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword(prehash(pw), PasswordCost)
	return prehashed + string(h), err
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
	h, err := bcrypt.GenerateFromPassword(prehash(standInPassword), cost)
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
		_ = compareHash(standInHash(PasswordCost), prehash(pw))
		return false
	}
	if rest, ok := strings.CutPrefix(hash, prehashed); ok {
		return compareHash([]byte(rest), prehash(pw)) == nil
	}
	return compareHash([]byte(hash), []byte(pw)) == nil
}

// passphraseWords is how many words a generated password has: drawn from
// the EFF's long list of 7,776 words, 12.9 bits each, ten give 129 bits,
// as strong as the 26 random characters they replace (130 bits), and far
// easier to read off a screen and type on a phone.
const passphraseWords = 10

// GeneratePassword returns a random passphrase of ten common English words
// separated by spaces, for first sign-ins and resets.
func GeneratePassword() string {
	words := make([]string, 0, passphraseWords)
	for len(words) < passphraseWords {
		w, err := diceware.Generate(1)
		if err != nil {
			// Only a failing system random source fails here, and then
			// no secret can be made at all.
			panic(fmt.Sprintf("accounts: generate a passphrase: %v", err))
		}
		if !unfitWords[w[0]] {
			words = append(words, w[0])
		}
	}
	return strings.Join(words, " ")
}

// unfitWords are words of the EFF list that an administrator should not
// have to read out to an officer in a room working on trafficking cases
// (sexual, violent or insulting ones, and the case vocabulary itself).
// Drawing again when one comes up keeps every word of the rest equally
// likely: 7,776 less these few still give 12.9 bits a word.
var unfitWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`arrest bonehead bullwhip bust captive casket diaper dork drown flirt gallows gore grab
		groin grope handcuff hate junkie kissable kisser kissing lustfully lustily lustiness lusty police prowler prowling
		seduce seducing smuggler smuggling suspect thong undress unzip wound`) {
		m[w] = true
	}
	return m
}()

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
