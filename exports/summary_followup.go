package exports

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ocu-project/ocu/views"
)

// The summary sheet separates the operation week's figures from the
// follow-up period's (cases raised after the last operational day,
// units/followup.go), and says whether the operation's results are
// preliminary or declared final (reports/results.go), as the dashboards
// and the report do.

// followUp holds the follow-up cases' figures and the results' status.
type followUp struct {
	lastDay     string // the operation's last day: later raids are follow-up cases
	until       string // the follow-up period's end, "" when none
	finalisedAt *time.Time

	fuCases, fuVictims, fuMinors, fuMigrants, fuArrests, fuReferred int64
}

// start reads, in the export's snapshot, whether the results are final.
func (f *followUp) start(ctx context.Context, rd *reader, pl *plan) error {
	f.lastDay, f.until = pl.op.LastDay, pl.op.FollowUpUntil
	var at time.Time
	err := rd.conn.QueryRowContext(ctx, "SELECT finalised_at FROM operation_results WHERE operation_id = ?", pl.op.ID).Scan(&at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	f.finalisedAt = &at
	return nil
}

func (t *totals) isFollowUp(c []cell) bool {
	return t.until != "" && c[t.idx["raid_day"]].s > t.lastDay
}

func (t *totals) addFollowUp(c []cell) {
	t.fuCases++
	t.fuVictims += c[t.idx["potential_victims"]].n
	t.fuMinors += c[t.idx["minor_victims"]].n
	t.fuMigrants += c[t.idx["irregular_migrants"]].n
	t.fuArrests += c[t.idx["arrests"]].n
	t.fuReferred += c[t.idx["referred_for_prosecution"]].n
}

type summaryLine struct {
	label string
	value any
}

// followUpLines are the summary's lines after the week's figures: the
// results' status, and the follow-up cases' figures when the operation has
// a follow-up period.
func followUpLines(pl *plan, t *totals) []summaryLine {
	ctx := pl.ctx
	status := views.T(ctx, "results.preliminary")
	if t.finalisedAt != nil {
		status = views.T(ctx, "results.final") + " (" + t.finalisedAt.UTC().Format(time.DateOnly) + ")"
	}
	out := []summaryLine{{views.T(ctx, "exports.summary.results_status"), status}}
	if t.until == "" {
		return out
	}
	return append(out,
		summaryLine{"", nil},
		summaryLine{views.T(ctx, "exports.summary.follow_up", t.lastDay, t.until), nil},
		summaryLine{views.T(ctx, "exports.summary.follow_up_cases"), t.fuCases},
		summaryLine{views.T(ctx, "exports.summary.follow_up_potential_victims"), t.fuVictims},
		summaryLine{views.T(ctx, "exports.summary.follow_up_minor_victims"), t.fuMinors},
		summaryLine{views.T(ctx, "exports.summary.follow_up_irregular_migrants"), t.fuMigrants},
		summaryLine{views.T(ctx, "exports.summary.follow_up_arrests"), t.fuArrests},
		summaryLine{views.T(ctx, "exports.summary.follow_up_referred"), t.fuReferred},
	)
}
