package units

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Daily activity returns: the grid of an operation's returns, the form for
// one country and day, and the JSON API. Routes are mounted in Register.

// Day labels on the returns pages. Days are calendar dates, so no zone.
const (
	dayShort = "Mon 2 Jan"
	dayLong  = "Mon 2 Jan 2006"
	// filedLayout shows filing times in the OCU's local time; the page names
	// the zone once (abbreviations mislead: Manila's is "PST").
	filedLayout = "Mon 2 Jan 2006 15:04 MST" // the OCU's zone, named
)

// returnsGrid is GET /returns?op=CODE&unit=MNL: one row per attached
// country, one column per operation day. An unknown OCU code shows every
// OCU, as the case list does: a hand-edited address still shows a page.
func (h *Handler) returnsGrid(c echo.Context) error {
	ctx := c.Request().Context()
	op, err := h.Store.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	snap, err := h.Store.Snapshot(ctx)
	if err != nil {
		return err
	}
	sel := gridSelection(ctx, snap, op, c.QueryParams())
	unit, oneUnit, country := sel.unit, sel.oneUnit, sel.country
	var unitID int64
	if oneUnit {
		unitID = unit.ID
	}
	rs, err := h.Store.Returns(ctx, op.ID, unitID, country)
	if err != nil {
		return err
	}
	filed := make(map[[2]string]Return, len(rs))
	for _, r := range rs {
		filed[[2]string{r.CountryISO2, r.Day}] = r
	}

	d := views.ReturnsGridData{ShowUnit: !oneUnit, Country: snap.CountryName(country), WiderHref: sel.widerHref, WiderLabel: sel.widerLabel,
		OwnHref: sel.ownHref, OwnLabel: sel.ownLabel}
	for _, u := range snap.Units() {
		d.Units = append(d.Units, views.Option{Value: u.Code, Label: unitLabel(ctx, u), Selected: oneUnit && u.ID == unit.ID})
	}
	days := op.Days()
	for _, day := range days {
		d.Days = append(d.Days, views.ReturnDay{Date: day, Label: dayLabel(ctx, day, dayShort)})
	}
	d.Totals = make([]views.ReturnTotal, len(days))
	now := time.Now()
	for _, a := range snap.Attached(op.ID) {
		if oneUnit && a.UnitID != unit.ID || country != "" && a.ISO2 != country {
			continue
		}
		today := now.In(snap.UnitByID(a.UnitID).Location()).Format(time.DateOnly)
		row := views.ReturnGridRow{Name: a.Name, Unit: a.UnitCode}
		for i, day := range days {
			var cell views.ReturnCell
			r, ok := filed[[2]string{a.ISO2, day}]
			if ok || day <= today {
				// Due: the day has begun where the country's OCU is.
				cell.Href = returnHref(op.Code, a.ISO2, day)
				d.Totals[i].Expected++
				d.Expected++
			}
			shown := views.T(ctx, "returns.missing")
			if ok {
				cell.Filed, cell.Flights, cell.Checks = true, r.FlightsMonitored, r.DatabaseChecks
				d.Totals[i].Filed++
				d.Totals[i].Flights += r.FlightsMonitored
				d.Totals[i].Checks += r.DatabaseChecks
				d.Filed++
				shown = views.T(ctx, "returns.cell_figures", views.NumIn(ctx, r.FlightsMonitored), views.NumIn(ctx, r.DatabaseChecks))
			}
			cell.Label = views.T(ctx, "returns.cell_label", a.Name, d.Days[i].Label, shown)
			row.Cells = append(row.Cells, cell)
		}
		d.Rows = append(d.Rows, row)
	}
	// The confirmation names the return from the reference data, never
	// echoing the query string.
	if a, ok := snap.Attachment(op.ID, c.QueryParam("saved")); ok && slices.Contains(days, c.QueryParam("day")) {
		d.Saved = views.T(ctx, "returns.saved", snap.CountryName(a.CountryISO2), dayLabel(ctx, c.QueryParam("day"), dayLong))
	}
	if d.Page, err = h.Layout.Page(ctx, views.T(ctx, "returns.title"), "returns", op.Ref()); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.ReturnsGrid(d))
}

// returnSlot is a country and day of an operation for which a return can
// be filed: the address of a return form.
type returnSlot struct {
	op         Operation
	unit       Unit
	iso2, name string
	day        string
}

// slot resolves the address of a return form. A country that does not take
// part or a day outside the operation names no form: NotFound.
func (h *Handler) slot(ctx context.Context, opCode, country, day string) (returnSlot, error) {
	op, err := h.Store.OperationOrCurrent(ctx, opCode)
	if err != nil {
		return returnSlot{}, err
	}
	snap, err := h.Store.Snapshot(ctx)
	if err != nil {
		return returnSlot{}, err
	}
	iso2 := norm(country)
	a, ok := snap.Attachment(op.ID, iso2)
	if !ok {
		return returnSlot{}, ocu.Errorf(ocu.NotFound, "error.country_not_participating", iso2, op.Code)
	}
	if !slices.Contains(op.Days(), day) {
		return returnSlot{}, ocu.Errorf(ocu.NotFound, "error.return_day_outside", op.FirstDay, op.LastDay)
	}
	return returnSlot{op: op, unit: snap.UnitByID(a.UnitID), iso2: iso2, name: snap.CountryName(iso2), day: day}, nil
}

// returnForm is GET /returns/:country/:day?op=CODE: the form, filled with
// the figures filed so far, and their history.
func (h *Handler) returnForm(c echo.Context) error {
	ctx := c.Request().Context()
	s, err := h.slot(ctx, c.QueryParam("op"), c.Param("country"), c.Param("day"))
	if err != nil {
		return err
	}
	cur, found, err := h.Store.ReturnAt(ctx, s.op.ID, s.iso2, s.day)
	if err != nil {
		return err
	}
	// The name is the officer's who fills the form now, not whoever filed
	// the figures being corrected.
	v := views.ReturnFormValues{Operation: s.op.Code}
	if found {
		v.DatabaseChecks = strconv.FormatInt(cur.DatabaseChecks, 10)
		v.FlightsMonitored = strconv.FormatInt(cur.FlightsMonitored, 10)
		v.BorderPoints = strconv.FormatInt(cur.BorderPoints, 10)
		v.OfficersDeployed = strconv.FormatInt(cur.OfficersDeployed, 10)
		v.Version = cur.Version
	}
	return h.renderReturnForm(c, http.StatusOK, s, v, nil, nil)
}

// fileReturnForm is POST /returns/:country/:day. Success goes back to the
// grid; invalid input comes back as typed (422); a save on a stale copy
// comes back as typed with the newer figures shown and the newer version in
// the form (409), so saving again is a deliberate choice.
func (h *Handler) fileReturnForm(c echo.Context) error {
	ctx := c.Request().Context()
	f, err := c.FormParams()
	if err != nil {
		return ocu.Errorf(ocu.Invalid, "error.form_unreadable")
	}
	version, err := strconv.Atoi(strings.TrimSpace(f.Get("version")))
	if err != nil || version < 0 {
		return ocu.Errorf(ocu.Invalid, "error.return_version_missing")
	}
	v := views.ReturnFormValues{
		Operation: f.Get("operation"), DatabaseChecks: f.Get("database_checks"),
		FlightsMonitored: f.Get("flights_monitored"), BorderPoints: f.Get("border_points"),
		OfficersDeployed: f.Get("officers_deployed"), FiledBy: f.Get("filed_by"), Version: version,
	}
	in := ReturnInput{
		Operation: v.Operation, Country: c.Param("country"), Day: c.Param("day"),
		DatabaseChecks: v.DatabaseChecks, FlightsMonitored: v.FlightsMonitored,
		BorderPoints: v.BorderPoints, OfficersDeployed: v.OfficersDeployed,
		FiledBy: v.FiledBy, Version: &version,
	}
	r, _, err := h.Store.FileReturn(ctx, in)
	if err == nil {
		s, serr := h.slot(ctx, v.Operation, r.CountryISO2, r.Day)
		if serr != nil {
			return serr
		}
		q := url.Values{"op": {s.op.Code}, "unit": {s.unit.Code}, "saved": {s.iso2}, "day": {s.day}}
		return c.Redirect(http.StatusSeeOther, "/returns?"+q.Encode())
	}
	e, ok := asOcuError(err)
	if !ok || !(e.Kind == ocu.Invalid || (e.Kind == ocu.Conflict && e.Current != nil)) {
		return err
	}
	s, serr := h.slot(ctx, v.Operation, c.Param("country"), c.Param("day"))
	if serr != nil {
		// The address itself is wrong, so there is no form to show again:
		// the error page lists what the store refused.
		return err
	}
	if e.Kind == ocu.Invalid {
		return h.renderReturnForm(c, http.StatusUnprocessableEntity, s, v, e, nil)
	}
	newer, ok := e.Current.(Return)
	if !ok {
		return err
	}
	v.Version = newer.Version
	return h.renderReturnForm(c, http.StatusConflict, s, v, nil, &newer)
}

// inputFields are the fields the return form has an input for; the others
// (operation, country, day, version) come from the address or hidden
// fields, so their errors are listed without a link.
var inputFields = []string{"database_checks", "flights_monitored", "border_points", "officers_deployed", "filed_by"}

func (h *Handler) renderReturnForm(c echo.Context, status int, s returnSlot, v views.ReturnFormValues, invalid *ocu.Error, stale *Return) error {
	ctx := c.Request().Context()
	loc := s.unit.Location()
	d := views.ReturnFormData{
		CountryName: s.name, DayLabel: dayLabel(ctx, s.day, dayLong),
		UnitName: unitLabel(ctx, s.unit), Zone: s.unit.TimeZone,
		Action:   "/returns/" + s.iso2 + "/" + s.day,
		GridHref: gridHref(s.op.Code, s.unit.Code), Values: v,
	}
	if d.Values.Operation == "" {
		d.Values.Operation = s.op.Code
	}
	cur, found, err := h.Store.ReturnAt(ctx, s.op.ID, s.iso2, s.day)
	if err != nil {
		return err
	}
	if found {
		f := returnFigures(ctx, cur.Version, cur.DatabaseChecks, cur.FlightsMonitored, cur.BorderPoints, cur.OfficersDeployed, cur.FiledBy, cur.FiledAt, loc)
		d.Current = &f
		revs, err := h.Store.ReturnHistory(ctx, cur.ID)
		if err != nil {
			return err
		}
		for _, r := range revs {
			f := returnFigures(ctx, r.Version, r.DatabaseChecks, r.FlightsMonitored, r.BorderPoints, r.OfficersDeployed, r.FiledBy, r.FiledAt, loc)
			f.ReplacedAt = views.FormatTime(ctx, r.ReplacedAt.In(loc), filedLayout)
			d.History = append(d.History, f)
		}
	}
	if invalid != nil {
		t := func(key string, args ...any) string { return views.T(ctx, key, args...) }
		d.Summary, d.Errors = invalid.Translate(t)
		for _, field := range ReturnFields {
			if msg, ok := d.Errors[field]; ok {
				d.ErrorList = append(d.ErrorList, views.FieldMessage{
					Field: field, Label: views.T(ctx, "returns.field."+field), Message: msg,
					Anchored: slices.Contains(inputFields, field),
				})
			}
		}
	}
	if stale != nil {
		f := returnFigures(ctx, stale.Version, stale.DatabaseChecks, stale.FlightsMonitored, stale.BorderPoints, stale.OfficersDeployed, stale.FiledBy, stale.FiledAt, loc)
		d.Stale = &f
	}
	if d.Page, err = h.Layout.Page(ctx, views.T(ctx, "returns.page_title", s.name, d.DayLabel), "returns", s.op.Ref()); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.ReturnForm(d))
}

func returnFigures(ctx context.Context, version int, checks, flights, borders, officers int64, by string, at time.Time, loc *time.Location) views.ReturnFigures {
	return views.ReturnFigures{
		DatabaseChecks: views.NumIn(ctx, checks), FlightsMonitored: views.NumIn(ctx, flights),
		BorderPoints: views.NumIn(ctx, borders), OfficersDeployed: views.NumIn(ctx, officers),
		FiledBy: by, FiledAt: views.FormatTime(ctx, at.In(loc), filedLayout), Version: version,
	}
}

func returnHref(opCode, iso2, day string) string {
	return "/returns/" + iso2 + "/" + day + "?op=" + url.QueryEscape(opCode)
}

func gridHref(opCode, unitCode string) string {
	return "/returns?" + url.Values{"op": {opCode}, "unit": {unitCode}}.Encode()
}

func unitLabel(ctx context.Context, u Unit) string {
	return views.T(ctx, "unit.name", u.City) + " (" + u.Code + ")"
}

// dayLabel formats a YYYY-MM-DD day; the day as given if it does not parse.
func dayLabel(ctx context.Context, day, layout string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return views.FormatTime(ctx, t, layout)
}

// --- JSON API ---

type returnJSON struct {
	Country          string    `json:"country"`
	Day              string    `json:"day"`
	DatabaseChecks   int64     `json:"database_checks"`
	FlightsMonitored int64     `json:"flights_monitored"`
	BorderPoints     int64     `json:"border_points"`
	OfficersDeployed int64     `json:"officers_deployed"`
	FiledBy          string    `json:"filed_by"`
	FiledAt          time.Time `json:"filed_at"`
	Version          int       `json:"version"`
}

type revisionJSON struct {
	Version          int       `json:"version"`
	DatabaseChecks   int64     `json:"database_checks"`
	FlightsMonitored int64     `json:"flights_monitored"`
	BorderPoints     int64     `json:"border_points"`
	OfficersDeployed int64     `json:"officers_deployed"`
	FiledBy          string    `json:"filed_by"`
	FiledAt          time.Time `json:"filed_at"`
	ReplacedAt       time.Time `json:"replaced_at"`
}

// returnDetailJSON is a return with its history, newest replaced first.
type returnDetailJSON struct {
	returnJSON
	History []revisionJSON `json:"history"`
}

func toReturnJSON(r Return) returnJSON {
	return returnJSON{
		Country: r.CountryISO2, Day: r.Day, DatabaseChecks: r.DatabaseChecks, FlightsMonitored: r.FlightsMonitored,
		BorderPoints: r.BorderPoints, OfficersDeployed: r.OfficersDeployed,
		FiledBy: r.FiledBy, FiledAt: r.FiledAt.UTC(), Version: r.Version,
	}
}

// apiReturns answers GET /api/v1/returns?operation=&unit=&country=&day=.
// Unknown filter values answer 422 naming them, as the case list does.
func (h *Handler) apiReturns(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	op, err := h.Store.OperationOrCurrent(ctx, q.Get("operation"))
	if err != nil {
		return err
	}
	snap, err := h.Store.Snapshot(ctx)
	if err != nil {
		return err
	}
	fe := ocu.FieldErrors{}
	var unitID int64
	if code := q.Get("unit"); code != "" {
		if u, ok := snap.Unit(code); ok {
			unitID = u.ID
		} else {
			fe.Add("unit", "error.unit_not_found", code)
		}
	}
	country := norm(q.Get("country"))
	if country != "" && !iso2Code.MatchString(country) {
		fe.Add("country", "error.country_code", country)
	}
	day := strings.TrimSpace(q.Get("day"))
	if _, err := time.Parse(time.DateOnly, day); day != "" && err != nil {
		fe.Add("day", "error.date_format")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	rs, err := h.Store.Returns(ctx, op.ID, unitID, country)
	if err != nil {
		return err
	}
	out := struct {
		Returns []returnJSON `json:"returns"`
		Total   int          `json:"total"`
	}{Returns: []returnJSON{}}
	for _, r := range rs {
		if day == "" || r.Day == day {
			out.Returns = append(out.Returns, toReturnJSON(r))
		}
	}
	out.Total = len(out.Returns)
	return c.JSON(http.StatusOK, out)
}

// returnRequest is the body of PUT /api/v1/returns/{country}/{day}.
type returnRequest struct {
	Operation        string     `json:"operation"`
	DatabaseChecks   figureJSON `json:"database_checks"`
	FlightsMonitored figureJSON `json:"flights_monitored"`
	BorderPoints     figureJSON `json:"border_points"`
	OfficersDeployed figureJSON `json:"officers_deployed"`
	FiledBy          string     `json:"filed_by"`
	Version          *int       `json:"version"`
}

// figureJSON is a figure as sent: a JSON number, or a string holding one,
// kept as text. Validation then reads it as it reads a form, so 12.5, -3
// or "twelve" get its message naming the field and saying what to send,
// rather than a bare decoding error.
type figureJSON string

func (f *figureJSON) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = figureJSON(s)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*f = figureJSON(b)
	default:
		kind := "an object or a list"
		if b[0] == 't' || b[0] == 'f' {
			kind = "bool"
		}
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[int64]()}
	}
	return nil
}

func (f figureJSON) String() string { return string(f) }

// apiFileReturn answers PUT /api/v1/returns/{country}/{day}: 201 with the
// return when it was filed, 200 when it corrected (or repeated) the return
// on file. The country and day are checked with the body's fields, so one
// 422 names everything at fault.
func (h *Handler) apiFileReturn(c echo.Context) error {
	ctx := c.Request().Context()
	var req returnRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	op, err := h.Store.OperationOrCurrent(ctx, req.Operation)
	if err != nil {
		return err
	}
	r, created, err := h.Store.FileReturn(ctx, ReturnInput{
		Operation: op.Code, Country: c.Param("country"), Day: c.Param("day"),
		DatabaseChecks: req.DatabaseChecks.String(), FlightsMonitored: req.FlightsMonitored.String(),
		BorderPoints: req.BorderPoints.String(), OfficersDeployed: req.OfficersDeployed.String(),
		FiledBy: req.FiledBy, Version: req.Version,
	})
	if err != nil {
		// The newer return of a conflict goes out in its JSON form.
		if e, ok := asOcuError(err); ok {
			if newer, ok := e.Current.(Return); ok {
				out := *e
				out.Current = toReturnJSON(newer)
				return &out
			}
		}
		return err
	}
	revs, err := h.Store.ReturnHistory(ctx, r.ID)
	if err != nil {
		return err
	}
	out := returnDetailJSON{returnJSON: toReturnJSON(r), History: []revisionJSON{}}
	for _, v := range revs {
		out.History = append(out.History, revisionJSON{
			Version: v.Version, DatabaseChecks: v.DatabaseChecks, FlightsMonitored: v.FlightsMonitored,
			BorderPoints: v.BorderPoints, OfficersDeployed: v.OfficersDeployed,
			FiledBy: v.FiledBy, FiledAt: v.FiledAt.UTC(), ReplacedAt: v.ReplacedAt.UTC(),
		})
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, out)
}

// asOcuError returns err as an *ocu.Error when it is one.
func asOcuError(err error) (*ocu.Error, bool) {
	var e *ocu.Error
	ok := errors.As(err, &e)
	return e, ok
}
