package units

import (
	"context"
	"net/url"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// overview shows every OCU of an operation with its countries and its case
// counts by status.
func (h *Handler) overview(c echo.Context) error {
	ctx := c.Request().Context()
	op, err := h.Store.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	cards, err := h.cards(ctx, op)
	if err != nil {
		return err
	}
	page, err := h.Layout.Page(ctx, views.T(ctx, "units.page_title"), "units", op.Ref())
	if err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), 200, views.Units(views.UnitsData{Page: page, Units: cards}))
}

// cards builds one card per OCU: attached countries and case counts.
func (h *Handler) cards(ctx context.Context, op Operation) ([]views.UnitCard, error) {
	us, err := h.Store.Units(ctx)
	if err != nil {
		return nil, err
	}
	attached, err := h.Store.Attachments(ctx, op.ID)
	if err != nil {
		return nil, err
	}
	counts, err := h.Cases.CountByUnitAndStatus(ctx, op.ID)
	if err != nil {
		return nil, err
	}
	names, err := h.Store.CountryNames(ctx)
	if err != nil {
		return nil, err
	}
	cards := make([]views.UnitCard, 0, len(us))
	for _, u := range us {
		q := url.Values{"op": {op.Code}, "unit": {u.Code}}
		card := views.UnitCard{
			Code: u.Code, City: u.City, HostCountry: views.CountryName(ctx, u.HostCountry, names[u.HostCountry]), TimeZone: u.TimeZone,
			LocalTime: views.FormatTime(ctx, time.Now().In(u.Location()), "Mon 2 Jan 15:04 MST"),
			Href:      "/units/" + u.Code + "?op=" + url.QueryEscape(op.Code),
			CasesHref: "/cases?" + q.Encode(),
		}
		for _, a := range attached {
			if a.UnitID == u.ID {
				card.Countries = append(card.Countries, views.CountryRow{ISO2: a.ISO2, ISO3: a.ISO3, Name: views.CountryName(ctx, a.ISO2, a.Name), Mode: a.Mode})
			}
		}
		if views.Lang(ctx) != views.DefaultLang {
			c := views.Collator(ctx)
			slices.SortStableFunc(card.Countries, func(a, b views.CountryRow) int { return c.CompareString(a.Name, b.Name) })
		}
		for _, st := range h.Cases.StatusCodes() {
			n := counts[u.ID][st]
			sq := url.Values{"op": {op.Code}, "unit": {u.Code}, "status": {st}}
			card.Counts = append(card.Counts, views.StatusCount{
				Status: st, Label: views.T(ctx, "status."+st), N: n, Href: "/cases?" + sq.Encode(),
			})
			card.Total += n
		}
		cards = append(cards, card)
	}
	return cards, nil
}

// unit is one OCU's page.
func (h *Handler) unit(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := h.Store.Unit(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	op, err := h.Store.OperationOrCurrent(ctx, c.QueryParam("op"))
	if err != nil {
		return err
	}
	cards, err := h.cards(ctx, op)
	if err != nil {
		return err
	}
	var card views.UnitCard
	for _, cd := range cards {
		if cd.Code == u.Code {
			card = cd
		}
	}
	page, err := h.Layout.Page(ctx, views.T(ctx, "unit.name", u.City), "units", op.Ref())
	if err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), 200, views.UnitPage(views.UnitData{Page: page, Unit: card}))
}

// operations lists every operation with its size.
func (h *Handler) operations(c echo.Context) error {
	ctx := c.Request().Context()
	ops, err := h.Store.Operations(ctx)
	if err != nil {
		return err
	}
	var current Operation
	if len(ops) > 0 {
		current = ops[0]
	}
	page, err := h.Layout.Page(ctx, views.T(ctx, "operations.title"), "operations", current.Ref())
	if err != nil {
		return err
	}
	d := views.OperationsData{Page: page}
	for _, op := range ops {
		attached, err := h.Store.Attachments(ctx, op.ID)
		if err != nil {
			return err
		}
		counts, err := h.Cases.CountByUnitAndStatus(ctx, op.ID)
		if err != nil {
			return err
		}
		total := 0
		for _, byStatus := range counts {
			for _, n := range byStatus {
				total += n
			}
		}
		d.Rows = append(d.Rows, views.OperationRow{
			OperationRef: op.Ref(), Href: "/units?op=" + url.QueryEscape(op.Code),
			Days: len(op.Days()), Countries: len(attached), Cases: total,
		})
	}
	return views.Render(ctx, c.Response(), 200, views.Operations(d))
}
