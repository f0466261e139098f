package cases

import (
	"slices"

	"github.com/ocu-project/ocu"
)

// Status is where a case stands in the operation's workflow.
type Status string

const (
	Raid      Status = "raid"      // the intervention is done; every case starts here
	Screening Status = "screening" // people found are being screened
	Referred  Status = "referred"  // referred for prosecution
	Closed    Status = "closed"
)

// Statuses in workflow order.
var Statuses = []Status{Raid, Screening, Referred, Closed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Facts are what guards may look at beyond the case itself: they are loaded
// inside the transition's transaction so a guard never judges stale data.
type Facts struct {
	People     int // people recorded in the case
	Unscreened int // of whom not yet screened
	// ReadyForReferral counts arrested suspects with at least one charge and
	// a referral for prosecution.
	ReadyForReferral int
	// ClosedFrom is the status a closed case was closed from.
	ClosedFrom Status
}

// Guards, each saying exactly what is missing.
func needPeople(_ *Case, f Facts) *ocu.Message {
	if f.People == 0 {
		m := ocu.Msg("guard.no_people")
		return &m
	}
	return nil
}

func noneUnscreened(_ *Case, f Facts) *ocu.Message {
	if f.Unscreened > 0 {
		m := ocu.Msg("guard.unscreened", f.Unscreened)
		return &m
	}
	return nil
}

func suspectReadyForReferral(_ *Case, f Facts) *ocu.Message {
	if f.ReadyForReferral == 0 {
		m := ocu.Msg("guard.no_referred_suspect")
		return &m
	}
	return nil
}

// Guard refuses a transition by returning the message that says what is
// missing; nil lets it through.
type Guard func(c *Case, f Facts) *ocu.Message

// Transition is one allowed move between statuses.
type Transition struct {
	From, To Status
	// NeedsReason: the note is required and recorded as the reason.
	NeedsReason bool
	// SupervisorOnly: moving back and reopening are a supervisor's call.
	SupervisorOnly bool
	Guards         []Guard
	// Via is a status the move passes through on the way, recorded in the
	// history as a step of its own (a case referred straight from raid was
	// screened in between: its guards are both steps' guards).
	Via Status
}

// reopensTo lets a closed case go back only to where it was closed from.
func reopensTo(to Status) Guard {
	return func(_ *Case, f Facts) *ocu.Message {
		if f.ClosedFrom != to {
			m := ocu.Msg("guard.reopen_to", string(f.ClosedFrom))
			return &m
		}
		return nil
	}
}

// workflow is the one transition table. Pages, the API, the demo loader and
// the tests all go through Check and Available, so a rule changed here is
// changed everywhere.
var workflow = []Transition{
	{From: Raid, To: Screening, Guards: []Guard{needPeople}},
	{From: Screening, To: Referred, Guards: []Guard{noneUnscreened, suspectReadyForReferral}},
	// Everyone screened and a suspect referred while the case still says
	// raid: "Refer" does not make the officer say "screening" first.
	{From: Raid, To: Referred, Via: Screening, Guards: []Guard{needPeople, noneUnscreened, suspectReadyForReferral}},
	{From: Referred, To: Closed},
	{From: Raid, To: Closed, NeedsReason: true},
	{From: Screening, To: Closed, NeedsReason: true},
	// A supervisor may move a case back one step, or reopen it, with a reason.
	{From: Screening, To: Raid, NeedsReason: true, SupervisorOnly: true},
	{From: Referred, To: Screening, NeedsReason: true, SupervisorOnly: true},
	{From: Closed, To: Raid, NeedsReason: true, SupervisorOnly: true, Guards: []Guard{reopensTo(Raid)}},
	{From: Closed, To: Screening, NeedsReason: true, SupervisorOnly: true, Guards: []Guard{reopensTo(Screening)}},
	{From: Closed, To: Referred, NeedsReason: true, SupervisorOnly: true, Guards: []Guard{reopensTo(Referred)}},
}

// open reports whether t is open to a principal who may (moveBack) or may
// not use the supervisor-only moves (see ocu.Principal.MayMoveBack).
func (t Transition) open(moveBack bool) bool { return !t.SupervisorOnly || moveBack }

// Workflow returns a copy of the transition table, for documentation pages
// and tests.
func Workflow() []Transition { return slices.Clone(workflow) }

func find(from, to Status) (Transition, bool) {
	for _, t := range workflow {
		if t.From == from && t.To == to {
			return t, true
		}
	}
	return Transition{}, false
}

// next lists the statuses the table allows from s, guards aside, to a
// principal who may or may not move back.
func next(s Status, moveBack bool) []Status {
	var out []Status
	for _, t := range workflow {
		if t.From == s && t.open(moveBack) {
			out = append(out, t.To)
		}
	}
	return out
}

// Check says whether p may move c to `to` now, with note as the reason.
// The refusal is a Conflict that says why, in terms the officer can act on.
func Check(c *Case, f Facts, to Status, note string, p ocu.Principal) error {
	if !to.Valid() {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"to": ocu.Msg("workflow.unknown_status", string(to))}}
	}
	if c.Status == to {
		return ocu.Errorf(ocu.Conflict, "workflow.already", string(to))
	}
	moveBack := p.MayMoveBack()
	t, ok := find(c.Status, to)
	if ok && !t.open(moveBack) {
		return ocu.Errorf(ocu.Conflict, "workflow.supervisor_only", string(c.Status), string(to))
	}
	if !ok {
		if n := next(c.Status, moveBack); len(n) > 0 {
			return ocu.Errorf(ocu.Conflict, "workflow.not_allowed", string(c.Status), string(to), joinStatuses(n))
		}
		return ocu.Errorf(ocu.Conflict, "workflow.final", string(c.Status))
	}
	if t.NeedsReason && len([]rune(trimmed(note))) == 0 {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("workflow.reason_required", string(to)),
			Fields: map[string]ocu.Message{"note": ocu.Msg("workflow.reason_required", string(to))}}
	}
	if blocked := unmet(t, c, f); len(blocked) > 0 {
		return &ocu.Error{Kind: ocu.Conflict, Message: blocked[0], More: blocked[1:]}
	}
	return nil
}

// unmet runs every guard of t and returns the messages of those that fail.
func unmet(t Transition, c *Case, f Facts) []ocu.Message {
	var out []ocu.Message
	for _, g := range t.Guards {
		if m := g(c, f); m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// Option is a transition as offered on the case page: allowed now, or held
// back by guards whose messages say what is missing.
type Option struct {
	To          Status
	NeedsReason bool
	Blocked     []ocu.Message
}

// Available lists the transitions from c's status open to p, each with the
// reasons guards hold it back, if any. Reopening offers only the status the
// case was closed from.
func Available(c *Case, f Facts, p ocu.Principal) []Option {
	moveBack := p.MayMoveBack()
	var out []Option
	for _, t := range workflow {
		if t.From != c.Status || !t.open(moveBack) {
			continue
		}
		if t.From == Closed && f.ClosedFrom != t.To {
			continue
		}
		out = append(out, Option{To: t.To, NeedsReason: t.NeedsReason, Blocked: unmet(t, c, f)})
	}
	return out
}

func joinStatuses(ss []Status) string {
	s := ""
	for i, st := range ss {
		if i > 0 {
			s += ", "
		}
		s += string(st)
	}
	return s
}
