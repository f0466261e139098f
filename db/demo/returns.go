package demo

import (
	"context"
	"math/rand/v2"
	"strconv"

	"github.com/ocu-project/ocu/units"
)

// The published activity of Liberterra II: "nearly 24,000" flights
// monitored and "nearly 8 million" checks against INTERPOL databases. The
// demo's returns add up to these exactly; how they split between countries
// and days is not published, so it is drawn deterministically.
const (
	demoFlights = 23_950
	demoChecks  = 7_950_000
)

// returnsFiledBy marks every demo return as generated wherever its filer
// shows (the returns pages, exports): how checks and flights split between
// countries and days is not published, and border points and officers
// deployed are not published at all; a return requires them, so they are
// drawn, and the banner of every page of the demo says so.
const returnsFiledBy = "Demo generator: figures generated, not published"

// fileReturns files every participating country's return for every day of
// the operation. Filing the same figures again changes nothing, so loading
// the demo twice leaves no trace.
func fileReturns(ctx context.Context, us *units.Store, op units.Operation) error {
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return err
	}
	countries := snap.Attached(op.ID)
	days := op.Days()
	rng := rand.New(rand.NewPCG(2024, 929))
	n := len(countries) * len(days)
	flights := split(demoFlights, n, rng)
	checks := split(demoChecks, n, rng)
	ins := make([]units.ReturnInput, 0, n)
	for i, c := range countries {
		for j, day := range days {
			k := i*len(days) + j
			ins = append(ins, units.ReturnInput{
				Operation: op.Code, Country: c.ISO2, Day: day,
				DatabaseChecks:   strconv.FormatInt(checks[k], 10),
				FlightsMonitored: strconv.FormatInt(flights[k], 10),
				BorderPoints:     strconv.Itoa(1 + rng.IntN(6)),
				OfficersDeployed: strconv.Itoa(10 + rng.IntN(90)),
				FiledBy:          returnsFiledBy,
			})
		}
	}
	return us.FileReturns(ctx, ins)
}

// split divides total into n whole, uneven, non-negative parts that add up
// to total exactly.
func split(total int64, n int, rng *rand.Rand) []int64 {
	weights := make([]float64, n)
	var sum float64
	for i := range weights {
		weights[i] = 0.2 + rng.Float64()*rng.Float64()*4 // a few large countries, many small
		sum += weights[i]
	}
	parts := make([]int64, n)
	var given int64
	for i, w := range weights {
		parts[i] = int64(float64(total) * w / sum)
		given += parts[i]
	}
	for i := 0; given < total; i = (i + 1) % n {
		parts[i]++
		given++
	}
	return parts
}
