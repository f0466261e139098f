package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/views"
)

const auditSynopsis = `audit verify [--db FILE] [--anchor ANCHOR] [--anchor-pub KEY | --anchor-key FILE]
       ocu audit anchor [--db FILE] [--anchor-key FILE]
       ocu audit keygen --out FILE

verify   checks the hash chain of the whole trail; with --anchor, also that
         the trail still holds that anchor (the entry it names, unchanged,
         and everything before it), and its signature when a key is given.
anchor   prints the trail's head as one line to keep outside this server:
         ocu-anchor:v1:ID:HASH:TIME, signed (:ed25519:SIG) with --anchor-key.
keygen   writes a new Ed25519 anchor key (readable by you only) and prints
         its public key. Keep the key away from the database and its backups.`

// auditCmd is `ocu audit verify|anchor|keygen`.
func auditCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "Usage: ocu %s\n", auditSynopsis)
		return errors.New("audit: say verify, anchor or keygen")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "verify":
		return auditVerify(ctx, args, getenv, stdout, stderr)
	case "anchor":
		return auditAnchor(ctx, args, getenv, stdout, stderr)
	case "keygen":
		return auditKeygen(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "Usage: ocu %s\n", auditSynopsis)
	return fmt.Errorf("audit: unknown command %q: say verify, anchor or keygen", sub)
}

// anchorKeyFlag adds --anchor-key (OCU_ANCHOR_KEY).
func anchorKeyFlag(fs *flagSet) *string {
	return fs.String("anchor-key", "",
		"sign anchors with the Ed25519 key in this `file`, kept outside the database (see ocu audit keygen)")
}

// signAnchors makes every anchor this process writes (the debrief report,
// exports, ocu audit anchor) signed with the key in path, when one is
// given, until the returned function is called.
func signAnchors(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	key, err := audit.LoadAnchorKey(path)
	if err != nil {
		return nil, err
	}
	prev := audit.SignAnchorsWith(key)
	return func() { audit.SignAnchorsWith(prev) }, nil
}

// openExisting opens a database that must already exist: opening creates a
// missing file, and a typo in --db would then read as an empty trail.
func openExisting(path string) (*db.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no database at %s", path)
	}
	return db.Open(path)
}

func auditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("audit verify", auditSynopsis, getenv, stderr, false, false)
	anchorText := fs.String("anchor", "", "an `anchor` kept earlier (ocu-anchor:v1:…) that the trail must still hold")
	pubText := fs.String("anchor-pub", "", "check the anchor's signature with this public `key` (base64, or a file)")
	keyPath := anchorKeyFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	var anchor *audit.Anchor
	if *anchorText != "" {
		a, err := audit.ParseAnchor(*anchorText)
		if err != nil {
			return fmt.Errorf("--anchor: %w", err)
		}
		anchor = &a
	}
	var pub ed25519.PublicKey
	switch {
	case *pubText != "":
		p, err := audit.ParsePublicKey(*pubText)
		if err != nil {
			return fmt.Errorf("--anchor-pub: %w", err)
		}
		pub = p
	case *keyPath != "":
		key, err := audit.LoadAnchorKey(*keyPath)
		if err != nil {
			return err
		}
		pub = key.Public().(ed25519.PublicKey)
	}

	d, err := openExisting(cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	var res audit.Result
	if anchor != nil {
		res, err = audit.VerifyAnchor(ctx, d, *anchor)
	} else {
		res, err = audit.Verify(ctx, d)
	}
	if err != nil {
		return err
	}

	var failed error
	if res.FirstBroken != 0 {
		fmt.Fprintln(stdout, views.TN(ctx, "audit.cli.broken", int64(res.Entries), res.FirstBroken, res.Reason, res.Entries))
		failed = fmt.Errorf("audit trail broken at entry %d", res.FirstBroken)
	} else {
		fmt.Fprintln(stdout, views.TN(ctx, "audit.cli.intact", int64(res.Entries), res.Entries))
	}
	if anchor == nil {
		return failed
	}
	if res.AnchorProblem != "" {
		fmt.Fprintf(stdout, "anchor NOT held at entry %d: %s\n", anchor.ID, res.AnchorProblem)
		failed = errors.Join(failed, fmt.Errorf("the audit trail does not hold the anchor at entry %d", anchor.ID))
	} else {
		fmt.Fprintf(stdout, "anchor held: entry %d is unchanged, and every entry before it verifies\n", anchor.ID)
	}
	// A key given means anchors are signed: one without a valid signature
	// could have been written by anyone.
	switch {
	case pub != nil:
		if err := anchor.CheckSignature(pub); err != nil {
			fmt.Fprintf(stdout, "anchor signature NOT valid: %v\n", err)
			failed = errors.Join(failed, errors.New("the anchor's signature does not check"))
		} else {
			fmt.Fprintf(stdout, "anchor signature valid (public key %s)\n", audit.EncodePublicKey(pub))
		}
	case anchor.Signed():
		fmt.Fprintln(stdout, "anchor signature not checked: give the public key with --anchor-pub")
	default:
		fmt.Fprintln(stdout, "anchor not signed: only its entry and hash were checked")
	}
	return failed
}

func auditAnchor(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("audit anchor", auditSynopsis, getenv, stderr, false, false)
	keyPath := anchorKeyFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := signAnchors(*keyPath)
	if err != nil {
		return err
	}
	defer stop()
	d, err := openExisting(cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := audit.Head(ctx, d)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, a)
	return nil
}

func auditKeygen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ocu audit keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: ocu %s\n\n", auditSynopsis)
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "write the private key to this `file` (never overwritten)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errors.New("audit keygen: say where to write the key with --out")
	}
	pub, err := audit.GenerateAnchorKey(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "anchor key written to %s (readable by you only): keep it away from the database and its backups\n", *out)
	fmt.Fprintf(stdout, "public key: %s\n", audit.EncodePublicKey(pub))
	return nil
}
