package accounts

import (
	"context"
	"testing"
	"time"
)

// Failure counts nobody will read again are dropped, so the table holds
// what is current rather than every name and address that ever failed;
// an address is never locked, however many failures it has.
func TestThrottleForgetsOldFailuresAndNeverLocksAnAddress(t *testing.T) {
	withCost(t, 4)
	s := signInStore(t, "correct horse battery staple")
	ctx := context.Background()
	now := time.Date(2024, 10, 2, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	for range 30 {
		s.SignIn(ctx, "someone.else", "wrong", "10.0.0.1")
	}
	var f failure
	if err := s.db.Read.Where("key = ?", addressKey("10.0.0.1")).Take(&f).Error; err != nil || f.Failures != 30 || f.LockedUntil != nil {
		t.Fatalf("address after 30 failures: %+v %v", f, err)
	}
	if _, _, err := s.SignIn(ctx, "known", "correct horse battery staple", "10.0.0.1"); err != nil {
		t.Fatalf("another account from the address: %v", err)
	}
	// 16 minutes later the address's failures and the unknown name's
	// expired lock are history: the next failure anywhere drops them.
	now = now.Add(16 * time.Minute)
	s.SignIn(ctx, "known", "wrong", "10.0.0.2")
	var keys []string
	s.db.Read.Model(&failure{}).Order("key").Pluck("key", &keys)
	if len(keys) != 2 || keys[0] != addressKey("10.0.0.2") || keys[1] != accountKey("known") {
		t.Fatalf("kept %v", keys)
	}
}
