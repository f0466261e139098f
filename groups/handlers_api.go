package groups

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/web"
)

// groupJSON is a group in the API, as its reader sees it: cases and
// members outside their scope are counted (hidden_cases, hidden_members),
// never listed.
type groupJSON struct {
	Group
	Figures       Figures      `json:"figures"`
	Cases         []caseJSON   `json:"cases"`
	HiddenCases   int          `json:"hidden_cases"`
	Members       []memberJSON `json:"members"`
	HiddenMembers int          `json:"hidden_members"`
	Shared        []sharedJSON `json:"shared_identifiers"`
}

type caseJSON struct {
	Reference string `json:"case"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	Unit      string `json:"unit"`
	Country   string `json:"raising_country"`
	Added     bool   `json:"added"` // added to the group, not only there through a member
}

type memberJSON struct {
	Pseudonym   string `json:"pseudonym"`
	Case        string `json:"case"`
	Nationality string `json:"nationality"`
	Arrested    bool   `json:"arrested"`
}

type sharedJSON struct {
	Kind   string   `json:"kind"`
	People []string `json:"people"`
}

type listJSON struct {
	Group
	Cases   int `json:"cases"`
	Members int `json:"members"`
}

func (h *Handler) apiList(c echo.Context) error {
	rows, err := h.Store.List(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]listJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, listJSON(r))
	}
	return c.JSON(http.StatusOK, map[string]any{"groups": out})
}

func (h *Handler) apiCreate(c echo.Context) error {
	var in Input
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	g, err := h.Store.Create(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return h.writeGroup(c, http.StatusCreated, g.ID)
}

func (h *Handler) apiGet(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	return h.writeGroup(c, http.StatusOK, id)
}

// writeGroup answers with group id as the reader sees it.
func (h *Handler) writeGroup(c echo.Context, status int, id int64) error {
	ctx := c.Request().Context()
	g, err := h.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	out := groupJSON{Group: g.Group, Figures: g.Figures, HiddenCases: g.HiddenCases, HiddenMembers: g.HiddenPeople,
		Cases: []caseJSON{}, Members: []memberJSON{}, Shared: []sharedJSON{}}
	for _, r := range g.Cases {
		out.Cases = append(out.Cases, caseJSON{Reference: r.Reference, Title: r.Title, Status: r.Status,
			Unit: snap.UnitByID(r.UnitID).Code, Country: r.RaisingCountry, Added: r.Member})
	}
	names := map[int64]string{}
	for _, m := range g.Members {
		names[m.ID] = m.Pseudonym
		out.Members = append(out.Members, memberJSON{Pseudonym: m.Pseudonym, Case: m.Reference, Nationality: m.Nationality, Arrested: m.Arrested})
	}
	for _, s := range g.Shared {
		j := sharedJSON{Kind: s.Kind}
		for _, pid := range s.People {
			j.People = append(j.People, names[pid])
		}
		out.Shared = append(out.Shared, j)
	}
	return c.JSON(status, out)
}

func (h *Handler) apiUpdate(c echo.Context) error {
	// The body first: a malformed one is refused as such, whatever the id.
	var in Input
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if _, err := h.Store.Update(c.Request().Context(), id, in); err != nil {
		return err
	}
	return h.writeGroup(c, http.StatusOK, id)
}

type caseRequest struct {
	Case string `json:"case"`
}

type personRequest struct {
	Person string `json:"person"`
}

func (h *Handler) apiAddCase(c echo.Context) error {
	// The body first: a malformed one is refused as such, whatever the id.
	var req caseRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.AddCase(c.Request().Context(), id, req.Case); err != nil {
		return err
	}
	return h.writeGroup(c, http.StatusOK, id)
}

func (h *Handler) apiRemoveCase(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.RemoveCase(c.Request().Context(), id, c.Param("ref")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) apiAddPerson(c echo.Context) error {
	// The body first: a malformed one is refused as such, whatever the id.
	var req personRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.AddPerson(c.Request().Context(), id, req.Person); err != nil {
		return err
	}
	return h.writeGroup(c, http.StatusOK, id)
}

func (h *Handler) apiRemovePerson(c echo.Context) error {
	id, err := groupID(c)
	if err != nil {
		return err
	}
	if err := h.Store.RemovePerson(c.Request().Context(), id, c.Param("pseudonym")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
