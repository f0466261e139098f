package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"
)

// shutdownGrace is how long requests in flight get to finish on SIGINT or
// SIGTERM before the server closes them.
const shutdownGrace = 15 * time.Second

// defaultDashboardMaxAge is how old a dashboard may be when shown: pages
// refresh every 10 seconds, and one build a second per scope serves every
// viewer of it.
const defaultDashboardMaxAge = time.Second

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("serve", "[serve] [--db FILE] [--addr HOST:PORT] [--demo] [--anchor-key FILE]", getenv, stderr, true, true)
	anchorKey := anchorKeyFlag(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The debrief report and the exports carry the audit trail's head,
	// signed when a key is given.
	stopSigning, err := signAnchors(*anchorKey)
	if err != nil {
		return err
	}
	defer stopSigning()
	// Settings are checked before the database is touched: a typo stops
	// here, not after migrating.
	sc := serverConfig{DashboardMaxAge: defaultDashboardMaxAge}
	if v := getenv("OCU_DASHBOARD_MAX_AGE"); v != "" {
		age, err := time.ParseDuration(v)
		if err != nil || age < 0 {
			return fmt.Errorf("OCU_DASHBOARD_MAX_AGE=%q: give a duration such as 1s, or 0 to build every dashboard afresh", v)
		}
		sc.DashboardMaxAge = age
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer func() {
		if err := d.Close(); err != nil {
			slog.Error("close database", "err", err)
		}
	}()
	if cfg.demo {
		if err := loadDemo(ctx, d, stdout); err != nil {
			return err
		}
	}
	if err := ensureAdmin(ctx, d, stdout); err != nil {
		return err
	}

	if f := getenv("OCU_CPUPROFILE"); f != "" {
		// For measuring under load (docs/performance.md): the profile
		// covers the whole run, written when the server stops.
		stop, err := startCPUProfile(f)
		if err != nil {
			return err
		}
		defer stop()
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	srv := &http.Server{
		Handler:           newServer(d, sc),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(stdout, "ocu is serving http://%s/ (database %s)\n", ln.Addr(), cfg.db)

	go d.OptimizeEvery(ctx, 20*time.Minute)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startCPUProfile writes a CPU profile of the process to file until stop.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("OCU_CPUPROFILE: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("OCU_CPUPROFILE: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			slog.Error("write CPU profile", "err", err)
		}
	}, nil
}
