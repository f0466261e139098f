package demo_test

import (
	"context"
	"github.com/ocu-project/ocu"
	"testing"

	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
)

func TestGenerateIsDeterministicAndFollowsTheWorkflow(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	summary := func() (string, int, int) {
		d := dbtest.New(t)
		if err := demo.Generate(ctx, d, 500, 42); err != nil {
			t.Fatal(err)
		}
		var sig string
		var n, bad int
		d.Read.Raw(`SELECT group_concat(reference || status || title || raid_at, '|') FROM (SELECT * FROM cases ORDER BY id)`).Scan(&sig)
		d.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&n)
		// Every case's status is where its last recorded move took it.
		d.Read.Raw(`SELECT COUNT(*) FROM cases c WHERE c.status != (SELECT to_status FROM case_transitions t WHERE t.case_id = c.id ORDER BY id DESC LIMIT 1)`).Scan(&bad)
		return sig, n, bad
	}
	a, n, bad := summary()
	b, _, _ := summary()
	if n != 519 || bad != 0 {
		t.Fatalf("%d cases (want 500 generated + 19 named), %d with a status the history does not explain", n, bad)
	}
	if a != b {
		t.Fatal("the same seed gave different cases")
	}
}
