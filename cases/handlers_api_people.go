package cases

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/web"
)

// personJSON is a person as the API returns it. name and birth_date are
// only ever set for suspects.
type personJSON struct {
	Pseudonym            string     `json:"pseudonym"`
	Case                 string     `json:"case"`
	Outcome              Outcome    `json:"outcome"`
	Sex                  string     `json:"sex"`
	AgeBand              string     `json:"age_band"`
	Minor                bool       `json:"minor"`
	Nationality          string     `json:"nationality"`
	Exploitation         string     `json:"exploitation,omitempty"`
	AssistanceOrg        string     `json:"assistance_org,omitempty"`
	AssistanceDate       string     `json:"assistance_date,omitempty"`
	Name                 string     `json:"name,omitempty"`
	BirthDate            string     `json:"birth_date,omitempty"`
	Arrested             bool       `json:"arrested"`
	ArrestedAt           *time.Time `json:"arrested_at,omitempty"`
	Charges              []Charge   `json:"charges"`
	ProsecutionAuthority string     `json:"prosecution_authority,omitempty"`
	ProsecutionRef       string     `json:"prosecution_ref,omitempty"`
	ProsecutionDate      string     `json:"prosecution_date,omitempty"`
	Version              int        `json:"version"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
}

func toPersonJSON(p *Person) personJSON {
	j := personJSON{
		Pseudonym: p.Pseudonym, Case: caseReferenceOf(p.Pseudonym), Outcome: p.Outcome, Sex: p.Sex, AgeBand: p.AgeBand,
		Minor: p.Minor, Nationality: p.Nationality, Exploitation: p.Exploitation, AssistanceOrg: p.AssistanceOrg,
		AssistanceDate: p.AssistanceDate, Name: p.Name, BirthDate: p.BirthDate, Arrested: p.Arrested,
		Charges: p.Charges, ProsecutionAuthority: p.ProsecutionAuthority, ProsecutionRef: p.ProsecutionRef,
		ProsecutionDate: p.ProsecutionDate, Version: p.Version, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
	if p.ArrestedAt != nil {
		t := p.ArrestedAt.UTC()
		j.ArrestedAt = &t
	}
	if j.Charges == nil {
		j.Charges = []Charge{}
	}
	return j
}

type tallyJSON struct {
	People            int `json:"people"`
	Unscreened        int `json:"unscreened"`
	PotentialVictims  int `json:"potential_victims"`
	MinorVictims      int `json:"minor_victims"`
	IrregularMigrants int `json:"irregular_migrants"`
	Suspects          int `json:"suspects"`
	Arrests           int `json:"arrests"`
	ArrestsHtMs       int `json:"arrests_trafficking_smuggling"`
	Referred          int `json:"referred_for_prosecution"`
}

func toTallyJSON(t Tally) tallyJSON {
	return tallyJSON{t.PeopleCount, t.Unscreened, t.PotentialVictims, t.MinorVictims, t.IrregularMigrants,
		t.Suspects, t.Arrests, t.ArrestsHtMs, t.ReferredSuspects}
}

// apiPeople answers GET /api/v1/cases/{reference}/people.
func (h *Handler) apiPeople(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	fe := ocu.FieldErrors{}
	outcome := Outcome(c.QueryParam("outcome"))
	if outcome != "" && !outcomeValid(outcome) {
		fe.Add("outcome", "error.outcome_unknown", string(outcome))
	}
	page, perPage := 1, 200
	if v := c.QueryParam("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			fe.Add("page", "error.page_number")
		}
	}
	if v := c.QueryParam("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 1 || perPage > 1000 {
			fe.Add("per_page", "error.per_page", 1000)
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	pp, err := h.Store.People(ctx, cs, outcome, page, perPage)
	if err != nil {
		return err
	}
	if last := ocu.LastPage(pp.Total, pp.PerPage); pp.Page > last {
		return web.PageNotFound(pp.Page, last)
	}
	if err := h.Store.RecordIdentityView(ctx, cs, pp.People...); err != nil {
		return err
	}
	out := struct {
		People  []personJSON `json:"people"`
		Total   int64        `json:"total"`
		Page    int          `json:"page"`
		PerPage int          `json:"per_page"`
		Tally   tallyJSON    `json:"tally"`
	}{People: []personJSON{}, Total: pp.Total, Page: pp.Page, PerPage: pp.PerPage, Tally: toTallyJSON(cs.Tally)}
	for i := range pp.People {
		out.People = append(out.People, toPersonJSON(&pp.People[i]))
	}
	return c.JSON(http.StatusOK, out)
}

// apiAddPerson answers POST /api/v1/cases/{reference}/people: one person.
func (h *Handler) apiAddPerson(c echo.Context) error {
	var in PersonInput
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	added, err := h.Store.AddPeople(c.Request().Context(), c.Param("ref"), 1, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/people/"+added[0].Pseudonym)
	return c.JSON(http.StatusCreated, toPersonJSON(&added[0]))
}

// bulkRequest is N people with shared, non-identifying attributes.
type bulkRequest struct {
	Count int `json:"count"`
	PersonInput
}

// apiBulkAdd answers POST /api/v1/cases/{reference}/people/bulk.
func (h *Handler) apiBulkAdd(c echo.Context) error {
	var req bulkRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	added, err := h.Store.AddPeople(c.Request().Context(), c.Param("ref"), req.Count, req.PersonInput)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{
		"added": len(added), "first": added[0].Pseudonym, "last": added[len(added)-1].Pseudonym,
	})
}

// apiScreen answers POST /api/v1/cases/{reference}/people/screen.
func (h *Handler) apiScreen(c echo.Context) error {
	var req ScreeningRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	n, err := h.Store.Screen(c.Request().Context(), c.Param("ref"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"screened": n})
}

// apiPerson answers GET /api/v1/people/{pseudonym}.
func (h *Handler) apiPerson(c echo.Context) error {
	ctx := c.Request().Context()
	p, cs, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return err
	}
	if err := h.Store.RecordIdentityView(ctx, cs, *p); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPersonJSON(p))
}

// personPatch changes some of a person's fields; version is required.
type personPatch struct {
	Version              *int      `json:"version"`
	Outcome              *string   `json:"outcome"`
	Sex                  *string   `json:"sex"`
	AgeBand              *string   `json:"age_band"`
	Nationality          *string   `json:"nationality"`
	Exploitation         *string   `json:"exploitation"`
	AssistanceOrg        *string   `json:"assistance_org"`
	AssistanceDate       *string   `json:"assistance_date"`
	Name                 *string   `json:"name"`
	BirthDate            *string   `json:"birth_date"`
	Arrested             *bool     `json:"arrested"`
	ArrestedAt           *string   `json:"arrested_at"`
	Charges              *[]string `json:"charges"`
	ProsecutionAuthority *string   `json:"prosecution_authority"`
	ProsecutionRef       *string   `json:"prosecution_ref"`
	ProsecutionDate      *string   `json:"prosecution_date"`
}

// apiUpdatePerson answers PATCH /api/v1/people/{pseudonym}: screening one
// person, a suspect's identity, arrest, charges and referral.
func (h *Handler) apiUpdatePerson(c echo.Context) error {
	ctx := c.Request().Context()
	var p personPatch
	if err := web.DecodeJSON(c, &p); err != nil {
		return err
	}
	if p.Version == nil {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"version": ocu.Msg("error.version_required")}}
	}
	cur, cs, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return err
	}
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	in := PersonInputFrom(cur, r.UnitByID(cur.UnitID).Location())
	for dst, v := range map[*string]*string{&in.Outcome: p.Outcome, &in.Sex: p.Sex, &in.AgeBand: p.AgeBand,
		&in.Nationality: p.Nationality, &in.Exploitation: p.Exploitation, &in.AssistanceOrg: p.AssistanceOrg,
		&in.AssistanceDate: p.AssistanceDate, &in.Name: p.Name, &in.BirthDate: p.BirthDate, &in.ArrestedAt: p.ArrestedAt,
		&in.ProsecutionAuthority: p.ProsecutionAuthority, &in.ProsecutionRef: p.ProsecutionRef, &in.ProsecutionDate: p.ProsecutionDate} {
		if v != nil {
			*dst = *v
		}
	}
	if p.Arrested != nil {
		in.Arrested = *p.Arrested
	}
	if p.Charges != nil {
		in.Charges = *p.Charges
	}
	updated, err := h.Store.UpdatePerson(ctx, cur.Pseudonym, *p.Version, in)
	if err != nil {
		if e, ok := asError(err); ok && e.Current != nil {
			if newer, ok := e.Current.(*Person); ok {
				if err := h.Store.RecordIdentityView(ctx, cs, *newer); err != nil {
					return err
				}
				out := *e
				out.Current = toPersonJSON(newer)
				return &out
			}
		}
		return err
	}
	if err := h.Store.RecordIdentityView(ctx, cs, *updated); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPersonJSON(updated))
}

// seizureJSON: an amount not published has amount_unknown true and
// quantity and value_usd null, never 0.
type seizureJSON struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	Description   string    `json:"description"`
	AmountUnknown bool      `json:"amount_unknown"`
	Quantity      *float64  `json:"quantity"`
	Unit          string    `json:"unit"`
	Currency      string    `json:"currency,omitempty"`
	ValueUSD      *float64  `json:"value_usd,omitempty"`
	RecordedBy    string    `json:"recorded_by"`
	CreatedAt     time.Time `json:"created_at"`
}

func toSeizureJSON(s *Seizure) seizureJSON {
	return seizureJSON{s.ID, s.Kind, s.Description, s.AmountUnknown, s.Quantity, s.Unit, s.Currency, s.ValueUSD, s.RecordedBy, s.CreatedAt.UTC()}
}

// apiSeizures answers GET /api/v1/cases/{reference}/seizures.
func (h *Handler) apiSeizures(c echo.Context) error {
	ctx := c.Request().Context()
	cs, err := h.Store.Get(ctx, c.Param("ref"))
	if err != nil {
		return err
	}
	list, err := h.Store.Seizures(ctx, cs.ID)
	if err != nil {
		return err
	}
	out := []seizureJSON{}
	for i := range list {
		out = append(out, toSeizureJSON(&list[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"seizures": out})
}

// seizureRequest takes numbers as JSON numbers.
type seizureRequest struct {
	Kind        string   `json:"kind"`
	Description string   `json:"description"`
	Quantity    *float64 `json:"quantity"`
	Unit        string   `json:"unit"`
	Currency    string   `json:"currency"`
	ValueUSD    *float64 `json:"value_usd"`
	RecordedBy  string   `json:"recorded_by"`
	// AmountUnknown: the amount was not published; send no quantity or value.
	AmountUnknown bool `json:"amount_unknown"`
}

// apiAddSeizure answers POST /api/v1/cases/{reference}/seizures.
func (h *Handler) apiAddSeizure(c echo.Context) error {
	var req seizureRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in := SeizureInput{Kind: req.Kind, Description: req.Description, Unit: req.Unit, Currency: req.Currency, RecordedBy: req.RecordedBy,
		AmountUnknown: req.AmountUnknown}
	if req.Quantity != nil {
		in.Quantity = strconv.FormatFloat(*req.Quantity, 'f', -1, 64)
	}
	if req.ValueUSD != nil {
		in.ValueUSD = strconv.FormatFloat(*req.ValueUSD, 'f', -1, 64)
	}
	sz, err := h.Store.AddSeizure(c.Request().Context(), c.Param("ref"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSeizureJSON(sz))
}

// apiDeleteSeizure answers DELETE /api/v1/cases/{reference}/seizures/{id}.
func (h *Handler) apiDeleteSeizure(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.seizure_not_found", 0, c.Param("ref"))
	}
	if err := h.Store.DeleteSeizure(c.Request().Context(), c.Param("ref"), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
