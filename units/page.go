package units

import (
	"context"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// LayoutPage builds what the layout needs for a page in operation op: the
// title, the active menu entry and the operations to switch between.
func (s *Store) LayoutPage(ctx context.Context, title, nav string, op Operation) (views.Page, error) {
	// From the reference snapshot, not a query: every page shows them.
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return views.Page{}, err
	}
	p := views.Page{Title: title, Nav: nav, Operation: OperationRef(op)}
	for _, o := range snap.Operations() {
		p.Operations = append(p.Operations, OperationRef(o))
	}
	if who, ok := ocu.PrincipalFrom(ctx); ok && who.UserID != 0 {
		p.UserName, p.Role = who.Name(), who.Role
		if who.UnitID != 0 {
			p.Scope = " · " + views.T(ctx, "unit.name", snap.UnitByID(who.UnitID).City)
		}
		if who.Country != "" {
			p.Scope += " · " + snap.CountryName(who.Country)
		}
	}
	return p, nil
}

// OperationRef is the short form of op that menus and headings show.
func OperationRef(op Operation) views.OperationRef {
	return views.OperationRef{Code: op.Code, Name: op.Name, FirstDay: op.FirstDay, LastDay: op.LastDay}
}
