package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Generate adds n synthetic cases to the demo operation, spread over its
// participating countries, days and forms of exploitation, and walks some of
// them through the workflow. It goes through the same validation and
// workflow as any officer's case, in batches. The same seed gives the same
// cases.
func Generate(ctx context.Context, d *db.DB, n int, seed uint64) error {
	if _, err := Load(ctx, d); err != nil {
		return err
	}
	us := units.NewStore(d)
	cs := cases.NewStore(d, us)
	ref, err := us.Snapshot(ctx)
	if err != nil {
		return err
	}
	op, ok := ref.Operation(Operation.Code)
	if !ok {
		return fmt.Errorf("operation %s missing after load", Operation.Code)
	}
	participants := ref.Attached(op.ID)
	countries := ref.Countries()
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
		if err := advance(ctx, cs, created, rng); err != nil {
			return err
		}
		done += size
	}
	return nil
}

// advance moves a share of freshly created cases along the workflow: about
// 60% to screening, 15% on to referral, and 10% closed with a reason.
func advance(ctx context.Context, cs *cases.Store, created []*cases.Case, rng *rand.Rand) error {
	const by = "Generated officer"
	var toScreening, toReferred, toClosed []cases.Move
	for _, c := range created {
		switch r := rng.IntN(100); {
		case r < 25:
		case r < 35:
			toClosed = append(toClosed, cases.Move{Reference: c.Reference, To: cases.Closed, Note: "Duplicate of another case.", Actor: by})
		default:
			toScreening = append(toScreening, cases.Move{Reference: c.Reference, To: cases.Screening, Actor: by})
			if r >= 85 {
				toReferred = append(toReferred, cases.Move{Reference: c.Reference, To: cases.Referred, Actor: by})
			}
		}
	}
	for _, moves := range [][]cases.Move{toScreening, toReferred, toClosed} {
		if err := cs.TransitionMany(ctx, moves); err != nil {
			return fmt.Errorf("generate moves: %w", err)
		}
	}
	return nil
}

var labels = []string{"Raid", "Interception", "Inspection", "Border check", "Search", "Rescue"}

var places = []string{"Port area", "Border crossing", "Bus station", "Airport", "Farm", "Factory", "Apartment block", "Nightclub", "Construction site", "Fishing vessel"}
