package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sim is one simulated user: a browser with its own connection, cookies
// and history, signed in as one account, doing what a user of its role
// does through the pages and forms.
type sim struct {
	r      *runner
	id     int
	acct   account
	rng    *rand.Rand
	client *http.Client
	rec    *recorder

	buf      bytes.Buffer // the last response body
	cookies  []*http.Cookie
	referer  string
	current  string // the path of the page on screen, when it is a case page
	signedIn bool
	stopped  bool
	failing  int // transport errors in a row: the user backs off

	seen      []string // case references seen in lists, for opening cases
	seenSet   map[string]bool
	listPages int // the last page of the unfiltered case list known so far
	opCode    string
	firstDay  string // the operation's days, from the new-case form
	lastDay   string
	own       []*ownCase // open cases this user raised: the only ones it changes
	raised    int        // cases raised
	attempts  int        // cases submitted, for unique titles
}

// ownCase is a case this simulated user raised. Nobody else changes it, so
// the counts kept here match the server's and every move the tool asks
// for is one the workflow's guards allow.
type ownCase struct {
	ref        string
	status     string
	people     int
	unscreened int
	page       casePage
}

// Workload. Officers mostly read (lists and case pages); some of their
// tasks raise a case or work one they raised through its workflow.
// Supervisors only read: their dashboard, the list, case pages. Every
// write is a form posted from the page it is on, so writes also cost the
// page views leading to them: see docs/load.md for the resulting mix.
type task int

const (
	taskList task = iota
	taskOpen
	taskDashboard
	taskRaise
	taskBulk
	taskScreen
	taskMove
)

var officerMix = []weighted{{taskList, 37}, {taskOpen, 38}, {taskRaise, 4}, {taskBulk, 7}, {taskScreen, 7}, {taskMove, 7}}
var supervisorMix = []weighted{{taskDashboard, 30}, {taskList, 35}, {taskOpen, 35}}

type weighted struct {
	t task
	w int
}

func pick(rng *rand.Rand, mix []weighted) task {
	total := 0
	for _, m := range mix {
		total += m.w
	}
	n := rng.IntN(total)
	for _, m := range mix {
		if n < m.w {
			return m.t
		}
		n -= m.w
	}
	return mix[len(mix)-1].t
}

const (
	maxSeen          = 500 // case references remembered
	maxOwnOpen       = 6   // open cases of its own before an officer closes some
	maxPeoplePerCase = 400 // people an officer adds to one case at most
)

func (s *sim) step() {
	mix := officerMix
	if s.acct.Role == roleSupervisor {
		mix = supervisorMix
	}
	switch pick(s.rng, mix) {
	case taskList:
		s.browseList()
	case taskOpen:
		s.openCase()
	case taskDashboard:
		s.dashboard()
	case taskRaise:
		s.raiseCase()
	case taskBulk:
		s.addPeople()
	case taskScreen:
		s.screenPeople()
	case taskMove:
		s.moveCase()
	}
}

// request makes one timed request and records it. The body is left in
// s.buf. want is the status a browser expects (200 for a page, 303 for a
// form that saved); anything else is recorded as an error. ok is false on
// any error, and when the run is over (nothing is sent then).
func (s *sim) request(a action, method, path string, form url.Values, want int) (status int, location string, ok bool) {
	if s.r.over() {
		s.stopped = true
		return 0, "", false
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(s.r.reqCtx, method, s.r.tgt.origin+path, body)
	if err != nil {
		s.rec.fail(a, actionInfo[a].route+": "+err.Error())
		return 0, "", false
	}
	h := req.Header
	h.Set("User-Agent", "ocuload/1 (load test)")
	h.Set("Accept", "text/html,application/xhtml+xml")
	h.Set("Accept-Language", "en")
	// What a browser sends when a link or button on the site's own page
	// is followed: the server's CSRF check accepts same-origin requests.
	h.Set("Sec-Fetch-Site", "same-origin")
	h.Set("Sec-Fetch-Mode", "navigate")
	h.Set("Sec-Fetch-Dest", "document")
	if s.referer != "" {
		h.Set("Referer", s.referer)
	}
	if method == http.MethodPost {
		h.Set("Origin", s.r.tgt.origin)
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range s.cookies {
		req.AddCookie(c)
	}

	start := time.Now()
	resp, err := s.client.Do(req)
	s.buf.Reset()
	if err == nil {
		_, err = s.buf.ReadFrom(resp.Body)
		resp.Body.Close()
		status, location = resp.StatusCode, resp.Header.Get("Location")
		s.keepCookies(resp.Cookies())
	}
	took := time.Since(start)

	msg := ""
	switch {
	case err != nil && s.r.reqCtx.Err() != nil:
		s.stopped = true // cut short by the end of the run: not counted
		return 0, "", false
	case err != nil:
		msg = actionInfo[a].route + ": " + transportError(err)
		s.failing++
	case status != want:
		msg = fmt.Sprintf("%s → %d", actionInfo[a].route, status)
		if status == http.StatusSeeOther && strings.HasPrefix(location, "/signin") {
			msg += " to /signin (session lost)"
			s.signedIn = false
		}
	}
	if err == nil {
		s.failing = 0
	}
	s.rec.add(a, start, took, msg)
	if method == http.MethodGet {
		s.referer = s.r.tgt.origin + path
	}
	return status, location, msg == ""
}

// transportError says what went wrong below HTTP, without the URL.
func transportError(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the server"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, errNotLoopback):
		return errNotLoopback.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

func (s *sim) keepCookies(set []*http.Cookie) {
	for _, c := range set {
		kept := s.cookies[:0]
		for _, k := range s.cookies {
			if k.Name != c.Name {
				kept = append(kept, k)
			}
		}
		s.cookies = kept
		if c.MaxAge >= 0 && c.Value != "" {
			s.cookies = append(s.cookies, &http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
}

func (s *sim) hasCookie(name string) bool {
	for _, c := range s.cookies {
		if c.Name == name {
			return true
		}
	}
	return false
}

// errSignIn is a sign-in the server refused; the run cannot go on as this
// account.
type errSignIn struct {
	username string
	status   int
}

func (e *errSignIn) Error() string {
	if e.status == http.StatusTooManyRequests {
		return fmt.Sprintf("sign-in as %s: the server keeps answering 429 (too many sign-ins from this address)", e.username)
	}
	return fmt.Sprintf("sign-in as %s refused (%d): check the users file's password", e.username, e.status)
}

// signIn fills in and submits the sign-in form, as a browser does.
func (s *sim) signIn() error {
	s.cookies, s.current = nil, ""
	if _, _, ok := s.request(actSignInForm, http.MethodGet, "/signin", nil, http.StatusOK); !ok {
		return fmt.Errorf("sign-in form: %w", errStep)
	}
	token, _ := csrfToken(s.buf.Bytes())
	form := url.Values{"_csrf": {token}, "next": {""}, "username": {s.acct.Username}, "password": {s.acct.Password}}
	status, _, ok := s.request(actSignIn, http.MethodPost, "/signin", form, http.StatusSeeOther)
	if !ok {
		if status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusTooManyRequests {
			return &errSignIn{username: s.acct.Username, status: status}
		}
		return fmt.Errorf("sign-in: %w", errStep)
	}
	if !s.hasCookie("ocu_session") {
		return fmt.Errorf("sign-in as %s: no session cookie came back", s.acct.Username)
	}
	s.signedIn = true
	return nil
}

var errStep = errors.New("request failed")

func (s *sim) remember(refs []string) {
	for _, r := range refs {
		if s.seenSet[r] {
			continue
		}
		if len(s.seen) >= maxSeen {
			i := s.rng.IntN(len(s.seen))
			delete(s.seenSet, s.seen[i])
			s.seen[i] = r
		} else {
			s.seen = append(s.seen, r)
		}
		s.seenSet[r] = true
	}
}

// browseList views the case list as users do: the plain list, its next
// pages, a status filter, a search by reference, or their own slice.
func (s *sim) browseList() {
	q := url.Values{}
	page := 1
	filtered := true
	n := s.rng.IntN(100)
	switch {
	case n < 30 || s.opCode == "": // the menu's link
		filtered = false
	case n < 50: // the pager
		filtered = false
		if s.listPages > 1 {
			page = 2 + s.rng.IntN(s.listPages-1)
			q.Set("page", strconv.Itoa(page))
		}
	case n < 75:
		q = s.filterForm()
		q.Set("status", []string{"raid", "screening", "referred", "closed"}[s.rng.IntN(4)])
	case n < 88 && len(s.seen) > 0:
		q = s.filterForm()
		ref := s.seen[s.rng.IntN(len(s.seen))]
		if s.rng.IntN(2) == 0 && len(ref) > 2 {
			ref = ref[:len(ref)-2] // a prefix: LIB2-MNL-00
		}
		q.Set("q", ref)
	default:
		q = s.filterForm()
		if s.acct.Role == roleOfficer {
			q.Set("country", s.acct.Country)
			q.Set("sort", "updated_desc")
		} else {
			q.Set("status", "screening")
			q.Set("sort", "raid_asc")
		}
	}
	path := "/cases"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	if _, _, ok := s.request(actCaseList, http.MethodGet, path, nil, http.StatusOK); !ok {
		return
	}
	s.current = ""
	b := s.buf.Bytes()
	s.remember(listRefs(b))
	if s.opCode == "" {
		s.opCode, _ = valueAfter(b, `<input type="hidden" name="op" value="`)
	}
	if !filtered && hasNextPage(b) {
		s.listPages = max(s.listPages, page+1)
	}
}

// filterForm is the list's filter form as submitted: every field, most
// left at "any".
func (s *sim) filterForm() url.Values {
	unit := ""
	if s.acct.Role == roleSupervisor {
		unit = s.acct.Unit
	}
	return url.Values{"op": {s.opCode}, "q": {""}, "unit": {unit}, "country": {""}, "status": {""}, "form": {""}, "sort": {"raid_desc"}}
}

// openCase opens a case seen in a list, or one of its own.
func (s *sim) openCase() {
	if len(s.own) > 0 && s.rng.IntN(4) == 0 {
		s.viewOwn(s.own[s.rng.IntN(len(s.own))])
		return
	}
	if len(s.seen) == 0 {
		s.browseList()
		return
	}
	ref := s.seen[s.rng.IntN(len(s.seen))]
	if c := s.ownCase(ref); c != nil {
		s.viewOwn(c)
		return
	}
	if _, _, ok := s.request(actCasePage, http.MethodGet, "/cases/"+ref, nil, http.StatusOK); ok {
		s.current = ""
	}
}

func (s *sim) ownCase(ref string) *ownCase {
	for _, c := range s.own {
		if c.ref == ref {
			return c
		}
	}
	return nil
}

// viewOwn opens a case the user raised and reads its forms.
func (s *sim) viewOwn(c *ownCase) bool {
	path := "/cases/" + c.ref
	if _, _, ok := s.request(actCasePage, http.MethodGet, path, nil, http.StatusOK); !ok {
		return false
	}
	return s.readOwn(c, path)
}

func (s *sim) readOwn(c *ownCase, path string) bool {
	p, ok := scanCasePage(s.buf.Bytes())
	if !ok {
		s.rec.fail(actCasePage, "GET /cases/:ref: the page has no transition form the tool recognises")
		s.current = ""
		return false
	}
	c.page, s.current = p, path
	return true
}

// onOwn makes sure the case's page is on screen, opening it if not.
func (s *sim) onOwn(c *ownCase) bool {
	if s.current == "/cases/"+c.ref {
		return true
	}
	return s.viewOwn(c)
}

// follow loads the page a saved form redirects to, as a browser does. The
// form's own request is timed without it; this page view is recorded as
// page_after_post.
func (s *sim) follow(location string, c *ownCase) bool {
	if u, err := url.Parse(location); err != nil || u.Host != "" && u.Host != s.r.tgt.base.Host || !strings.HasPrefix(u.Path, "/") {
		s.rec.fail(actAfterPost, "redirect off the site")
		return false
	} else if u.Host != "" {
		location = u.RequestURI()
	}
	if i := strings.IndexByte(location, '#'); i >= 0 {
		location = location[:i]
	}
	if _, _, ok := s.request(actAfterPost, http.MethodGet, location, nil, http.StatusOK); !ok {
		s.current = ""
		return false
	}
	if c == nil {
		s.current = ""
		return true
	}
	path := location
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return s.readOwn(c, path)
}

func (s *sim) dashboard() {
	if _, _, ok := s.request(actDashboard, http.MethodGet, "/dashboard?unit="+url.QueryEscape(s.acct.Unit), nil, http.StatusOK); ok {
		s.current = ""
	}
}

var (
	caseForms = []string{"sexual_exploitation", "forced_labour", "forced_criminality", "forced_begging",
		"domestic_servitude", "child_exploitation", "migrant_smuggling", "document_fraud", "money_laundering"}
	victimForms = []string{"sexual_exploitation", "forced_labour", "forced_criminality", "forced_begging", "domestic_servitude"}
	origins     = []string{"CN", "VN", "MM", "KH", "ID", "NG", "GH", "ET", "ER", "VE", "CO", "BO", "PY", "SY", "AF", "UA", "MA", "SN"}
	titles      = []string{"Raid on a scam compound", "Bus stopped at a border checkpoint", "Inspection of a garment workshop",
		"Night-club inspection", "Boat intercepted offshore", "Farm labour camp inspection", "Apartment used as a brothel",
		"Begging ring at the central station", "Fishing vessel boarded in port", "Safe house near the airport"}
	places  = []string{"Industrial district", "Border checkpoint", "Harbour", "City centre", "Airport road", "Rural farm", "Market"}
	sexes   = []string{"female", "male", "unknown"}
	ages    = []string{"adult_unknown", "minor_unknown", "18-20", "21-23", "24-26", "27-29", "30-38", "9-17", "unknown"}
	screens = []weighted{{0, 45}, {1, 35}, {2, 12}, {3, 8}} // potential_victim, irregular_migrant, other, suspect
)

var outcomeNames = []string{"potential_victim", "irregular_migrant", "other", "suspect"}

// raiseCase opens the new-case form and submits it for the officer's own
// country, with a raid time inside the operation.
func (s *sim) raiseCase() {
	if s.acct.Role != roleOfficer {
		return
	}
	if s.openCount() >= maxOwnOpen {
		s.moveCase()
		return
	}
	path := "/cases/new"
	if s.opCode != "" {
		path += "?op=" + url.QueryEscape(s.opCode)
	}
	if _, _, ok := s.request(actNewCaseForm, http.MethodGet, path, nil, http.StatusOK); !ok {
		return
	}
	s.current = ""
	b := s.buf.Bytes()
	token, _ := csrfToken(b)
	op, ok := selectedOperation(b)
	first, last, ok2 := opDays(b)
	if !ok || !ok2 {
		s.rec.fail(actNewCaseForm, "GET /cases/new: no operation or operation days on the form")
		return
	}
	s.opCode, s.firstDay, s.lastDay = op, first, last
	raidAt, ok := s.raidTime()
	if !ok {
		s.rec.fail(actNewCaseForm, "GET /cases/new: the operation has no day before today to raid on")
		return
	}
	s.attempts++
	form := url.Values{
		"_csrf": {token}, "operation": {op}, "raising_country": {s.acct.Country},
		"title":   {fmt.Sprintf("%s (load test %d.%d)", titles[s.rng.IntN(len(titles))], s.id, s.attempts)},
		"summary": {""}, "place": {places[s.rng.IntN(len(places))]}, "country": {s.acct.Country},
		"raid_at": {raidAt}, "forms": s.someOf(caseForms, 1+s.rng.IntN(2)),
	}
	if s.rng.IntN(3) == 0 {
		form["summary"] = []string{"Simulated by ocuload: intelligence-led operation, people found on site."}
	}
	if s.rng.IntN(2) == 0 {
		form["origin"] = []string{origins[s.rng.IntN(len(origins))]}
	}
	_, loc, ok := s.request(actCreateCase, http.MethodPost, "/cases", form, http.StatusSeeOther)
	if !ok {
		return
	}
	ref, ok := refFromLocation(loc)
	if !ok {
		s.rec.fail(actCreateCase, "POST /cases: redirect to an unexpected page")
		return
	}
	s.raised++
	c := &ownCase{ref: ref, status: "raid"}
	s.own = append(s.own, c)
	s.remember([]string{ref})
	s.follow(loc, c)
}

// raidTime is a local time on one of the operation's days, none of them
// today or later (a raid cannot be in the future).
func (s *sim) raidTime() (string, bool) {
	first, err1 := time.Parse(time.DateOnly, s.firstDay)
	last, err2 := time.Parse(time.DateOnly, s.lastDay)
	if err1 != nil || err2 != nil {
		return "", false
	}
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Truncate(24 * time.Hour)
	if last.After(yesterday) {
		last = yesterday
	}
	if last.Before(first) {
		return "", false
	}
	days := int(last.Sub(first).Hours()/24) + 1
	day := first.AddDate(0, 0, s.rng.IntN(days))
	at := day.Add(time.Duration(6*60+s.rng.IntN(16*12)*5) * time.Minute)
	return at.Format("2006-01-02T15:04"), true
}

func (s *sim) someOf(from []string, n int) []string {
	out := make([]string, 0, n)
	for _, i := range s.rng.Perm(len(from))[:n] {
		out = append(out, from[i])
	}
	return out
}

func (s *sim) openCount() int { return len(s.own) }

// pickOwn is a random own case meeting cond, or nil.
func (s *sim) pickOwn(cond func(*ownCase) bool) *ownCase {
	var fit []*ownCase
	for _, c := range s.own {
		if cond(c) {
			fit = append(fit, c)
		}
	}
	if len(fit) == 0 {
		return nil
	}
	return fit[s.rng.IntN(len(fit))]
}

// addPeople records a crowd found in a raid on one of its open cases.
func (s *sim) addPeople() {
	if s.acct.Role != roleOfficer {
		return
	}
	c := s.pickOwn(func(c *ownCase) bool { return c.people < maxPeoplePerCase })
	if c == nil {
		s.raiseCase()
		return
	}
	if !s.onOwn(c) {
		return
	}
	var n int
	switch r := s.rng.IntN(100); {
	case r < 70:
		n = 1 + s.rng.IntN(10)
	case r < 95:
		n = 11 + s.rng.IntN(50)
	default:
		n = 61 + s.rng.IntN(190)
	}
	n = min(n, maxPeoplePerCase-c.people)
	nationality := ""
	if s.rng.IntN(4) != 0 {
		nationality = origins[s.rng.IntN(len(origins))]
	}
	form := url.Values{"_csrf": {c.page.csrf}, "count": {strconv.Itoa(n)}, "outcome": {"unscreened"},
		"sex": {sexes[s.rng.IntN(len(sexes))]}, "age_band": {ages[s.rng.IntN(len(ages))]},
		"nationality": {nationality}, "exploitation": {""}}
	_, loc, ok := s.request(actBulkAdd, http.MethodPost, "/cases/"+c.ref+"/people/bulk", form, http.StatusSeeOther)
	if !ok {
		s.current = ""
		return
	}
	c.people += n
	c.unscreened += n
	s.follow(loc, c)
}

// screenPeople sets an outcome on some of a case's unscreened people
// (ticked on the page) or on all of them.
func (s *sim) screenPeople() {
	if s.acct.Role != roleOfficer {
		return
	}
	c := s.pickOwn(func(c *ownCase) bool { return c.unscreened > 0 })
	if c == nil {
		s.addPeople()
		return
	}
	if !s.onOwn(c) {
		return
	}
	outcome := outcomeNames[pick(s.rng, screens)]
	form := url.Values{"_csrf": {c.page.csrf}, "outcome": {outcome}, "exploitation": {""}}
	if outcome == "potential_victim" && s.rng.IntN(2) == 0 {
		form.Set("exploitation", victimForms[s.rng.IntN(len(victimForms))])
	}
	screened := c.unscreened
	if len(c.page.unscreened) > 0 && s.rng.IntN(2) == 0 {
		k := 1 + s.rng.IntN(min(10, len(c.page.unscreened)))
		form["people"] = s.someOf(c.page.unscreened, k)
		screened = k
	} else {
		form.Set("all_unscreened", "1")
	}
	_, loc, ok := s.request(actScreen, http.MethodPost, "/cases/"+c.ref+"/people/screen", form, http.StatusSeeOther)
	if !ok {
		s.current = ""
		return
	}
	c.unscreened -= screened
	s.follow(loc, c)
}

// moveCase moves one of its cases on: raid to screening once people are
// recorded, screening to closed (with the reason the workflow asks for)
// once everyone is screened. Referral needs an arrested, charged suspect,
// which the tool does not record, so its cases are closed.
func (s *sim) moveCase() {
	if s.acct.Role != roleOfficer {
		return
	}
	c := s.pickOwn(func(c *ownCase) bool {
		return c.status == "raid" && c.people > 0 || c.status == "screening" && c.unscreened == 0
	})
	if c == nil {
		switch {
		case s.pickOwn(func(c *ownCase) bool { return c.status == "screening" }) != nil:
			s.screenPeople()
		case len(s.own) > 0:
			s.addPeople()
		default:
			s.raiseCase()
		}
		return
	}
	to, note := "screening", "Interviews with the people found have started."
	if c.status == "screening" {
		to, note = "closed", "Screening finished; no suspect to refer for prosecution (load test)."
	}
	if !s.onOwn(c) {
		return
	}
	offered := false
	for _, m := range c.page.moves {
		offered = offered || m == to
	}
	if !offered {
		// The page does not offer the move the case's records allow: the
		// tool and the server disagree. Nothing is posted.
		s.rec.fail(actTransition, fmt.Sprintf("GET /cases/:ref: no button to move a case in %s to %s", c.status, to))
		s.current = ""
		return
	}
	// Referring and closing ask first (a confirmation page, nothing done):
	// the simulated officer sends what its Confirm button sends.
	form := url.Values{"_csrf": {c.page.csrf}, "version": {strconv.Itoa(c.page.version)}, "note": {note}, "to": {to}, "confirm": {"1"}}
	_, loc, ok := s.request(actTransition, http.MethodPost, "/cases/"+c.ref+"/transitions", form, http.StatusSeeOther)
	if !ok {
		s.current = ""
		return
	}
	c.status = to
	if to == "closed" {
		for i, o := range s.own {
			if o == c {
				s.own = append(s.own[:i], s.own[i+1:]...)
				break
			}
		}
		s.follow(loc, nil)
		return
	}
	s.follow(loc, c)
}
