package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu/db/dbtest"
)

type personish struct {
	Outcome string   `json:"outcome"`
	Name    string   `json:"name"`
	Charges []string `json:"charges"`
	Age     int      `json:"age"`
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestChangedNamesFieldsAndKeepsOnlyListedValues(t *testing.T) {
	for name, c := range map[string]struct {
		before, after any
		want          string
	}{
		"update": {
			personish{Outcome: "unscreened", Name: "", Charges: []string{"a", "b"}},
			personish{Outcome: "suspect", Name: "Zzmarker Name", Charges: []string{"b", "a"}, Age: 30},
			`{"after":{"outcome":"suspect"},"before":{"outcome":"unscreened"},"changed":["age","name","outcome"]}`,
		},
		"creation": {
			nil, personish{Outcome: "suspect", Name: "Zzmarker Name"},
			`{"after":{"outcome":"suspect"},"changed":["name","outcome"]}`,
		},
		"removal": {
			personish{Outcome: "suspect", Name: "Zzmarker Name"}, nil,
			`{"before":{"outcome":"suspect"},"changed":["name","outcome"]}`,
		},
		"a listed value cleared": {
			personish{Outcome: "suspect"}, personish{},
			`{"after":{"outcome":""},"before":{"outcome":"suspect"},"changed":["outcome"]}`,
		},
		"nothing changed": {
			personish{Name: "Zzmarker"}, personish{Name: "Zzmarker"},
			`{"changed":[]}`,
		},
		"maps": {
			map[string]any{"status": "raid"}, map[string]any{"status": "closed", "note": "Zzmarker reason"},
			`{"after":{"status":"closed"},"before":{"status":"raid"},"changed":["note","status"]}`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			values := []string{"outcome", "status"}
			if got := asJSON(t, Changed(c.before, c.after, values...)); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestRecordRefusesRecordsInDetails(t *testing.T) {
	d := dbtest.New(t)
	for name, details := range map[string]Details{
		"a struct":            {"after": personish{Name: "Zzmarker Name"}},
		"a pointer to one":    {"after": &personish{Name: "Zzmarker Name"}},
		"one inside a list":   {"people": []any{"P001", personish{}}},
		"one inside a map":    {"before": map[string]any{"x": personish{}}},
		"a map not by string": {"counts": map[int]int{1: 2}},
	} {
		err := d.Write.Transaction(func(tx *gorm.DB) error {
			return Record(as(jdoe), tx, Entry{Action: "person.update", Details: details})
		})
		if err == nil || !strings.Contains(err.Error(), "audit.Changed") || strings.Contains(err.Error(), "Zzmarker") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if rs := rows(t, d); len(rs) != 0 {
		t.Fatalf("%d entries written", len(rs))
	}
	// Plain values of every kind pass.
	record(t, d, as(jdoe), Entry{Action: "export", Details: Details{
		"format": "zip", "count": 3, "share": 0.5, "ok": true, "none": nil, "from": time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC),
		"list": []string{"a"}, "nested": map[string]any{"counts": map[string]int{"cases": 2}},
		"changed": Changed(nil, personish{Outcome: "suspect"}, "outcome"),
	}})
}
