package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// runner is the shared state of one run.
type runner struct {
	cfg    config
	tgt    *target
	ctx    context.Context // cancelled on SIGINT: no new requests
	reqCtx context.Context // requests in flight: cut at the end, plus a timeout
	end    time.Time
}

// over says whether the run is over: no request starts after that.
func (r *runner) over() bool { return r.ctx.Err() != nil || !time.Now().Before(r.end) }

// signInParallelism is how many sign-ins run at once while setting up:
// each costs the server a bcrypt comparison (about 250 ms of CPU).
const signInParallelism = 4

// run signs every simulated user in, loads the server for the warm-up and
// the measured duration, and reports. progress gets one-line notes.
func run(ctx context.Context, cfg config, accts []account, progress io.Writer) (*Report, error) {
	tgt, err := parseTarget(ctx, cfg.URL)
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		return nil, errors.New("no accounts to sign in with")
	}
	if err := healthy(ctx, tgt, cfg.Timeout); err != nil {
		return nil, err
	}
	spread := cfg.Spread && tgt.canSpread(ctx)
	if cfg.Spread && !spread {
		fmt.Fprintln(progress, "ocuload: cannot connect from other loopback addresses; every user connects from one (sign-ins may be throttled)")
	}

	r := &runner{cfg: cfg, tgt: tgt, ctx: ctx, end: time.Now().Add(24 * time.Hour)}
	reqCtx, cancelReqs := context.WithCancel(context.Background())
	defer cancelReqs()
	r.reqCtx = reqCtx

	sims := make([]*sim, cfg.Concurrency)
	setup := newRecorder(time.Time{}, time.Now().Add(24*time.Hour))
	for i := range sims {
		var src netip.Addr
		if spread {
			src = sourceAddr(i)
		}
		tr := &http.Transport{
			DialContext:         tgt.dialer(src, 10*time.Second),
			MaxIdleConns:        4,
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
			// Pages are tens of kilobytes: fewer, larger reads cost the
			// tool less CPU next to the server it measures.
			ReadBufferSize: 64 << 10,
		}
		sims[i] = &sim{
			r: r, id: i + 1, acct: accts[i%len(accts)],
			rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i))),
			client: &http.Client{Transport: tr, Timeout: cfg.Timeout,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
			rec:     newRecorder(time.Time{}, time.Now().Add(24*time.Hour)),
			seenSet: map[string]bool{},
		}
	}
	defer func() {
		for _, s := range sims {
			s.client.CloseIdleConnections()
		}
	}()

	// Sign everyone in before the clock starts.
	fmt.Fprintf(progress, "ocuload: signing in %d users…\n", len(sims))
	setupStart := time.Now()
	if err := signInAll(r, sims, spread); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("interrupted while signing in: %w", ctx.Err())
		}
		return nil, err
	}
	signInTime := time.Since(setupStart)
	for _, s := range sims {
		setup.merge(s.rec)
	}

	// Live streams, and the officer whose changes they are told of, are
	// ready before the clock starts too.
	var lr *liveRun
	streamsCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	if cfg.SSE > 0 {
		if lr, err = startLive(streamsCtx, r, cfg, accts, sims, spread, progress); err != nil {
			return nil, err
		}
	}

	start := time.Now()
	from := start.Add(cfg.Warmup)
	r.end = from.Add(cfg.Duration)
	r.reqCtx, cancelReqs = context.WithDeadline(context.Background(), r.end.Add(cfg.Timeout))
	defer cancelReqs()
	for _, s := range sims {
		s.rec = newRecorder(from, r.end)
	}
	fmt.Fprintf(progress, "ocuload: %d users signed in in %s; loading for %s (+%s warm-up)\n",
		len(sims), signInTime.Round(time.Millisecond), cfg.Duration, cfg.Warmup)

	var cpu0, cpu1 cpuSample
	cpuTaken := make(chan struct{})
	go func() {
		defer close(cpuTaken)
		t := time.NewTimer(time.Until(from))
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		cpu0 = takeCPU(cfg.ServerPID)
	}()

	var wg sync.WaitGroup
	for _, s := range sims {
		wg.Go(s.loop)
	}
	if lr != nil {
		wg.Go(func() { lr.drive(lr.pseudonym, lr.countries) })
	}
	wg.Wait()
	stopped := time.Now()
	<-cpuTaken
	cpu1 = takeCPU(cfg.ServerPID)

	total := newRecorder(from, r.end)
	for _, s := range sims {
		total.merge(s.rec)
	}
	if stopped.After(r.end) {
		stopped = r.end
	}
	measured := stopped.Sub(from).Seconds()
	rep := buildReport(cfg, sims, total, max(measured, 0))
	rep.SignIn = signInSummary(setup, signInTime, len(sims))
	rep.SpreadAddrs = spread
	rep.ClientCPU = cpuShare(cpu0.self, cpu1.self, cpu0.at, cpu1.at)
	if cfg.ServerPID != 0 {
		rep.ServerCPU = cpuShare(cpu0.server, cpu1.server, cpu0.at, cpu1.at)
	}
	if lr != nil {
		// The last alerts of the window get time to arrive.
		if ctx.Err() == nil {
			time.Sleep(liveGrace)
		}
		rep.Live = lr.stats(from, r.end)
		stopStreams()
	}
	if ctx.Err() != nil {
		rep.Interrupted = true
	}
	return rep, nil
}

// healthy checks the server answers before anyone signs in.
func healthy(ctx context.Context, tgt *target, timeout time.Duration) error {
	c := &http.Client{Timeout: min(timeout, 10*time.Second), Transport: &http.Transport{DialContext: tgt.dialer(netip.Addr{}, 5*time.Second)}}
	defer c.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tgt.origin+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("no ocu server at %s: %s", tgt.origin, transportError(err))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s/healthz answers %d: is this an ocu server, and is its database up?", tgt.origin, resp.StatusCode)
	}
	return nil
}

// signInAll signs the simulated users in, a few at a time. From a single
// address the server allows a burst of 10 sign-ins, then one every two
// seconds: without spread addresses, throttled sign-ins wait and retry.
func signInAll(r *runner, sims []*sim, spread bool) error {
	sem := make(chan struct{}, signInParallelism)
	errs := make([]error, len(sims))
	var wg sync.WaitGroup
	for i, s := range sims {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			deadline := time.Now().Add(3 * time.Minute)
			for {
				err := s.signIn()
				var se *errSignIn
				if err == nil || spread || !errors.As(err, &se) || se.status != http.StatusTooManyRequests || time.Now().After(deadline) {
					errs[i] = err
					return
				}
				select {
				case <-time.After(2 * time.Second):
				case <-r.ctx.Done():
					errs[i] = r.ctx.Err()
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// loop is a simulated user's life: tasks until the run is over, signing in
// again if the session is lost.
func (s *sim) loop() {
	for !s.stopped && !s.r.over() {
		if !s.signedIn {
			if err := s.signIn(); err != nil {
				if !s.pause(time.Second) {
					return
				}
				continue
			}
		}
		s.step()
		if s.failing > 0 {
			// The server is not answering: wait a little, more each time,
			// rather than spin on refused connections.
			if !s.pause(min(time.Second, 50*time.Millisecond<<min(s.failing-1, 5))) {
				return
			}
		}
		if s.r.cfg.Think > 0 {
			// Uniform around the mean: users do not act in lockstep.
			d := time.Duration((0.5 + s.rng.Float64()) * float64(s.r.cfg.Think))
			if !s.pause(d) {
				return
			}
		}
	}
}

// pause sleeps d unless the run ends first.
func (s *sim) pause(d time.Duration) bool {
	t := time.NewTimer(min(d, time.Until(s.r.end)))
	defer t.Stop()
	select {
	case <-t.C:
		return !s.r.over()
	case <-s.r.ctx.Done():
		return false
	}
}

// Report is what a run found. Times are milliseconds unless named
// seconds.
type Report struct {
	URL              string        `json:"url"`
	Users            int           `json:"users"`
	Officers         int           `json:"officers"`
	Supervisors      int           `json:"supervisors"`
	Accounts         int           `json:"accounts"`
	Seed             uint64        `json:"seed"`
	ThinkSeconds     float64       `json:"think_seconds"`
	WarmupSeconds    float64       `json:"warmup_seconds"`
	MeasuredSeconds  float64       `json:"measured_seconds"`
	Interrupted      bool          `json:"interrupted,omitempty"`
	SpreadAddrs      bool          `json:"spread_addrs"`
	SignIn           SignInStats   `json:"signin"`
	Actions          []ActionStats `json:"actions"`
	Requests         int           `json:"requests"`
	RequestsPerSec   float64       `json:"requests_per_second"`
	PageViews        int           `json:"page_views"`
	PageViewsPerSec  float64       `json:"page_views_per_second"`
	FormPosts        int           `json:"form_posts"`
	FormPostsPerSec  float64       `json:"form_posts_per_second"`
	ReadShare        float64       `json:"read_share"`
	Errors           int           `json:"errors"`
	WarmupRequests   int           `json:"warmup_requests"`
	WarmupErrors     int           `json:"warmup_errors"`
	FirstErrors      []errorKind   `json:"first_errors,omitempty"`
	CasesRaised      int           `json:"cases_raised"`
	ClientCPU        *CPUShare     `json:"client_cpu,omitempty"`
	ServerCPU        *CPUShare     `json:"server_cpu,omitempty"`
	OpenCasesAtClose int           `json:"open_cases_at_close"`
	Live             *LiveStats    `json:"live,omitempty"`
}

// SignInStats describes the sign-ins before the measured run.
type SignInStats struct {
	Sessions int     `json:"sessions"`
	Seconds  float64 `json:"seconds"`
	P50      float64 `json:"p50_ms"`
	Max      float64 `json:"max_ms"`
	Errors   int     `json:"errors"`
}

// CPUShare is CPU time used during the measured window.
type CPUShare struct {
	Seconds     float64 `json:"seconds"`
	OfOneCore   float64 `json:"share_of_one_core"`
	OfAllCores  float64 `json:"share_of_all_cores"`
	Cores       int     `json:"cores"`
	WallSeconds float64 `json:"wall_seconds"`
}

func buildReport(cfg config, sims []*sim, total *recorder, seconds float64) *Report {
	rep := &Report{URL: cfg.URL, Users: len(sims), Seed: cfg.Seed, ThinkSeconds: cfg.Think.Seconds(),
		WarmupSeconds: cfg.Warmup.Seconds(), MeasuredSeconds: math.Round(seconds*100) / 100,
		WarmupRequests: total.warmupReqs, WarmupErrors: total.warmupErrs}
	seen := map[string]bool{}
	for _, s := range sims {
		if s.acct.Role == roleOfficer {
			rep.Officers++
		} else {
			rep.Supervisors++
		}
		seen[s.acct.Username] = true
		rep.CasesRaised += s.raised
		rep.OpenCasesAtClose += len(s.own)
	}
	rep.Accounts = len(seen)
	reads := 0
	for a := range numActions {
		st := summarise(a, total.samples[a], total.errs[a], seconds)
		if (a == actSignIn || a == actSignInForm) && st.Count == 0 && st.Errors == 0 {
			continue // shown only when sessions were lost and users signed in again
		}
		rep.Actions = append(rep.Actions, st)
		rep.Requests += st.Count
		rep.Errors += st.Errors
		if st.Write {
			rep.FormPosts += st.Count
		} else {
			rep.PageViews += st.Count
			reads += st.Count
		}
	}
	if seconds > 0 {
		rep.RequestsPerSec = math.Round(float64(rep.Requests)/seconds*10) / 10
		rep.PageViewsPerSec = math.Round(float64(rep.PageViews)/seconds*10) / 10
		rep.FormPostsPerSec = math.Round(float64(rep.FormPosts)/seconds*10) / 10
	}
	if rep.Requests > 0 {
		rep.ReadShare = math.Round(float64(reads)/float64(rep.Requests)*1000) / 1000
	}
	msgs := slices.Clone(total.messages)
	slices.SortStableFunc(msgs, func(a, b errorKind) int { return a.first.Compare(b.first) })
	if len(msgs) > maxErrorKinds {
		msgs = msgs[:maxErrorKinds]
	}
	rep.FirstErrors = msgs
	return rep
}

func signInSummary(setup *recorder, took time.Duration, users int) SignInStats {
	st := summarise(actSignIn, setup.samples[actSignIn], setup.errs[actSignIn], 0)
	return SignInStats{Sessions: users, Seconds: math.Round(took.Seconds()*100) / 100, P50: st.P50, Max: st.Max,
		Errors: setup.errs[actSignIn] + setup.errs[actSignInForm]}
}

// print writes the report as a table.
func (rep *Report) print(w io.Writer) {
	fmt.Fprintf(w, "ocuload: %d users (%d officers, %d supervisors, %d accounts) on %s, think %gs, seed %d\n",
		rep.Users, rep.Officers, rep.Supervisors, rep.Accounts, rep.URL, rep.ThinkSeconds, rep.Seed)
	note := ""
	if rep.Interrupted {
		note = " (interrupted)"
	}
	fmt.Fprintf(w, "measured %.1fs after a %.1fs warm-up%s; sign-in of %d sessions took %.1fs (POST /signin p50 %.0f ms, max %.0f ms)\n\n",
		rep.MeasuredSeconds, rep.WarmupSeconds, note, rep.SignIn.Sessions, rep.SignIn.Seconds, rep.SignIn.P50, rep.SignIn.Max)
	fmt.Fprintf(w, "%-16s %-30s %8s %8s %8s %8s %8s %8s %7s\n", "action", "route", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	for _, a := range rep.Actions {
		fmt.Fprintf(w, "%-16s %-30s %8d %8.1f %8.1f %8.1f %8.1f %8.1f %7d\n", a.Action, a.Route, a.Count, a.PerSecond, a.P50, a.P95, a.P99, a.Max, a.Errors)
	}
	fmt.Fprintf(w, "\nrequests %d (%.1f/s): page views %d (%.1f/s), form posts %d (%.1f/s); reads %.1f%%\n",
		rep.Requests, rep.RequestsPerSec, rep.PageViews, rep.PageViewsPerSec, rep.FormPosts, rep.FormPostsPerSec, rep.ReadShare*100)
	fmt.Fprintf(w, "cases raised %d, warm-up included (%d left open); errors %d (warm-up: %d errors in %d requests)\n",
		rep.CasesRaised, rep.OpenCasesAtClose, rep.Errors, rep.WarmupErrors, rep.WarmupRequests)
	if c := rep.ClientCPU; c != nil {
		fmt.Fprintf(w, "ocuload CPU: %.2fs in %.1fs = %.1f%% of one core, %.1f%% of %d cores\n",
			c.Seconds, c.WallSeconds, c.OfOneCore*100, c.OfAllCores*100, c.Cores)
	}
	if c := rep.ServerCPU; c != nil {
		fmt.Fprintf(w, "server CPU:  %.2fs in %.1fs = %.1f%% of one core, %.1f%% of %d cores\n",
			c.Seconds, c.WallSeconds, c.OfOneCore*100, c.OfAllCores*100, c.Cores)
	}
	if rep.Live != nil {
		rep.Live.print(w)
	}
	if len(rep.FirstErrors) > 0 {
		fmt.Fprintln(w, "\nfirst errors:")
		for _, e := range rep.FirstErrors {
			fmt.Fprintf(w, "  %5d× %s\n", e.Count, e.Message)
		}
	}
}

// cpuSample is CPU time used so far, from /proc (Linux); zero elsewhere.
type cpuSample struct {
	at           time.Time
	self, server time.Duration
}

func takeCPU(serverPID int) cpuSample {
	s := cpuSample{at: time.Now(), self: procCPU("self")}
	if serverPID > 0 {
		s.server = procCPU(strconv.Itoa(serverPID))
	}
	return s
}

// procCPU is utime+stime of a process, from /proc/PID/stat, or -1.
func procCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return -1
	}
	return parseProcStat(string(b))
}

// parseProcStat reads utime and stime (fields 14 and 15, in clock ticks of
// 1/100 s, USER_HZ on Linux) from a /proc/PID/stat line.
func parseProcStat(line string) time.Duration {
	i := strings.LastIndexByte(line, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(line[i+1:])
	if len(f) < 13 {
		return -1
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return time.Duration(u+st) * 10 * time.Millisecond
}

func cpuShare(a, b time.Duration, t0, t1 time.Time) *CPUShare {
	wall := t1.Sub(t0).Seconds()
	if a < 0 || b < 0 || wall <= 0 || t0.IsZero() {
		return nil
	}
	used := (b - a).Seconds()
	cores := runtime.NumCPU()
	round := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	return &CPUShare{Seconds: round(used), OfOneCore: round(used / wall), OfAllCores: round(used / wall / float64(cores)),
		Cores: cores, WallSeconds: round(wall)}
}
