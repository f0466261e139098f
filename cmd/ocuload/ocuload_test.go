package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	hundred := make([]uint32, 100)
	for i := range hundred {
		hundred[i] = uint32(i + 1) // 1..100
	}
	cases := []struct {
		name   string
		sorted []uint32
		p      float64
		want   uint32
	}{
		{"empty", nil, 50, 0},
		{"one value", []uint32{7}, 50, 7},
		{"one value p99", []uint32{7}, 99, 7},
		{"p50 of 1..100", hundred, 50, 50},
		{"p95 of 1..100", hundred, 95, 95},
		{"p99 of 1..100", hundred, 99, 99},
		{"p100 is the max", hundred, 100, 100},
		{"tiny p is the min", hundred, 0.001, 1},
		{"p50 of two", []uint32{10, 20}, 50, 10},
		{"p51 of two", []uint32{10, 20}, 51, 20},
		{"p50 of four", []uint32{1, 2, 3, 4}, 50, 2},
		{"p75 of four", []uint32{1, 2, 3, 4}, 75, 3},
		{"p76 of four", []uint32{1, 2, 3, 4}, 76, 4},
		{"p99 of ten is the max", []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 1000}, 99, 1000},
		{"p90 of ten", []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 1000}, 90, 9},
	}
	for _, c := range cases {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: percentile(p%g) = %d, want %d", c.name, c.p, got, c.want)
		}
	}
}

func TestSummariseSortsAndConverts(t *testing.T) {
	// 1,000 samples of 1..1000 ms in reverse order, 3 errors, over 10 s.
	var us []uint32
	for i := 1000; i >= 1; i-- {
		us = append(us, uint32(i*1000))
	}
	s := summarise(actCaseList, us, 3, 10)
	if s.Count != 1000 || s.Errors != 3 || s.PerSecond != 100 {
		t.Errorf("count %d errors %d per second %g, want 1000, 3, 100", s.Count, s.Errors, s.PerSecond)
	}
	if s.P50 != 500 || s.P95 != 950 || s.P99 != 990 || s.Max != 1000 {
		t.Errorf("p50 %g p95 %g p99 %g max %g, want 500 950 990 1000", s.P50, s.P95, s.P99, s.Max)
	}
	if s.Action != "case_list" || s.Route != "GET /cases" || s.Write {
		t.Errorf("labels: %+v", s)
	}
}

func TestRecorderWindowAndMerge(t *testing.T) {
	t0 := time.Now().Add(-2 * time.Second) // fail() records at time.Now(): inside the window
	from, until := t0.Add(time.Second), t0.Add(3*time.Second)
	a, b := newRecorder(from, until), newRecorder(from, until)
	a.add(actCasePage, t0, time.Millisecond, "GET /cases/:ref → 500")             // warm-up
	a.add(actCasePage, from, 2*time.Millisecond, "")                              // counted
	a.add(actCasePage, from.Add(time.Second), 3*time.Millisecond, "GET /x → 500") // counted, error
	a.add(actCasePage, until, time.Millisecond, "")                               // after the end: dropped
	b.add(actCasePage, from.Add(500*time.Millisecond), 4*time.Millisecond, "GET /x → 500")
	b.fail(actTransition, "no button")
	a.merge(b)
	if n := len(a.samples[actCasePage]); n != 3 {
		t.Errorf("%d samples, want 3", n)
	}
	if a.errs[actCasePage] != 2 || a.errs[actTransition] != 1 || len(a.samples[actTransition]) != 0 {
		t.Errorf("errors %v", a.errs)
	}
	if a.warmupReqs != 1 || a.warmupErrs != 1 {
		t.Errorf("warm-up %d requests %d errors, want 1 and 1", a.warmupReqs, a.warmupErrs)
	}
	if len(a.messages) != 2 || a.messages[0].Message != "GET /x → 500" || a.messages[0].Count != 2 {
		t.Errorf("messages %+v", a.messages)
	}
}

func TestTargetRefusesAnythingButLoopback(t *testing.T) {
	ctx := context.Background()
	for _, ok := range []string{
		"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.1.2.3:9", "http://[::1]:8080",
		"https://127.0.0.1", "http://localhost:8080", "http://LOCALHOST:8080", "http://[::ffff:127.0.0.1]:80",
	} {
		tg, err := parseTarget(ctx, ok)
		if err != nil {
			t.Errorf("%s refused: %v", ok, err)
			continue
		}
		if !tg.addr.Addr().IsLoopback() {
			t.Errorf("%s pinned to %s", ok, tg.addr)
		}
	}
	for _, bad := range []string{
		"http://10.0.0.1:8080", "http://192.168.1.10", "http://0.0.0.0:8080", "http://[::]:8080",
		"http://8.8.8.8", "http://example.com", "http://127.0.0.1.nip.io:8080", "http://2130706433:8080",
		"http://0x7f000001", "http://localhost.example.com", "ftp://127.0.0.1", "127.0.0.1:8080",
		"http://user:pw@127.0.0.1:8080", "http://127.0.0.1:8080/cases", "http://[fe80::1]:80", "http://",
		"http://127.0.0.1:0",
	} {
		if _, err := parseTarget(ctx, bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	// The flag itself: refused before any account is read or request made.
	err := mainErr(ctx, []string{"--url", "http://192.0.2.1:8080", "--users", filepath.Join(t.TempDir(), "none.csv")}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("mainErr with a remote URL: %v", err)
	}
}

func TestDialerRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"10.0.0.1:80", "[2001:db8::1]:80", "0.0.0.0:80", "junk"} {
		if err := loopbackOnly("tcp", addr, nil); !errors.Is(err, errNotLoopback) {
			t.Errorf("loopbackOnly(%s) = %v", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "127.9.9.9:1"} {
		if err := loopbackOnly("tcp", addr, nil); err != nil {
			t.Errorf("loopbackOnly(%s) = %v", addr, err)
		}
	}
	if a := sourceAddr(0); a.String() != "127.0.0.2" || !a.IsLoopback() {
		t.Errorf("sourceAddr(0) = %s", a)
	}
	if a := sourceAddr(600); a.String() != "127.0.2.102" {
		t.Errorf("sourceAddr(600) = %s", a)
	}
}

func TestParseAccounts(t *testing.T) {
	in := "username,role,unit,country,password\n" +
		"load.officer.ph,officer,MNL,PH,secret one\n" +
		"load.supervisor.mnl.1,supervisor,mnl,,p,w\"x\n"
	_, err := parseAccounts(strings.NewReader(in))
	if err == nil {
		t.Error("a malformed row was accepted")
	}
	in = "role,username,password,unit,country\n" +
		"officer,load.officer.ph,\"secret, one\",MNL,ph\n" +
		"supervisor,load.supervisor.mnl.1,pw2,mnl,\n"
	got, err := parseAccounts(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []account{{"load.officer.ph", "officer", "MNL", "PH", "secret, one"}, {"load.supervisor.mnl.1", "supervisor", "MNL", "", "pw2"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	for _, bad := range []string{
		"", "username,role,unit,password\nx,officer,MNL,pw\n", "username,role,unit,country,password\n",
		"username,role,unit,country,password\nx,admin,,,pw\n", "username,role,unit,country,password\nx,officer,MNL,,pw\n",
		"username,role,unit,country,password\nx,supervisor,,,pw\n", "username,role,unit,country,password\nx,officer,MNL,PH,\n",
	} {
		if _, err := parseAccounts(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestPageScans(t *testing.T) {
	list := []byte(`<p class="op-badge" title="2024-09-29 to 2024-10-04"><span class="op-code">LIB2</span></p>` +
		`<input type="hidden" name="op" value="LIB2">` +
		`<tr><td class="ref"><a href="/cases/LIB2-MNL-0043">LIB2-MNL-0043</a></td></tr>` +
		`<tr><td class="ref"><a href="/cases/LIB2-MNL-0045">LIB2-MNL-0045</a></td></tr>` +
		`<nav class="pager"><span>Page 1 of 2</span> <a href="/cases?page=2" rel="next">Next →</a></nav>`)
	if refs := listRefs(list); !slices.Equal(refs, []string{"LIB2-MNL-0043", "LIB2-MNL-0045"}) {
		t.Errorf("refs %v", refs)
	}
	if !hasNextPage(list) || hasNextPage([]byte(`<nav class="pager"><span>Page 2 of 2</span></nav>`)) {
		t.Error("next page")
	}
	if f, l, ok := opDays(list); !ok || f != "2024-09-29" || l != "2024-10-04" {
		t.Errorf("opDays %s %s %v", f, l, ok)
	}
	form := []byte(`<select id="operation" name="operation" required><option value="">Choose…</option> <option value="LIB1">x</option><option value="LIB2" selected>LIB2</option></select>` +
		`<select id="raising_country"><option value="PH" selected>x</option></select>`)
	if op, ok := selectedOperation(form); !ok || op != "LIB2" {
		t.Errorf("operation %q %v", op, ok)
	}
	page := []byte(`<form method="post" action="/cases/X/transitions"><input type="hidden" name="_csrf" value="tok">` +
		`<input type="hidden" name="version" value="3"><div class="transition-buttons"><p class="blocked">…</p>` +
		`<button type="submit" name="to" value="referred" class="move">R</button><button type="submit" name="to" value="closed" class="move">C</button></div></form>` +
		`<tr><td><input type="checkbox" name="people" value="X-P001" id="sel-X-P001"></td><td><span class="outcome outcome-potential_victim">V</span></td></tr>` +
		`<tr><td><input type="checkbox" name="people" value="X-P002" id="sel-X-P002"></td><td><span class="outcome outcome-unscreened">U</span></td></tr>` +
		`<tr><td><input type="checkbox" name="people" value="X-P003" id="sel-X-P003"></td><td><span class="outcome outcome-unscreened">U</span></td></tr>`)
	p, ok := scanCasePage(page)
	if !ok || p.csrf != "tok" || p.version != 3 || !slices.Equal(p.moves, []string{"referred", "closed"}) ||
		!slices.Equal(p.unscreened, []string{"X-P002", "X-P003"}) {
		t.Errorf("case page %+v %v", p, ok)
	}
	if _, ok := scanCasePage([]byte(`<p>no form</p>`)); ok {
		t.Error("a page without a transition form was recognised")
	}
	for loc, want := range map[string]string{"/cases/LIB2-MNL-0067?saved=created": "LIB2-MNL-0067", "/cases/LIB2-SKP-0001#people": "LIB2-SKP-0001", "/units": "", "/cases/new": ""} {
		if got, ok := refFromLocation(loc); ok != (want != "") || ok && got != want {
			t.Errorf("refFromLocation(%s) = %q", loc, got)
		}
	}
}

func TestParseProcStat(t *testing.T) {
	line := "1234 (ocu serve (x)) S 1 1234 1234 0 -1 4194560 5000 0 0 0 250 75 0 0 20 0 12 0 100 0 0"
	if got := parseProcStat(line); got != 3250*time.Millisecond {
		t.Errorf("got %s, want 3.25s", got)
	}
	if got := parseProcStat("garbage"); got != -1 {
		t.Errorf("garbage: %s", got)
	}
}

// TestLoadAgainstServer builds ocu, seeds the demo with four accounts,
// serves it on a free loopback port and runs the load for three seconds:
// every action must run and nothing may fail.
func TestLoadAgainstServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and serves ocu")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ocu")
	dbPath := filepath.Join(dir, "ocu.db")
	build := exec.Command("go", "build", "-o", bin, "./cmd/ocu")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/ocu: %v\n%s", err, out)
	}
	ocu := func(stdin string, args ...string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "OCU_DB="+dbPath)
		cmd.Stdin = strings.NewReader(stdin)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ocu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	ocu("", "seed", "--demo", "--db", dbPath)
	accts := []account{
		{"load.officer.ph", roleOfficer, "MNL", "PH", "load-test-officer-ph-pw"},
		{"load.supervisor.mnl", roleSupervisor, "MNL", "", "load-test-supervisor-mnl-pw"},
		{"load.officer.ar", roleOfficer, "BUE", "AR", "load-test-officer-ar-pw"},
		{"load.supervisor.dkr", roleSupervisor, "DKR", "", "load-test-supervisor-dkr-pw"},
	}
	var csv strings.Builder
	csv.WriteString("username,role,unit,country,password\n")
	for _, a := range accts {
		args := []string{"user", "add", "--username", a.Username, "--role", a.Role, "--unit", a.Unit, "--db", dbPath}
		if a.Country != "" {
			args = append(args, "--country", a.Country)
		}
		ocu(a.Password+"\n", args...)
		csv.WriteString(strings.Join([]string{a.Username, a.Role, a.Unit, a.Country, a.Password}, ",") + "\n")
	}
	usersFile := filepath.Join(dir, "users.csv")
	if err := os.WriteFile(usersFile, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	fromFile, err := readAccounts(usersFile)
	if err != nil || !slices.Equal(fromFile, accts) {
		t.Fatalf("users file read back as %+v, %v", fromFile, err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var serverOut bytes.Buffer
	srv := exec.Command(bin, "serve", "--db", dbPath, "--addr", addr)
	srv.Dir = dir
	srv.Stdout, srv.Stderr = &serverOut, &serverOut
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	t.Cleanup(func() {
		_ = srv.Process.Signal(syscall.SIGINT)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = srv.Process.Kill()
			<-done
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not come up: %v\n%s", err, serverOut.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	cfg := config{URL: base, Duration: 3 * time.Second, Warmup: 500 * time.Millisecond, Concurrency: 4,
		Seed: 1, Timeout: 15 * time.Second, Spread: true, ServerPID: srv.Process.Pid}
	var progress bytes.Buffer
	rep, err := run(context.Background(), cfg, fromFile, &progress)
	if err != nil {
		t.Fatalf("run: %v\n%s\nserver:\n%s", err, progress.String(), serverOut.String())
	}
	var out bytes.Buffer
	rep.print(&out)
	t.Log("\n" + out.String())

	counts := map[string]int{}
	for _, a := range rep.Actions {
		counts[a.Action] = a.Count
	}
	for a := range actSignInForm {
		if counts[a.String()] == 0 {
			t.Errorf("%s never ran", a)
		}
	}
	if rep.Errors != 0 || rep.WarmupErrors != 0 || rep.SignIn.Errors != 0 {
		t.Errorf("%d errors (%d in the warm-up, %d signing in): %+v\nserver:\n%s", rep.Errors, rep.WarmupErrors, rep.SignIn.Errors, rep.FirstErrors, serverOut.String())
	}
	if rep.Officers != 2 || rep.Supervisors != 2 || rep.SignIn.Sessions != 4 {
		t.Errorf("users: %+v", rep)
	}
	if rep.ClientCPU == nil && rep.ServerCPU == nil && runtime.GOOS == "linux" {
		t.Error("no CPU figures on Linux")
	}
}
