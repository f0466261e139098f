package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Any three letters passed as a currency. Cash is now recorded only in an
// ISO 4217 currency, current or recently withdrawn (old notes are still
// seized), over the API and the form alike.
func TestCashNeedsAnISO4217Currency(t *testing.T) {
	a := newTestApp(t)
	cash := func(currency string) (int, map[string]any) {
		return a.api("POST", "/api/v1/cases/"+mnlCase+"/seizures", map[string]any{"kind": "cash", "quantity": 100, "currency": currency, "value_usd": 1})
	}
	for _, c := range []string{"XYZ", "ABC", "QQQ", "XXX", "XAU"} {
		status, m := cash(c)
		fields, _ := m["fields"].(map[string]any)
		if want := c + " is not an ISO 4217 currency code (for example USD, EUR, PHP)."; status != http.StatusUnprocessableEntity || fields["currency"] != want {
			t.Errorf("%s: %d %v, want 422 saying %q", c, status, m, want)
		}
	}
	// Currencies newer than the CLDR tables of golang.org/x/text (Venezuela,
	// Mauritania, Sierra Leone, Zimbabwe), an old one, and lower case.
	for _, c := range []string{"USD", "php", "VES", "MRU", "SLE", "ZWG", "HRK"} {
		if status, m := cash(c); status != http.StatusCreated || m["currency"] != strings.ToUpper(c) {
			t.Errorf("%s: %d %v", c, status, m)
		}
	}
	form := url.Values{"kind": {"cash"}, "quantity": {"100"}, "currency": {"XYZ"}, "value_usd": {"1"}}
	if r := a.postForm("/cases/"+mnlCase+"/seizures", form); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "XYZ is not an ISO 4217 currency code (for example USD, EUR, PHP).") {
		t.Fatalf("form: %d", r.Status)
	}
}
