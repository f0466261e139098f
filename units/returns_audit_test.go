package units_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
)

// Filing and correcting a daily return are changes like any other: each
// leaves one audit entry; filing the same figures again leaves none.
func TestReturnsAreAudited(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	s, d, _ := lib2(t)
	count := func(action string) (n int64) {
		d.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = ? AND subject = 'return:PH:2024-09-30'", action).Scan(&n)
		return n
	}
	// The demo loader filed (and audited) returns that lib2 removed.
	filed0, corrected0 := count("return.file"), count("return.correct")
	if _, _, err := s.FileReturn(ctx, ret("PH", "2024-09-30", "340", "12", "4", "55", "Officer Santos")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FileReturn(ctx, ret("PH", "2024-09-30", "340", "12", "4", "55", "Officer Santos")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.FileReturn(ctx, ret("PH", "2024-09-30", "350", "12", "4", "55", "Officer Santos")); err != nil {
		t.Fatal(err)
	}
	if f, c := count("return.file")-filed0, count("return.correct")-corrected0; f != 1 || c != 1 {
		t.Fatalf("audit entries: %d return.file (want 1), %d return.correct (want 1)", f, c)
	}
	var details string
	d.Read.Raw("SELECT details FROM audit_log WHERE action = 'return.correct' ORDER BY id DESC LIMIT 1").Scan(&details)
	if details == "" || !strings.Contains(details, `"database_checks":350`) || strings.Contains(details, "Santos") {
		t.Fatalf("correction details %s: want the new figures and no officer's name", details)
	}
}
