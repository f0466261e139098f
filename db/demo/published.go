package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

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

// generatedTitle marks the generated cases as such wherever a case's title
// shows (lists, pages, exports), and lets a second load find them.
// oldGeneratedTitle is how demos loaded before said it.
const (
	generatedTitle    = "Generated case %03d (not in the public reporting)"
	oldGeneratedTitle = "Operation week case %03d"
	generatedBy       = "Demo generator (not a real officer)"
)

// remainder is what the generated cases must add to the named ones.
type remainder struct{ victims, migrants, arrestsHtMs, arrestsOther int }

// loadPublished adds the generated cases whose people make the demo's
// totals equal the published results. It adds nothing when they exist.
// Where the reporting points (see trends.go), the generated figures go:
// victims of scam-centre trafficking the largest group, Venezuelan and
// Vietnamese migrants in the Americas, and so on.
func loadPublished(ctx context.Context, cs *cases.Store, us *units.Store, op units.Operation, existing map[string]bool) (int, error) {
	if existing[fmt.Sprintf(generatedTitle, 1)] || existing[fmt.Sprintf(oldGeneratedTitle, 1)] {
		return 0, nil
	}
	need := namedRemainder()
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return 0, err
	}
	participants := snap.Attached(op.ID)
	days := op.Days()
	n := len(participants) * generatedPerCountry
	rng := rand.New(rand.NewPCG(1002, 2024)) // the same demo every time

	// Each case's OCU, and how many countries each OCU has: the shares in
	// trends.go are per OCU, spread over its countries' cases.
	unitOf := make([]string, n)
	perUnit := map[string]int{}
	for i := range unitOf {
		unitOf[i] = participants[i/generatedPerCountry].UnitCode
		perUnit[unitOf[i]]++
	}
	weights := func(share map[string]float64) []float64 {
		w := make([]float64, n)
		for i, u := range unitOf {
			w[i] = share[u] / float64(perUnit[u])
		}
		return w
	}
	// Spread each figure over the cases: uneven, and every figure exact.
	victims := spreadWeighted(need.victims, weights(victimShare), 0.35, rng)
	migrants := spreadWeighted(need.migrants, weights(migrantShare), 0.30, rng)
	htms := spreadWeighted(need.arrestsHtMs, weights(even), 0.45, rng)
	other := spreadWeighted(need.arrestsOther, weights(even), 0.45, rng)

	ins := make([]cases.Input, n)
	forms := make([]string, n)
	for i := range ins {
		p := participants[i/generatedPerCountry]
		forms[i] = pick(victimFormsByUnit[p.UnitCode], rng)
		// Raids between 05:00 and 21:59 local time: the case is raised at
		// 22:00 the same day (see generatedClock).
		ins[i] = cases.Input{
			Operation: op.Code, RaisingCountry: p.ISO2, Country: p.ISO2,
			Title:    fmt.Sprintf(generatedTitle, i+1),
			Summary:  "Generated for the demo so that the operation's totals equal the published results; not a real case. Its country, day, people and forms are drawn where the public reporting points, not reported.",
			Place:    places[rng.IntN(len(places))],
			RaidAt:   fmt.Sprintf("%sT%02d:%02d", days[rng.IntN(len(days))], 5+rng.IntN(17), rng.IntN(60)),
			Forms:    formsFor(forms[i], victims[i], migrants[i], htms[i]+other[i], rng),
			RaisedBy: generatedBy,
		}
	}

	// Cases are loaded in groups of one OCU and one raid day, each group
	// dated that evening in the OCU's zone: within the operation week.
	groups := map[groupKey][]int{}
	var keys []groupKey
	for i := range ins {
		k := groupKey{unitOf[i], ins[i].RaidAt[:10]}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	created := make([]*cases.Case, n)
	for _, k := range keys {
		u, _ := snap.Unit(k.unit)
		clock := generatedClock(op, u.Location(), k.day)
		idx := groups[k]
		group := make([]cases.Input, len(idx))
		for j, i := range idx {
			group[j] = ins[i]
		}
		got, err := cs.At(cases.At(clock.raised)).CreateMany(ctx, group)
		if err != nil {
			return 0, fmt.Errorf("generated cases: %w", err)
		}
		for j, i := range idx {
			created[i] = got[j]
		}
	}

	for _, k := range keys {
		u, _ := snap.Unit(k.unit)
		clock := generatedClock(op, u.Location(), k.day)
		var batches []cases.PeopleBatch
		var toScreening, toReferred []cases.Move
		for _, i := range groups[k] {
			c := created[i]
			add := func(count int, in cases.PersonInput) {
				if count > 0 {
					batches = append(batches, cases.PeopleBatch{Reference: c.Reference, N: count, In: in})
				}
			}
			// About one victim in eight is a minor: counts of minors stay
			// exact because their band says so.
			minors := victims[i] / 8
			add(victims[i]-minors, cases.PersonInput{Outcome: "potential_victim", AgeBand: "adult_unknown", Nationality: pick(victimNationalities[k.unit], rng), Exploitation: forms[i]})
			add(minors, cases.PersonInput{Outcome: "potential_victim", AgeBand: "minor_unknown", Nationality: pick(victimNationalities[k.unit], rng), Exploitation: forms[i]})
			add(migrants[i], cases.PersonInput{Outcome: "irregular_migrant", AgeBand: "unknown", Nationality: pick(migrantNationalities[k.unit], rng)})
			arrestAt := ins[i].RaidAt // arrested in the raid
			referred := htms[i] > 0 && rng.IntN(3) == 0
			if referred {
				// One suspect referred for prosecution, so the case can be.
				add(1, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: arrestAt,
					Charges: []string{chargeFor(c, rng)}, ProsecutionAuthority: "Public prosecutor",
					ProsecutionRef: "DEMO-" + c.Reference, ProsecutionDate: clock.referralDay})
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
		if _, err := cs.At(cases.At(clock.recorded)).AddPeopleMany(ctx, batches); err != nil {
			return 0, fmt.Errorf("generated people: %w", err)
		}
		if err := cs.At(cases.At(clock.screening)).TransitionMany(ctx, toScreening); err != nil {
			return 0, fmt.Errorf("generated moves: %w", err)
		}
		if err := cs.At(cases.At(clock.referred)).TransitionMany(ctx, toReferred); err != nil {
			return 0, fmt.Errorf("generated moves: %w", err)
		}
	}
	return len(created), nil
}

type groupKey struct{ unit, day string }

// namedRemainder is what the generated cases must add to the named cases'
// figures to reach the published results.
func namedRemainder() remainder {
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
	return remainder{
		victims:      PublishedVictims - named.victims,
		migrants:     PublishedMigrants - named.migrants,
		arrestsHtMs:  PublishedArrestsHtMs - named.arrestsHtMs,
		arrestsOther: PublishedArrests - PublishedArrestsHtMs - named.arrestsOther,
	}
}

// genClock dates one group of generated cases.
type genClock struct {
	raised, recorded, screening, referred time.Time
	referralDay                           string
}

// generatedClock dates the cases raided on day in an OCU of zone loc: raised
// at 22:00 local, people recorded at 22:10, screening from 22:30, referral
// the next morning (or 23:30 on the operation's last day).
func generatedClock(op units.Operation, loc *time.Location, day string) genClock {
	d, _ := time.ParseInLocation(time.DateOnly, day, loc)
	c := genClock{raised: d.Add(22 * time.Hour), recorded: d.Add(22*time.Hour + 10*time.Minute),
		screening: d.Add(22*time.Hour + 30*time.Minute)}
	if day < op.LastDay {
		c.referred = d.AddDate(0, 0, 1).Add(10 * time.Hour)
	} else {
		c.referred = d.Add(23*time.Hour + 30*time.Minute)
	}
	c.referralDay = c.referred.Format(time.DateOnly)
	return c
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

// formsFor lists the case's forms: its form of exploitation when it has
// victims (or only arrests), smuggling when it has migrants, and now and
// then a linked crime.
func formsFor(form string, victims, migrants, arrests int, rng *rand.Rand) []string {
	var fs []string
	if victims > 0 || (migrants == 0 && arrests > 0) {
		fs = append(fs, form)
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

// spreadWeighted divides total over the cases: about share of them get
// some, in proportion to their weight times a random factor (a few large
// cases, many small), and the parts add up to total exactly.
func spreadWeighted(total int, weight []float64, share float64, rng *rand.Rand) []int {
	out := make([]int, len(weight))
	if total <= 0 {
		return out
	}
	var chosen []int
	for i := range weight {
		if rng.Float64() < share && weight[i] > 0 {
			chosen = append(chosen, i)
		}
	}
	if len(chosen) == 0 {
		chosen = []int{0}
	}
	w := make([]float64, len(chosen))
	var sum float64
	for k, i := range chosen {
		w[k] = weight[i] * (0.2 + rng.Float64()*rng.Float64()*4)
		sum += w[k]
	}
	given := 0
	for k, i := range chosen {
		out[i] = int(float64(total) * w[k] / sum)
		given += out[i]
	}
	for k := 0; given < total; k = (k + 1) % len(chosen) {
		out[chosen[k]]++
		given++
	}
	return out
}
