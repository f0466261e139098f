package main

import (
	"math"
	"slices"
	"time"
)

// action is one kind of request a simulated user makes, timed on its own.
type action int

const (
	actCaseList    action = iota // GET /cases with filters
	actCasePage                  // GET /cases/:ref
	actDashboard                 // GET /dashboard?unit=XXX
	actNewCaseForm               // GET /cases/new
	actCreateCase                // POST /cases
	actBulkAdd                   // POST /cases/:ref/people/bulk
	actScreen                    // POST /cases/:ref/people/screen
	actTransition                // POST /cases/:ref/transitions
	actAfterPost                 // GET of the page a form's 303 leads to
	actSignInForm                // GET /signin
	actSignIn                    // POST /signin
	numActions
)

var actionInfo = [numActions]struct {
	name, route string
	write       bool
}{
	actCaseList:    {"case_list", "GET /cases", false},
	actCasePage:    {"case_page", "GET /cases/:ref", false},
	actDashboard:   {"dashboard", "GET /dashboard", false},
	actNewCaseForm: {"new_case_form", "GET /cases/new", false},
	actCreateCase:  {"create_case", "POST /cases", true},
	actBulkAdd:     {"bulk_add_people", "POST /cases/:ref/people/bulk", true},
	actScreen:      {"screen_people", "POST /cases/:ref/people/screen", true},
	actTransition:  {"transition", "POST /cases/:ref/transitions", true},
	actAfterPost:   {"page_after_post", "GET /cases/:ref?saved=…", false},
	actSignInForm:  {"signin_form", "GET /signin", false},
	actSignIn:      {"signin", "POST /signin", true},
}

func (a action) String() string { return actionInfo[a].name }

// maxErrorKinds is how many distinct error messages the report keeps.
const maxErrorKinds = 10

// recorder collects one simulated user's results; recorders are merged at
// the end, so the hot path takes no lock.
type recorder struct {
	from, until time.Time // the measured window: requests starting in it count
	samples     [numActions][]uint32
	errs        [numActions]int
	warmupReqs  int
	warmupErrs  int
	messages    []errorKind
}

type errorKind struct {
	Message string    `json:"message"`
	Count   int       `json:"count"`
	first   time.Time // for ordering across users
}

func newRecorder(from, until time.Time) *recorder { return &recorder{from: from, until: until} }

// add records a request that started at start and took d; msg is empty on
// success and otherwise says what went wrong (status and route, never
// data).
func (r *recorder) add(a action, start time.Time, d time.Duration, msg string) {
	if start.Before(r.from) {
		r.warmupReqs++
		if msg != "" {
			r.warmupErrs++
		}
		return
	}
	if !start.Before(r.until) {
		return
	}
	us := d.Microseconds()
	if us > math.MaxUint32 {
		us = math.MaxUint32
	}
	r.samples[a] = append(r.samples[a], uint32(max(us, 0)))
	if msg != "" {
		r.errs[a]++
		r.noteError(msg, start, 1)
	}
}

// fail records an error the tool found without a request of its own (a
// page that lacks what it should offer): an error, but no sample.
func (r *recorder) fail(a action, msg string) {
	now := time.Now()
	if now.Before(r.from) {
		r.warmupErrs++
		return
	}
	r.errs[a]++
	r.noteError(msg, now, 1)
}

func (r *recorder) noteError(msg string, at time.Time, n int) {
	for i := range r.messages {
		if r.messages[i].Message == msg {
			r.messages[i].Count += n
			if at.Before(r.messages[i].first) {
				r.messages[i].first = at
			}
			return
		}
	}
	r.messages = append(r.messages, errorKind{Message: msg, Count: n, first: at})
}

// merge folds o into r.
func (r *recorder) merge(o *recorder) {
	for a := range numActions {
		r.samples[a] = append(r.samples[a], o.samples[a]...)
		r.errs[a] += o.errs[a]
	}
	r.warmupReqs += o.warmupReqs
	r.warmupErrs += o.warmupErrs
	for _, m := range o.messages {
		r.noteError(m.Message, m.first, m.Count)
	}
}

// percentile is the nearest-rank percentile p (0 < p ≤ 100) of sorted:
// the smallest value with at least p% of the values at or below it.
func percentile(sorted []uint32, p float64) uint32 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// ActionStats is one action's line of the report. Times are milliseconds.
type ActionStats struct {
	Action    string  `json:"action"`
	Route     string  `json:"route"`
	Write     bool    `json:"write"`
	Count     int     `json:"count"`
	PerSecond float64 `json:"per_second"`
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
	Errors    int     `json:"errors"`
}

func summarise(a action, samples []uint32, errs int, seconds float64) ActionStats {
	slices.Sort(samples)
	ms := func(us uint32) float64 { return math.Round(float64(us)/10) / 100 }
	s := ActionStats{Action: a.String(), Route: actionInfo[a].route, Write: actionInfo[a].write, Count: len(samples), Errors: errs}
	if len(samples) > 0 {
		s.P50, s.P95, s.P99 = ms(percentile(samples, 50)), ms(percentile(samples, 95)), ms(percentile(samples, 99))
		s.Max = ms(samples[len(samples)-1])
	}
	if seconds > 0 {
		s.PerSecond = math.Round(float64(len(samples))/seconds*10) / 10
	}
	return s
}
