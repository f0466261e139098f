package views

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestWhenNamesTheZone(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2024, 10, 2, 6, 5, 0, 0, time.UTC)
	for zone, want := range map[string]string{
		"Asia/Manila":                    "Wed 2 Oct 2024 14:05 PST",
		"Europe/Skopje":                  "Wed 2 Oct 2024 08:05 CEST",
		"Africa/Dakar":                   "Wed 2 Oct 2024 06:05 GMT",
		"America/Argentina/Buenos_Aires": "Wed 2 Oct 2024 03:05 -03",
	} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		got := When(ctx, at, loc)
		if got.Text != want || got.Other != "Wed 2 Oct 2024 06:05 UTC" || got.ISO != "2024-10-02T06:05:00Z" {
			t.Errorf("%s: %+v, want %q", zone, got, want)
		}
		// UTC on request: the local reading moves to the title.
		if u := When(WithUTC(ctx, true), at, loc); u.Text != "Wed 2 Oct 2024 06:05 UTC" || u.Other != want {
			t.Errorf("%s in UTC: %+v", zone, u)
		}
	}
	if got := When(ctx, at, nil); got.Text != "Wed 2 Oct 2024 06:05 UTC" || got.Other != "" {
		t.Errorf("no zone: %+v", got)
	}
	if got := WhenExact(ctx, at.Add(7*time.Second), nil); got.Text != "Wed 2 Oct 2024 06:05:07 UTC" {
		t.Errorf("exact: %+v", got)
	}
	if !When(ctx, time.Time{}, nil).IsZero() || !WhenPtr(ctx, nil, nil).IsZero() {
		t.Error("an unset time shows")
	}
	var b bytes.Buffer
	loc, _ := time.LoadLocation("Asia/Manila")
	if err := TimeIn("updated %s!", When(ctx, at, loc)).Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if want := `updated <time datetime="2024-10-02T06:05:00Z" title="Wed 2 Oct 2024 06:05 UTC">Wed 2 Oct 2024 14:05 PST</time>!`; b.String() != want {
		t.Errorf("TimeIn: %s\nwant       %s", b.String(), want)
	}
}
