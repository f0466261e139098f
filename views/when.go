package views

import (
	"context"
	"net/url"
	"time"
)

// Every time a page shows names its zone: the OCU's local time with the
// zone's abbreviation ("Wed 2 Oct 2024 14:05 PST", "mer. 2 oct. 2024
// 14:05 PST" in French: FormatTime; the tz database gives
// "+08"-style names where no abbreviation is in use), or UTC when the
// reader asked for it (?tz=utc, remembered in a cookie: WithUTC). Handlers
// turn a time into a Time with When; templates show it with TimeTag, a
// <time> element whose datetime is RFC 3339 and whose title gives the
// other reading (UTC beside local, local beside UTC).

// Time is a moment as a page shows it.
type Time struct {
	Text  string // in the reader's chosen zone, with the zone
	Other string // in the other zone: UTC when Text is local, and back
	ISO   string // RFC 3339, UTC, to the second: the datetime attribute
}

// IsZero reports a time not set (a token never used, say).
func (t Time) IsZero() bool { return t.ISO == "" }

// timeLayout shows a moment to the minute, its zone named.
const timeLayout = "Mon 2 Jan 2006 15:04 MST"

type utcKey struct{}

// WithUTC returns ctx asking for times in UTC rather than local time.
func WithUTC(ctx context.Context, utc bool) context.Context {
	return context.WithValue(ctx, utcKey{}, utc)
}

type toggleKey struct{}

// WithZoneToggle returns ctx holding the page's own query (without tz),
// so that the footer's zone link keeps the page as it is (its filters,
// its page number) and changes only how times read.
func WithZoneToggle(ctx context.Context, query url.Values) context.Context {
	return context.WithValue(ctx, toggleKey{}, query)
}

// zoneToggleHref is the link to this page with times read as tz.
func zoneToggleHref(ctx context.Context, tz string) string {
	q, _ := ctx.Value(toggleKey{}).(url.Values)
	next := url.Values{}
	for k, v := range q {
		if k != "tz" {
			next[k] = v
		}
	}
	next.Set("tz", tz)
	return "?" + next.Encode()
}

// ShowsUTC reports whether the reader asked for times in UTC.
func ShowsUTC(ctx context.Context) bool {
	v, _ := ctx.Value(utcKey{}).(bool)
	return v
}

// When is t as the reader sees it: in loc (the OCU's zone, or UTC where no
// OCU is concerned: nil), or in UTC on request. A zero t is a zero Time.
func When(ctx context.Context, t time.Time, loc *time.Location) Time {
	if t.IsZero() {
		return Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	local, utc := FormatTime(ctx, t.In(loc), timeLayout), FormatTime(ctx, t.UTC(), timeLayout)
	out := Time{Text: local, Other: utc, ISO: t.UTC().Format(time.RFC3339)}
	if ShowsUTC(ctx) {
		out.Text, out.Other = utc, local
	}
	if out.Other == out.Text {
		out.Other = ""
	}
	return out
}

// exactLayout shows a moment to the second, for the audit trail and the
// time a page was computed.
const exactLayout = "Mon 2 Jan 2006 15:04:05 MST"

// WhenExact is When to the second.
func WhenExact(ctx context.Context, t time.Time, loc *time.Location) Time {
	out := When(ctx, t, loc)
	if out.IsZero() {
		return out
	}
	if loc == nil {
		loc = time.UTC
	}
	local, utc := FormatTime(ctx, t.In(loc), exactLayout), FormatTime(ctx, t.UTC(), exactLayout)
	out.Text, out.Other = local, utc
	if ShowsUTC(ctx) {
		out.Text, out.Other = utc, local
	}
	if out.Other == out.Text {
		out.Other = ""
	}
	return out
}

// WhenPtr is When of a time that may not be set (nil: a zero Time).
func WhenPtr(ctx context.Context, t *time.Time, loc *time.Location) Time {
	if t == nil {
		return Time{}
	}
	return When(ctx, *t, loc)
}
