package reports

import (
	"context"

	"github.com/ocu-project/ocu/units"
)

// FollowUp is what an operation's follow-up period added to its results,
// apart from the week's: the figures of the follow-up cases (raised after
// the last operational day, units/followup.go), their seizures, and the
// later arrests and prosecution steps of referred suspects, whatever case
// they belong to (cases/prosecution.go).
type FollowUp struct {
	Figures          // of the follow-up cases
	Seizures int     // seizure records of the follow-up cases
	CashUSD  float64 // cash they seized, in USD (amounts published only)

	LaterArrests int // referred suspects arrested after the week
	Charged      int
	Convicted    int
	Acquitted    int
	Dropped      int
}

// AllArrests is the follow-up's arrests: in follow-up cases, and later
// arrests of suspects referred in the week.
func (f FollowUp) AllArrests() int { return f.Arrests + f.LaterArrests }

// followUp fills d.FollowUp, and takes what the follow-up cases put in the
// form and nationality tallies (which count every case) out of the week's
// breakdowns. Without a follow-up period there are no follow-up cases and
// only the prosecution steps are read.
func (s *Service) followUp(ctx context.Context, op units.Operation, unitID int64, d *Dashboard) error {
	db := s.DB.Read.WithContext(ctx)
	scope, args := "c.operation_id = ?", []any{op.ID}
	if unitID != 0 {
		scope += " AND c.unit_id = ?"
		args = append(args, unitID)
	}
	var steps []struct {
		Kind string
		N    int
	}
	if err := db.Raw(`SELECT e.kind, COUNT(*) AS n FROM prosecution_events e JOIN cases c ON c.id = e.case_id
		WHERE `+scope+` GROUP BY e.kind`, args...).Scan(&steps).Error; err != nil {
		return err
	}
	f := &d.FollowUp
	for _, st := range steps {
		switch st.Kind {
		case "arrested":
			f.LaterArrests = st.N
		case "charged":
			f.Charged = st.N
		case "convicted":
			f.Convicted = st.N
		case "acquitted":
			f.Acquitted = st.N
		case "dropped":
			f.Dropped = st.N
		}
	}
	if !op.HasFollowUp() || f.Cases == 0 {
		return nil
	}
	later := scope + " AND c.raid_day > ?"
	largs := append(append([]any{}, args...), op.LastDay)
	var sz struct {
		N    int
		Cash float64
	}
	if err := db.Raw(`SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN s.kind = 'cash' AND s.amount_unknown = 0 THEN s.value_usd END), 0) AS cash
		FROM seizures s JOIN cases c ON c.id = s.case_id WHERE `+later, largs...).Scan(&sz).Error; err != nil {
		return err
	}
	f.Seizures, f.CashUSD = sz.N, sz.Cash

	var forms []struct {
		Form string
		N    int
	}
	if err := db.Raw(`SELECT f.form, COUNT(*) AS n FROM case_forms f JOIN cases c ON c.id = f.case_id
		WHERE `+later+` GROUP BY f.form`, largs...).Scan(&forms).Error; err != nil {
		return err
	}
	var victims []struct {
		Exploitation, Nationality string
		N, Minors                 int
	}
	if err := db.Raw(`SELECT p.exploitation, p.nationality, COUNT(*) AS n, SUM(p.minor) AS minors
		FROM people p JOIN cases c ON c.id = p.case_id
		WHERE `+later+` AND p.outcome = 'potential_victim' GROUP BY p.exploitation, p.nationality`, largs...).Scan(&victims).Error; err != nil {
		return err
	}
	byForm := map[string]*FormCount{}
	for i := range d.Forms {
		byForm[d.Forms[i].Form] = &d.Forms[i]
	}
	for _, r := range forms {
		if fc, ok := byForm[r.Form]; ok {
			fc.Cases -= r.N
		}
	}
	byNat := map[string]*NationalityCount{}
	for i := range d.Nationalities {
		byNat[d.Nationalities[i].ISO2] = &d.Nationalities[i]
	}
	for _, v := range victims {
		if fc, ok := byForm[v.Exploitation]; ok {
			fc.Victims -= v.N
			fc.MinorVictims -= v.Minors
		}
		if nc, ok := byNat[v.Nationality]; ok {
			nc.Victims -= v.N
			nc.Minors -= v.Minors
		}
	}
	week := d.Nationalities[:0]
	for _, n := range d.Nationalities {
		if n.Victims > 0 {
			week = append(week, n)
		}
	}
	sortBy(week, func(a, b NationalityCount) bool {
		if a.Victims != b.Victims {
			return a.Victims > b.Victims
		}
		return a.Name < b.Name
	})
	d.Nationalities = week
	return nil
}
