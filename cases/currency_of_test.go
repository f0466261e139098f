package cases

import "testing"

// The cash form's currency follows the raid country, under the code ISO
// uses today (the region table behind it predates some renamings).
func TestCurrencyOf(t *testing.T) {
	for iso2, want := range map[string]string{"PH": "PHP", "VE": "VES", "MR": "MRU", "SL": "SLE", "HR": "EUR", "SN": "XOF",
		"MK": "MKD", "AR": "ARS", "XX": "", "": ""} {
		if got := currencyOf(iso2); got != want {
			t.Errorf("currencyOf(%q) = %q, want %q", iso2, got, want)
		}
	}
}
