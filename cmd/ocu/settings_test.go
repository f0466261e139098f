package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Flags count wherever they stand, and every flag can come from the
// environment, the command line winning.
func TestFlagsAnywhereAndFromTheEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ocu.db")
	ctx := context.Background()
	var out bytes.Buffer
	stdin = strings.NewReader("")
	defer func() { stdin = os.Stdin }()
	// The database from the environment alone.
	if err := run(ctx, []string{"user", "add", "--username", "maria", "--role", "officer", "--unit", "MNL", "--country", "PH"},
		env(map[string]string{"OCU_DB": path}), &out, &out); err != nil {
		t.Fatalf("add with OCU_DB: %v %s", err, out.String())
	}
	// The flag after the name, as people type it; the flag wins over an
	// environment naming another file.
	stdin = strings.NewReader("a new password of some length\n")
	out.Reset()
	other := filepath.Join(t.TempDir(), "other.db")
	if err := run(ctx, []string{"user", "passwd", "maria", "--db", path}, env(map[string]string{"OCU_DB": other}), &out, &out); err != nil {
		t.Fatalf("passwd NAME --db FILE: %v %s", err, out.String())
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("OCU_DB was used though --db was given (%v)", err)
	}
	d := mustOpen(t, path)
	if _, _, err := accountStore(d).SignIn(ctx, "maria", "a new password of some length", "127.0.0.2"); err != nil {
		t.Fatalf("the password set with the flag after the name does not work: %v", err)
	}
	// After "--" a dash is an argument.
	fs := newFlagSet("t", "t", env(map[string]string{"OCU_WAIT": "2s"}), &out)
	db := fs.String("db", "x", "")
	wait := fs.Duration("wait", 0, "")
	if err := fs.Parse([]string{"a", "--db", "y", "b", "--", "--db", "c"}); err != nil {
		t.Fatal(err)
	}
	if *db != "y" || *wait != 2*time.Second || strings.Join(fs.Args(), " ") != "a b --db c" {
		t.Fatalf("db %q wait %s args %q", *db, *wait, fs.Args())
	}
	// A bad value in the environment names the variable and the flag.
	fs = newFlagSet("t", "t", env(map[string]string{"OCU_WAIT": "soon"}), &out)
	fs.Duration("wait", 0, "")
	if err := fs.Parse(nil); err == nil || !strings.Contains(err.Error(), `OCU_WAIT="soon" is not a valid --wait`) {
		t.Fatalf("bad environment value: %v", err)
	}
}
