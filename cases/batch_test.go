package cases_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
)

// The loaders' batch wrappers and the single writes users go through apply
// the same steps: the same inputs leave the same records (references,
// forms, countries, history, pseudonyms, figures, counters) either way,
// and a refusal in a batch leaves nothing.
func TestBatchWritesLeaveWhatSingleWritesLeave(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	inputs := func() []cases.Input {
		var ins []cases.Input
		for i, country := range []string{"PH", "TH", "RS", "PH"} {
			in := validInput()
			in.RaisingCountry, in.Country, in.Title = country, country, fmt.Sprintf("Case %d", i)
			if i%2 == 1 {
				in.Linked = nil
				in.Forms = []string{"sexual_exploitation"}
			}
			ins = append(ins, in)
		}
		return ins
	}
	crowd := cases.PersonInput{Nationality: "VN", AgeBand: "adult_unknown"}
	suspect := cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: "2024-10-01T08:00", Charges: []string{"human_trafficking", "firearms"},
		ProsecutionAuthority: "Prosecutor", ProsecutionRef: "PP-1", ProsecutionDate: "2024-10-02"}
	batches := func(cs []*cases.Case) []cases.PeopleBatch {
		return []cases.PeopleBatch{{cs[0].Reference, 3, crowd}, {cs[1].Reference, 1, suspect}, {cs[0].Reference, 1, suspect}, {cs[3].Reference, 2, crowd}}
	}
	moves := func(cs []*cases.Case) []cases.Move {
		return []cases.Move{{Reference: cs[1].Reference, To: cases.Screening, Actor: "Loader"},
			{Reference: cs[1].Reference, To: cases.Referred, Actor: "Loader"},
			{Reference: cs[2].Reference, To: cases.Closed, Note: "Duplicate.", Actor: "Loader"}}
	}
	records := func(d *db.DB) string {
		var out []string
		for _, q := range []string{
			"SELECT group_concat(reference || ':' || title || ':' || status || ':' || version || ':' || people_count || ':' || arrests_ht_ms || ':' || last_person_seq, ' ') FROM (SELECT * FROM cases ORDER BY id)",
			"SELECT group_concat(c.reference || ':' || f.form, ' ') FROM (SELECT * FROM case_forms ORDER BY case_id, form) f JOIN cases c ON c.id = f.case_id",
			"SELECT group_concat(c.reference || ':' || l.role || ':' || l.country_iso2, ' ') FROM (SELECT * FROM case_countries ORDER BY case_id, role, country_iso2) l JOIN cases c ON c.id = l.case_id",
			"SELECT group_concat(c.reference || ':' || h.from_status || '>' || h.to_status || ':' || h.actor || ':' || h.note, ' ') FROM (SELECT * FROM case_transitions ORDER BY id) h JOIN cases c ON c.id = h.case_id",
			"SELECT group_concat(p.pseudonym || ':' || p.outcome || ':' || p.nationality || ':' || COALESCE(ch.charges, ''), ' ') FROM (SELECT * FROM people ORDER BY pseudonym) p LEFT JOIN (SELECT person_id, group_concat(charge) AS charges FROM (SELECT * FROM charges ORDER BY charge) GROUP BY person_id) ch ON ch.person_id = p.id",
			"SELECT group_concat(unit_id || ':' || last_seq, ' ') FROM case_sequences",
		} {
			var s string
			if err := d.Read.Raw(q).Scan(&s).Error; err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return fmt.Sprint(out)
	}

	singleDB, single := setup(t)
	var made []*cases.Case
	for _, in := range inputs() {
		c, err := single.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, c)
	}
	for _, b := range batches(made) {
		if _, err := single.AddPeople(ctx, b.Reference, b.N, b.In); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range moves(made) {
		if _, err := single.Transition(ctx, m.Reference, m.To, m.Note, m.Actor, nil); err != nil {
			t.Fatal(err)
		}
	}

	batchDB, batch := setup(t)
	made, err := batch.CreateMany(ctx, inputs())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := batch.AddPeopleMany(ctx, batches(made)); err != nil {
		t.Fatal(err)
	}
	if err := batch.TransitionMany(ctx, moves(made)); err != nil {
		t.Fatal(err)
	}
	if got, want := records(batchDB), records(singleDB); got != want {
		t.Fatalf("batch writes left\n%s\nsingle writes left\n%s", got, want)
	}

	// One bad input refuses the whole batch, naming its position.
	before := records(batchDB)
	bad := inputs()
	bad[2].RaidAt = "yesterday"
	if _, err := batch.CreateMany(ctx, bad); ocu.KindOf(err) != ocu.Invalid || !strings.Contains(err.Error(), "input 3") {
		t.Fatalf("a bad third input: %v", err)
	}
	if _, err := batch.AddPeopleMany(ctx, []cases.PeopleBatch{{made[0].Reference, 2, crowd}, {made[1].Reference, 0, crowd}}); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("a batch of nobody: %v", err)
	}
	if err := batch.TransitionMany(ctx, []cases.Move{{Reference: made[0].Reference, To: cases.Screening, Actor: "Loader"},
		{Reference: made[3].Reference, To: cases.Referred, Actor: "Loader"}}); ocu.KindOf(err) != ocu.Conflict {
		t.Fatalf("a move the workflow refuses: %v", err)
	}
	if after := records(batchDB); after != before {
		t.Fatalf("a refused batch left records:\n%s\nwas\n%s", after, before)
	}
}
