package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// A case's timeline is every event recorded about it, newest first: its
// creation and status moves (case_transitions, which keep the notes), and
// from the audit trail every other change made to the case or its people
// (edits, people added and screened, arrests, charges, referrals for
// prosecution, seizures, shares, notable marks). The trail holds no
// personal data (audit/details.go): people appear by pseudonym, changes by
// the names of the fields they touched, and only codes and counts by
// value, so the timeline shows nothing its reader, who may see the case,
// may not. Reads of suspects' names (suspect.view) are not events of the
// case and stay in the trail.

// TimelineEvent is one event on a case's timeline.
type TimelineEvent struct {
	At      time.Time
	Who     string // display name where the account has one, else username
	Action  string // the audit action; "case.create" and "case.transition" for moves
	Subject string // "case:REF" or "person:PSEUDONYM"
	Details map[string]any
	// Status moves only.
	From, To Status
	Note     string
	// Recorded is when ocu recorded the event, set only where it differs
	// from At: a record created with its own time (people found, a
	// seizure, a database check, dated by the store's clock, as the demo
	// and imports date a past operation's records) is placed at that time,
	// while the audit trail keeps, and the page says, when it was recorded.
	// The trail itself is never backdated.
	Recorded time.Time
	seq      int64 // tie-break: moves first, then the trail's order
}

// timelineRow is an audit entry about the case, with its author's name.
type timelineRow struct {
	ID          int64
	At          time.Time
	Username    string
	DisplayName string
	Action      string
	Subject     string
	Details     string
}

// Timeline returns the events of case c, newest first, and how many there
// are; limit > 0 keeps that many of the newest. The trail is read through
// its (subject, id) index: the case's own subject, and the range of its
// people's subjects ("person:REF-P" up to "person:REF-Q"), which SQLite
// reads as two index ranges.
func (s *Store) Timeline(ctx context.Context, c *Case, limit int) ([]TimelineEvent, int, error) {
	moves, err := s.History(ctx, c.ID)
	if err != nil {
		return nil, 0, err
	}
	var rows []timelineRow
	err = s.db.Read.WithContext(ctx).Raw(`SELECT a.id, a.at, a.username, COALESCE(u.display_name, '') AS display_name,
			a.action, a.subject, a.details
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE (a.subject = ? OR (a.subject >= ? AND a.subject < ?))
		  AND a.action NOT IN ('case.create', 'case.transition', 'suspect.view')
		ORDER BY a.id`, "case:"+c.Reference, "person:"+c.Reference+"-P", "person:"+c.Reference+"-Q").Find(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("timeline of %s: %w", c.Reference, err)
	}
	out := make([]TimelineEvent, 0, len(moves)+len(rows))
	for _, m := range moves {
		action := "case.transition"
		if m.FromStatus == "" {
			action = "case.create"
		}
		out = append(out, TimelineEvent{At: m.At, Who: m.Actor, Action: action, Subject: "case:" + c.Reference,
			From: m.FromStatus, To: m.ToStatus, Note: m.Note, seq: m.ID})
	}
	for _, r := range rows {
		e := TimelineEvent{At: r.At, Who: r.Username, Action: r.Action, Subject: r.Subject, seq: r.ID}
		if r.DisplayName != "" {
			e.Who = r.DisplayName
		}
		_ = json.Unmarshal([]byte(r.Details), &e.Details)
		out = append(out, e)
	}
	if err := s.dateByRecords(ctx, out[len(moves):]); err != nil {
		return nil, 0, fmt.Errorf("timeline of %s: %w", c.Reference, err)
	}
	// Newest first, by the time each event is dated (moves and records by
	// the store's clock, other changes by the trail's).
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.After(out[j].At)
		}
		return out[i].seq > out[j].seq
	})
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// Pseudonym is the person an event concerns, or "".
func (e TimelineEvent) Pseudonym() string {
	p, ok := strings.CutPrefix(e.Subject, "person:")
	if !ok {
		return ""
	}
	return p
}

// Changed lists the fields an audited change touched.
func (e TimelineEvent) Changed() []string {
	var out []string
	if vs, ok := e.Details["changed"].([]any); ok {
		for _, v := range vs {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// Value is a recorded value of a change: side "after" or "before".
func (e TimelineEvent) Value(side, field string) string {
	m, ok := e.Details[side].(map[string]any)
	if !ok {
		return ""
	}
	switch v := m[field].(type) {
	case string:
		return v
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", v), "0"), ".")
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

// Count is a count the event recorded (people added or screened).
func (e TimelineEvent) Count() int64 {
	if f, ok := e.Details["count"].(float64); ok {
		return int64(f)
	}
	return 0
}

// Text is a detail recorded as text (first and last pseudonyms, an OCU).
func (e TimelineEvent) Text(key string) string {
	s, _ := e.Details[key].(string)
	return s
}
