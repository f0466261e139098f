package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/live"
)

// sseEvent is one event read off a stream, and when it was read.
type sseEvent struct {
	Name, Data string
	At         time.Time
}

// openStream opens GET /events as the app's current user and hands its
// events to the channel until the test ends.
func (a *testApp) openStream(ctx context.Context) <-chan sseEvent {
	a.t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", a.srv.URL+"/events", nil)
	if err != nil {
		a.t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie[a.user]})
	res, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		a.t.Fatalf("open the stream as %s: %d %s", a.user, res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan sseEvent, 64)
	go func() {
		defer res.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.Name != "":
				ev.At = time.Now()
				out <- ev
				ev = sseEvent{}
			}
		}
	}()
	return out
}

// liveApp is the test app served by a server that feeds live streams
// from a running hub, with the short read and write timeouts a stream
// must outlive.
func liveApp(t *testing.T) (*testApp, *live.Hub) {
	a := newTestApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	hub := &live.Hub{DB: a.db, Interval: 20 * time.Millisecond}
	srv := httptest.NewUnstartedServer(newServer(a.db, serverConfig{Live: hub}))
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	srv.Start()
	hub.Start(ctx)
	// The hub stops first: its streams end, and the server can close.
	t.Cleanup(func() { cancel(); <-hub.Done(); srv.Close() })
	a.srv = srv
	return a, hub
}

// alertsUntil collects the alert events a stream read by deadline
// (stamped as they were read, so streams can be checked one after
// another).
func alertsUntil(ch <-chan sseEvent, deadline time.Time) []sseEvent {
	var got []sseEvent
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return got
			}
			if ev.Name == "alert" && !ev.At.After(deadline) {
				got = append(got, ev)
			}
		case <-timer.C:
			for {
				select {
				case ev, ok := <-ch:
					if ok && ev.Name == "alert" && !ev.At.After(deadline) {
						got = append(got, ev)
					}
					if ok {
						continue
					}
				default:
				}
				return got
			}
		}
	}
}

// An alert told to Argentina reaches the open page of Argentina's officer
// and the coordinator's within a second, through HTTP, after the streams
// have outlived the server's read and write timeouts; the Philippine
// officer who caused it and the Dakar supervisor (another country, another
// OCU) are never sent it.
func TestLiveStreamCarriesAnAlertOnlyToThoseItIsToldTo(t *testing.T) {
	a, hub := liveApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	streams := map[string]<-chan sseEvent{}
	for _, u := range []string{"officer.ar", "coordinator", "officer.ph", "supervisor.dkr"} {
		streams[u] = a.as(u).openStream(ctx)
	}
	for hub.Connected() < len(streams) {
		time.Sleep(5 * time.Millisecond)
	}
	// Longer than the server's timeouts: a stream that kept them would
	// be cut by now.
	time.Sleep(700 * time.Millisecond)

	a.as("officer.ph")
	ref := a.newCase("Live alert")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	raised := time.Now()
	if status, m := a.api("POST", "/api/v1/people/"+suspect+"/notices", map[string]any{
		"colour": "red", "control_number": "A-77/1-2024", "issuing_country": "AR"}); status != http.StatusCreated {
		t.Fatalf("record notice: %d %v", status, m)
	}
	var alertID int64
	if err := a.db.Read.Raw("SELECT MAX(id) FROM alerts WHERE country_iso2 = 'AR'").Scan(&alertID).Error; err != nil || alertID == 0 {
		t.Fatalf("the alert was not raised: %v", err)
	}

	for _, u := range []string{"officer.ar", "coordinator"} {
		got := alertsUntil(streams[u], raised.Add(time.Second))
		if len(got) != 1 {
			t.Fatalf("%s's stream carried %d alerts within a second: %v", u, len(got), got)
		}
		var d struct {
			ID      int64  `json:"id"`
			At      string `json:"at"`
			Country string `json:"country"`
			Unit    string `json:"unit"`
		}
		if err := json.Unmarshal([]byte(got[0].Data), &d); err != nil || d.ID != alertID || d.At == "" || d.Country != "AR" || d.Unit != "BUE" {
			t.Fatalf("%s's alert event: %q (%v), want alert %d", u, got[0].Data, err, alertID)
		}
		if strings.Contains(got[0].Data, suspect) || strings.Contains(got[0].Data, ref) {
			t.Fatalf("the event names the record: %q", got[0].Data)
		}
	}
	// Ten more ticks of the hub: long enough for anything to arrive.
	for _, u := range []string{"officer.ph", "supervisor.dkr"} {
		if got := alertsUntil(streams[u], time.Now().Add(10*hub.Interval)); len(got) != 0 {
			t.Fatalf("%s was sent an alert told to Argentina: %v", u, got)
		}
	}
}

// Nobody signed in is sent to sign in, not given a stream.
func TestLiveStreamNeedsASignedInUser(t *testing.T) {
	a := newTestApp(t)
	if r := a.as("").get("/events"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/signin") {
		t.Fatalf("GET /events signed out: %d %s", r.Status, r.Location)
	}
}
