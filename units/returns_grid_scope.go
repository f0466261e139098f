package units

import (
	"context"
	"net/url"
	"strings"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// gridScope is which rows the returns grid shows, and the links to a wider
// or narrower grid.
type gridScope struct {
	unit                  Unit
	oneUnit               bool
	country               string // one country only, ISO alpha-2; "" for all of the OCU (or every OCU)
	widerHref, widerLabel string // from one country to its OCU's
	ownHref, ownLabel     string // from an OCU back to one's own country
}

// gridSelection reads the grid's unit and country parameters. With
// neither, each reader starts where their work is: an officer on their own
// country's row (not the operation's 116), anyone of an OCU on their OCU's
// countries, a coordinator on every OCU. An unknown code shows every OCU,
// as the case list does: a hand-edited address still shows a page.
//
// The grid's own filter always sends unit, empty for every OCU: only an
// address without unit or country starts from the reader's own.
func gridSelection(ctx context.Context, snap *Snapshot, op Operation, q url.Values) gridScope {
	unitCode, country := q.Get("unit"), q.Get("country")
	p, _ := ocu.PrincipalFrom(ctx)
	country = strings.ToUpper(strings.TrimSpace(country))
	var g gridScope
	if !q.Has("unit") && country == "" {
		country = p.RaisesFor()
		if country == "" && p.UnitID != 0 {
			unitCode = snap.UnitByID(p.UnitID).Code
		}
	}
	if country != "" {
		a, ok := snap.Attachment(op.ID, country)
		if !ok {
			country = "" // not in this operation: show every OCU
		} else {
			g.country, g.unit, g.oneUnit = country, snap.UnitByID(a.UnitID), true
			g.widerHref = "/returns?op=" + url.QueryEscape(op.Code) + "&unit=" + url.QueryEscape(g.unit.Code)
			g.widerLabel = views.T(ctx, "returns.show_unit", unitLabel(ctx, g.unit))
			return g
		}
	}
	g.unit, g.oneUnit = snap.Unit(unitCode)
	if own := p.RaisesFor(); own != "" {
		if _, ok := snap.Attachment(op.ID, own); ok {
			g.ownHref = "/returns?op=" + url.QueryEscape(op.Code) + "&country=" + url.QueryEscape(own)
			g.ownLabel = views.T(ctx, "returns.show_own", snap.CountryName(own))
		}
	}
	return g
}
