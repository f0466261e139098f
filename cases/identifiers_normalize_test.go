package cases

import "testing"

// Phone numbers typed in any common layout come out in E.164 with their
// country; a national number is read in the default region; nonsense is
// refused.
func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct{ typed, region, e164, country string }{
		{"+63 917 555 0101", "", "+639175550101", "PH"},
		{"0917 555 0101", "PH", "+639175550101", "PH"},
		{"(0917) 555-0101", "PH", "+639175550101", "PH"},
		{"+63 917 555 0101", "TH", "+639175550101", "PH"}, // the prefix wins over the region
		{"+44 20 7183 8750", "PH", "+442071838750", "GB"},
		{"020 7183 8750", "GB", "+442071838750", "GB"},
	} {
		e164, country, ok := NormalizePhone(c.typed, c.region)
		if !ok || e164 != c.e164 || country != c.country {
			t.Errorf("NormalizePhone(%q, %q) = %q %q %v, want %q %q", c.typed, c.region, e164, country, ok, c.e164, c.country)
		}
	}
	for _, bad := range []string{"12", "abc", "0917", "+999 123"} {
		if e, _, ok := NormalizePhone(bad, "PH"); ok {
			t.Errorf("NormalizePhone(%q) accepted as %q", bad, e)
		}
	}
}

// Document numbers and plates compare on letters and digits alone;
// aliases on letters without accents, case or punctuation.
func TestNormalizeCodesAndAliases(t *testing.T) {
	if a, b := NormalizeCode("P 123-456.7"), NormalizeCode("p1234567"); a != b || a != "P1234567" {
		t.Errorf("codes %q and %q", a, b)
	}
	if got := NormalizeCode(" - / "); got != "" {
		t.Errorf("punctuation alone gave %q", got)
	}
	if a, b := NormalizeAlias("  José  el-Flaco "), NormalizeAlias("jose EL FLACO"); a != b || a != "jose el flaco" {
		t.Errorf("aliases %q and %q", a, b)
	}
}
