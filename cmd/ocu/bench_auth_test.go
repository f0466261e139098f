package main

import (
	"context"
	"io"
	"net/http"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db"
)

// benchToken returns an API token of a coordinator (who reads every case
// and dashboard), creating the account on first use, so benchmarks measure
// the pages and not the sign-in redirect.
func benchToken(b *testing.B, d *db.DB) string {
	b.Helper()
	accounts.PasswordCost = bcrypt.MinCost
	ctx := ocu.SystemContext(context.Background())
	s := accountStore(d)
	if _, err := s.User(ctx, "bench.coordinator"); err != nil {
		if _, err := s.CreateUser(ctx, accounts.UserInput{Username: "bench.coordinator", Role: ocu.RoleCoordinator}, accounts.GeneratePassword()); err != nil {
			b.Fatal(err)
		}
	}
	token, _, err := s.CreateToken(ctx, "bench.coordinator", "benchmark")
	if err != nil {
		b.Fatal(err)
	}
	return token
}

// benchGet fetches url with the token and fails on anything but 200.
func benchGet(b *testing.B, url, token string) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		b.Fatalf("%s: %d", url, res.StatusCode)
	}
}
