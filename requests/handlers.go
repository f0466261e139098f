package requests

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Handler serves the requests' pages and API.
type Handler struct {
	Store  *Store
	Units  *units.Store
	Layout web.Layout
	// Attachments, when set, renders the evidence files section of a
	// request's page (the files package); nil shows none.
	Attachments func(ctx context.Context, requestID int64, mayAttach bool) templ.Component
}

// Register mounts the handler's routes.
func (h *Handler) Register(r web.Routes) {
	r.Pages.GET("/requests", h.list)
	r.Pages.GET("/cases/:ref/requests/new", h.newForm)
	r.Pages.GET("/requests/from-match/:id", h.fromMatch)
	r.Pages.GET("/requests/from-alert/:id", h.fromAlert)
	r.Pages.POST("/requests", h.send)
	r.Pages.GET("/requests/:id", h.show)
	r.Pages.POST("/requests/:id", h.act)
	r.API.GET("/requests", h.apiList)
	r.API.POST("/requests", h.apiSend)
	r.API.GET("/requests/:id", h.apiGet)
	r.API.POST("/requests/:id/:action", h.apiAct)
}

// requestID reads the route's id; a malformed one is a request that does
// not exist.
func requestID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ocu.Errorf(ocu.NotFound, "error.request_not_found", c.Param("id"))
	}
	return id, nil
}

func (h *Handler) page(ctx context.Context, title string) (views.Page, error) {
	return h.Layout.CurrentPage(ctx, title, "requests")
}

func (h *Handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	box := c.QueryParam("box")
	if box != "in" && box != "out" {
		box = ""
	}
	list, err := h.Store.List(ctx, Filter{Box: box})
	if err != nil {
		return err
	}
	d := views.RequestsListData{Box: box, Rows: Rows(ctx, list, h.Store.Now())}
	if d.Page, err = h.page(ctx, views.T(ctx, "requests.title")); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.RequestsList(d))
}

// Rows turns requests into list rows for the reader.
func Rows(ctx context.Context, list []Request, now time.Time) []views.RequestRow {
	out := make([]views.RequestRow, 0, len(list))
	for _, r := range list {
		out = append(out, views.RequestRow{Href: "/requests/" + strconv.FormatInt(r.ID, 10), Subject: r.Subject, Case: r.CaseRef,
			From: sideName(ctx, r.FromUnitCode, r.FromCountry), To: sideName(ctx, r.ToUnitCode, r.ToCountry),
			Status: views.T(ctx, "requests.status."+r.Status), StatusCode: r.Status, Priority: views.T(ctx, "requests.priority."+r.Priority),
			Due: views.When(ctx, r.DueAt, nil), Overdue: r.Overdue(now)})
	}
	return out
}

// sideName names a side: a country (with its OCU) or an OCU.
func sideName(ctx context.Context, unit string, country *string) string {
	if country != nil {
		return views.T(ctx, "requests.side_country", *country, unit)
	}
	return views.T(ctx, "requests.side_unit", unit)
}

func (h *Handler) newForm(c echo.Context) error {
	in := Input{Case: c.Param("ref"), ToCountry: c.QueryParam("to_country"), ToUnit: c.QueryParam("to_unit"),
		Subject: c.QueryParam("subject"), Priority: c.QueryParam("priority"), Due: c.QueryParam("due"), Origin: c.QueryParam("origin"),
		People: c.QueryParams()["people"]}
	if in.Case == "" {
		return ocu.Errorf(ocu.NotFound, "error.case_not_found", "")
	}
	if in.Priority == "" {
		in.Priority = "routine"
	}
	if in.Due == "" {
		in.Due = h.Store.Now().AddDate(0, 0, 7).Format("2006-01-02")
	}
	return h.renderForm(c, http.StatusOK, in, nil)
}

// prefilled sends the reader to the new request's form filled from in:
// one step from a match or an alert to a request ready to send.
func prefilled(c echo.Context, in Input) error {
	v := url.Values{"priority": {in.Priority}, "due": {in.Due}, "origin": {in.Origin}}
	if in.ToCountry != "" {
		v.Set("to_country", in.ToCountry)
	}
	if in.ToUnit != "" {
		v.Set("to_unit", in.ToUnit)
	}
	for _, p := range in.People {
		v.Add("people", p)
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+url.PathEscape(in.Case)+"/requests/new?"+v.Encode())
}

func (h *Handler) fromMatch(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return ocu.Errorf(ocu.NotFound, "error.match_not_found", 0)
	}
	in, err := h.Store.FromMatch(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return prefilled(c, in)
}

func (h *Handler) fromAlert(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return ocu.Errorf(ocu.NotFound, "error.alert_not_found", c.Param("id"))
	}
	in, err := h.Store.FromAlert(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return prefilled(c, in)
}

// renderForm shows the form of a new request, as typed, with refusal's
// messages.
func (h *Handler) renderForm(c echo.Context, status int, in Input, refusal error) error {
	ctx := c.Request().Context()
	ch, err := h.Store.Choices(ctx, in.Case)
	if err != nil {
		return err
	}
	d := views.RequestFormData{Case: ch.CaseRef, CaseHref: "/cases/" + ch.CaseRef, ToCountry: in.ToCountry, ToUnit: in.ToUnit,
		Subject: in.Subject, Question: in.Question, Priority: in.Priority, Due: in.Due, Origin: in.Origin}
	var de *ocu.Error
	if errors.As(refusal, &de) {
		d.Error, d.Errors = de.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	for _, a := range snap.Attached(ch.OperationID) {
		d.Countries = append(d.Countries, views.Option{Value: a.ISO2, Label: a.Name + " (" + a.UnitCode + ")", Selected: a.ISO2 == in.ToCountry})
	}
	for _, u := range snap.Units() {
		d.Units = append(d.Units, views.Option{Value: u.Code, Label: u.Code + " · " + u.City, Selected: u.Code == in.ToUnit})
	}
	for _, p := range Priorities {
		d.Priorities = append(d.Priorities, views.Option{Value: p, Label: views.T(ctx, "requests.priority."+p), Selected: p == in.Priority})
	}
	chosen := map[string]bool{}
	for _, p := range in.People {
		chosen["person:"+p] = true
	}
	for _, id := range in.Identifiers {
		chosen["identifier:"+strconv.FormatInt(id, 10)] = true
	}
	for _, id := range in.Seizures {
		chosen["seizure:"+strconv.FormatInt(id, 10)] = true
	}
	for _, x := range ch.Choices {
		rc := views.RequestChoice{Value: x.Value, Label: x.Label, Checked: chosen[x.Kind+":"+x.Value]}
		switch x.Kind {
		case "person":
			d.People = append(d.People, rc)
		case "identifier":
			d.Identifiers = append(d.Identifiers, rc)
		default:
			d.Seizures = append(d.Seizures, rc)
		}
	}
	if d.Page, err = h.page(ctx, views.T(ctx, "requests.new_heading", ch.CaseRef)); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.RequestForm(d))
}

func ids(vals []string) []int64 {
	var out []int64
	for _, v := range vals {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, n)
		} else {
			out = append(out, -1) // refused as not of the case
		}
	}
	return out
}

func (h *Handler) send(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	in := Input{Case: form.Get("case"), ToCountry: form.Get("to_country"), ToUnit: form.Get("to_unit"), Subject: form.Get("subject"),
		Question: form.Get("question"), Priority: form.Get("priority"), Due: form.Get("due"), Origin: form.Get("origin"),
		People: form["people"], Identifiers: ids(form["identifiers"]), Seizures: ids(form["seizures"])}
	r, err := h.Store.Send(c.Request().Context(), in)
	if err != nil {
		if k := ocu.KindOf(err); k == ocu.Invalid || k == ocu.Conflict {
			return h.renderForm(c, web.Status(k), in, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/requests/"+strconv.FormatInt(r.ID, 10)+"?saved=sent")
}

func (h *Handler) show(c echo.Context) error {
	id, err := requestID(c)
	if err != nil {
		return err
	}
	return h.renderRequest(c, http.StatusOK, id, "", nil)
}

// renderRequest shows request id, with the text the reader typed and
// refusal's messages when an action was refused.
func (h *Handler) renderRequest(c echo.Context, status int, id int64, body string, refusal error) error {
	ctx := c.Request().Context()
	r, err := h.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := h.Store.RecordIdentityView(ctx, r); err != nil {
		return err
	}
	d := views.RequestPageData{ID: strconv.FormatInt(r.ID, 10), Action: "/requests/" + strconv.FormatInt(r.ID, 10),
		Subject: r.Subject, Question: r.Question, Priority: views.T(ctx, "requests.priority."+r.Priority),
		Status: views.T(ctx, "requests.status."+r.Status), StatusCode: r.Status, Case: r.CaseRef,
		From: sideName(ctx, r.FromUnitCode, r.FromCountry), To: sideName(ctx, r.ToUnitCode, r.ToCountry), SentBy: r.SentBy,
		DeclineReason: r.DeclineReason, Origin: r.Origin, Due: views.When(ctx, r.DueAt, nil), Sent: views.When(ctx, r.CreatedAt, nil),
		Overdue: r.Overdue, Escalated: r.EscalatedAt != nil, Identities: r.Identities, Version: r.Version, Body: body}
	if r.CaseSeen {
		d.CaseHref = "/cases/" + r.CaseRef
	}
	if s := c.QueryParam("saved"); s == "sent" || s == Acknowledge || s == Reply || s == Answer || s == Close || s == Decline {
		d.Saved = views.T(ctx, "requests.saved."+s)
	}
	var de *ocu.Error
	if errors.As(refusal, &de) {
		d.Error, d.Errors = de.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
	}
	for _, p := range r.Extract.People {
		d.People = append(d.People, views.RequestPersonRow{Pseudonym: p.Pseudonym, Outcome: views.T(ctx, "requests.outcome."+p.Outcome),
			Sex: p.Sex, AgeBand: p.AgeBand, Nationality: p.Nationality, Charges: p.Charges, Name: p.Name, BirthDate: p.BirthDate, Arrested: p.Arrested})
	}
	for _, x := range r.Extract.Identifiers {
		d.Identifiers = append(d.Identifiers, views.RequestIdentifierRow{Person: x.Pseudonym, Kind: x.Kind + " " + x.DocType + " " + x.Country, Value: x.Value})
	}
	for _, z := range r.Extract.Seizures {
		d.Seizures = append(d.Seizures, views.RequestSeizureRow{Kind: z.Kind, Description: z.Description,
			Quantity: strconv.FormatFloat(z.Quantity, 'f', -1, 64) + " " + z.Unit + " " + z.Currency})
	}
	for _, m := range r.Thread {
		d.Thread = append(d.Thread, views.RequestMessageRow{What: views.T(ctx, "requests.message."+m.Kind), Body: m.Body,
			Author: m.Author, Side: m.Side, At: views.When(ctx, m.At, nil)})
	}
	for _, a := range []string{Acknowledge, Answer, Reply, Close, Decline} {
		if r.May(a) {
			d.Actions = append(d.Actions, a)
		}
	}
	if h.Attachments != nil {
		d.Attachments = h.Attachments(ctx, r.ID, r.Open() && (r.Sender || r.Recipient))
	}
	if d.Page, err = h.page(ctx, r.Subject); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.RequestPage(d))
}

func (h *Handler) act(c echo.Context) error {
	id, err := requestID(c)
	if err != nil {
		return err
	}
	action, body := c.FormValue("action"), c.FormValue("body")
	v, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := h.Store.Act(c.Request().Context(), id, action, body, v); err != nil {
		if k := ocu.KindOf(err); k == ocu.Invalid || k == ocu.Conflict {
			return h.renderRequest(c, web.Status(k), id, body, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/requests/"+strconv.FormatInt(id, 10)+"?saved="+action)
}

// CaseSection is the requests section of a case page, for cases.Handler:
// the requests about the case the reader sees (whoever sees the case sees
// them all), and the way to ask when the reader works the case.
func CaseSection(s *Store) func(ctx context.Context, caseID int64, reference string) (views.CaseRequestsData, error) {
	return func(ctx context.Context, caseID int64, reference string) (views.CaseRequestsData, error) {
		var d views.CaseRequestsData
		list, err := s.ForCase(ctx, caseID)
		if err != nil {
			return d, err
		}
		d.Rows = Rows(ctx, list, s.Now())
		c, err := seenCase(s.db.Read.WithContext(ctx), principal(ctx), reference)
		if err != nil {
			return d, err
		}
		if principal(ctx).MayAskAbout(c.UnitID, c.RaisingCountry, c.Partners) {
			d.NewHref = "/cases/" + url.PathEscape(reference) + "/requests/new"
		}
		return d, nil
	}
}
