package reports

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/web"
)

// Handler serves the dashboards and the debrief report.
type Handler struct {
	Service *Service
	Layout  web.Layout
}

// Register mounts the dashboard routes, for those who read dashboards
// (which OCU's, each handler's scope decides).
func (h *Handler) Register(r web.Routes) {
	dashboards := web.Require(ocu.Principal.MayReadDashboards, "error.dashboard_not_allowed")
	r.Pages.GET("/dashboard", h.page, dashboards)
	r.API.GET("/dashboard", h.api, dashboards)
	r.Pages.GET("/report", h.report, dashboards)
	r.Pages.GET("/report/print.css", h.printCSS)
	h.registerResults(r)
}

// scope resolves the operation and optional OCU of a dashboard request, as
// the principal may read them (access.go): every dashboard, or one OCU's
// only, which is also what they get when they name none; nobody else.
//
// A dashboard counts an OCU's own cases. A case shared with another OCU
// stays in its own OCU's figures and never counts on the OCU it is shared
// with: the figures are what each OCU's countries did, they add up to the
// operation's without counting a case twice, and a shared case is read-only
// where it is shared.
func (h *Handler) scope(ctx context.Context, opCode, unitCode string) (units.Operation, *units.Unit, error) {
	p, _ := ocu.PrincipalFrom(ctx)
	if !p.MayReadDashboards() {
		return units.Operation{}, nil, ocu.Errorf(ocu.Forbidden, "error.dashboard_not_allowed")
	}
	if !p.MayReadDashboard(0) {
		// One OCU's dashboard: the reader's own.
		snap, err := h.Service.Units.Snapshot(ctx)
		if err != nil {
			return units.Operation{}, nil, err
		}
		own := snap.UnitByID(p.UnitID)
		if unitCode == "" {
			unitCode = own.Code
		} else if !strings.EqualFold(unitCode, own.Code) || !p.MayReadDashboard(own.ID) {
			return units.Operation{}, nil, ocu.Errorf(ocu.NotFound, "error.dashboard_not_found", unitCode)
		}
	}
	op, err := h.Service.Units.OperationOrCurrent(ctx, opCode)
	if err != nil {
		return op, nil, err
	}
	if unitCode == "" {
		return op, nil, nil
	}
	u, err := h.Service.Units.Unit(ctx, unitCode)
	if err != nil {
		return op, nil, &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"unit": ocu.Msg("error.unit_not_found", unitCode)}}
	}
	return op, &u, nil
}

// dashboardJSON is the dashboard as the API returns it.
type dashboardJSON struct {
	Operation                   string            `json:"operation"`
	Unit                        string            `json:"unit,omitempty"`
	TimeZone                    string            `json:"time_zone"`
	GeneratedAt                 string            `json:"generated_at"`
	Cases                       int               `json:"cases"`
	People                      int               `json:"people"`
	Unscreened                  int               `json:"unscreened"`
	PotentialVictims            int               `json:"potential_victims"`
	MinorVictims                int               `json:"minor_victims"`
	IrregularMigrants           int               `json:"irregular_migrants"`
	Suspects                    int               `json:"suspects"`
	Arrests                     int               `json:"arrests"`
	ArrestsTraffickingSmuggling int               `json:"arrests_trafficking_smuggling"`
	ReferredForProsecution      int               `json:"referred_for_prosecution"`
	CasesByStatus               map[string]int    `json:"cases_by_status"`
	DatabaseChecks              int64             `json:"database_checks"`
	FlightsMonitored            int64             `json:"flights_monitored"`
	BorderPoints                int64             `json:"border_points"`
	OfficersDeployed            int64             `json:"officers_deployed"`
	ReturnsFiled                int               `json:"returns_filed"`
	CashUSD                     float64           `json:"cash_usd"`
	Seizures                    []seizureJSON     `json:"seizures"`
	Days                        []dayJSON         `json:"days"`
	Countries                   []countryJSON     `json:"countries"`
	Forms                       []formJSON        `json:"forms"`
	VictimsByNationality        []nationalityJSON `json:"victims_by_nationality"`
	Attention                   attentionJSON     `json:"attention"`
	// Persons located who were the subject of a notice, by colour.
	NoticesByColour map[string]int `json:"notices_by_colour"`
	Hits            hitsJSON       `json:"hits"`
	// Results: preliminary or final, the week's figures and the
	// follow-up's, and amendments to published figures (handlers_results.go).
	Results resultsJSON `json:"results"`
}

type figuresJSON struct {
	Cases             int   `json:"cases"`
	PotentialVictims  int   `json:"potential_victims"`
	MinorVictims      int   `json:"minor_victims"`
	IrregularMigrants int   `json:"irregular_migrants"`
	Arrests           int   `json:"arrests"`
	ArrestsHtMs       int   `json:"arrests_trafficking_smuggling"`
	Referred          int   `json:"referred_for_prosecution"`
	DatabaseChecks    int64 `json:"database_checks"`
	FlightsMonitored  int64 `json:"flights_monitored"`
}

func toFiguresJSON(f Figures, a Activity) figuresJSON {
	return figuresJSON{f.Cases, f.PotentialVictims, f.MinorVictims, f.IrregularMigrants, f.Arrests, f.ArrestsHtMs, f.Referred,
		a.DatabaseChecks, a.FlightsMonitored}
}

type dayJSON struct {
	Day string `json:"day"`
	figuresJSON
}

type countryJSON struct {
	Country string `json:"country"`
	Name    string `json:"name"`
	Unit    string `json:"unit"`
	figuresJSON
}

// seizureJSON: a line of seizures whose amount was not published has
// amount_unknown true and quantity and value_usd null.
type seizureJSON struct {
	Kind          string   `json:"kind"`
	Unit          string   `json:"unit"`
	AmountUnknown bool     `json:"amount_unknown"`
	Records       int      `json:"records"`
	Quantity      *float64 `json:"quantity"`
	ValueUSD      *float64 `json:"value_usd"`
}

type formJSON struct {
	Form    string `json:"form"`
	Cases   int    `json:"cases"`
	Victims int    `json:"potential_victims"`
}

type nationalityJSON struct {
	Nationality string `json:"nationality"`
	Victims     int    `json:"potential_victims"`
	Minors      int    `json:"minor_victims"`
}

type attentionJSON struct {
	StaleScreening     []string            `json:"screening_over_48h"`
	StaleScreeningN    int                 `json:"screening_over_48h_count"`
	UnscreenedPeople   int                 `json:"unscreened_people"`
	UnscreenedCases    int                 `json:"cases_with_unscreened_people"`
	MissingReturns     map[string][]string `json:"missing_returns"`
	MissingReturnCount int                 `json:"missing_return_count"`
	MissingCountries   int                 `json:"countries_with_missing_returns"`
	ReturnsDueUpTo     string              `json:"returns_due_up_to"`
}

// api answers GET /api/v1/dashboard[?unit=MNL][&operation=LIB2].
func (h *Handler) api(c echo.Context) error {
	ctx := c.Request().Context()
	op, unit, err := h.scope(ctx, c.QueryParam("operation"), c.QueryParam("unit"))
	if err != nil {
		return err
	}
	d, err := h.Service.Live(ctx, op, unit)
	if err != nil {
		return err
	}
	j := dashboardJSON{
		Operation: op.Code, TimeZone: d.Location.String(), GeneratedAt: d.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Cases: d.Totals.Cases, People: d.Totals.People, Unscreened: d.Totals.Unscreened,
		PotentialVictims: d.Totals.PotentialVictims, MinorVictims: d.Totals.MinorVictims,
		IrregularMigrants: d.Totals.IrregularMigrants, Suspects: d.Totals.Suspects, Arrests: d.Totals.Arrests,
		ArrestsTraffickingSmuggling: d.Totals.ArrestsHtMs, ReferredForProsecution: d.Totals.Referred,
		CasesByStatus: d.CasesByStatus, DatabaseChecks: d.Activity.DatabaseChecks, FlightsMonitored: d.Activity.FlightsMonitored,
		BorderPoints: d.Activity.BorderPoints, OfficersDeployed: d.Activity.OfficersDeployed, ReturnsFiled: d.Activity.Returns,
		CashUSD: d.CashUSD, Seizures: []seizureJSON{}, Days: []dayJSON{}, Countries: []countryJSON{}, Forms: []formJSON{},
		VictimsByNationality: []nationalityJSON{},
		Attention: attentionJSON{StaleScreening: []string{}, StaleScreeningN: d.Attention.StaleScreeningCount,
			UnscreenedPeople: d.Attention.UnscreenedPeople, UnscreenedCases: d.Attention.UnscreenedCases,
			MissingReturns: map[string][]string{}, MissingReturnCount: d.Attention.MissingReturnCount,
			ReturnsDueUpTo: d.Attention.ReturnsDueUpTo},
	}
	j.NoticesByColour = noticesJSON(d)
	if unit != nil {
		j.Unit = unit.Code
	}
	j.Hits = toHitsJSON(d.Hits)
	j.Results = toResultsJSON(op, d)
	for _, s := range d.Seizures {
		sj := seizureJSON{Kind: s.Kind, Unit: s.Unit, AmountUnknown: s.AmountUnknown, Records: s.Count}
		if !s.AmountUnknown {
			q, v := s.Quantity, s.ValueUSD
			sj.Quantity, sj.ValueUSD = &q, &v
		}
		j.Seizures = append(j.Seizures, sj)
	}
	for _, day := range d.Days {
		j.Days = append(j.Days, dayJSON{day.Day, toFiguresJSON(day.Figures, day.Activity)})
	}
	for _, ct := range d.Countries {
		j.Countries = append(j.Countries, countryJSON{ct.ISO2, ct.Name, ct.Unit, toFiguresJSON(ct.Figures, ct.Activity)})
	}
	for _, f := range d.Forms {
		if f.Form != "" {
			j.Forms = append(j.Forms, formJSON{f.Form, f.Cases, f.Victims})
		}
	}
	for _, n := range d.Nationalities {
		j.VictimsByNationality = append(j.VictimsByNationality, nationalityJSON{n.ISO2, n.Victims, n.Minors})
	}
	for _, s := range d.Attention.StaleScreening {
		j.Attention.StaleScreening = append(j.Attention.StaleScreening, s.Reference)
	}
	for _, m := range d.Attention.MissingReturns {
		j.Attention.MissingReturns[m.ISO2] = m.Days
	}
	j.Attention.MissingCountries = d.Attention.MissingCountries
	return c.JSON(http.StatusOK, j)
}
