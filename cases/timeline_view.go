package cases

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/ocu-project/ocu/views"
)

// timelineShown is how many events the case page lists before "show all".
const timelineShown = 30

// timelineRows turns a case's events into what its page shows: who, what
// and when, the time in the OCU's zone.
func timelineRows(ctx context.Context, es []TimelineEvent, loc *time.Location) []views.TimelineRow {
	out := make([]views.TimelineRow, 0, len(es))
	for _, e := range es {
		row := views.TimelineRow{When: views.When(ctx, e.At, loc), Who: e.Who, What: timelineWhat(ctx, e),
			Note: e.Note, Kind: strings.ReplaceAll(e.Action, ".", "-")}
		if !e.Recorded.IsZero() {
			row.Recorded = views.When(ctx, e.Recorded, loc)
		}
		out = append(out, row)
	}
	return out
}

// timelineWhat says what an event did, from its action and the codes and
// field names the trail recorded; never a value that is personal data.
func timelineWhat(ctx context.Context, e TimelineEvent) string {
	t := func(k string, a ...any) string { return views.T(ctx, k, a...) }
	switch e.Action {
	case "case.create":
		return t("timeline.created", statusText(ctx, e.To))
	case "case.transition":
		return t("timeline.moved", statusText(ctx, e.From), statusText(ctx, e.To))
	case "case.update":
		return t("timeline.edited", fieldList(ctx, e.Changed()))
	case "case.notable":
		if e.Value("after", "notable") == "true" {
			return t("timeline.notable_on")
		}
		return t("timeline.notable_off")
	case "case.share":
		return t("timeline.shared", e.Text("unit"))
	case "case.unshare":
		return t("timeline.unshared", e.Text("unit"))
	case "people.add":
		n := max(e.Count(), 1)
		if n == 1 {
			return views.TN(ctx, "timeline.people_added", n, views.NumIn(ctx, n), e.Text("first"))
		}
		return views.TN(ctx, "timeline.people_added", n, views.NumIn(ctx, n), e.Text("first")+"–"+e.Text("last"))
	case "people.screen":
		n := e.Count()
		return views.TN(ctx, "timeline.screened", n, views.NumIn(ctx, n), outcomeText(ctx, e.Value("after", "outcome")))
	case "person.update":
		return personWhat(ctx, e)
	case "seizure.add":
		return t("timeline.seizure_added", seizureText(ctx, e, "after"))
	case "seizure.delete":
		return t("timeline.seizure_deleted", seizureText(ctx, e, "before"))
	case "check.add":
		return checkTimelineText(ctx, e)
	}
	if s, ok := prosecutionWhat(ctx, e); ok {
		return s
	}
	if s, ok := linksWhat(ctx, e); ok {
		return s
	}
	if s, ok := cooperationWhat(ctx, e); ok {
		return s
	}
	return t("timeline.other", e.Action)
}

// personWhat names what changed for one person: arrest, charges, referral
// for prosecution and screening first, as they count in the figures.
func personWhat(ctx context.Context, e TimelineEvent) string {
	changed := e.Changed()
	var parts []string
	if slices.Contains(changed, "outcome") {
		parts = append(parts, views.T(ctx, "timeline.part_outcome", outcomeText(ctx, e.Value("after", "outcome"))))
	}
	if slices.Contains(changed, "arrested") || slices.Contains(changed, "arrested_at") {
		parts = append(parts, views.T(ctx, "timeline.part_arrest"))
	}
	if slices.Contains(changed, "charges") {
		parts = append(parts, views.T(ctx, "timeline.part_charges"))
	}
	if slices.ContainsFunc(changed, func(f string) bool { return strings.HasPrefix(f, "prosecution_") }) {
		parts = append(parts, views.T(ctx, "timeline.part_prosecution"))
	}
	var rest []string
	for _, f := range changed {
		if f != "outcome" && f != "arrested" && f != "arrested_at" && f != "charges" && !strings.HasPrefix(f, "prosecution_") {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		parts = append(parts, fieldList(ctx, rest))
	}
	if len(parts) == 0 {
		parts = append(parts, views.T(ctx, "timeline.part_nothing"))
	}
	return views.T(ctx, "timeline.person_updated", e.Pseudonym(), strings.Join(parts, "; "))
}

func fieldList(ctx context.Context, fields []string) string {
	labels := make([]string, len(fields))
	for i, f := range fields {
		labels[i] = strings.ToLower(views.T(ctx, "field."+f))
	}
	if len(labels) == 0 {
		return views.T(ctx, "timeline.part_nothing")
	}
	return strings.Join(labels, ", ")
}

func statusText(ctx context.Context, s Status) string { return views.T(ctx, "status."+string(s)) }

func outcomeText(ctx context.Context, o string) string {
	if o == "" {
		return views.T(ctx, "timeline.outcome_unknown")
	}
	return strings.ToLower(views.T(ctx, "outcome."+o))
}

// seizureText is a seizure's kind, and its quantity and unit when recorded.
func seizureText(ctx context.Context, e TimelineEvent, side string) string {
	kind := e.Value(side, "kind")
	s := strings.ToLower(views.T(ctx, "seizure."+kind))
	if kind == "" {
		s = views.T(ctx, "timeline.part_nothing")
	}
	q, unit := e.Value(side, "quantity"), e.Value(side, "unit")
	if cur := e.Value(side, "currency"); cur != "" {
		unit = cur
	}
	switch {
	case q != "":
		s += " (" + strings.TrimSpace(q+" "+unit) + ")"
	case e.Value(side, "amount_unknown") == "true":
		s += " (" + strings.ToLower(views.T(ctx, "seizures.amount_not_published")) + ")"
	}
	return s
}
