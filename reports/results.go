package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/units"
)

// An operation's results are preliminary until a coordinator declares them
// final. Finalising stores the figures as published then (every measure of
// the week and of the follow-up, for the operation and each OCU) in
// operation_results; from then on the published figures are read from that
// row, never recomputed, and any later change to the records shows as an
// amendment: published against current, with the difference.

// Measure is one published figure: its week and follow-up values read off
// a dashboard (nil when it has no such value: returns are filed in the
// week only, prosecution steps come after it).
type Measure struct {
	Key      string // stable: the API's and the stored snapshot's name
	Label    string // locale key
	Sub      bool   // breaks down the measure above it
	Week     func(d *Dashboard) int64
	FollowUp func(d *Dashboard) int64
}

// Measures are the results in the order the report lists them.
var Measures = []Measure{
	{"potential_victims", "report.victims", false,
		func(d *Dashboard) int64 { return int64(d.Totals.PotentialVictims) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.PotentialVictims) }},
	{"minor_victims", "report.of_whom_minors", true,
		func(d *Dashboard) int64 { return int64(d.Totals.MinorVictims) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.MinorVictims) }},
	{"irregular_migrants", "dashboard.irregular_migrants", false,
		func(d *Dashboard) int64 { return int64(d.Totals.IrregularMigrants) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.IrregularMigrants) }},
	{"arrests", "dashboard.arrests", false,
		func(d *Dashboard) int64 { return int64(d.Totals.Arrests) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.AllArrests()) }},
	{"arrests_trafficking_smuggling", "report.of_which_htms", true,
		func(d *Dashboard) int64 { return int64(d.Totals.ArrestsHtMs) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.ArrestsHtMs) }},
	{"later_arrests", "results.later_arrests", true, nil,
		func(d *Dashboard) int64 { return int64(d.FollowUp.LaterArrests) }},
	{"referred_for_prosecution", "dashboard.referred", false,
		func(d *Dashboard) int64 { return int64(d.Totals.Referred) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.Referred) }},
	{"charged", "results.charged", false, nil, func(d *Dashboard) int64 { return int64(d.FollowUp.Charged) }},
	{"convicted", "results.convicted", false, nil, func(d *Dashboard) int64 { return int64(d.FollowUp.Convicted) }},
	{"acquitted", "results.acquitted", false, nil, func(d *Dashboard) int64 { return int64(d.FollowUp.Acquitted) }},
	{"dropped", "results.dropped", false, nil, func(d *Dashboard) int64 { return int64(d.FollowUp.Dropped) }},
	{"cases", "dashboard.cases", false,
		func(d *Dashboard) int64 { return int64(d.Totals.Cases) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.Cases) }},
	{"seizures", "report.seizures", false,
		func(d *Dashboard) int64 {
			var n int
			for _, s := range d.Seizures {
				n += s.Count
			}
			return int64(n)
		},
		func(d *Dashboard) int64 { return int64(d.FollowUp.Seizures) }},
	{"cash_usd", "report.cash_usd", true,
		func(d *Dashboard) int64 { return int64(d.CashUSD + 0.5) },
		func(d *Dashboard) int64 { return int64(d.FollowUp.CashUSD + 0.5) }},
	{"database_checks", "dashboard.checks", false, func(d *Dashboard) int64 { return d.Activity.DatabaseChecks }, nil},
	{"flights_monitored", "dashboard.flights", false, func(d *Dashboard) int64 { return d.Activity.FlightsMonitored }, nil},
}

// Figures of one scope as stored: "week.KEY" and "follow_up.KEY".
type ScopeFigures map[string]int64

// figuresOf reads every measure off d.
func figuresOf(d *Dashboard) ScopeFigures {
	f := ScopeFigures{}
	for _, m := range Measures {
		if m.Week != nil {
			f["week."+m.Key] = m.Week(d)
		}
		if m.FollowUp != nil {
			f["follow_up."+m.Key] = m.FollowUp(d)
		}
	}
	return f
}

// AllScope is the key of the whole operation's figures in a snapshot; an
// OCU's is its code.
const AllScope = "ALL"

// Final is an operation's declared results.
type Final struct {
	FinalisedBy string
	FinalisedAt time.Time
	// Published holds the figures as they were, by scope (AllScope, or an
	// OCU's code).
	Published map[string]ScopeFigures
}

// resultsRow is a row of operation_results.
type resultsRow struct {
	OperationID int64
	FinalisedBy string
	FinalisedAt time.Time
	Figures     string
}

func (resultsRow) TableName() string { return "operation_results" }

// snapshotJSON is the stored form of the figures: versioned, so a later
// ocu reads an older snapshot as it was written.
type snapshotJSON struct {
	Version int                     `json:"version"`
	Scopes  map[string]ScopeFigures `json:"scopes"`
}

// Final returns op's declared results, or nil while they are preliminary.
func (s *Service) Final(ctx context.Context, op units.Operation) (*Final, error) {
	var row resultsRow
	err := s.DB.Read.WithContext(ctx).Where("operation_id = ?", op.ID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var snap snapshotJSON
	if err := json.Unmarshal([]byte(row.Figures), &snap); err != nil {
		return nil, fmt.Errorf("results of %s: %w", op.Code, err)
	}
	return &Final{FinalisedBy: row.FinalisedBy, FinalisedAt: row.FinalisedAt.UTC(), Published: snap.Scopes}, nil
}

// Finalise declares op's results final: a coordinator's act, once per
// operation, audited. The figures stored are built afresh from the records
// (not a cached dashboard) for the operation and each OCU taking part.
func (s *Service) Finalise(ctx context.Context, op units.Operation) (*Final, error) {
	p, _ := ocu.PrincipalFrom(ctx)
	if !p.MayFinaliseResults() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.finalise_not_allowed")
	}
	if f, err := s.Final(ctx, op); err != nil || f != nil {
		if f != nil {
			return nil, ocu.Errorf(ocu.Conflict, "error.results_already_final", op.Code, f.FinalisedAt.Format(time.DateOnly))
		}
		return nil, err
	}
	all, err := s.Build(ctx, op, nil)
	if err != nil {
		return nil, err
	}
	perUnit, err := s.unitDashboards(ctx, op)
	if err != nil {
		return nil, err
	}
	snap := snapshotJSON{Version: 1, Scopes: map[string]ScopeFigures{AllScope: figuresOf(all)}}
	for _, d := range perUnit {
		snap.Scopes[d.Unit.Code] = figuresOf(d)
	}
	body, err := json.Marshal(snap)
	if err != nil {
		return nil, err
	}
	row := resultsRow{OperationID: op.ID, FinalisedBy: p.Name(), FinalisedAt: s.Now().UTC(), Figures: string(body)}
	err = s.DB.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Checked again inside the write: two coordinators confirming at
		// once, the second is refused (and the primary key would refuse it
		// too).
		var n int64
		if err := tx.Model(&resultsRow{}).Where("operation_id = ?", op.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ocu.Errorf(ocu.Conflict, "error.results_already_final", op.Code, row.FinalisedAt.Format(time.DateOnly))
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "operation.finalise", Subject: "operation:" + op.Code,
			Details: map[string]any{"scopes": len(snap.Scopes), "victims": snap.Scopes[AllScope]["week.potential_victims"],
				"arrests": snap.Scopes[AllScope]["week.arrests"]}})
	})
	if err != nil {
		return nil, err
	}
	s.live.clear()
	return &Final{FinalisedBy: row.FinalisedBy, FinalisedAt: row.FinalisedAt, Published: snap.Scopes}, nil
}

// Amendment is a published figure the records now differ from.
type Amendment struct {
	Scope     string // AllScope or an OCU's code
	Key       string // "week.arrests", "follow_up.charged", …
	Measure   Measure
	FollowUp  bool
	Published int64
	Current   int64
}

// Change is current minus published.
func (a Amendment) Change() int64 { return a.Current - a.Published }

// Amendments compares the published figures of the scopes of current
// (each dashboard's: the operation's for Unit nil, else its OCU's) with
// the current ones, in Measures order, scope by scope.
func (f *Final) Amendments(current []*Dashboard) []Amendment {
	var out []Amendment
	for _, d := range current {
		scope := AllScope
		if d.Unit != nil {
			scope = d.Unit.Code
		}
		pub, ok := f.Published[scope]
		if !ok {
			continue // an OCU that took no part when the results were declared
		}
		now := figuresOf(d)
		for _, m := range Measures {
			for _, side := range []string{"week.", "follow_up."} {
				k := side + m.Key
				cur, has := now[k]
				if !has || pub[k] == cur {
					continue
				}
				out = append(out, Amendment{Scope: scope, Key: k, Measure: m, FollowUp: side == "follow_up.", Published: pub[k], Current: cur})
			}
		}
	}
	return out
}

// Value returns the stored value of key ("week.arrests") in scope, and
// whether the snapshot has it.
func (f *Final) Value(scope, key string) (int64, bool) {
	v, ok := f.Published[scope][key]
	return v, ok
}

// clear forgets every cached dashboard: declaring the results final
// changes what dashboards say of them at once.
func (c *liveCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
}
