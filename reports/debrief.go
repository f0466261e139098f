package reports

import (
	"context"

	"github.com/ocu-project/ocu/units"
)

// Debrief is what the post-operation debrief report holds: the same
// dashboards as the live pages (so the printed figures are the figures
// everyone saw), one per OCU for the whole-operation report, and the cases
// the supervisors marked as notable.
type Debrief struct {
	Dashboard *Dashboard   // the report's scope: the operation, or one OCU
	Units     []*Dashboard // one per OCU taking part, for the whole-operation report; nil for an OCU's
	Notable   []NotableCase
}

// NotableCase is a case a supervisor marked for the debrief, with its note
// and its own figures.
type NotableCase struct {
	Reference, Title string
	Unit             string // OCU code
	UnitCity         string
	Country          string // raising country, ISO alpha-2
	CountryName      string
	Status           string
	RaidDay          string // in the OCU's time zone
	Note             string
	Figures          // the case's tallies; Cases is 1
}

// Debrief builds the debrief report of op, or of one of its OCUs when unit
// is not nil. It does not check who asks: callers scope the request first
// (Handler.scope), as for dashboards.
func (s *Service) Debrief(ctx context.Context, op units.Operation, unit *units.Unit) (*Debrief, error) {
	d, err := s.Build(ctx, op, unit)
	if err != nil {
		return nil, err
	}
	out := &Debrief{Dashboard: d}
	if unit == nil {
		if out.Units, err = s.unitDashboards(ctx, op); err != nil {
			return nil, err
		}
	}
	var unitID int64
	if unit != nil {
		unitID = unit.ID
	}
	if out.Notable, err = s.notableCases(ctx, op.ID, unitID); err != nil {
		return nil, err
	}
	return out, nil
}

// unitDashboards builds the dashboard of each OCU with at least one country
// attached for op, in the OCUs' reference order.
func (s *Service) unitDashboards(ctx context.Context, op units.Operation) ([]*Dashboard, error) {
	ref, err := s.Units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	taking := map[int64]bool{}
	for _, a := range ref.Attached(op.ID) {
		taking[a.UnitID] = true
	}
	var out []*Dashboard
	for _, u := range ref.Units() {
		if !taking[u.ID] {
			continue
		}
		d, err := s.Build(ctx, op, &u)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// notableCases lists the cases marked notable in op (and unitID, when not
// 0): by OCU in the OCUs' reference order (as the per-OCU table), then in
// the order they were raised.
func (s *Service) notableCases(ctx context.Context, operationID, unitID int64) ([]NotableCase, error) {
	q := `SELECT c.reference, c.title, u.code AS unit, u.city AS unit_city, c.raising_country AS country, c.status, c.raid_day,
		c.notable_note AS note, 1 AS cases, c.people_count AS people, c.unscreened, c.potential_victims,
		c.minor_victims, c.irregular_migrants, c.suspects, c.arrests, c.arrests_ht_ms, c.referred_suspects AS referred
		FROM cases c JOIN units u ON u.id = c.unit_id
		WHERE c.operation_id = ? AND c.notable = 1`
	args := []any{operationID}
	if unitID != 0 {
		q += " AND c.unit_id = ?"
		args = append(args, unitID)
	}
	q += " ORDER BY u.id, c.seq"
	var rows []NotableCase
	if err := s.DB.Read.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	ref, err := s.Units.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].CountryName = ref.CountryName(rows[i].Country)
	}
	return rows, nil
}
