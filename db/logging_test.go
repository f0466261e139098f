package db_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/db/dbtest"
)

// A failing query must not write its bound values (names, passwords) to
// the log, whichever gorm path ran it.
func TestLogsNeverCarryBoundValues(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(old)
	d := dbtest.New(t)
	ctx := context.Background()
	var out []struct{ X string }
	d.Read.WithContext(ctx).Raw("SELECT no_such_column FROM cases WHERE title = ?", "SECRET-NAME-1").Scan(&out)
	d.Read.WithContext(ctx).Table("cases").Where("no_such_column = ?", "SECRET-NAME-2").Find(&out)
	if !strings.Contains(buf.String(), "no_such_column") {
		t.Fatalf("the failures were not logged at all: %q", buf.String())
	}
	if strings.Contains(buf.String(), "SECRET-NAME") {
		t.Fatalf("a bound value reached the log: %s", buf.String())
	}
}
