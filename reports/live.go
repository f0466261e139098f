package reports

import (
	"context"
	"sync"

	"github.com/ocu-project/ocu/units"
)

// Live answers the dashboard of an operation or OCU as built at most
// s.MaxAge ago, building it when the last one is older. Every viewer's
// page refreshes itself every 10 seconds and a busy OCU has many viewers:
// one build a second per scope serves them all, instead of one per view
// (3 ms each at 100,000 cases). The figures are still computed from the
// records, and the page says when. With MaxAge 0 every call builds.
func (s *Service) Live(ctx context.Context, op units.Operation, unit *units.Unit) (*Dashboard, error) {
	if s.MaxAge <= 0 {
		return s.Build(ctx, op, unit)
	}
	k := liveKey{operation: op.ID}
	if unit != nil {
		k.unit = unit.ID
	}
	e := s.live.entry(k)
	// One build per scope at a time: viewers arriving while it runs wait
	// for it rather than each building their own.
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.d != nil && s.Now().Sub(e.d.GeneratedAt) < s.MaxAge {
		return e.d, nil
	}
	d, err := s.Build(ctx, op, unit)
	if err != nil {
		return nil, err
	}
	e.d = d
	return d, nil
}

type liveKey struct{ operation, unit int64 }

// liveCache holds the last dashboard built per scope.
type liveCache struct {
	mu      sync.Mutex
	entries map[liveKey]*liveEntry
}

type liveEntry struct {
	mu sync.Mutex
	d  *Dashboard // read-only once built: handlers copy what they sort
}

func (c *liveCache) entry(k liveKey) *liveEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[liveKey]*liveEntry{}
	}
	e, ok := c.entries[k]
	if !ok {
		e = &liveEntry{}
		c.entries[k] = e
	}
	return e
}
