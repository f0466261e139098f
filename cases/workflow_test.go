package cases_test

import (
	"fmt"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
)

// allowed is the workflow as the issue states it, written out independently
// of the transition table so that a change to the table shows up here.
var allowed = map[[2]cases.Status]bool{
	{cases.Raid, cases.Screening}:     true,
	{cases.Screening, cases.Referred}: true,
	{cases.Referred, cases.Closed}:    true,
	{cases.Raid, cases.Closed}:        true,
	{cases.Screening, cases.Closed}:   true,
	// Referral straight from raid passes through screening, with both
	// steps' guards (TestReferFromRaidPassesThroughScreening).
	{cases.Raid, cases.Referred}: true,
}

// needsReason lists the moves that must carry a reason.
var needsReason = map[[2]cases.Status]bool{
	{cases.Raid, cases.Closed}:      true,
	{cases.Screening, cases.Closed}: true,
}

// ready satisfies every guard, so the table test sees the table alone.
var ready = cases.Facts{People: 3, Unscreened: 0, ReadyForReferral: 1}

func TestCheckEveryPairOfStatuses(t *testing.T) {
	for _, from := range cases.Statuses {
		for _, to := range cases.Statuses {
			pair := [2]cases.Status{from, to}
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				c := &cases.Case{Status: from}
				err := cases.Check(c, ready, to, "reason given", ocu.Principal{Role: ocu.RoleOfficer})
				if allowed[pair] {
					if err != nil {
						t.Fatalf("want allowed, got %v", err)
					}
					if needsReason[pair] {
						if err := cases.Check(c, ready, to, "  ", ocu.Principal{Role: ocu.RoleOfficer}); ocu.KindOf(err) != ocu.Invalid {
							t.Fatalf("without a reason: want invalid, got %v", err)
						}
					}
					return
				}
				if ocu.KindOf(err) != ocu.Conflict {
					t.Fatalf("want conflict, got %v", err)
				}
			})
		}
	}
}

func TestCheckRefusalSaysWhy(t *testing.T) {
	err := cases.Check(&cases.Case{Status: cases.Referred}, cases.Facts{}, cases.Raid, "", ocu.Principal{Role: ocu.RoleOfficer})
	e := err.(*ocu.Error)
	if e.Message.Key != "workflow.not_allowed" || fmt.Sprint(e.Message.Args) != "[referred raid closed]" {
		t.Fatalf("refusal should name the allowed moves, got %v %v", e.Message.Key, e.Message.Args)
	}
	err = cases.Check(&cases.Case{Status: cases.Closed}, cases.Facts{}, cases.Raid, "", ocu.Principal{Role: ocu.RoleOfficer})
	if e := err.(*ocu.Error); e.Message.Key != "workflow.supervisor_only" {
		t.Fatalf("officer reopening: got %v", e.Message.Key)
	}
	if err := cases.Check(&cases.Case{Status: cases.Raid}, cases.Facts{}, "archived", "", ocu.Principal{Role: ocu.RoleOfficer}); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("unknown status: want invalid, got %v", err)
	}
}

func TestAvailableOffersOnlyTableMoves(t *testing.T) {
	for _, from := range cases.Statuses {
		got := map[cases.Status]bool{}
		for _, o := range cases.Available(&cases.Case{Status: from}, ready, ocu.Principal{Role: ocu.RoleOfficer}) {
			got[o.To] = true
			if o.NeedsReason != needsReason[[2]cases.Status{from, o.To}] {
				t.Errorf("%s→%s: NeedsReason = %v", from, o.To, o.NeedsReason)
			}
		}
		for _, to := range cases.Statuses {
			if got[to] != allowed[[2]cases.Status{from, to}] {
				t.Errorf("%s→%s offered = %v, want %v", from, to, got[to], allowed[[2]cases.Status{from, to}])
			}
		}
	}
}

func TestGuards(t *testing.T) {
	keys := func(err error) []string {
		e, ok := err.(*ocu.Error)
		if !ok {
			return nil
		}
		out := []string{e.Message.Key}
		for _, m := range e.More {
			out = append(out, m.Key)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		from  cases.Status
		to    cases.Status
		facts cases.Facts
		want  string // refusal keys, "" when allowed
	}{
		{"screening needs a person", cases.Raid, cases.Screening, cases.Facts{}, "[guard.no_people]"},
		{"one person is enough", cases.Raid, cases.Screening, cases.Facts{People: 1, Unscreened: 1}, ""},
		{"referral with people unscreened and no suspect", cases.Screening, cases.Referred, cases.Facts{People: 5, Unscreened: 2}, "[guard.unscreened guard.no_referred_suspect]"},
		{"referral with people unscreened", cases.Screening, cases.Referred, cases.Facts{People: 5, Unscreened: 2, ReadyForReferral: 1}, "[guard.unscreened]"},
		{"referral without a charged, arrested, referred suspect", cases.Screening, cases.Referred, cases.Facts{People: 5}, "[guard.no_referred_suspect]"},
		{"referral allowed", cases.Screening, cases.Referred, cases.Facts{People: 5, ReadyForReferral: 1}, ""},
		{"closing needs no people", cases.Raid, cases.Closed, cases.Facts{}, ""},
		{"referral from raid with nobody found", cases.Raid, cases.Referred, cases.Facts{}, "[guard.no_people guard.no_referred_suspect]"},
		{"referral from raid with people unscreened", cases.Raid, cases.Referred, cases.Facts{People: 5, Unscreened: 1, ReadyForReferral: 1}, "[guard.unscreened]"},
		{"referral from raid allowed", cases.Raid, cases.Referred, cases.Facts{People: 5, ReadyForReferral: 1}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := cases.Check(&cases.Case{Status: tc.from}, tc.facts, tc.to, "reason", ocu.Principal{Role: ocu.RoleOfficer})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("want allowed, got %v", err)
				}
				return
			}
			if ocu.KindOf(err) != ocu.Conflict || fmt.Sprint(keys(err)) != tc.want {
				t.Fatalf("got %v %v, want conflict %s", ocu.KindOf(err), keys(err), tc.want)
			}
			// The page shows the same reasons against the held-back button.
			for _, o := range cases.Available(&cases.Case{Status: tc.from}, tc.facts, ocu.Principal{Role: ocu.RoleOfficer}) {
				if o.To == tc.to && len(o.Blocked) != len(keys(err)) {
					t.Fatalf("Available blocks with %v", o.Blocked)
				}
			}
		})
	}
}

// supervisorMoves are the moves only a supervisor may make: one step back,
// or reopening a closed case to where it was closed from.
var supervisorMoves = map[[2]cases.Status]bool{
	{cases.Screening, cases.Raid}:     true,
	{cases.Referred, cases.Screening}: true,
	{cases.Closed, cases.Raid}:        true,
	{cases.Closed, cases.Screening}:   true,
	{cases.Closed, cases.Referred}:    true,
}

func TestSupervisorEveryPairOfStatuses(t *testing.T) {
	for _, from := range cases.Statuses {
		for _, to := range cases.Statuses {
			pair := [2]cases.Status{from, to}
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				facts := ready
				facts.ClosedFrom = to // reopening to where it was closed from
				c := &cases.Case{Status: from}
				err := cases.Check(c, facts, to, "reason given", ocu.Principal{Role: ocu.RoleSupervisor})
				if allowed[pair] || supervisorMoves[pair] {
					if err != nil {
						t.Fatalf("want allowed, got %v", err)
					}
					if supervisorMoves[pair] {
						if err := cases.Check(c, facts, to, "", ocu.Principal{Role: ocu.RoleSupervisor}); ocu.KindOf(err) != ocu.Invalid {
							t.Fatalf("without a reason: want invalid, got %v", err)
						}
						if err := cases.Check(c, facts, to, "reason", ocu.Principal{Role: ocu.RoleOfficer}); ocu.KindOf(err) != ocu.Conflict {
							t.Fatalf("an officer: want conflict, got %v", err)
						}
					}
					return
				}
				if ocu.KindOf(err) != ocu.Conflict {
					t.Fatalf("want conflict, got %v", err)
				}
			})
		}
	}
}

func TestReopenOnlyToWhereItWasClosedFrom(t *testing.T) {
	c := &cases.Case{Status: cases.Closed}
	facts := cases.Facts{ClosedFrom: cases.Screening}
	if err := cases.Check(c, facts, cases.Screening, "new evidence", ocu.Principal{Role: ocu.RoleSupervisor}); err != nil {
		t.Fatal(err)
	}
	err := cases.Check(c, facts, cases.Referred, "new evidence", ocu.Principal{Role: ocu.RoleSupervisor})
	if e, ok := err.(*ocu.Error); !ok || e.Message.Key != "guard.reopen_to" {
		t.Fatalf("reopen to another status: %v", err)
	}
	opts := cases.Available(c, facts, ocu.Principal{Role: ocu.RoleSupervisor})
	if len(opts) != 1 || opts[0].To != cases.Screening {
		t.Fatalf("offered %+v", opts)
	}
	if len(cases.Available(c, facts, ocu.Principal{Role: ocu.RoleOfficer})) != 0 {
		t.Fatal("an officer is offered a reopening")
	}
}
