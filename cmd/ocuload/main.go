// Command ocuload puts a running ocu server on this machine under the load
// of concurrent officers and supervisors, for a bounded time, through the
// same pages and forms people use, and reports throughput and latency per
// action and the errors seen.
//
//	ocuload --users load-users.csv [--url http://127.0.0.1:8080] [--duration 60s]
//	        [--warmup 5s] [--concurrency 32] [--think 0] [--seed N] [--json]
//	        [--sse 1000 [--change-every 1s]]
//
// It refuses any server that is not on a loopback address. See
// docs/load.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := mainErr(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "ocuload:", err)
		os.Exit(1)
	}
}

// config is the run's settings, from the flags.
type config struct {
	URL         string
	Duration    time.Duration // measured, after the warm-up
	Warmup      time.Duration
	Concurrency int
	Think       time.Duration // mean pause between a user's tasks
	Seed        uint64
	Timeout     time.Duration // per request
	Spread      bool          // one loopback source address per simulated user
	ServerPID   int           // to report the server's CPU use, when given
	SSE         int           // live streams held open during the run (0: none)
	ChangeEvery time.Duration // how often the live driver makes a change
}

func mainErr(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ocuload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	var users string
	var asJSON bool
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the ocu server: a loopback address only")
	fs.StringVar(&users, "users", "", "CSV of accounts (username,role,unit,country,password), as `ocu seed --load-users` writes")
	fs.DurationVar(&cfg.Duration, "duration", 60*time.Second, "how long to measure, after the warm-up")
	fs.DurationVar(&cfg.Warmup, "warmup", 5*time.Second, "load run first and left out of the figures")
	fs.IntVar(&cfg.Concurrency, "concurrency", 32, "simulated users (accounts are reused in turn when fewer)")
	fs.DurationVar(&cfg.Think, "think", 0, "mean pause between a user's tasks (0: none, to measure capacity)")
	fs.Uint64Var(&cfg.Seed, "seed", 0, "seed of the users' choices (0: from the clock; the report says which)")
	fs.DurationVar(&cfg.Timeout, "timeout", 30*time.Second, "give up on a request after this long (an error)")
	fs.BoolVar(&cfg.Spread, "spread-addrs", true, "connect each simulated user from its own loopback address (127.0.0.2, …), as each user has their own machine")
	fs.IntVar(&cfg.ServerPID, "server-pid", 0, "the server's process id, to report its CPU use too (Linux)")
	fs.IntVar(&cfg.SSE, "sse", 0, "live streams (GET /events) to hold open during the run, shared among the users' sessions; reports the fan-out latency of alerts")
	fs.DurationVar(&cfg.ChangeEvery, "change-every", time.Second, "with --sse: how often one more officer makes a change that raises an alert")
	fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write ocuload's own CPU profile to this `file` (to keep the tool light)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ocuload --users FILE [--url http://127.0.0.1:8080] [flags]\n\n"+
			"Simulates officers and supervisors using a local ocu server through its pages\n"+
			"and forms, then reports throughput and latency per action and the errors seen.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	// Refused before anything else is read or sent.
	if _, err := parseTarget(ctx, cfg.URL); err != nil {
		return err
	}
	if users == "" {
		fs.Usage()
		return errors.New("--users is required")
	}
	if cfg.Duration <= 0 || cfg.Warmup < 0 || cfg.Concurrency < 1 || cfg.Think < 0 || cfg.Timeout <= 0 {
		return errors.New("--duration, --concurrency and --timeout must be positive; --warmup and --think not negative")
	}
	if cfg.SSE < 0 || cfg.ChangeEvery <= 0 {
		return errors.New("--sse must not be negative and --change-every must be positive")
	}
	if cfg.Seed == 0 {
		cfg.Seed = uint64(time.Now().UnixNano())
	}
	accts, err := readAccounts(users)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := run(ctx, cfg, accts, stderr)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.print(stdout)
	return nil
}
