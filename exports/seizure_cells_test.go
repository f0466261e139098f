package exports_test

import (
	"testing"

	"github.com/ocu-project/ocu/exports"
)

// Cash is counted in its currency, so the currency is the quantity's unit;
// only cash has a value in US dollars, and the other kinds leave it blank
// rather than say 0.
func TestSeizureCellsSayWhatTheyMean(t *testing.T) {
	fx := newFixture(t)
	b, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatCSV, exports.TableSeizures)
	cash, other := 0, 0
	for _, r := range readCSV(t, b).rows {
		if r["quantity"] == "" {
			// An amount not published: blank, never 0, and no value.
			if r["value_usd"] != "" {
				t.Errorf("%s row with its amount not published has a value %q", r["kind"], r["value_usd"])
			}
			if r["kind"] != "cash" {
				other++
			}
			continue
		}
		if r["kind"] == "cash" {
			cash++
			if r["unit"] != r["currency"] || r["currency"] == "" || r["value_usd"] == "" {
				t.Errorf("cash row: unit %q, currency %q, value_usd %q", r["unit"], r["currency"], r["value_usd"])
			}
			continue
		}
		other++
		if r["value_usd"] != "" {
			t.Errorf("%s row has a value in US dollars, %q: want it blank", r["kind"], r["value_usd"])
		}
	}
	if cash == 0 || other == 0 {
		t.Fatalf("fixture has %d cash and %d other seizures: need both", cash, other)
	}
}
