package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
)

// seed --scale generates cases through the workflow, about six people each,
// the same data for the same seed; --load-users writes accounts that sign in.
func TestSeedScaleAndLoadUsers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	figures := func(path string) (cases, people int64, byStatus string) {
		d, err := db.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		d.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&cases)
		// People of the generated cases: the named cases have crowds of hundreds.
		d.Read.Raw("SELECT COUNT(*) FROM people p JOIN cases c ON c.id = p.case_id WHERE c.summary LIKE 'Generated%'").Scan(&people)
		d.Read.Raw("SELECT group_concat(status || ':' || n) FROM (SELECT status, COUNT(*) n FROM cases GROUP BY status ORDER BY status)").Scan(&byStatus)
		return
	}
	var runs []string
	for i, name := range []string{"a.db", "b.db"} {
		path := filepath.Join(dir, name)
		var out bytes.Buffer
		args := []string{"seed", "--scale", "400", "--seed", "7", "--db", path}
		if i == 0 {
			args = append(args, "--load-users", filepath.Join(dir, "users.csv"))
		}
		if err := run(ctx, args, env(nil), &out, &out); err != nil {
			t.Fatalf("seed --scale: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "generated 400 cases") {
			t.Fatalf("output: %s", out.String())
		}
		cases, people, byStatus := figures(path)
		if cases != 19+400 {
			t.Fatalf("%d cases, want the 19 named and 400 generated", cases)
		}
		if perCase := float64(people) / 400; perCase < 5 || perCase > 7.5 {
			t.Fatalf("%.1f people per case, want about six", perCase)
		}
		for _, s := range []string{"raid:", "screening:", "referred:", "closed:"} {
			if !strings.Contains(byStatus, s) {
				t.Fatalf("statuses %s lack %s", byStatus, s)
			}
		}
		runs = append(runs, byStatus+" "+strconv.FormatInt(people, 10))
	}
	if runs[0] != runs[1] {
		t.Fatalf("the same seed gave different data: %q vs %q", runs[0], runs[1])
	}

	// The accounts file: 32 accounts, owner-only, and each password works.
	path := filepath.Join(dir, "users.csv")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("users file: %v %v", err, fi)
	}
	f, _ := os.Open(path)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 33 || strings.Join(rows[0], ",") != "username,role,unit,country,password" {
		t.Fatalf("users file: %v %d rows %v", err, len(rows), rows[0])
	}
	d, err := db.Open(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := accountStore(d)
	roles := map[string]int{}
	for _, r := range rows[1:] {
		roles[r[1]]++
		if _, _, err := s.SignIn(ctx, r[0], r[4], "127.0.0.1"); err != nil {
			t.Fatalf("%s cannot sign in: %v", r[0], err)
		}
	}
	if roles[ocu.RoleOfficer] != 24 || roles[ocu.RoleSupervisor] != 8 {
		t.Fatalf("roles %v", roles)
	}
}
