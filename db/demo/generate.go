package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Generate adds n synthetic cases to the demo operation, spread over its
// participating countries, days and forms of exploitation, with about six
// people each, and walks some of them through the workflow. It goes through
// the same validation and workflow as any officer's case, in batches. The
// same seed gives the same cases.
func Generate(ctx context.Context, d *db.DB, n int, seed uint64) error {
	return GenerateWithPeople(ctx, d, n, 1, seed)
}

// GenerateWithPeople is Generate with every crowd of people scaled by
// peopleFactor (at least 1): 2.15 gives about ten people per case, the
// shape of the dashboard's speed target (100,000 cases, 1,000,000 people).
func GenerateWithPeople(ctx context.Context, d *db.DB, n int, peopleFactor float64, seed uint64) error {
	ctx = ocu.SystemContext(ctx)
	peopleFactor = max(peopleFactor, 1)
	if _, err := LoadNamed(ctx, d); err != nil {
		return err
	}
	us := units.NewStore(d)
	cs := cases.NewStore(d, us)
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return err
	}
	op, ok := snap.Operation(Operation.Code)
	if !ok {
		return fmt.Errorf("operation %s missing after load", Operation.Code)
	}
	participants := snap.Attached(op.ID)
	countries := snap.Countries()
	days := op.Days()
	forms := cases.AllForms()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	const batch = 2000
	for done := 0; done < n; {
		size := min(batch, n-done)
		ins := make([]cases.Input, size)
		for i := range ins {
			p := participants[rng.IntN(len(participants))]
			f := []string{string(forms[rng.IntN(len(forms))])}
			if rng.IntN(3) == 0 {
				f = append(f, string(forms[rng.IntN(len(forms))]))
			}
			in := cases.Input{
				Operation: op.Code, RaisingCountry: p.ISO2,
				Title:   fmt.Sprintf("%s case %d raised by %s", labels[rng.IntN(len(labels))], done+i+1, p.Name),
				Summary: "Generated case for load and scale testing.",
				Place:   places[rng.IntN(len(places))], Country: p.ISO2,
				RaidAt:   fmt.Sprintf("%sT%02d:%02d", days[rng.IntN(len(days))], rng.IntN(24), rng.IntN(60)),
				Forms:    f,
				RaisedBy: "Generated officer, " + p.Name,
			}
			if rng.IntN(2) == 0 {
				in.Linked = map[string][]string{"origin": {countries[rng.IntN(len(countries))].ISO2}}
			}
			ins[i] = in
		}
		created, err := cs.CreateMany(ctx, ins)
		if err != nil {
			return fmt.Errorf("generate cases: %w", err)
		}
		if err := advance(ctx, cs, created, days, peopleFactor, rng); err != nil {
			return err
		}
		done += size
	}
	return nil
}

// advance gives freshly created cases their people and moves a share of
// them along the workflow: about 60% to screening, 15% of all on to
// referral, 10% closed with a reason, the rest left at the raid. People are
// chosen so that every move passes the workflow's guards: cases to be
// referred get an arrested, charged and referred suspect and nobody left
// unscreened. About six people per case on average.
func advance(ctx context.Context, cs *cases.Store, created []*cases.Case, days []string, factor float64, rng *rand.Rand) error {
	const by = "Generated officer"
	var batches []cases.PeopleBatch
	var toScreening, toReferred, toClosed []cases.Move
	add := func(c *cases.Case, n int, in cases.PersonInput) {
		n = int(float64(n)*factor + 0.5)
		if n > 0 {
			batches = append(batches, cases.PeopleBatch{Reference: c.Reference, N: n, In: in})
		}
	}
	nationality := func() string { return nationalities[rng.IntN(len(nationalities))] }
	victimForms := cases.VictimForms()
	for _, c := range created {
		arrestAt := c.RaidDay + "T23:00"
		band := func() string { return cases.AgeBands[rng.IntN(len(cases.AgeBands))] }
		r := rng.IntN(100)
		switch {
		case r < 25: // still at the raid: people found, not yet screened
			add(c, rng.IntN(6), cases.PersonInput{Nationality: nationality(), AgeBand: band()})
			continue
		case r < 35:
			add(c, rng.IntN(3), cases.PersonInput{Nationality: nationality()})
			toClosed = append(toClosed, cases.Move{Reference: c.Reference, To: cases.Closed, Note: "Duplicate of another case.", Actor: by})
			continue
		}
		referred := r >= 85
		add(c, rng.IntN(4), cases.PersonInput{Outcome: "potential_victim", Sex: cases.Sexes[rng.IntN(4)], AgeBand: band(),
			Nationality: nationality(), Exploitation: victimForms[rng.IntN(len(victimForms))]})
		add(c, rng.IntN(6), cases.PersonInput{Outcome: "irregular_migrant", AgeBand: band(), Nationality: nationality()})
		charge := cases.Charges[rng.IntN(len(cases.Charges))]
		suspect := cases.PersonInput{Outcome: "suspect", Sex: "male", Arrested: true, ArrestedAt: arrestAt, Charges: []string{string(charge)}}
		if referred {
			suspect.ProsecutionAuthority, suspect.ProsecutionRef, suspect.ProsecutionDate = "Public prosecutor", "GEN-"+c.Reference, days[len(days)-1]
			add(c, 1+rng.IntN(2), suspect)
		} else {
			add(c, rng.IntN(2), suspect)
			add(c, 1+rng.IntN(3), cases.PersonInput{Nationality: nationality()}) // screening still under way
		}
		toScreening = append(toScreening, cases.Move{Reference: c.Reference, To: cases.Screening, Actor: by})
		if referred {
			toReferred = append(toReferred, cases.Move{Reference: c.Reference, To: cases.Referred, Actor: by})
		}
	}
	if _, err := cs.AddPeopleMany(ctx, batches); err != nil {
		return fmt.Errorf("generate people: %w", err)
	}
	for _, moves := range [][]cases.Move{toScreening, toReferred, toClosed} {
		if err := cs.TransitionMany(ctx, moves); err != nil {
			return fmt.Errorf("generate moves: %w", err)
		}
	}
	return nil
}

// nationalities weights the generated people towards the nationalities the
// operation reported most: Venezuelan, Vietnamese and Chinese among them.
var nationalities = []string{"VE", "VE", "VE", "VN", "VN", "CN", "CN", "CO", "ET", "ER", "SY", "AF", "NG", "PH", "MM", "TN", "HT", "BD", "IN", ""}

var labels = []string{"Raid", "Interception", "Inspection", "Border check", "Search", "Rescue"}

var places = []string{"Port area", "Border crossing", "Bus station", "Airport", "Farm", "Factory", "Apartment block", "Nightclub", "Construction site", "Fishing vessel"}
