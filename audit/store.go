package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu/db"
)

// PerPage is how many entries a page of the trail shows.
const PerPage = 50

// Filter selects entries of the trail. Zero fields select everything.
type Filter struct {
	User string // username, exactly
	// Action is an exact action, or a prefix when it ends in "." ("case."
	// is every case action) or "*".
	Action string
	// Subject is an exact subject, or a prefix when it ends in ":"
	// ("case:" is every case) or "*" ("case:LIB2-MNL-*").
	Subject string
	// From and To are UTC days, both included; zero when open-ended.
	From, To time.Time
	Page     int // from 1; 0 is the first
}

// Item is an entry of the trail as stored.
type Item struct {
	ID       int64
	At       time.Time // UTC
	UserID   int64     // 0 for nobody signed in, or ocu itself
	Username string
	Address  string
	Action   string
	Subject  string
	Details  string // the JSON text as stored
	Hash     string
}

// ListPage is one page of the trail, newest first, and how many entries
// match the filter in all.
type ListPage struct {
	Entries []Item
	Total   int64
	Page    int
}

// Pages is the number of pages the matching entries fill, at least 1.
func (p ListPage) Pages() int { return max(1, int((p.Total+PerPage-1)/PerPage)) }

// List returns a page of the entries matching f, newest first. "Newest" is
// by id, the order of appending, which the chain also follows; times can go
// backwards if the server's clock is set back.
//
// Username, action and subject filters use the table's (column, id)
// indexes, prefixes included (as ranges, not LIKE, which would not use
// them). The date range has no index of its own: with no other filter it
// scans the trail, which is acceptable for an administrator's search.
func List(ctx context.Context, d *db.DB, f Filter) (ListPage, error) {
	page := max(f.Page, 1)
	where := func() *gorm.DB {
		q := d.Read.WithContext(ctx).Table("audit_log")
		if f.User != "" {
			q = q.Where("username = ?", f.User)
		}
		q = matchText(q, "action", f.Action, ".")
		q = matchText(q, "subject", f.Subject, ":")
		// The driver binds a time as "2006-01-02 15:04:05.999999999-07:00"
		// text, the format the column holds; both in UTC, they compare as
		// text in time order.
		if !f.From.IsZero() {
			q = q.Where("at >= ?", day(f.From))
		}
		if !f.To.IsZero() {
			q = q.Where("at < ?", day(f.To).AddDate(0, 0, 1))
		}
		return q
	}

	out := ListPage{Page: page, Entries: []Item{}}
	if err := where().Count(&out.Total).Error; err != nil {
		return ListPage{}, fmt.Errorf("audit: count entries: %w", err)
	}
	if page > out.Pages() {
		return out, nil // past the last page: the handler says what shows
	}
	// Find, not Scan: gorm's Scan logs a failed or slow query with its
	// bound values (filters here are usernames and subjects), where Find
	// honours the logger's placeholders-only setting.
	var rows []row
	err := where().Select("id, at, user_id, username, address, action, subject, details, hash").
		Order("id DESC").Limit(PerPage).Offset((page - 1) * PerPage).Find(&rows).Error
	if err != nil {
		return ListPage{}, fmt.Errorf("audit: list entries: %w", err)
	}
	for _, r := range rows {
		out.Entries = append(out.Entries, Item{
			ID: r.ID, At: r.At.UTC(), UserID: r.UserID.Int64, Username: r.Username, Address: r.Address,
			Action: r.Action, Subject: r.Subject, Details: r.Details, Hash: r.Hash,
		})
	}
	return out, nil
}

// day is the start of t's UTC day.
func day(t time.Time) time.Time {
	y, m, dd := t.UTC().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// matchText filters col by v: exactly, or by prefix when v ends in sep or
// "*" (the "*" itself is not part of the prefix).
func matchText(q *gorm.DB, col, v, sep string) *gorm.DB {
	switch {
	case v == "" || v == "*":
		return q
	case strings.HasSuffix(v, "*"):
		return prefix(q, col, strings.TrimSuffix(v, "*"))
	case strings.HasSuffix(v, sep):
		return prefix(q, col, v)
	}
	return q.Where(col+" = ?", v)
}

// prefix filters col to values starting with p, as the byte range
// [p, p with its last byte incremented), which an index on col serves.
func prefix(q *gorm.DB, col, p string) *gorm.DB {
	q = q.Where(col+" >= ?", p)
	b := []byte(p)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return q // nothing sorts after p's bytes: no upper bound
	}
	b[len(b)-1]++
	return q.Where(col+" < ?", string(b))
}
