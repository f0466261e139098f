package matching

import (
	"sort"

	"github.com/antzucaro/matchr"
)

// Reason codes: why a candidate was scored as it was. They are codes, never
// values, so they can be shown to an OCU whose scope does not cover the
// other record ("a possible match in Skopje, on name and date of birth").
const (
	ReasonNameExact           = "name_exact"          // the same words, spelled alike
	ReasonNameTransliterated  = "name_transliterated" // written in different scripts
	ReasonNamePhonetic        = "name_phonetic"       // words that sound alike
	ReasonNameSimilar         = "name_similar"        // words a few letters apart
	ReasonNameWordOrder       = "name_word_order"     // the same words in another order
	ReasonBirthDateSame       = "birth_date_same"     // the same date of birth
	ReasonBirthYearSame       = "birth_year_same"     // born the same year, another day
	ReasonBirthDateDiffers    = "birth_date_differs"  // different years of birth (against)
	ReasonNationalitySame     = "nationality_same"    // the same nationality
	ReasonNationalityDiffers  = "nationality_differs" // different nationalities (against)
	ReasonIdentifierDocument  = "identifier_document" // the same travel or identity document
	ReasonIdentifierPhone     = "identifier_phone"    // the same phone number
	ReasonIdentifierPlate     = "identifier_plate"    // the same vehicle plate
	ReasonIdentifierAlias     = "identifier_alias"    // the same alias
	identifierReasonPrefix    = "identifier_"
	nameSimilarityThreshold   = 0.85 // a name below this is no evidence
	Threshold                 = 50   // a candidate scoring this or more is recorded as a possible match
	nameWeight                = 60
	birthDateSamePoints       = 25
	birthYearSamePoints       = 8
	birthDateDiffersPenalty   = 30
	nationalitySamePoints     = 10
	nationalityDiffersPenalty = 5
)

// identifierPoints is what one identifier shared exactly is worth, by kind:
// a document number is nearly proof, a plate only says the same car.
var identifierPoints = map[string]int{"document": 70, "phone": 50, "plate": 30, "alias": 35}

// Evidence kinds, for disclosure: what kind of evidence a reason is.
var reasonEvidence = map[string]string{
	ReasonNameExact: "name", ReasonNameTransliterated: "name", ReasonNamePhonetic: "name", ReasonNameSimilar: "name",
	ReasonNameWordOrder: "name", ReasonBirthDateSame: "birth_date", ReasonBirthYearSame: "birth_date",
	ReasonNationalitySame: "nationality", ReasonIdentifierDocument: "document", ReasonIdentifierPhone: "phone",
	ReasonIdentifierPlate: "plate", ReasonIdentifierAlias: "alias",
}

// profile is what matching knows of one person.
type profile struct {
	name        name
	birthDate   string // YYYY-MM-DD or ""
	nationality string // ISO alpha-2 or ""
	identifiers map[string]bool
}

// result is a candidate's score with its reasons.
type result struct {
	score   int
	reasons []string
}

// wordSimilarity compares two words of names: 1 spelled alike after
// folding; 0.92 when they sound alike (same consonant skeleton, or same
// Double Metaphone code for Latin-written words); otherwise the
// Jaro-Winkler similarity of their folded forms, or of their skeletons when
// either was written without vowels.
func wordSimilarity(a, b word) (float64, string) {
	if a.fold == b.fold {
		return 1, ReasonNameExact
	}
	if len(a.skeleton) >= 2 && a.skeleton == b.skeleton {
		return 0.92, ReasonNamePhonetic
	}
	if !a.vowelless && !b.vowelless && a.metaphone != "" && a.metaphone == b.metaphone {
		return 0.9, ReasonNamePhonetic
	}
	if a.vowelless || b.vowelless {
		return 0.9 * matchr.JaroWinkler(a.skeleton, b.skeleton, false), ReasonNameSimilar
	}
	return matchr.JaroWinkler(a.fold, b.fold, false), ReasonNameSimilar
}

// nameSimilarity pairs the words of two names, best pairs first, and
// returns the mean similarity over the longer name's words (an extra word
// costs a little: middle names are often left out) with its reasons.
func nameSimilarity(a, b name) (float64, []string) {
	if len(a.words) == 0 || len(b.words) == 0 {
		return 0, nil
	}
	type pair struct {
		i, j int
		sim  float64
		why  string
	}
	var pairs []pair
	for i, wa := range a.words {
		for j, wb := range b.words {
			s, why := wordSimilarity(wa, wb)
			pairs = append(pairs, pair{i, j, s, why})
		}
	}
	sort.SliceStable(pairs, func(x, y int) bool { return pairs[x].sim > pairs[y].sim })
	usedA, usedB := map[int]bool{}, map[int]bool{}
	var matched []pair
	for _, p := range pairs {
		if usedA[p.i] || usedB[p.j] {
			continue
		}
		usedA[p.i], usedB[p.j] = true, true
		matched = append(matched, p)
	}
	short, long := len(a.words), len(b.words)
	if short > long {
		short, long = long, short
	}
	if short >= 2 && len(matched) < 2 {
		return 0, nil
	}
	sum := 0.0
	reasons := map[string]bool{}
	for _, p := range matched {
		sum += p.sim
		reasons[p.why] = true
	}
	sim := sum / float64(short) * (1 - 0.05*float64(long-short))
	// In the same order? Sort the pairs by a's position and look at b's.
	sort.Slice(matched, func(x, y int) bool { return matched[x].i < matched[y].i })
	for k := 1; k < len(matched); k++ {
		if matched[k].j < matched[k-1].j {
			reasons[ReasonNameWordOrder] = true
		}
	}
	if reasons[ReasonNamePhonetic] || reasons[ReasonNameSimilar] {
		delete(reasons, ReasonNameExact)
	}
	if reasons[ReasonNameSimilar] && reasons[ReasonNamePhonetic] {
		delete(reasons, ReasonNameSimilar)
	}
	if a.script != b.script {
		reasons[ReasonNameTransliterated] = true
	}
	var out []string
	for r := range reasons {
		out = append(out, r)
	}
	sort.Strings(out)
	return sim, out
}

// score weighs the evidence that a and b are the same person: the name
// (up to 60), the date of birth (+25 the same day, +8 the same year, -30
// another year), the nationality (+10, or -5), and each identifier both
// carry (document 70, phone 50, alias 35, plate 30); at most 100.
func score(a, b profile) result {
	var r result
	pts := 0
	if sim, why := nameSimilarity(a.name, b.name); sim >= nameSimilarityThreshold {
		pts += int(sim*nameWeight + 0.5)
		r.reasons = append(r.reasons, why...)
	}
	for key := range a.identifiers {
		if b.identifiers[key] {
			kind := key[:indexByte(key, ':')]
			reason := identifierReasonPrefix + kind
			if !contains(r.reasons, reason) {
				r.reasons = append(r.reasons, reason)
			}
			pts += identifierPoints[kind]
		}
	}
	if pts == 0 {
		return r // neither name nor identifier: dates and nationalities alone prove nothing
	}
	if a.birthDate != "" && b.birthDate != "" {
		switch {
		case a.birthDate == b.birthDate:
			pts += birthDateSamePoints
			r.reasons = append(r.reasons, ReasonBirthDateSame)
		case len(a.birthDate) >= 4 && len(b.birthDate) >= 4 && a.birthDate[:4] == b.birthDate[:4]:
			pts += birthYearSamePoints
			r.reasons = append(r.reasons, ReasonBirthYearSame)
		default:
			pts -= birthDateDiffersPenalty
			r.reasons = append(r.reasons, ReasonBirthDateDiffers)
		}
	}
	if a.nationality != "" && b.nationality != "" {
		if a.nationality == b.nationality {
			pts += nationalitySamePoints
			r.reasons = append(r.reasons, ReasonNationalitySame)
		} else {
			pts -= nationalityDiffersPenalty
			r.reasons = append(r.reasons, ReasonNationalityDiffers)
		}
	}
	r.score = max(0, min(100, pts))
	sort.Strings(r.reasons)
	return r
}

// Evidence is the kinds of evidence behind reasons (name, birth_date,
// nationality, document, phone, plate, alias), in a fixed order, without
// the reasons that count against.
func Evidence(reasons []string) []string {
	have := map[string]bool{}
	for _, r := range reasons {
		if e, ok := reasonEvidence[r]; ok {
			have[e] = true
		}
	}
	var out []string
	for _, e := range []string{"document", "phone", "plate", "alias", "name", "birth_date", "nationality"} {
		if have[e] {
			out = append(out, e)
		}
	}
	return out
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return len(s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
