package main

import (
	"testing"
	"time"
)

// The fan-out of an alert is the time until the last concerned stream had
// it; a concerned stream that never did is missed (and the alert has no
// fan-out), and a stream the server's scope leaves out that got it is
// counted as wrong. Alerts raised outside the window are left out.
func TestLiveStatsCountFanOutMissedAndWrong(t *testing.T) {
	from := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	until := from.Add(time.Minute)
	ar1 := account{Username: "o1", Role: roleOfficer, Unit: "BUE", Country: "AR"}
	ar2 := account{Username: "o2", Role: roleOfficer, Unit: "BUE", Country: "AR"}
	ph := account{Username: "o3", Role: roleOfficer, Unit: "MNL", Country: "PH"}
	bue := account{Username: "s1", Role: roleSupervisor, Unit: "BUE"}
	lr := &liveRun{conns: []*liveConn{{acct: ar1}, {acct: ar2}, {acct: ph}, {acct: bue}}, every: time.Second,
		got: map[int64]*alertSeen{
			// Told to Argentina and Buenos Aires: three concerned, all reached.
			1: {at: from.Add(time.Second), country: "AR", unit: "BUE",
				seen: map[int]time.Duration{0: 100 * time.Millisecond, 1: 300 * time.Millisecond, 3: 200 * time.Millisecond}},
			// One concerned stream missed it; the Philippine one should not have had it.
			2: {at: from.Add(2 * time.Second), country: "AR", unit: "BUE",
				seen: map[int]time.Duration{0: 50 * time.Millisecond, 2: 60 * time.Millisecond, 3: 70 * time.Millisecond}},
			// Before the window: not counted.
			3: {at: from.Add(-time.Second), country: "PH", seen: map[int]time.Duration{2: time.Second}},
		}}
	st := lr.stats(from, until)
	if st.Alerts != 2 || st.Deliveries != 5 || st.Missed != 1 || st.Wrong != 1 {
		t.Fatalf("alerts %d, deliveries %d, missed %d, wrong %d; want 2, 5, 1, 1", st.Alerts, st.Deliveries, st.Missed, st.Wrong)
	}
	if st.FanOutMax != 300 || st.FanOutP50 != 300 {
		t.Fatalf("fan-out: p50 %v max %v ms, want 300 (the last of alert 1's streams; alert 2 never reached all)", st.FanOutP50, st.FanOutMax)
	}
	if st.DeliveryMax != 300 || st.DeliveryP50 != 100 || st.ConcernedPerAlert != 3 {
		t.Fatalf("deliveries: p50 %v max %v, concerned per alert %v", st.DeliveryP50, st.DeliveryMax, st.ConcernedPerAlert)
	}
}

// A stream is concerned exactly as the server's scope says: an officer
// by country, a supervisor by OCU.
func TestLiveConcernedFollowsTheServersScope(t *testing.T) {
	off := account{Role: roleOfficer, Unit: "MNL", Country: "PH"}
	sup := account{Role: roleSupervisor, Unit: "MNL"}
	for _, c := range []struct {
		a             account
		country, unit string
		want          bool
	}{
		{off, "PH", "", true}, {off, "ph", "DKR", true}, {off, "TH", "MNL", false}, {off, "", "MNL", false},
		{sup, "", "MNL", true}, {sup, "PH", "", false}, {sup, "PH", "DKR", false},
	} {
		if got := concerned(c.a, c.country, c.unit); got != c.want {
			t.Errorf("%s %s/%s told to %q/%q: %v, want %v", c.a.Role, c.a.Country, c.a.Unit, c.country, c.unit, got, c.want)
		}
	}
}
