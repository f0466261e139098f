package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/units"
)

// The operation's published results (preliminary, INTERPOL, 6 November
// 2024). The demo's records add up to exactly these: the named cases carry
// their own published figures, and generated cases across every
// participating country carry the rest.
const (
	PublishedVictims     = 3222
	PublishedMigrants    = 17793
	PublishedArrests     = 2517
	PublishedArrestsHtMs = 850
)

// generatedPerCountry is how many generated cases each participating
// country raises: enough to spread the figures, few enough to read.
const generatedPerCountry = 4

// generatedTitle marks the generated cases, so a second load finds them.
const generatedTitle = "Operation week case %03d"

// remainder is what the generated cases must add to the named ones.
type remainder struct{ victims, migrants, arrestsHtMs, arrestsOther int }

// loadPublished adds the generated cases whose people make the demo's
// totals equal the published results. It adds nothing when they exist.
func loadPublished(ctx context.Context, cs *cases.Store, us *units.Store, op units.Operation, existing map[string]bool) (int, error) {
	if existing[fmt.Sprintf(generatedTitle, 1)] {
		return 0, nil
	}
	var named remainder
	for _, nc := range namedCases {
		for _, cr := range nc.People {
			switch cr.In.Outcome {
			case "potential_victim":
				named.victims += cr.N
			case "irregular_migrant":
				named.migrants += cr.N
			case "suspect":
				if !cr.In.Arrested {
					continue
				}
				if chargedHtMs(cr.In.Charges) {
					named.arrestsHtMs += cr.N
				} else {
					named.arrestsOther += cr.N
				}
			}
		}
	}
	need := remainder{
		victims:      PublishedVictims - named.victims,
		migrants:     PublishedMigrants - named.migrants,
		arrestsHtMs:  PublishedArrestsHtMs - named.arrestsHtMs,
		arrestsOther: PublishedArrests - PublishedArrestsHtMs - named.arrestsOther,
	}
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return 0, err
	}
	participants := snap.Attached(op.ID)
	days := op.Days()
	n := len(participants) * generatedPerCountry
	rng := rand.New(rand.NewPCG(1002, 2024)) // the same demo every time

	// Spread each figure over the cases: uneven, and every figure exact.
	victims := spreadOver(need.victims, n, 0.35, rng)
	migrants := spreadOver(need.migrants, n, 0.30, rng)
	htms := spreadOver(need.arrestsHtMs, n, 0.45, rng)
	other := spreadOver(need.arrestsOther, n, 0.45, rng)

	ins := make([]cases.Input, n)
	for i := range ins {
		p := participants[i/generatedPerCountry]
		ins[i] = cases.Input{
			Operation: op.Code, RaisingCountry: p.ISO2, Country: p.ISO2,
			Title:    fmt.Sprintf(generatedTitle, i+1),
			Summary:  "Generated for the demo so that the operation's totals equal the published results; not a real case.",
			Place:    places[rng.IntN(len(places))],
			RaidAt:   fmt.Sprintf("%sT%02d:%02d", days[rng.IntN(len(days))], 5+rng.IntN(17), rng.IntN(60)),
			Forms:    formsFor(victims[i], migrants[i], htms[i]+other[i], rng),
			RaisedBy: "Demo officer, " + p.Name,
		}
	}
	created, err := cs.CreateMany(ctx, ins)
	if err != nil {
		return 0, fmt.Errorf("generated cases: %w", err)
	}

	var batches []cases.PeopleBatch
	var toScreening, toReferred []cases.Move
	forms := cases.VictimForms()
	for i, c := range created {
		add := func(count int, in cases.PersonInput) {
			if count > 0 {
				batches = append(batches, cases.PeopleBatch{Reference: c.Reference, N: count, In: in})
			}
		}
		// About one victim in eight is a minor: counts of minors stay exact
		// because their band says so.
		minors := victims[i] / 8
		form := forms[rng.IntN(len(forms))]
		add(victims[i]-minors, cases.PersonInput{Outcome: "potential_victim", AgeBand: "adult_unknown", Nationality: nationalityFor(rng), Exploitation: form})
		add(minors, cases.PersonInput{Outcome: "potential_victim", AgeBand: "minor_unknown", Nationality: nationalityFor(rng), Exploitation: form})
		add(migrants[i], cases.PersonInput{Outcome: "irregular_migrant", AgeBand: "unknown", Nationality: migrantNationality(rng)})
		arrestAt := c.RaidDay + "T23:30"
		referred := htms[i] > 0 && rng.IntN(3) == 0
		if referred {
			// One suspect referred for prosecution, so the case can be.
			add(1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: arrestAt,
				Charges: []string{chargeFor(c, rng)}, ProsecutionAuthority: "Public prosecutor",
				ProsecutionRef: "DEMO-" + c.Reference, ProsecutionDate: days[len(days)-1]})
			add(htms[i]-1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: arrestAt, Charges: []string{chargeFor(c, rng)}})
		} else {
			add(htms[i], cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: arrestAt, Charges: []string{chargeFor(c, rng)}})
		}
		add(other[i], cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: arrestAt, Charges: []string{otherCharges[rng.IntN(len(otherCharges))]}})
		if victims[i]+migrants[i]+htms[i]+other[i] > 0 {
			toScreening = append(toScreening, cases.Move{Reference: c.Reference, To: cases.Screening, Note: "Everyone found has been screened.", Actor: c.RaisedBy})
			if referred {
				toReferred = append(toReferred, cases.Move{Reference: c.Reference, To: cases.Referred, Note: "Suspects referred for prosecution.", Actor: c.RaisedBy})
			}
		}
	}
	if _, err := cs.AddPeopleMany(ctx, batches); err != nil {
		return 0, fmt.Errorf("generated people: %w", err)
	}
	for _, moves := range [][]cases.Move{toScreening, toReferred} {
		if err := cs.TransitionMany(ctx, moves); err != nil {
			return 0, fmt.Errorf("generated moves: %w", err)
		}
	}
	return len(created), nil
}

func chargedHtMs(charges []string) bool {
	for _, c := range charges {
		if cases.Charge(c).TraffickingOrSmuggling() {
			return true
		}
	}
	return false
}

var otherCharges = []string{"drug_trafficking", "money_laundering", "firearms", "document_fraud", "other"}

// chargeFor picks the trafficking or smuggling charge that fits the case.
func chargeFor(c *cases.Case, rng *rand.Rand) string {
	for _, f := range c.Forms {
		if f == cases.MigrantSmuggling {
			return string(cases.ChargeSmuggling)
		}
	}
	if rng.IntN(4) == 0 {
		return string(cases.ChargeSmuggling)
	}
	return string(cases.ChargeTrafficking)
}

// formsFor chooses forms that match who was found.
func formsFor(victims, migrants, arrests int, rng *rand.Rand) []string {
	var fs []string
	if victims > 0 || (migrants == 0 && arrests > 0) {
		tf := cases.FormGroups[0].Forms
		fs = append(fs, string(tf[rng.IntN(len(tf))]))
	}
	if migrants > 0 {
		fs = append(fs, string(cases.MigrantSmuggling))
	}
	if rng.IntN(4) == 0 {
		lc := cases.FormGroups[2].Forms
		fs = append(fs, string(lc[rng.IntN(len(lc))]))
	}
	if len(fs) == 0 {
		fs = append(fs, string(cases.MigrantSmuggling))
	}
	return fs
}

// Venezuelans were the largest group of irregular migrants; Vietnamese and
// other Asian migrants were found in the Americas.
var migrantNationalities = []string{"VE", "VE", "VE", "VE", "VN", "VN", "CO", "HT", "EC", "AF", "SY", "SD", "ER", "ET", "BD", "CN", "IN", "PK", ""}

func migrantNationality(rng *rand.Rand) string {
	return migrantNationalities[rng.IntN(len(migrantNationalities))]
}

var victimNationalities = []string{"PH", "ID", "VN", "CN", "MM", "TH", "NG", "TG", "UA", "CO", "VE", "BO", "PY", "ET", "KE", "UG", "NP", "IN", ""}

func nationalityFor(rng *rand.Rand) string {
	return victimNationalities[rng.IntN(len(victimNationalities))]
}

// spreadOver divides total over n cases: about share of them get some,
// unevenly, and the parts add up to total exactly.
func spreadOver(total, n int, share float64, rng *rand.Rand) []int {
	out := make([]int, n)
	if total <= 0 {
		return out
	}
	var chosen []int
	for i := range n {
		if rng.Float64() < share {
			chosen = append(chosen, i)
		}
	}
	if len(chosen) == 0 {
		chosen = []int{0}
	}
	parts := split(int64(total), len(chosen), rng)
	for k, i := range chosen {
		out[i] = int(parts[k])
	}
	return out
}
