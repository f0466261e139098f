package main

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/ocu-project/ocu/live"
	"github.com/ocu-project/ocu/requests"
)

// shutdownGrace is how long requests in flight get to finish on SIGINT or
// SIGTERM before the server closes them.
const shutdownGrace = 15 * time.Second

// defaultDashboardMaxAge is how old a dashboard may be when shown: pages
// refresh every 10 seconds, and one build a second per scope serves every
// viewer of it.
const defaultDashboardMaxAge = time.Second

// liveInterval is how often the live hub reads new alerts: a change
// reaches every open page within it plus the fan-out.
const liveInterval = 200 * time.Millisecond

// liveDashboardEvery is the least time between two "refresh your
// dashboard" events: dashboards are cached for defaultDashboardMaxAge.
const liveDashboardEvery = 2 * time.Second

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := flags("serve", "[serve] [--db FILE] [--files DIR] [--addr HOST:PORT] [--demo] [--tls-cert FILE --tls-key FILE] [--anchor-key FILE] [--dashboard-max-age D] [--cpuprofile FILE]", getenv, stderr, true, true)
	filesFlag(fs, cfg)
	certFile := fs.String("tls-cert", "", "serve HTTPS with the PEM certificate in `file` (the server's first, then any intermediates), with --tls-key")
	keyFile := fs.String("tls-key", "", "the PEM private key `file` of --tls-cert")
	anchorKey := anchorKeyFlag(fs)
	maxAge := fs.Duration("dashboard-max-age", defaultDashboardMaxAge,
		"how old a dashboard may be when shown: one build per `duration` per scope serves every viewer (0: build for every view)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `file` when the server stops (performance work)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *maxAge < 0 {
		return fmt.Errorf("--dashboard-max-age %s: give a duration such as 1s, or 0 to build every dashboard afresh", *maxAge)
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
	tlsConfig, err := loadTLS(*certFile, *keyFile)
	if err != nil {
		return err
	}
	sc := serverConfig{DashboardMaxAge: *maxAge, TLS: tlsConfig != nil, FilesDir: cfg.filesDir()}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	// One reader of new alerts and the dashboard signal for every live
	// stream. It stops with ctx, ending the streams, so that shutting
	// down does not wait on open pages.
	sc.Live = &live.Hub{DB: d, Interval: liveInterval, DashboardEvery: liveDashboardEvery}
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

	if f := *cpuProfile; f != "" {
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
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		// The server's own complaints (failed TLS handshakes, accept
		// errors) go through slog like every other line.
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "ocu is serving %s://%s/ (database %s)\n", scheme, ln.Addr(), cfg.db)

	go d.OptimizeEvery(ctx, 20*time.Minute)
	sc.Live.Start(ctx)
	// Requests past their deadline are escalated to both sides'
	// supervisors within a minute (idempotent: `ocu requests escalate`
	// does the same from the command line).
	go requests.NewStore(d).RunEscalation(ctx, time.Minute)

	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			// The certificate is in TLSConfig already.
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
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

// loadTLS reads the certificate and key that make serve speak HTTPS, or
// returns nil when neither is given. For an air-gapped server without a
// proxy in front: TLS 1.2 at least, Go's default cipher suites. Every
// problem names the file and what to do.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	switch {
	case certFile == "" && keyFile == "":
		return nil, nil
	case certFile == "" || keyFile == "":
		return nil, errors.New("--tls-cert and --tls-key (OCU_TLS_CERT and OCU_TLS_KEY) go together: give both to serve HTTPS, or neither to serve HTTP")
	}
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-key: %w", err)
	}
	if b, _ := pem.Decode(certPEM); b == nil || b.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("--tls-cert %s: not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----)", certFile)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert %s with --tls-key %s: %w (the key must be the PEM private key of that certificate)", certFile, keyFile, err)
	}
	if leaf := cert.Leaf; leaf != nil && time.Now().After(leaf.NotAfter) {
		slog.Warn("the TLS certificate has expired: browsers will refuse it", "file", certFile, "not_after", leaf.NotAfter.UTC())
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}, nil
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
