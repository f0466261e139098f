package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Handler serves the audit trail to administrators: the page, its JSON
// form, and the check of the hash chain. The trail holds the details of
// changes to victims' and suspects' records, so every route is guarded
// where it is mounted rather than trusting a menu to hide it. Its pages
// read only the database: their layout is web.BarePage.
type Handler struct{ DB *db.DB }

// MaxAnchorParam is the most characters the anchor to check may hold in
// the verify page's address, more than any other parameter: an anchor
// longer than the form takes (maxAnchorLen) but within this comes back on
// the page with what is wrong, rather than as a bare refusal.
const MaxAnchorParam = 1000

// Register mounts the routes, each for administrators alone.
func (h *Handler) Register(r web.Routes) {
	admin := r.Pages.With(web.Admin)
	admin.GET("/admin/audit", h.page)
	admin.Param("anchor", MaxAnchorParam).GET("/admin/audit/verify", h.verify)
	r.API.GET("/audit", h.api, web.Admin)
}

// maxFilterLen bounds the text filters; no action, subject or username is
// anywhere near it.
const maxFilterLen = 200

// parseFilter reads the filters from the query string, reporting each one
// that cannot be read under its parameter's name.
func parseFilter(q url.Values) (Filter, views.AuditFilterValues, error) {
	v := views.AuditFilterValues{
		User: strings.TrimSpace(q.Get("user")), Action: strings.TrimSpace(q.Get("action")),
		Subject: strings.TrimSpace(q.Get("subject")), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
	}
	f := Filter{User: v.User, Action: v.Action, Subject: v.Subject}
	fe := ocu.FieldErrors{}
	for name, s := range map[string]string{"user": v.User, "action": v.Action, "subject": v.Subject} {
		if utf8.RuneCountInString(s) > maxFilterLen {
			fe.Add(name, "audit.error.too_long", maxFilterLen)
		}
	}
	readDay := func(name, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			fe.Add(name, "audit.error.day")
		}
		return t
	}
	f.From, f.To = readDay("from", v.From), readDay("to", v.To)
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		fe.Add("to", "audit.error.day_order")
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			fe.Add("page", "error.page_number")
		}
		f.Page = n
	}
	if err := fe.Err(); err != nil {
		// The catalogue's summary speaks of saving; nothing is saved here.
		e := err.(*ocu.Error)
		e.Message = ocu.Msg("audit.error.filters")
		return f, v, e
	}
	return f, v, nil
}

// page is GET /admin/audit. Filters that cannot be read bring the form back
// as typed, with what to fix, and a 422.
func (h *Handler) page(c echo.Context) error {
	ctx := c.Request().Context()
	d := views.AuditData{Page: web.BarePage(ctx, views.T(ctx, "audit.title"), "admin")}
	f, v, err := parseFilter(c.QueryParams())
	d.Filter = v
	if e, ok := err.(*ocu.Error); ok && len(e.Fields) == 1 && e.Fields["page"].Key != "" {
		// A page number that is not one shows page 1, as every paged
		// list does, with a note.
		d.Page.Notice = views.T(ctx, "list.page_not_a_number", c.QueryParam("page"))
		f.Page, err = 1, nil
	}
	if err != nil {
		var e *ocu.Error
		if !errors.As(err, &e) {
			return err
		}
		d.Summary, d.Errors = e.Translate(func(key string, args ...any) string { return views.T(ctx, key, args...) })
		if msg, ok := d.Errors["page"]; ok {
			// No input for the page number: say it in the summary.
			d.Summary += " " + msg
		}
		return views.Render(ctx, c.Response(), http.StatusUnprocessableEntity, views.Audit(d))
	}
	list, err := h.read(ctx, f)
	if err != nil {
		return err
	}
	if last := list.Pages(); list.Page > last {
		d.Page.Notice = views.T(ctx, "list.page_past_end", list.Page, last)
		f.Page = last
		if list, err = h.read(ctx, f); err != nil {
			return err
		}
	}
	// Read after the page's own audit.view entry: the head as it is now.
	if d.Head, err = h.head(ctx); err != nil {
		return err
	}
	d.Total, d.PageNo, d.Pages = list.Total, list.Page, list.Pages()
	for _, it := range list.Entries {
		d.Rows = append(d.Rows, auditRow(ctx, it))
	}
	pageHref := func(n int) string {
		q := url.Values{}
		for k, s := range map[string]string{"user": v.User, "action": v.Action, "subject": v.Subject, "from": v.From, "to": v.To} {
			if s != "" {
				q.Set(k, s)
			}
		}
		q.Set("page", strconv.Itoa(n))
		return "/admin/audit?" + q.Encode()
	}
	if d.PageNo > 1 {
		d.PrevHref = pageHref(min(d.PageNo-1, d.Pages))
	}
	if d.PageNo < d.Pages {
		d.NextHref = pageHref(d.PageNo + 1)
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.Audit(d))
}

// shortDetails is how many characters of an entry's details the closed
// <details> element shows.
const shortDetails = 80

func auditRow(ctx context.Context, it Item) views.AuditRow {
	r := views.AuditRow{
		ID: strconv.FormatInt(it.ID, 10), At: views.WhenExact(ctx, it.At, nil),
		User: it.Username, Address: it.Address, Action: it.Action, Subject: it.Subject,
	}
	switch strings.TrimSpace(it.Details) {
	case "", "null", "{}":
		return r
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(it.Details), "", "  "); err != nil {
		// Not JSON: only an edit of the file does that. Show it as stored.
		r.DetailsFull = it.Details
	} else {
		r.DetailsFull = readable(pretty.String())
	}
	r.DetailsShort = readable(it.Details)
	if utf8.RuneCountInString(r.DetailsShort) > shortDetails {
		r.DetailsShort = string([]rune(r.DetailsShort)[:shortDetails]) + "…"
	}
	return r
}

// htmlSafe are the escapes json.Marshal writes for "<", ">" and "&" so that
// JSON can sit in HTML. The page escapes its text anyway, so they only make
// "Smith & Co" unreadable.
var htmlSafe = map[string]string{`\u003c`: "<", `\u003e`: ">", `\u0026`: "&"}

// readable undoes htmlSafe's escapes in JSON text, and no others: each
// backslash starts an escape, so copying escapes whole keeps "\\u003c" (a
// backslash, then "u003c") as it is.
func readable(js string) string {
	if !strings.Contains(js, `\u00`) {
		return js
	}
	var b strings.Builder
	for i := 0; i < len(js); i++ {
		if js[i] != '\\' || i+1 >= len(js) {
			b.WriteByte(js[i])
			continue
		}
		if i+6 <= len(js) {
			if c, ok := htmlSafe[js[i:i+6]]; ok {
				b.WriteString(c)
				i += 5
				continue
			}
		}
		b.WriteString(js[i : i+2])
		i++
	}
	return b.String()
}

// verify is GET /admin/audit/verify: the whole chain, checked now. It reads
// every entry: about five seconds per million on a small server.
func (h *Handler) verify(c echo.Context) error {
	ctx := c.Request().Context()
	head, err := h.head(ctx)
	if err != nil {
		return err
	}
	// An anchor pasted into the form is checked with the chain; one that
	// cannot be read brings the form back with what to fix.
	status := http.StatusOK
	var anchor *Anchor
	head.Input = strings.TrimSpace(c.QueryParam("anchor"))
	if head.Input != "" {
		if utf8.RuneCountInString(head.Input) > maxAnchorLen {
			head.Error = views.T(ctx, "audit.anchor.error.too_long", maxAnchorLen)
		} else if a, err := ParseAnchor(head.Input); err != nil {
			head.Error = views.T(ctx, "audit.anchor.error.format")
		} else {
			anchor = &a
		}
		if head.Error != "" {
			status = http.StatusUnprocessableEntity
		}
	}
	var res Result
	if anchor != nil {
		res, err = VerifyAnchor(ctx, h.DB, *anchor)
	} else {
		res, err = Verify(ctx, h.DB)
	}
	if err != nil {
		return err
	}
	d := views.AuditVerifyData{
		Page:    web.BarePage(ctx, views.T(ctx, "audit.verify.title"), "admin"),
		Checked: res.Entries, Intact: res.FirstBroken == 0, Head: head,
	}
	if !d.Intact {
		d.BrokenID = strconv.FormatInt(res.FirstBroken, 10)
		d.Reason = reasonText(ctx, res.Reason)
	}
	if anchor != nil {
		d.Anchor = anchorCheck(ctx, *anchor, res)
	}
	return views.Render(ctx, c.Response(), status, views.AuditVerify(d))
}

// maxAnchorLen bounds the anchor form: a signed anchor is about 190
// characters.
const maxAnchorLen = 400

// head is the trail's head as the pages offer it to copy.
func (h *Handler) head(ctx context.Context) (views.AuditHead, error) {
	a, err := Head(ctx, h.DB)
	if err != nil {
		return views.AuditHead{}, err
	}
	return views.AuditHead{Anchor: a.String(), Signed: a.Signed()}, nil
}

// anchorCheck is what the page says of anchor a after the walk res: whether
// the trail holds it, and what is known of its signature. With an anchor key
// set here, anchors must be signed by it: an unsigned or wrongly signed one
// fails, since anyone could have written it.
func anchorCheck(ctx context.Context, a Anchor, res Result) *views.AuditAnchorCheck {
	out := &views.AuditAnchorCheck{ID: strconv.FormatInt(a.ID, 10), Holds: res.AnchorProblem == ""}
	if !out.Holds {
		out.Problem = reasonText(ctx, res.AnchorProblem)
	}
	pub := AnchorPublicKey()
	if pub == nil {
		out.Signature = views.T(ctx, "audit.anchor.not_signed")
		if a.Signed() {
			out.Signature = views.T(ctx, "audit.anchor.sig_unchecked")
		}
		return out
	}
	err := a.CheckSignature(pub)
	switch {
	case err == nil:
		out.Signature, out.SigOK = views.T(ctx, "audit.anchor.sig_valid"), true
		return out
	case errors.Is(err, ErrAnchorUnsigned):
		out.Signature = views.T(ctx, "audit.anchor.sig_unsigned")
	default:
		out.Signature = views.T(ctx, "audit.anchor.sig_bad")
	}
	if out.Holds {
		out.Holds, out.Problem = false, out.Signature
	}
	return out
}

// reasonText is a Verify reason through the catalogue.
func reasonText(ctx context.Context, reason string) string {
	if key, ok := reasonKeys[reason]; ok {
		return views.T(ctx, key)
	}
	return reason
}

// reasonKeys are the catalogue keys of Verify's reasons.
var reasonKeys = map[string]string{
	reasonUnreadable: "audit.reason.unreadable",
	reasonAltered:    "audit.reason.altered",
	reasonFirst:      "audit.reason.first",
	reasonLink:       "audit.reason.link",

	reasonAnchorCut:      "audit.reason.anchor_cut",
	reasonAnchorMissing:  "audit.reason.anchor_missing",
	reasonAnchorHash:     "audit.reason.anchor_hash",
	reasonAnchorTime:     "audit.reason.anchor_time",
	reasonAnchorUnproven: "audit.reason.anchor_unproven",
}

// entryJSON is an entry in the API. Details go out as the JSON they are,
// not as a string holding JSON.
type entryJSON struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	Username string          `json:"username"`
	Address  string          `json:"address"`
	Action   string          `json:"action"`
	Subject  string          `json:"subject"`
	Details  json.RawMessage `json:"details"`
	Hash     string          `json:"hash"`
}

type listJSON struct {
	Entries []entryJSON `json:"entries"`
	Total   int64       `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
}

// api is GET /api/v1/audit: the page's filters and paging, as JSON.
func (h *Handler) api(c echo.Context) error {
	ctx := c.Request().Context()
	f, _, err := parseFilter(c.QueryParams())
	if err != nil {
		return err
	}
	list, err := h.read(ctx, f)
	if err != nil {
		return err
	}
	if last := list.Pages(); list.Page > last {
		return web.PageNotFound(list.Page, last)
	}
	out := listJSON{Entries: make([]entryJSON, 0, len(list.Entries)), Total: list.Total, Page: list.Page, PerPage: PerPage}
	for _, it := range list.Entries {
		details := json.RawMessage(it.Details)
		if !json.Valid(details) {
			// Only an edit of the file stores invalid JSON; send it as a
			// string rather than fail the whole answer.
			details, _ = json.Marshal(it.Details)
		}
		out.Entries = append(out.Entries, entryJSON{
			ID: it.ID, At: it.At, Username: it.Username, Address: it.Address,
			Action: it.Action, Subject: it.Subject, Details: details, Hash: it.Hash,
		})
	}
	return c.JSON(http.StatusOK, out)
}

// read lists entries and records that they were read: the trail says who
// worked on which case and person, when and from where, so reading it
// leaves a trace like any other view of such records.
func (h *Handler) read(ctx context.Context, f Filter) (ListPage, error) {
	list, err := List(ctx, h.DB, f)
	if err != nil {
		return list, err
	}
	return list, (&Log{DB: h.DB}).Append(ctx, Entry{Action: "audit.view",
		Details: map[string]any{"user": f.User, "action": f.Action, "subject": f.Subject, "from": f.From, "to": f.To, "page": f.Page}})
}
