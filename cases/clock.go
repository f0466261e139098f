package cases

import "time"

// At is the store with its clock set to now: what it records (creation,
// history lines, screening since) is dated by now() rather than the wall
// clock. The demo loader uses it to date a past operation's records within
// that operation's week, as they would have been recorded then; every rule
// still applies (a raid cannot be later than the clock).
func (s *Store) At(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// At is a clock that always reads t, in UTC.
func At(t time.Time) func() time.Time {
	t = t.UTC()
	return func() time.Time { return t }
}
