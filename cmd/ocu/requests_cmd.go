package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ocu-project/ocu/requests"
)

// requestsCmd runs `ocu requests escalate`: escalate every request past
// its deadline to both sides' supervisors, as the server does every
// minute. Idempotent: a request is escalated once.
func requestsCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const synopsis = "requests escalate [--db FILE]\n\n" +
		"Escalates every open request past its deadline to the sender's and the\n" +
		"recipient's supervisors (an alert to each), once; the server does the\n" +
		"same every minute."
	if len(args) == 0 || args[0] != "escalate" {
		fmt.Fprintln(stderr, "usage: ocu "+synopsis)
		return errors.New("requests: say what to do: escalate")
	}
	fs, cfg := flags("requests escalate", synopsis, getenv, stderr, false, false)
	anchorKey := anchorKeyFlag(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	stopSigning, err := signAnchors(*anchorKey)
	if err != nil {
		return err
	}
	defer stopSigning()
	if _, err := os.Stat(cfg.db); err != nil {
		return fmt.Errorf("requests: no database at %s", cfg.db)
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := requests.NewStore(d).Escalate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "escalated %d request(s) past their deadline\n", n)
	return nil
}
