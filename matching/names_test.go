package matching

import (
	"testing"
)

// The example: one man's name in Latin spellings, Cyrillic and
// Arabic script, each pair a match on name alone.
func TestTransliteratedNamesMatch(t *testing.T) {
	forms := []string{"Mohammed Al-Hassan", "Muhammad al Hasan", "Мухаммед Аль-Хасан", "محمد الحسن", "HASAN, Mohamed"}
	for i, a := range forms {
		for _, b := range forms[i+1:] {
			pa, pb := profile{name: parseName(a)}, profile{name: parseName(b)}
			r := score(pa, pb)
			if r.score < Threshold {
				t.Errorf("%q / %q: score %d %v, want a match (>= %d)", a, b, r.score, r.reasons, Threshold)
			}
			if ka, kb := blockingKeys(pa.name), blockingKeys(pb.name); !sharesKey(ka, kb) {
				t.Errorf("%q / %q: no blocking key in common (%v, %v): the index would never compare them", a, b, ka, kb)
			}
		}
	}
	r := score(profile{name: parseName("Mohammed Al-Hassan")}, profile{name: parseName("Мухаммед Аль-Хасан")})
	if !contains(r.reasons, ReasonNameTransliterated) {
		t.Errorf("Latin / Cyrillic reasons %v lack %s", r.reasons, ReasonNameTransliterated)
	}
	r = score(profile{name: parseName("Muhammad al Hasan")}, profile{name: parseName("HASAN, Mohamed")})
	if !contains(r.reasons, ReasonNameWordOrder) {
		t.Errorf("word order reasons %v lack %s", r.reasons, ReasonNameWordOrder)
	}
}

// Different people stay apart; a date of birth counts for and against.
func TestScoreEvidence(t *testing.T) {
	p := func(n, dob, nat string) profile {
		return profile{name: parseName(n), birthDate: dob, nationality: nat}
	}
	cases := []struct {
		a, b  profile
		match bool
		want  []string
	}{
		{p("Mohammed Al-Hassan", "", ""), p("Ahmed Khalil", "", ""), false, nil},
		{p("Mohammed Al-Hassan", "", ""), p("Mohammed Saleh", "", ""), false, nil},
		{p("Mohammed Al-Hassan", "1984-03-02", "SY"), p("Muhammad al Hasan", "1984-03-02", "SY"), true,
			[]string{ReasonBirthDateSame, ReasonNamePhonetic, ReasonNationalitySame}},
		{p("Mohammed Al-Hassan", "1984-03-02", ""), p("Muhammad al Hasan", "1990-01-01", ""), false, []string{ReasonBirthDateDiffers}},
		{p("José Müller", "", "ES"), p("Jose Muller", "", "ES"), true, []string{ReasonNameExact, ReasonNationalitySame}},
		{p("Ivan Petrov", "", ""), p("Iwan Petrow", "", ""), true, []string{ReasonNamePhonetic}},
	}
	for _, c := range cases {
		r := score(c.a, c.b)
		if (r.score >= Threshold) != c.match {
			t.Errorf("%v / %v: score %d %v, match want %v", c.a.name.words, c.b.name.words, r.score, r.reasons, c.match)
		}
		for _, w := range c.want {
			if !contains(r.reasons, w) {
				t.Errorf("%v / %v: reasons %v lack %s", c.a.name.words, c.b.name.words, r.reasons, w)
			}
		}
	}
	doc := profile{identifiers: map[string]bool{"document:P1234567": true}}
	if r := score(doc, profile{identifiers: map[string]bool{"document:P1234567": true}}); r.score < Threshold || !contains(r.reasons, ReasonIdentifierDocument) {
		t.Errorf("a shared document: %d %v", r.score, r.reasons)
	}
}

func sharesKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
