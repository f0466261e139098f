// Package live carries what concerns a signed-in user to their open pages
// as it happens, over Server-Sent Events: one stream per signed-in page,
// fed by one Hub. The hub is the only reader: every Interval it reads the
// alert rows written since its last look (one indexed statement for all
// users, never one per user) and a cheap signal that something a
// dashboard shows has changed, and hands each alert to the streams of
// those it is told to (ocu.Principal.ToldAlert, the Go form of the
// alerts' own scope) and the dashboard signal to those who read
// dashboards. Every domain that raises alerts is live with no wiring of
// its own: alerts.Raise is the only way in.
package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
)

// Event is one message on a stream. Name is the SSE event name ("alert",
// "work", "dashboard"); Data holds codes and times only, never a value a
// person carries: an alert's id and when it was raised.
type Event struct {
	Name string
	ID   int64
	Data string
}

// Hub reads new alerts and the dashboard signal and fans them out.
type Hub struct {
	DB *db.DB
	// Interval is how often the hub looks; the latency of an update is
	// at most this plus the fan-out.
	Interval time.Duration
	// DashboardEvery is the least time between two dashboard signals: a
	// dashboard rebuilt more often than its cache (reports MaxAge) would
	// only cost.
	DashboardEvery time.Duration

	mu       sync.Mutex
	subs     map[*Sub]struct{}
	lastSeen int64 // the newest alert id handed out
	lastAud  int64 // the newest audit entry seen, the dashboard signal
	lastDash time.Time
	started  bool
	done     chan struct{} // closed when the hub stops: every stream ends too
	running  atomic.Bool
}

// Sub is one connected stream: a signed-in user's page.
type Sub struct {
	who ocu.Principal
	// C carries the stream's events; a slow reader loses events rather
	// than holding the hub (see send).
	C chan Event
	// dropped says events were lost: the stream tells the page to
	// refresh its counts.
	dropped atomic.Bool
}

// subBuffer is how many events wait for a stream before it drops.
const subBuffer = 32

// Subscribe connects a stream for who. Unsubscribe it when the stream ends.
func (h *Hub) Subscribe(who ocu.Principal) *Sub {
	s := &Sub{who: who, C: make(chan Event, subBuffer)}
	h.mu.Lock()
	if h.subs == nil {
		h.subs = map[*Sub]struct{}{}
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Unsubscribe disconnects s.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
}

// closed is the channel closed when the hub stops.
func (h *Hub) closed() chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done == nil {
		h.done = make(chan struct{})
	}
	return h.done
}

// Done is closed when the hub stops (the server shuts down): streams end
// then, so that shutting down does not wait on them.
func (h *Hub) Done() <-chan struct{} { return h.closed() }

// Connected is how many streams are connected.
func (h *Hub) Connected() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Start runs the hub until ctx ends: it reads and fans out every
// Interval. It starts from the newest alert and audit entry: a stream
// carries what happens while it is open; what happened before is on the
// page it was opened from.
func (h *Hub) Start(ctx context.Context) {
	h.running.Store(true)
	go h.run(ctx)
}

// Running says Start was called and the hub has not stopped: without it
// a stream would never carry anything, and is refused.
func (h *Hub) Running() bool { return h.running.Load() }

func (h *Hub) run(ctx context.Context) {
	defer close(h.closed())
	defer h.running.Store(false)
	if h.Interval <= 0 {
		h.Interval = 200 * time.Millisecond
	}
	if err := h.start(ctx); err != nil && ctx.Err() == nil {
		slog.Error("live updates: first read", "err", err)
	}
	t := time.NewTicker(h.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := h.Tick(ctx); err != nil && ctx.Err() == nil {
				// A busy or locked database: the next tick reads
				// the same rows again, nothing is lost.
				slog.Warn("live updates: read", "err", err)
			}
		}
	}
}

func (h *Hub) start(ctx context.Context) error {
	var last struct{ A, B int64 }
	err := h.DB.Read.WithContext(ctx).Raw(`SELECT (SELECT COALESCE(MAX(id), 0) FROM alerts) AS a,
		(SELECT COALESCE(MAX(id), 0) FROM audit_log) AS b`).Scan(&last).Error
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.lastSeen, h.lastAud, h.started = last.A, last.B, true
	h.mu.Unlock()
	return nil
}

// newAlert is an alert row as the hub reads it: whom it is told to, and
// when it was raised.
type newAlert struct {
	ID        int64
	UnitID    *int64
	Unit      string // its code, "" when no OCU is told
	Country   *string
	CreatedAt time.Time
}

// maxPerTick bounds one read; more wait for the next tick.
const maxPerTick = 500

// Tick reads once and fans out what it found. The hub calls it every
// Interval; tests call it to step the hub.
func (h *Hub) Tick(ctx context.Context) error {
	h.mu.Lock()
	if !h.started {
		h.mu.Unlock()
		return h.start(ctx)
	}
	from, aud := h.lastSeen, h.lastAud
	h.mu.Unlock()

	var rows []newAlert
	q := h.DB.Read.WithContext(ctx)
	if err := q.Raw(`SELECT a.id, a.unit_id, COALESCE(u.code, '') AS unit, a.country_iso2 AS country, a.created_at
		FROM alerts a LEFT JOIN units u ON u.id = a.unit_id WHERE a.id > ? ORDER BY a.id LIMIT ?`,
		from, maxPerTick).Scan(&rows).Error; err != nil {
		return err
	}
	// Every change ocu makes is in the audit trail, in the same
	// transaction: its newest id moving is the cheapest sign that a
	// figure may have moved (a lookup on the rowid).
	var newAud int64
	if err := q.Raw(`SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&newAud).Error; err != nil {
		return err
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	for _, a := range rows {
		ev := Event{Name: "alert", ID: a.ID, Data: alertData(a)}
		for s := range h.subs {
			if s.who.ToldAlert(a.UnitID, a.Country) {
				s.send(ev)
			}
		}
		h.lastSeen = a.ID
	}
	now := time.Now()
	if newAud != aud && now.Sub(h.lastDash) >= h.DashboardEvery {
		h.lastAud, h.lastDash = newAud, now
		ev := Event{Name: "dashboard", Data: now.UTC().Format(time.RFC3339Nano)}
		for s := range h.subs {
			if s.who.MayReadDashboards() {
				s.send(ev)
			}
		}
	}
	return nil
}

// alertData is what a stream says of an alert: its id, when it was
// raised (the load tool measures the fan-out from it) and whom it is told
// to, as the alerts page shows it; never what it is about.
func alertData(a newAlert) string {
	b, _ := json.Marshal(struct {
		ID      int64  `json:"id"`
		At      string `json:"at"`
		Country string `json:"country,omitempty"`
		Unit    string `json:"unit,omitempty"`
	}{a.ID, a.CreatedAt.UTC().Format(time.RFC3339Nano), deref(a.Country), a.Unit})
	return string(b)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// send hands ev to s without waiting: a stream whose reader is stuck
// loses the event, and says so on its next write (Sub.Dropped), rather
// than holding every other user's updates. The hub's lock is held.
func (s *Sub) send(ev Event) {
	select {
	case s.C <- ev:
	default:
		s.dropped.Store(true)
	}
}
