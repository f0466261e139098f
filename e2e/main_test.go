package e2e

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// account is a user the suite creates with `ocu user add`, with a password
// it knows.
type account struct {
	Username, Role, Unit, Country string
}

// password is every test account's password.
const password = "correct horse battery staple e2e"

var (
	officer      = account{Username: "e2e.officer.ph", Role: "officer", Unit: "MNL", Country: "PH"}
	otherOfficer = account{Username: "e2e.officer.ar", Role: "officer", Unit: "BUE", Country: "AR"}
	supervisor   = account{Username: "e2e.supervisor.mnl", Role: "supervisor", Unit: "MNL"}
	coordinator  = account{Username: "e2e.coordinator", Role: "coordinator"}
	admin        = account{Username: "e2e.admin", Role: "admin"}
	accounts     = []account{officer, otherOfficer, supervisor, coordinator, admin}
)

// env is what the suite runs against: set up once in TestMain.
var env struct {
	unavailable string // why the tools to run the suite are missing, if they are
	setupErr    error  // why starting ocu or Chromium failed, if it did

	base     string          // http://127.0.0.1:PORT
	tmp      string          // scratch directory, removed at the end
	browser  context.Context // the Chromium every tab runs in
	axe      string          // the source of axe.min.js
	vnuJar   string          // path to the Nu HTML Checker
	java     string          // path to java
	serveLog *bytes.Buffer   // what `ocu serve` printed
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	env.unavailable = missingTools()
	if env.unavailable == "" && testing.Short() && os.Getenv("OCU_E2E") != "1" {
		env.unavailable = "browser tests do not run with -short"
	}
	if env.unavailable != "" {
		return m.Run()
	}
	tmp, err := os.MkdirTemp("", "ocu-e2e-")
	if err != nil {
		env.setupErr = err
		return m.Run()
	}
	env.tmp = tmp
	defer os.RemoveAll(tmp)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, err := startOCU(ctx, tmp)
	if err != nil {
		env.setupErr = err
		return m.Run()
	}
	defer stop()
	closeBrowser, err := startBrowser(ctx, tmp)
	if err != nil {
		env.setupErr = err
		return m.Run()
	}
	defer closeBrowser()
	return m.Run()
}

// missingTools names what the suite needs and this machine lacks, with how
// to install it; "" when everything is there.
func missingTools() string {
	var missing []string
	if chromiumPath() == "" {
		missing = append(missing, "Chromium (apt-get install chromium)")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		missing = append(missing, "pdftotext (apt-get install poppler-utils)")
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing = append(missing, "Java (apt-get install default-jre-headless)")
	}
	for _, f := range []string{axePath, vnuPath} {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, "e2e/"+f+" (npm ci --ignore-scripts --prefix e2e)")
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return "browser tests need " + strings.Join(missing, ", ")
}

const (
	axePath = "node_modules/axe-core/axe.min.js"
	vnuPath = "node_modules/vnu-jar/build/dist/vnu.jar"
)

// chromiumPath is the browser to drive: $OCU_CHROMIUM, or Debian's.
func chromiumPath() string {
	if p := os.Getenv("OCU_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// need skips the test when the suite cannot run here, or fails it when
// OCU_E2E=1 says it must.
func need(t *testing.T) {
	t.Helper()
	if env.unavailable != "" {
		if os.Getenv("OCU_E2E") == "1" {
			t.Fatalf("OCU_E2E=1 but %s", env.unavailable)
		}
		t.Skip(env.unavailable)
	}
	if env.setupErr != nil {
		t.Fatalf("setting up the suite: %v", env.setupErr)
	}
}

// startOCU builds ocu, loads the demo into a new database, creates the test
// accounts and serves it on a free loopback port, all through the binary's
// own commands, the way an administrator would.
func startOCU(ctx context.Context, tmp string) (stop func(), err error) {
	bin := filepath.Join(tmp, "ocu")
	// With the pseudo-locale (and stand-ins for languages not delivered
	// yet): i18n_test.go renders every page in it.
	build := exec.CommandContext(ctx, "go", "build", "-tags", "pseudolocale", "-o", bin, "./cmd/ocu")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(tmp, "e2e.db")
	if out, err := exec.CommandContext(ctx, bin, "seed", "--demo", "--db", db).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("ocu seed --demo: %v\n%s", err, out)
	}
	for _, a := range accounts {
		args := []string{"user", "add", "--db", db, "--username", a.Username, "--role", a.Role, "--name", "E2E " + a.Username}
		if a.Unit != "" {
			args = append(args, "--unit", a.Unit)
		}
		if a.Country != "" {
			args = append(args, "--country", a.Country)
		}
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Stdin = strings.NewReader(password + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("ocu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	env.serveLog = &bytes.Buffer{}
	serve := exec.Command(bin, "serve", "--db", db, "--addr", addr)
	serve.Stdout, serve.Stderr = env.serveLog, env.serveLog
	if err := serve.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- serve.Wait() }()
	stop = func() {
		_ = serve.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = serve.Process.Kill()
			<-done
		}
	}
	env.base = "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(env.base + "/healthz")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return stop, nil
			}
		}
		select {
		case err := <-done:
			return nil, fmt.Errorf("ocu serve exited: %v\n%s", err, env.serveLog)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("ocu serve did not answer /healthz within 30s\n%s", env.serveLog)
		}
	}
}

// freeLoopbackAddr asks the kernel for a free port on 127.0.0.1.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startBrowser starts one headless Chromium for the whole suite, with a
// fresh profile; each user gets a browser context (own cookies) in it.
func startBrowser(ctx context.Context, tmp string) (func(), error) {
	axe, err := os.ReadFile(axePath)
	if err != nil {
		return nil, err
	}
	env.axe = string(axe)
	env.vnuJar, _ = filepath.Abs(vnuPath)
	if env.java, err = exec.LookPath("java"); err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()),
		chromedp.Headless,
		chromedp.NoSandbox, // the suite runs as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.UserDataDir(filepath.Join(tmp, "chromium-profile")),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, fmt.Errorf("start %s: %w", chromiumPath(), err)
	}
	env.browser = browser
	return func() {
		if err := chromedp.Cancel(browser); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "closing Chromium:", err)
		}
		cancelBrowser()
		cancelAlloc()
	}, nil
}
