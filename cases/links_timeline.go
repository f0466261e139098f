package cases

import (
	"context"

	"github.com/ocu-project/ocu/views"
)

// linksWhat says what a link or partnership event did, for the case's
// timeline: the kind and the other case's OCU and country, as audited
// (never its reference, which the reader may not be allowed to see).
func linksWhat(ctx context.Context, e TimelineEvent) (string, bool) {
	switch e.Action {
	case "case.link", "case.unlink":
		return views.T(ctx, "timeline."+e.Action[len("case."):], views.T(ctx, "links.kind."+e.Text("kind")), e.Text("unit"), e.Text("country")), true
	case "case.partner_add":
		return views.T(ctx, "timeline.partner_added", e.Text("country")), true
	case "case.partner_remove":
		return views.T(ctx, "timeline.partner_removed", e.Text("country")), true
	case "group.add_case":
		return views.T(ctx, "timeline.group_added", e.Text("group")), true
	case "group.remove_case":
		return views.T(ctx, "timeline.group_removed", e.Text("group")), true
	case "group.add_person":
		return views.T(ctx, "timeline.group_person_added", e.Pseudonym(), e.Text("group")), true
	case "group.remove_person":
		return views.T(ctx, "timeline.group_person_removed", e.Pseudonym(), e.Text("group")), true
	}
	return "", false
}
