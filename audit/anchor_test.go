package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
)

func head(t *testing.T, d *db.DB) Anchor {
	t.Helper()
	a, err := Head(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func verifyAnchor(t *testing.T, d *db.DB, a Anchor) Result {
	t.Helper()
	res, err := VerifyAnchor(context.Background(), d, a)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// rewrite edits entry id's details and recomputes the hash of it and of
// every entry after it, as someone with the file and this package's
// documented serialisation can: the chain verifies again.
func rewrite(t *testing.T, d *db.DB, id int64, details string) {
	t.Helper()
	tamper(t, d, "SELECT 1") // drops the triggers
	prev := genesis
	for _, r := range rows(t, d) {
		if r.ID == id {
			r.Details = details
		}
		if r.ID >= id {
			r.PrevHash = prev
			r.Hash = chainHash(prev, &r)
			if err := d.Write.Exec("UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE id = ?", r.Details, r.PrevHash, r.Hash, r.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		prev = r.Hash
	}
}

func TestAnchorLineRoundTrips(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	a := Anchor{ID: 4711, Hash: strings.Repeat("ab", 32), At: time.Date(2024, 10, 4, 15, 30, 0, 0, time.UTC)}
	if got := a.String(); got != "ocu-anchor:v1:4711:"+a.Hash+":20241004T153000Z" {
		t.Errorf("unsigned line %s", got)
	}
	for _, x := range []Anchor{a, a.Sign(key)} {
		back, err := ParseAnchor("  " + x.String() + "\n")
		if err != nil || back.String() != x.String() {
			t.Errorf("%s read back as %s (%v)", x, back, err)
		}
	}
	for _, bad := range []string{"", "ocu-anchor:v2:1:" + a.Hash + ":20241004T153000Z", "ocu-anchor:v1:x:" + a.Hash + ":20241004T153000Z",
		"ocu-anchor:v1:1:ABC:20241004T153000Z", "ocu-anchor:v1:1:" + a.Hash + ":2024-10-04T15:30:00Z",
		"ocu-anchor:v1:1:" + a.Hash + ":20241004T153000Z:ed25519:short", "ocu-anchor:v1:1:" + a.Hash + ":20241004T153000Z:rsa:AAAA"} {
		if _, err := ParseAnchor(bad); !errors.Is(err, ErrAnchorFormat) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestAnchorProvesTheTrailUpToIt(t *testing.T) {
	if a := head(t, dbtest.New(t)); a.ID != 0 || a.Hash != genesis {
		t.Errorf("empty trail's anchor %s", a)
	}

	d := trail(t, 5)
	a := head(t, d)
	last := rows(t, d)[4]
	if a.ID != last.ID || a.Hash != last.Hash || !a.At.Equal(last.At.Truncate(time.Second)) || a.Signed() {
		t.Fatalf("head %s, last entry %+v", a, last)
	}
	// Appends after the anchor change nothing about it.
	l := &Log{DB: d}
	for range 3 {
		if err := l.Append(as(jdoe), Entry{Action: "auth.signin"}); err != nil {
			t.Fatal(err)
		}
	}
	if res := verifyAnchor(t, d, a); !res.Intact() || !res.Anchored || res.Entries != 8 {
		t.Fatalf("anchor, then appends: %+v", res)
	}

	t.Run("the newest entries removed", func(t *testing.T) {
		d := trail(t, 5)
		a := head(t, d)
		tamper(t, d, "DELETE FROM audit_log WHERE id >= ?", a.ID-1)
		if res := verify(t, d); !res.Intact() {
			t.Fatalf("the chain alone should not see this: %+v", res)
		}
		if res := verifyAnchor(t, d, a); res.Intact() || res.AnchorProblem != reasonAnchorCut {
			t.Errorf("cut short: %+v", res)
		}
		// And new entries appended after the cut do not hide it.
		record(t, d, as(jdoe), Entry{Action: "auth.signin"})
		record(t, d, as(jdoe), Entry{Action: "auth.signin"})
		if res := verifyAnchor(t, d, a); res.Intact() || res.AnchorProblem == "" {
			t.Errorf("cut, then appended to: %+v", res)
		}
	})

	t.Run("an early entry rewritten and every later hash recomputed", func(t *testing.T) {
		d := trail(t, 5)
		a := head(t, d)
		rewrite(t, d, rows(t, d)[1].ID, `{"changed":[]}`)
		if res := verify(t, d); !res.Intact() {
			t.Fatalf("the chain alone should not see this: %+v", res)
		}
		if res := verifyAnchor(t, d, a); res.Intact() || res.AnchorProblem != reasonAnchorHash || res.FirstBroken != 0 {
			t.Errorf("rewritten: %+v", res)
		}
	})

	t.Run("a break before the anchor leaves it unproven", func(t *testing.T) {
		d := trail(t, 5)
		a := head(t, d)
		tamper(t, d, "UPDATE audit_log SET details = '{}' WHERE id = ?", rows(t, d)[2].ID)
		if res := verifyAnchor(t, d, a); res.Intact() || res.FirstBroken == 0 || res.AnchorProblem != reasonAnchorUnproven {
			t.Errorf("broken before: %+v", res)
		}
	})

	t.Run("an altered anchor", func(t *testing.T) {
		d := trail(t, 3)
		a := head(t, d)
		other := a
		other.At = a.At.Add(time.Hour)
		if res := verifyAnchor(t, d, other); res.AnchorProblem != reasonAnchorTime {
			t.Errorf("time altered: %+v", res)
		}
		other = a
		other.ID--
		if res := verifyAnchor(t, d, other); res.AnchorProblem != reasonAnchorHash {
			t.Errorf("id altered: %+v", res)
		}
	})
}

func TestSignedAnchors(t *testing.T) {
	d := trail(t, 2)
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)

	if head(t, d).Signed() {
		t.Fatal("signed with no key set")
	}
	prev := SignAnchorsWith(key)
	t.Cleanup(func() { SignAnchorsWith(prev) })
	a := head(t, d)
	if !a.Signed() || !AnchorPublicKey().Equal(pub) {
		t.Fatalf("anchor %s with a key set", a)
	}
	parsed, err := ParseAnchor(a.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := parsed.CheckSignature(pub); err != nil {
		t.Errorf("own key: %v", err)
	}
	if err := parsed.CheckSignature(otherPub); !errors.Is(err, ErrAnchorBadSig) {
		t.Errorf("another key: %v", err)
	}
	// Any change to the line breaks the signature; none without it passes.
	for _, edit := range []func(*Anchor){
		func(x *Anchor) { x.ID++ },
		func(x *Anchor) { x.Hash = strings.Repeat("0", 64) },
		func(x *Anchor) { x.At = x.At.Add(time.Second) },
	} {
		x := parsed
		edit(&x)
		if err := x.CheckSignature(pub); !errors.Is(err, ErrAnchorBadSig) {
			t.Errorf("tampered %s: %v", x, err)
		}
	}
	stripped := parsed
	stripped.Sig = nil
	if err := stripped.CheckSignature(pub); !errors.Is(err, ErrAnchorUnsigned) {
		t.Errorf("stripped: %v", err)
	}
	SignAnchorsWith(nil)
	if head(t, d).Signed() || AnchorPublicKey() != nil {
		t.Error("still signing after the key was taken away")
	}
}

func TestAnchorKeyFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "anchor.key")
	pub, err := GenerateAnchorKey(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v)", st.Mode().Perm(), err)
	}
	if _, err := GenerateAnchorKey(path); err == nil {
		t.Error("keygen overwrote a key")
	}
	key, err := LoadAnchorKey(path)
	if err != nil || !key.Public().(ed25519.PublicKey).Equal(pub) {
		t.Fatalf("load: %v", err)
	}
	// A raw seed works too; a key others can read does not.
	seedPath := filepath.Join(dir, "seed")
	os.WriteFile(seedPath, key.Seed(), 0o600)
	if k, err := LoadAnchorKey(seedPath); err != nil || !k.Equal(key) {
		t.Errorf("seed: %v", err)
	}
	os.Chmod(seedPath, 0o644)
	if _, err := LoadAnchorKey(seedPath); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a readable key: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "junk"), []byte("not a key"), 0o600)
	if _, err := LoadAnchorKey(filepath.Join(dir, "junk")); err == nil {
		t.Error("junk loaded as a key")
	}

	// Public keys: as printed, in a file, or PEM.
	der, _ := x509.MarshalPKIXPublicKey(pub)
	pemPath := filepath.Join(dir, "anchor.pub")
	os.WriteFile(pemPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644)
	b64Path := filepath.Join(dir, "anchor.b64")
	os.WriteFile(b64Path, []byte(EncodePublicKey(pub)+"\n"), 0o644)
	for _, s := range []string{EncodePublicKey(pub), pemPath, b64Path} {
		if p, err := ParsePublicKey(s); err != nil || !p.Equal(pub) {
			t.Errorf("public key %q: %v", s, err)
		}
	}
	if _, err := ParsePublicKey("nope"); err == nil {
		t.Error("nonsense read as a key")
	}
}
