package cases

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// snapshot is the reference data (units.Snapshot) as pages show cases:
// names of operations, OCUs and countries from memory rather than joined
// into every case query.
type snapshot struct {
	*units.Snapshot
	lang string // the reader's, for country names
}

func loadSnapshot(ctx context.Context, u *units.Store) (snapshot, error) {
	snap, err := u.Snapshot(ctx)
	return snapshot{snap, views.Lang(ctx)}, err
}

// country names iso2 in the reader's language (CLDR's name; the reference
// data's in English).
func (r snapshot) country(iso2 string) string {
	if n := r.CountryName(iso2); n != "" {
		return views.CountryNameIn(r.lang, iso2, n)
	}
	return iso2
}

func formLabels(ctx context.Context, fs []Form) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = views.T(ctx, "form."+string(f))
	}
	return out
}

// caseView turns a stored case into what its page shows.
func (r snapshot) caseView(ctx context.Context, c *Case) views.CaseView {
	u := r.UnitByID(c.UnitID)
	loc := u.Location()
	v := views.CaseView{
		Reference: c.Reference, Title: c.Title, Summary: c.Summary, Place: c.Place,
		Country: r.country(c.CountryISO2), Operation: r.OperationByID(c.OperationID).Name,
		Unit: u.Code, UnitCity: u.City, Zone: u.TimeZone,
		RaisingCountry: r.country(c.RaisingCountry),
		RaidAt:         views.When(ctx, c.RaidAt, loc),
		Status:         string(c.Status), StatusLabel: views.T(ctx, "status."+string(c.Status)),
		Forms:    formLabels(ctx, c.Forms),
		RaisedBy: c.RaisedBy, Version: c.Version,
		Updated: views.When(ctx, c.UpdatedAt, loc),
		Href:    "/cases/" + c.Reference, EditHref: "/cases/" + c.Reference + "/edit",
		Closed: c.Status == Closed,
	}
	for _, role := range LinkRoles {
		var names []string
		for _, code := range c.Countries(role) {
			names = append(names, r.country(code))
		}
		if len(names) > 0 {
			v.Linked = append(v.Linked, views.LinkedView{Label: views.T(ctx, "link."+role), Countries: names})
		}
	}
	return v
}

func (r snapshot) caseRow(ctx context.Context, c *Case) views.CaseRow {
	u := r.UnitByID(c.UnitID)
	return views.CaseRow{
		Reference: c.Reference, Href: "/cases/" + c.Reference, Title: c.Title,
		Unit: u.Code, Country: r.country(c.RaisingCountry),
		Status: string(c.Status), StatusLabel: views.T(ctx, "status."+string(c.Status)),
		RaidAt: views.When(ctx, c.RaidAt, u.Location()), RaidZone: u.TimeZone,
		Forms:  strings.Join(formLabels(ctx, c.Forms), ", "),
		People: c.PeopleCount, Unscreened: c.Unscreened, Victims: c.PotentialVictims,
	}
}

// caseJSON is a case as the API returns it.
type caseJSON struct {
	Reference      string              `json:"reference"`
	Operation      string              `json:"operation"`
	Unit           string              `json:"unit"`
	RaisingCountry string              `json:"raising_country"`
	Title          string              `json:"title"`
	Summary        string              `json:"summary"`
	Place          string              `json:"place"`
	Country        string              `json:"country"`
	RaidAt         time.Time           `json:"raid_at"`
	RaidAtLocal    string              `json:"raid_at_local"`
	TimeZone       string              `json:"time_zone"`
	Status         Status              `json:"status"`
	Forms          []Form              `json:"forms"`
	Linked         map[string][]string `json:"linked_countries"`
	RaisedBy       string              `json:"raised_by"`
	Version        int                 `json:"version"`
	Notable        bool                `json:"notable"`
	NotableNote    string              `json:"notable_note"`
	FollowUp       bool                `json:"follow_up"` // raised in the follow-up period (followup_case.go)
	CreatedAt      time.Time           `json:"created_at"`
	UpdatedAt      time.Time           `json:"updated_at"`
	Transitions    []transitionJSON    `json:"allowed_transitions,omitempty"`
	History        []historyJSON       `json:"history,omitempty"`
}

type transitionJSON struct {
	To          Status `json:"to"`
	NeedsReason bool   `json:"needs_reason"`
	Allowed     bool   `json:"allowed"`
	Blocked     string `json:"blocked,omitempty"`
}

type historyJSON struct {
	From  Status    `json:"from"`
	To    Status    `json:"to"`
	Actor string    `json:"by"`
	Note  string    `json:"note"`
	At    time.Time `json:"at"`
}

func (r snapshot) caseJSON(c *Case) caseJSON {
	u := r.UnitByID(c.UnitID)
	j := caseJSON{
		Reference: c.Reference, Operation: r.OperationByID(c.OperationID).Code, Unit: u.Code,
		RaisingCountry: c.RaisingCountry, Title: c.Title, Summary: c.Summary, Place: c.Place,
		Country: c.CountryISO2, RaidAt: c.RaidAt.UTC(), RaidAtLocal: c.RaidAt.In(u.Location()).Format(LocalTimeLayout),
		TimeZone: u.TimeZone, Status: c.Status, Forms: c.Forms, Linked: map[string][]string{},
		RaisedBy: c.RaisedBy, Version: c.Version, Notable: c.Notable, NotableNote: c.NotableNote,
		FollowUp: c.IsFollowUp(r.OperationByID(c.OperationID)), CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
	if j.Forms == nil {
		j.Forms = []Form{}
	}
	for _, role := range LinkRoles {
		j.Linked[role] = append([]string{}, c.Countries(role)...)
	}
	return j
}

// listURL is the case list URL for the given filter values.
func listURL(q url.Values) string {
	for k, v := range q {
		if len(v) == 0 || v[0] == "" {
			delete(q, k)
		}
	}
	if len(q) == 0 {
		return "/cases"
	}
	return "/cases?" + q.Encode()
}
