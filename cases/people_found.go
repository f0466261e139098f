package cases

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/units"
)

// Found is how many people a raid found, by what screening on the spot
// made of them, as typed on the raise form: text, so a form with errors
// shows again as typed. A blank count is none. An officer who logs a raid
// after screening on site records the whole crowd with the case, in the
// same transaction, instead of adding and then screening them.
//
// Nothing here guesses: the people made carry only the outcome typed, and
// "minor" only for the number said to be minors; sex, age and nationality
// stay "not known" until someone records them (the screening grid).
type Found struct {
	Unscreened string `json:"unscreened,omitempty"`
	Victims    string `json:"potential_victims,omitempty"`
	Minors     string `json:"of_whom_minors,omitempty"` // of the potential victims
	Migrants   string `json:"irregular_migrants,omitempty"`
	Suspects   string `json:"suspects,omitempty"`
	Other      string `json:"other,omitempty"`
}

// foundGroup is one group of identical people to make.
type foundGroup struct {
	n  int
	in PersonInput
}

// groups checks the counts and returns the people to make, in the order
// their pseudonyms are given: potential victims (minors first), irregular
// migrants, suspects, others, then those not yet screened.
func (f Found) groups(fe ocu.FieldErrors) []foundGroup {
	count := func(field, s string) int {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > MaxBulkPeople {
			fe.Add(field, "error.people_count_or_blank", MaxBulkPeople)
			return 0
		}
		return n
	}
	victims, minors := count("found_victims", f.Victims), count("found_minors", f.Minors)
	migrants, suspects := count("found_migrants", f.Migrants), count("found_suspects", f.Suspects)
	other, unscreened := count("found_other", f.Other), count("found_unscreened", f.Unscreened)
	if minors > victims {
		fe.Add("found_minors", "error.minors_over_victims", victims)
		minors = victims
	}
	if total := victims + migrants + suspects + other + unscreened; total > MaxBulkPeople {
		fe.Add("found_unscreened", "error.people_count", MaxBulkPeople)
	}
	var gs []foundGroup
	add := func(n int, in PersonInput) {
		if n > 0 {
			gs = append(gs, foundGroup{n, in})
		}
	}
	add(minors, PersonInput{Outcome: string(PotentialVictim), AgeBand: "minor_unknown"})
	add(victims-minors, PersonInput{Outcome: string(PotentialVictim)})
	add(migrants, PersonInput{Outcome: string(IrregularMigrant)})
	add(suspects, PersonInput{Outcome: string(Suspect)})
	add(other, PersonInput{Outcome: string(OtherOutcome)})
	add(unscreened, PersonInput{Outcome: string(Unscreened)})
	return gs
}

// addFound makes the people of gs in the new case c, inside the
// transaction that created it, each group checked by the rules every
// person passes.
func addFound(ctx context.Context, tx *gorm.DB, snap *units.Snapshot, c *Case, gs []foundGroup, now time.Time) error {
	total := 0
	for _, g := range gs {
		total += g.n
	}
	if total == 0 {
		return nil
	}
	first, err := reservePseudonyms(tx, c.ID, total, now)
	if err != nil {
		return err
	}
	var people []Person
	counts := audit.Details{}
	for _, g := range gs {
		in := g.in
		pf, err := validatePeople(snap, c, g.n, &in, now)
		if err != nil {
			return err
		}
		for i := 0; i < g.n; i++ {
			people = append(people, newPerson(c, in, pf, first+len(people), now))
		}
		key := in.Outcome
		if pf.minor {
			key = "minor_potential_victim"
		}
		counts[key] = g.n
	}
	if err := insertPeople(tx, people); err != nil {
		return err
	}
	if err := refreshTallies(tx, c.ID); err != nil {
		return err
	}
	counts["count"], counts["first"], counts["last"] = total, people[0].Pseudonym, people[len(people)-1].Pseudonym
	return audit.Record(ctx, tx, audit.Entry{Action: "people.add", Subject: "case:" + c.Reference, Details: counts})
}
