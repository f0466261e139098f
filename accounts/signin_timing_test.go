package accounts

import (
	"context"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/units"
)

// withCost sets PasswordCost for one test.
func withCost(t *testing.T, cost int) {
	old := PasswordCost
	PasswordCost = cost
	t.Cleanup(func() { PasswordCost = old })
}

func TestStandInHashHasTheConfiguredCost(t *testing.T) {
	for _, cost := range []int{bcrypt.MinCost, 5, 6} {
		withCost(t, cost)
		if got, err := bcrypt.Cost(standInHash(PasswordCost)); err != nil || got != cost {
			t.Errorf("PasswordCost %d: stand-in hash has cost %d (%v)", cost, got, err)
		}
	}
	// Built once per cost, whoever asks first, even all at once.
	withCost(t, 7)
	var wg sync.WaitGroup
	hashes := make([][]byte, 8)
	for i := range hashes {
		wg.Go(func() { hashes[i] = standInHash(PasswordCost) })
	}
	wg.Wait()
	for _, h := range hashes {
		if string(h) != string(standInHash(7)) {
			t.Fatal("concurrent callers got different stand-in hashes")
		}
	}
}

// signInStore is a store on a fresh database with an enabled account
// "known" and a disabled one "gone", both with password.
func signInStore(t *testing.T, password string) *Store {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	s := NewStore(d, units.NewStore(d))
	for _, name := range []string{"known", "gone"} {
		if _, err := s.CreateUser(ctx, UserInput{Username: name, Role: ocu.RoleAdmin}, password); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetDisabled(ctx, "gone", true); err != nil {
		t.Fatal(err)
	}
	return s
}

// Every outcome of a sign-in does the same bcrypt work: exactly one
// comparison, with a hash of the configured cost. Watched directly rather
// than timed, so the test cannot be fooled by a busy machine.
func TestEverySignInComparesOnceAtTheConfiguredCost(t *testing.T) {
	withCost(t, 5) // above bcrypt.MinCost, where the stand-in used to be built
	const pw = "correct horse battery staple"
	s := signInStore(t, pw)
	ctx := context.Background()
	var costs []int
	compare := compareHash
	compareHash = func(hash, p []byte) error {
		c, err := bcrypt.Cost(hash)
		if err != nil {
			t.Errorf("compared with a malformed hash: %v", err)
		}
		costs = append(costs, c)
		return compare(hash, p)
	}
	t.Cleanup(func() { compareHash = compare })

	attempt := func(what, username, password string, wantOK bool) {
		t.Helper()
		costs = nil
		_, _, err := s.SignIn(ctx, username, password, "10.0.0.1")
		if (err == nil) != wantOK {
			t.Fatalf("%s: %v", what, err)
		}
		if len(costs) != 1 || costs[0] != PasswordCost {
			t.Errorf("%s: bcrypt comparisons at costs %v, want one at %d", what, costs, PasswordCost)
		}
	}
	attempt("unknown username", "nobody.here", pw, false)
	attempt("wrong password", "known", "not the password", false)
	attempt("disabled account", "gone", pw, false)
	attempt("right password", "known", pw, true)
	for range accountLockAfter {
		attempt("failure before the lock", "known", "not the password", false)
	}
	attempt("locked account, right password", "known", pw, false)
	for range accountLockAfter {
		attempt("unknown username locked", "nobody.here", "x", false)
	}
	attempt("unknown username, locked", "nobody.here", pw, false)
}
