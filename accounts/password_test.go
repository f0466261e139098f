package accounts

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// Generated passwords are ten words: as strong as the 128-bit random
// strings they replace, and typed on a phone without hunting for capitals.
func TestGeneratedPasswordsArePassphrases(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		pw := GeneratePassword()
		words := strings.Fields(pw)
		if len(words) != passphraseWords || strings.Join(words, " ") != pw {
			t.Fatalf("%q: want %d words separated by single spaces", pw, passphraseWords)
		}
		for _, w := range words {
			if strings.ToLower(w) != w || unfitWords[w] {
				t.Fatalf("%q: words are lower case and fit to be read out (%q)", pw, w)
			}
		}
		if err := checkPassword(pw); err != nil {
			t.Fatalf("%q is refused as a password: %v", pw, err)
		}
		if seen[pw] {
			t.Fatalf("%q generated twice", pw)
		}
		seen[pw] = true
	}
}

// bcrypt reads 72 bytes; passwords are pre-hashed, so every byte of a
// longer passphrase counts, and hashes stored before that still verify.
func TestLongPasswordsCountEveryByte(t *testing.T) {
	old := PasswordCost
	PasswordCost = bcrypt.MinCost
	defer func() { PasswordCost = old }()
	long := strings.Repeat("correct horse battery staple ", 4) // 116 bytes
	h, err := hashPassword(long + "one")
	if err != nil {
		t.Fatal(err)
	}
	if !passwordMatches(h, long+"one") {
		t.Fatal("a long password does not match its own hash")
	}
	if passwordMatches(h, long+"two") {
		t.Fatal("two passwords differing past byte 72 match the same hash")
	}
	legacy, err := bcrypt.GenerateFromPassword([]byte("an older password, hashed directly"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !passwordMatches(string(legacy), "an older password, hashed directly") || passwordMatches(string(legacy), "something else entirely") {
		t.Fatal("a hash stored before pre-hashing no longer verifies as it did")
	}
}
