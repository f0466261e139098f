package demo

import "math/rand/v2"

// Where the generated cases' figures go, following the trends the public
// reporting gives (see ../shared/reference/liberterra-ii.md, "Other trends
// reported"): trafficking into online scam centres was the operation's
// priority, so forced criminality is the largest form of exploitation, and
// most of all under Manila; Venezuelans were the largest group of
// irregular migrants and moved mostly within the Americas, and more Asian
// migrants, Vietnamese in particular, were detected in the Americas, so
// both are found under Buenos Aires and nowhere else. Forced marriage and
// organ removal were seen (one organ-trafficking case, in Syria) but are
// rare. The shares themselves are not published: they are the demo's
// choice, and the generated cases say so.

// victimShare and migrantShare split the generated victims and migrants
// between the OCUs; even spreads arrests by country.
var (
	victimShare  = map[string]float64{"MNL": 0.34, "DKR": 0.24, "BUE": 0.24, "SKP": 0.18}
	migrantShare = map[string]float64{"BUE": 0.46, "SKP": 0.30, "DKR": 0.17, "MNL": 0.07}
	even         = map[string]float64{"MNL": 1, "DKR": 1, "BUE": 1, "SKP": 1}
)

// weighted is a list to draw from: each entry as often as its weight.
type weighted []struct {
	v string
	w int
}

func pick(list weighted, rng *rand.Rand) string {
	total := 0
	for _, e := range list {
		total += e.w
	}
	r := rng.IntN(total)
	for _, e := range list {
		if r < e.w {
			return e.v
		}
		r -= e.w
	}
	return list[len(list)-1].v
}

// victimFormsByUnit is the form of exploitation of a generated case's
// victims, by OCU.
var victimFormsByUnit = map[string]weighted{
	"MNL": {{"forced_criminality", 62}, {"sexual_exploitation", 14}, {"forced_labour", 14}, {"child_exploitation", 5}, {"domestic_servitude", 5}},
	"SKP": {{"sexual_exploitation", 34}, {"forced_criminality", 22}, {"forced_labour", 20}, {"forced_begging", 15}, {"child_exploitation", 5}, {"domestic_servitude", 3}, {"forced_marriage", 1}},
	"DKR": {{"forced_criminality", 34}, {"domestic_servitude", 20}, {"forced_labour", 20}, {"sexual_exploitation", 14}, {"child_exploitation", 8}, {"forced_begging", 3}, {"forced_marriage", 1}},
	"BUE": {{"forced_labour", 30}, {"sexual_exploitation", 28}, {"forced_criminality", 24}, {"child_exploitation", 10}, {"domestic_servitude", 8}},
}

// victimNationalities and migrantNationalities, by OCU; "" is not known.
var victimNationalities = map[string]weighted{
	"MNL": {{"PH", 5}, {"ID", 3}, {"VN", 2}, {"CN", 2}, {"MM", 3}, {"TH", 2}, {"KH", 2}, {"LA", 1}, {"", 2}},
	"SKP": {{"UA", 2}, {"MD", 2}, {"AL", 2}, {"RO", 1}, {"NG", 1}, {"CO", 1}, {"SY", 1}, {"", 2}},
	"DKR": {{"NG", 4}, {"TG", 2}, {"GH", 2}, {"BJ", 2}, {"ET", 2}, {"KE", 1}, {"UG", 1}, {"ML", 1}, {"SN", 1}, {"", 2}},
	"BUE": {{"VE", 4}, {"BO", 2}, {"PY", 2}, {"CO", 2}, {"PE", 1}, {"DO", 1}, {"HT", 1}, {"", 2}},
}

var migrantNationalities = map[string]weighted{
	"BUE": {{"VE", 56}, {"VN", 8}, {"CN", 4}, {"IN", 3}, {"CO", 8}, {"HT", 8}, {"EC", 6}, {"", 7}},
	"SKP": {{"AF", 22}, {"SY", 20}, {"PK", 14}, {"BD", 10}, {"MA", 8}, {"IQ", 8}, {"TR", 4}, {"", 14}},
	"DKR": {{"ET", 16}, {"ER", 12}, {"SD", 14}, {"SO", 10}, {"ML", 10}, {"GN", 10}, {"NG", 10}, {"", 18}},
	"MNL": {{"MM", 30}, {"BD", 25}, {"CN", 15}, {"PH", 10}, {"", 20}},
}
