package units

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type operationJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	FirstDay string `json:"first_day"`
	LastDay  string `json:"last_day"`
	// FollowUpUntil is the follow-up period's last day, "" for none.
	FollowUpUntil string `json:"followup_until"`
}

type unitJSON struct {
	Code          string         `json:"code"`
	City          string         `json:"city"`
	HostCountry   string         `json:"host_country"`
	TimeZone      string         `json:"time_zone"`
	Countries     []countryJSON  `json:"countries"`
	CasesByStatus map[string]int `json:"cases_by_status"`
	CasesTotal    int            `json:"cases_total"`
}

type countryJSON struct {
	ISO2 string `json:"iso2"`
	ISO3 string `json:"iso3"`
	Name string `json:"name"`
	Mode string `json:"mode"`
}

// apiUnits answers GET /api/v1/units[?operation=CODE]: the OCUs with, for
// the operation (the current one by default), their attached countries and
// case counts by status.
func (h *Handler) apiUnits(c echo.Context) error {
	ctx := c.Request().Context()
	op, err := h.Store.OperationOrCurrent(ctx, c.QueryParam("operation"))
	if err != nil {
		return err
	}
	us, err := h.Store.Units(ctx)
	if err != nil {
		return err
	}
	attached, err := h.Store.Attachments(ctx, op.ID)
	if err != nil {
		return err
	}
	counts, err := h.Cases.CountByUnitAndStatus(ctx, op.ID)
	if err != nil {
		return err
	}
	out := struct {
		Operation operationJSON `json:"operation"`
		Units     []unitJSON    `json:"units"`
	}{Operation: operationJSON{op.Code, op.Name, op.FirstDay, op.LastDay, op.FollowUpUntil}, Units: []unitJSON{}}
	for _, u := range us {
		uj := unitJSON{Code: u.Code, City: u.City, HostCountry: u.HostCountry, TimeZone: u.TimeZone,
			Countries: []countryJSON{}, CasesByStatus: map[string]int{}}
		for _, a := range attached {
			if a.UnitID == u.ID {
				uj.Countries = append(uj.Countries, countryJSON{a.ISO2, a.ISO3, a.Name, a.Mode})
			}
		}
		for _, st := range h.Cases.StatusCodes() {
			uj.CasesByStatus[st] = counts[u.ID][st]
			uj.CasesTotal += counts[u.ID][st]
		}
		out.Units = append(out.Units, uj)
	}
	return c.JSON(http.StatusOK, out)
}
