package units

import (
	"context"

	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// The Store is the layout's source of reference data (web.LayoutSource).
var _ web.LayoutSource = (*Store)(nil)

// Menu is what every page's layout shows of the reference data: the
// operations, and the names of the signed-in user's OCU and country. From
// the snapshot, not a query: every page shows them.
func (s *Store) Menu(ctx context.Context, unitID int64, country string) (web.Menu, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return web.Menu{}, err
	}
	m := web.Menu{Country: snap.CountryName(country)}
	if unitID != 0 {
		m.UnitCity = snap.UnitByID(unitID).City
	}
	for _, o := range snap.Operations() {
		m.Operations = append(m.Operations, o.Ref())
	}
	return m, nil
}

// CurrentOperationRef is CurrentOperation as menus and headings show it.
func (s *Store) CurrentOperationRef(ctx context.Context) (views.OperationRef, error) {
	op, err := s.CurrentOperation(ctx)
	return op.Ref(), err
}

// Ref is the short form of op that menus and headings show.
func (op Operation) Ref() views.OperationRef {
	return views.OperationRef{Code: op.Code, Name: op.Name, FirstDay: op.FirstDay, LastDay: op.LastDay, Demo: op.Demo}
}
