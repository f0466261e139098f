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
}

// needsReason lists the moves that must carry a reason.
var needsReason = map[[2]cases.Status]bool{
	{cases.Raid, cases.Closed}:      true,
	{cases.Screening, cases.Closed}: true,
}

func TestCheckEveryPairOfStatuses(t *testing.T) {
	for _, from := range cases.Statuses {
		for _, to := range cases.Statuses {
			pair := [2]cases.Status{from, to}
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				c := &cases.Case{Status: from}
				err := cases.Check(c, cases.Facts{}, to, "reason given")
				if allowed[pair] {
					if err != nil {
						t.Fatalf("want allowed, got %v", err)
					}
					if needsReason[pair] {
						if err := cases.Check(c, cases.Facts{}, to, "  "); ocu.KindOf(err) != ocu.Invalid {
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
	err := cases.Check(&cases.Case{Status: cases.Raid}, cases.Facts{}, cases.Referred, "")
	e := err.(*ocu.Error)
	if e.Message.Key != "workflow.not_allowed" || fmt.Sprint(e.Message.Args) != "[raid referred screening, closed]" {
		t.Fatalf("refusal should name the allowed moves, got %v %v", e.Message.Key, e.Message.Args)
	}
	err = cases.Check(&cases.Case{Status: cases.Closed}, cases.Facts{}, cases.Raid, "")
	if e := err.(*ocu.Error); e.Message.Key != "workflow.final" {
		t.Fatalf("closed case: got %v", e.Message.Key)
	}
	if err := cases.Check(&cases.Case{Status: cases.Raid}, cases.Facts{}, "archived", ""); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("unknown status: want invalid, got %v", err)
	}
}

func TestAvailableOffersOnlyTableMoves(t *testing.T) {
	for _, from := range cases.Statuses {
		got := map[cases.Status]bool{}
		for _, o := range cases.Available(&cases.Case{Status: from}, cases.Facts{}) {
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
