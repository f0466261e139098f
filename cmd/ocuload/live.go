package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The live part of a run (--sse N): N pages hold the server's live stream
// (GET /events) open while the simulated users load it, and one more
// officer makes a change every --change-every that raises an alert (a
// notice on a person in their own case, issued by another country in
// turn). Each stream notes when each alert reaches it; an alert's fan-out
// is the time from its raising (the server's clock, this machine's) to
// the moment the last stream concerned with it had it. Concerned are the
// streams of the issuing country's officers and of the supervisors of
// the OCU told, exactly as the server's scope says, so a stream that
// never got an alert it should have is counted as missed.

// liveRun is the shared state of the live part.
type liveRun struct {
	r         *runner
	conns     []*liveConn
	driver    *sim
	every     time.Duration
	pseudonym string   // the driver's person, on whom notices are recorded
	countries []string // the countries whose officers hold streams, in turn

	mu     sync.Mutex
	got    map[int64]*alertSeen // by alert id
	raised []raisedChange       // the driver's changes, in order
	errs   []string
}

// liveConn is one open page's stream.
type liveConn struct {
	acct      account
	open      atomic.Bool
	opened    atomic.Int64 // times (re)connected
	dashboard atomic.Int64 // dashboard events read
}

// alertSeen is one alert as the streams saw it.
type alertSeen struct {
	at      time.Time // raised, by the server's clock
	country string
	unit    string
	seen    map[int]time.Duration // stream index → latency
}

// raisedChange is one change the driver made.
type raisedChange struct {
	at      time.Time
	country string
	ok      bool
}

// LiveStats is the live part of the report. Times in milliseconds.
type LiveStats struct {
	Streams           int      `json:"streams"`
	OpenAtEnd         int      `json:"open_at_end"`
	Reconnects        int      `json:"reconnects"`
	ChangeEverySecs   float64  `json:"change_every_seconds"`
	Changes           int      `json:"changes"`
	ChangeErrors      int      `json:"change_errors"`
	Alerts            int      `json:"alerts"`
	Deliveries        int      `json:"deliveries"`
	Missed            int      `json:"missed"`
	Wrong             int      `json:"wrong"`
	DeliveryP50       float64  `json:"delivery_p50_ms"`
	DeliveryP95       float64  `json:"delivery_p95_ms"`
	DeliveryP99       float64  `json:"delivery_p99_ms"`
	DeliveryMax       float64  `json:"delivery_max_ms"`
	FanOutP50         float64  `json:"fan_out_p50_ms"`
	FanOutP95         float64  `json:"fan_out_p95_ms"`
	FanOutP99         float64  `json:"fan_out_p99_ms"`
	FanOutMax         float64  `json:"fan_out_max_ms"`
	ConcernedPerAlert float64  `json:"concerned_streams_per_alert"`
	DashboardEvents   int64    `json:"dashboard_events"`
	Errors            []string `json:"errors,omitempty"`
}

// concerned says whether a stream of acct is told an alert to country's
// officers and unit's supervisors: the server's rule (access.go
// ToldAlert), for the accounts ocuload simulates.
func concerned(acct account, country, unit string) bool {
	switch acct.Role {
	case roleOfficer:
		return country != "" && strings.EqualFold(acct.Country, country)
	case roleSupervisor:
		return unit != "" && strings.EqualFold(acct.Unit, unit)
	}
	return false
}

// liveGrace is how long the run waits after its end for the alerts
// raised in its last moments to reach the streams.
const liveGrace = 2 * time.Second

// startLive signs the driver in, has it raise its case, and opens the
// streams.
func startLive(ctx context.Context, r *runner, cfg config, accts []account, sims []*sim, spread bool, progress io.Writer) (*liveRun, error) {
	lr := &liveRun{r: r, every: cfg.ChangeEvery, got: map[int64]*alertSeen{}}
	i := slices.IndexFunc(accts, func(a account) bool { return a.Role == roleOfficer })
	if i < 0 {
		return nil, fmt.Errorf("--sse needs an officer account to make the changes")
	}
	var src netip.Addr
	if spread {
		src = sourceAddr(len(sims) + cfg.SSE)
	}
	lr.driver = &sim{r: r, id: 0, acct: accts[i], rng: rand.New(rand.NewPCG(cfg.Seed, math.MaxUint32)),
		client: &http.Client{Transport: &http.Transport{DialContext: r.tgt.dialer(src, 10*time.Second)}, Timeout: cfg.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		rec: newRecorder(time.Time{}, time.Now().Add(24*time.Hour)), seenSet: map[string]bool{}}
	if err := lr.driver.signIn(); err != nil {
		return nil, fmt.Errorf("the live driver's sign-in: %w", err)
	}
	var err error
	if lr.pseudonym, err = lr.prepareDriver(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for j := range cfg.SSE {
		if a := sims[j%len(sims)].acct; a.Role == roleOfficer && !seen[a.Country] {
			seen[a.Country] = true
			lr.countries = append(lr.countries, a.Country)
		}
	}
	if len(lr.countries) == 0 {
		return nil, fmt.Errorf("--sse: no officer among the users holds a stream, so no change would concern one")
	}
	slices.Sort(lr.countries)
	fmt.Fprintf(progress, "ocuload: opening %d live streams…\n", cfg.SSE)
	t0 := time.Now()
	if err := startStreams(ctx, r, sims, cfg.SSE, spread, lr); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "ocuload: %d live streams open in %s\n", cfg.SSE, time.Since(t0).Round(time.Millisecond))
	return lr, nil
}

// startStreams opens n streams, each with the session of a signed-in
// simulated user in turn (n pages among the users: more than one tab
// each when n exceeds them), and waits until all are open.
func startStreams(ctx context.Context, r *runner, sims []*sim, n int, spread bool, lr *liveRun) error {
	lr.conns = make([]*liveConn, n)
	for i := range n {
		s := sims[i%len(sims)]
		c := &liveConn{acct: s.acct}
		lr.conns[i] = c
		var src netip.Addr
		if spread {
			src = sourceAddr(len(sims) + i)
		}
		client := &http.Client{Transport: &http.Transport{DialContext: r.tgt.dialer(src, 10*time.Second),
			ReadBufferSize: 4 << 10, WriteBufferSize: 4 << 10}}
		cookies := slices.Clone(s.cookies)
		go lr.hold(ctx, i, c, client, cookies)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		open := 0
		for _, c := range lr.conns {
			if c.open.Load() {
				open++
			}
		}
		if open == n {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("only %d of %d live streams opened: %s", open, n, strings.Join(lr.firstErrors(), "; "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// hold keeps stream i open until ctx ends, reconnecting when it drops.
func (lr *liveRun) hold(ctx context.Context, i int, c *liveConn, client *http.Client, cookies []*http.Cookie) {
	for ctx.Err() == nil {
		err := lr.read(ctx, i, c, client, cookies)
		c.open.Store(false)
		if ctx.Err() != nil {
			return
		}
		lr.note(fmt.Sprintf("stream %d (%s): %v", i, c.acct.Username, err))
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
		}
	}
}

func (lr *liveRun) read(ctx context.Context, i int, c *liveConn, client *http.Client, cookies []*http.Cookie) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, lr.r.tgt.origin+"/events", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("User-Agent", "ocuload/1 (load test)")
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("open: %s", transportError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("open: GET /events → %d", resp.StatusCode)
	}
	c.open.Store(true)
	c.opened.Add(1)
	br := bufio.NewReaderSize(resp.Body, 2<<10)
	var name string
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			if err == io.EOF {
				return fmt.Errorf("the server ended the stream")
			}
			return fmt.Errorf("read: %s", transportError(err))
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case bytes.HasPrefix(line, []byte("event: ")):
			name = string(line[len("event: "):])
		case bytes.HasPrefix(line, []byte("data: ")) && name == "alert":
			lr.saw(i, line[len("data: "):], time.Now())
		case len(line) == 0:
			if name == "dashboard" {
				c.dashboard.Add(1)
			}
			name = ""
		}
	}
}

// saw notes that stream i read the alert in data at now.
func (lr *liveRun) saw(i int, data []byte, now time.Time) {
	var d struct {
		ID      int64     `json:"id"`
		At      time.Time `json:"at"`
		Country string    `json:"country"`
		Unit    string    `json:"unit"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		lr.note("an alert event that is not JSON: " + string(data))
		return
	}
	lr.mu.Lock()
	defer lr.mu.Unlock()
	a := lr.got[d.ID]
	if a == nil {
		a = &alertSeen{at: d.At, country: d.Country, unit: d.Unit, seen: map[int]time.Duration{}}
		lr.got[d.ID] = a
	}
	a.seen[i] = now.Sub(d.At)
}

func (lr *liveRun) note(msg string) {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	if len(lr.errs) < maxErrorKinds {
		lr.errs = append(lr.errs, msg)
	}
}

func (lr *liveRun) firstErrors() []string {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	return slices.Clone(lr.errs)
}

// prepareDriver has the driver raise a case of its own with one person,
// on whom its changes record notices.
func (lr *liveRun) prepareDriver() (pseudonym string, err error) {
	d := lr.driver
	d.raiseCase()
	if len(d.own) == 0 {
		var msgs []string
		for _, m := range d.rec.messages {
			msgs = append(msgs, m.Message)
		}
		return "", fmt.Errorf("the live driver %s could not raise a case: %s", d.acct.Username, strings.Join(msgs, "; "))
	}
	ref := d.own[0].ref
	var out struct {
		Pseudonym string `json:"pseudonym"`
	}
	if err := d.apiPost("/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "suspect"}, &out); err != nil {
		return "", fmt.Errorf("the live driver could not add a person to %s: %w", ref, err)
	}
	return out.Pseudonym, nil
}

// drive makes a change every lr.every until the run ends: a notice on
// the driver's person, issued by the next country whose officers hold
// streams, which raises an alert told to them.
func (lr *liveRun) drive(pseudonym string, countries []string) {
	n := 0
	t := time.NewTicker(lr.every)
	defer t.Stop()
	for !lr.r.over() {
		select {
		case <-t.C:
		case <-lr.r.ctx.Done():
			return
		}
		if lr.r.over() {
			return
		}
		n++
		country := countries[n%len(countries)]
		at := time.Now()
		err := lr.driver.apiPost("/api/v1/people/"+pseudonym+"/notices", map[string]any{
			"colour": "red", "control_number": fmt.Sprintf("LT-%d/%d-2026", lr.r.cfg.Seed%100000, n), "issuing_country": country}, nil)
		if err != nil {
			lr.note("change: " + err.Error())
		}
		lr.mu.Lock()
		lr.raised = append(lr.raised, raisedChange{at: at, country: country, ok: err == nil})
		lr.mu.Unlock()
	}
}

// apiPost sends a JSON body to the API with the sim's session, as a page
// of the site would (same origin), and decodes the answer into out.
func (s *sim) apiPost(path string, body any, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(s.r.reqCtx, http.MethodPost, s.r.tgt.origin+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", s.r.tgt.origin)
	for _, c := range s.cookies {
		req.AddCookie(c)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %s", path, transportError(err))
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s → %d: %.200s", path, resp.StatusCode, rb)
	}
	if out != nil {
		return json.Unmarshal(rb, out)
	}
	return nil
}

// stats sums up the live part over the measured window [from, until):
// alerts raised in it, waited for grace after the end.
func (lr *liveRun) stats(from, until time.Time) *LiveStats {
	lr.mu.Lock()
	defer lr.mu.Unlock()
	st := &LiveStats{Streams: len(lr.conns), ChangeEverySecs: lr.every.Seconds(), Errors: slices.Clone(lr.errs)}
	for _, c := range lr.conns {
		if c.open.Load() {
			st.OpenAtEnd++
		}
		st.Reconnects += int(max(c.opened.Load()-1, 0))
		st.DashboardEvents += c.dashboard.Load()
	}
	for _, ch := range lr.raised {
		if !ch.at.Before(from) && ch.at.Before(until) {
			st.Changes++
			if !ch.ok {
				st.ChangeErrors++
			}
		}
	}
	var deliveries, fanouts []uint32
	concernedTotal := 0
	for _, a := range lr.got {
		if a.at.Before(from) || !a.at.Before(until) {
			continue
		}
		st.Alerts++
		var worst time.Duration
		missed := false
		for i, c := range lr.conns {
			d, seen := a.seen[i]
			want := concerned(c.acct, a.country, a.unit)
			switch {
			case want && seen:
				concernedTotal++
				deliveries = append(deliveries, micros(d))
				worst = max(worst, d)
			case want:
				concernedTotal++
				st.Missed++
				missed = true
			case seen:
				st.Wrong++ // told to a stream the server's scope leaves out
			}
		}
		if !missed {
			fanouts = append(fanouts, micros(worst))
		}
	}
	st.Deliveries = len(deliveries)
	if st.Alerts > 0 {
		st.ConcernedPerAlert = math.Round(float64(concernedTotal)/float64(st.Alerts)*10) / 10
	}
	slices.Sort(deliveries)
	slices.Sort(fanouts)
	ms := func(v uint32) float64 { return math.Round(float64(v)/10) / 100 }
	if len(deliveries) > 0 {
		st.DeliveryP50, st.DeliveryP95, st.DeliveryP99 = ms(percentile(deliveries, 50)), ms(percentile(deliveries, 95)), ms(percentile(deliveries, 99))
		st.DeliveryMax = ms(deliveries[len(deliveries)-1])
	}
	if len(fanouts) > 0 {
		st.FanOutP50, st.FanOutP95, st.FanOutP99 = ms(percentile(fanouts, 50)), ms(percentile(fanouts, 95)), ms(percentile(fanouts, 99))
		st.FanOutMax = ms(fanouts[len(fanouts)-1])
	}
	return st
}

// micros is d in microseconds, the recorder's unit, saturated.
func micros(d time.Duration) uint32 {
	us := d.Microseconds()
	switch {
	case us < 0:
		return 0
	case us > math.MaxUint32:
		return math.MaxUint32
	}
	return uint32(us)
}

// print writes the live part of the report.
func (st *LiveStats) print(w io.Writer) {
	fmt.Fprintf(w, "\nlive: %d streams held (%d open at the end, %d reconnects); a change every %gs: %d changes (%d errors), %d alerts\n",
		st.Streams, st.OpenAtEnd, st.Reconnects, st.ChangeEverySecs, st.Changes, st.ChangeErrors, st.Alerts)
	fmt.Fprintf(w, "live: %.1f concerned streams per alert; %d deliveries, %d missed, %d to a stream not concerned; %d dashboard events\n",
		st.ConcernedPerAlert, st.Deliveries, st.Missed, st.Wrong, st.DashboardEvents)
	fmt.Fprintf(w, "%-34s %8s %8s %8s %8s\n", "live latency (raised → read)", "p50 ms", "p95 ms", "p99 ms", "max ms")
	fmt.Fprintf(w, "%-34s %8.1f %8.1f %8.1f %8.1f\n", "each concerned stream", st.DeliveryP50, st.DeliveryP95, st.DeliveryP99, st.DeliveryMax)
	fmt.Fprintf(w, "%-34s %8.1f %8.1f %8.1f %8.1f\n", "every concerned stream (fan-out)", st.FanOutP50, st.FanOutP95, st.FanOutP99, st.FanOutMax)
	for _, e := range st.Errors {
		fmt.Fprintf(w, "  live: %s\n", e)
	}
}
