package units

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// Return is a participating country's daily activity return: what its
// officers did on one day of an operation. There is one per country and
// day; a correction replaces the figures, bumps Version and moves the
// replaced figures to the history (ReturnRevision).
type Return struct {
	ID               int64
	OperationID      int64
	CountryISO2      string `gorm:"column:country_iso2"`
	Day              string // YYYY-MM-DD, the day in the OCU's time zone
	DatabaseChecks   int64
	FlightsMonitored int64
	BorderPoints     int64
	OfficersDeployed int64
	FiledBy          string
	FiledAt          time.Time // UTC
	Version          int
}

func (Return) TableName() string { return "daily_returns" }

// ReturnRevision is a return's figures as they stood before a correction
// replaced them: who filed them and when, and when they were replaced.
type ReturnRevision struct {
	ID               int64
	ReturnID         int64
	Version          int
	DatabaseChecks   int64
	FlightsMonitored int64
	BorderPoints     int64
	OfficersDeployed int64
	FiledBy          string
	FiledAt          time.Time
	ReplacedAt       time.Time
}

func (ReturnRevision) TableName() string { return "daily_return_history" }

// ReturnInput is a return as typed: text throughout, so a form with errors
// can be shown again exactly as the officer typed it.
type ReturnInput struct {
	Operation        string
	Country          string
	Day              string
	DatabaseChecks   string
	FlightsMonitored string
	BorderPoints     string
	OfficersDeployed string
	FiledBy          string
	// Version is the version of the return the officer saw: nil files
	// without checking (last writer wins), 0 means "none was filed yet",
	// n means "I am correcting version n". A mismatch is a Conflict.
	Version *int
}

// Limits on a return. No country deploys or checks more than this in a
// day; a bigger figure is a typing error, not a record.
const (
	MaxReturnFigure = 100_000_000
	maxFiledBy      = 100
)

// ReturnFields are the input fields in form order; errors are keyed by
// these names, the same in forms and in the JSON API.
var ReturnFields = []string{"operation", "country", "day", "database_checks", "flights_monitored",
	"border_points", "officers_deployed", "filed_by", "version"}

var iso2Code = regexp.MustCompile(`^[A-Z]{2}$`)

// normalise trims what was typed and upper-cases codes so "ph " and "PH"
// agree. Figures are only trimmed: they are parsed by validation.
func (in *ReturnInput) normalise() {
	in.Operation, in.Country = norm(in.Operation), norm(in.Country)
	in.Day, in.FiledBy = strings.TrimSpace(in.Day), strings.TrimSpace(in.FiledBy)
	for _, p := range []*string{&in.DatabaseChecks, &in.FlightsMonitored, &in.BorderPoints, &in.OfficersDeployed} {
		*p = strings.TrimSpace(*p)
	}
}

// validateReturn normalises in and checks every rule, collecting every
// field's problem at once so a form can be fixed in one go. It reads only
// the snapshot, so a bulk load validates hundreds of returns cheaply. now
// decides which days have begun.
func validateReturn(snap *Snapshot, in *ReturnInput, now time.Time) (Return, error) {
	in.normalise()
	fe := ocu.FieldErrors{}
	r := Return{CountryISO2: in.Country, Day: in.Day, FiledBy: in.FiledBy}

	op, opOK := snap.Operation(in.Operation)
	switch {
	case in.Operation == "":
		fe.Add("operation", "error.required")
	case !opOK:
		fe.Add("operation", "error.operation_not_found", in.Operation)
	}
	r.OperationID = op.ID

	att, attached := snap.Attachment(op.ID, in.Country)
	switch {
	case in.Country == "":
		fe.Add("country", "error.required")
	case !iso2Code.MatchString(in.Country):
		fe.Add("country", "error.country_code", in.Country)
	case opOK && !attached:
		fe.Add("country", "error.country_not_participating", in.Country, op.Code)
	}

	switch _, err := time.Parse(time.DateOnly, in.Day); {
	case in.Day == "":
		fe.Add("day", "error.required")
	case err != nil:
		fe.Add("day", "error.date_format")
	case opOK && !slices.Contains(op.Days(), in.Day):
		fe.Add("day", "error.return_day_outside", op.FirstDay, op.LastDay)
	case attached:
		// A return reports a day's work, so the day must have begun where
		// the country's OCU is; "today" differs between Manila and Buenos
		// Aires, hence the OCU's zone rather than the server's.
		u := snap.UnitByID(att.UnitID)
		if today := now.In(u.Location()).Format(time.DateOnly); in.Day > today {
			fe.Add("day", "error.return_day_future", in.Day, u.TimeZone, today)
		}
	}

	r.DatabaseChecks = figure(fe, "database_checks", in.DatabaseChecks)
	r.FlightsMonitored = figure(fe, "flights_monitored", in.FlightsMonitored)
	r.BorderPoints = figure(fe, "border_points", in.BorderPoints)
	r.OfficersDeployed = figure(fe, "officers_deployed", in.OfficersDeployed)

	switch n := utf8.RuneCountInString(in.FiledBy); {
	case n == 0:
		fe.Add("filed_by", "error.required")
	case n > maxFiledBy:
		fe.Add("filed_by", "error.too_long", maxFiledBy)
	}
	if in.Version != nil && *in.Version < 0 {
		fe.Add("version", "error.return_version_negative")
	}
	return r, fe.Err()
}

// figure parses one figure: required, digits only, within the limit. A
// separator or a decimal gets its own message because "1,200" is the
// likeliest mistake and the officer should know why it was refused.
func figure(fe ocu.FieldErrors, field, s string) int64 {
	if s == "" {
		fe.Add(field, "error.required")
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		fe.Add(field, "error.return_figure_range", views.Num(MaxReturnFigure))
	case err != nil:
		fe.Add(field, "error.return_figure_whole")
	case n < 0 || n > MaxReturnFigure:
		fe.Add(field, "error.return_figure_range", views.Num(MaxReturnFigure))
	}
	return n
}

// sameFigures reports whether filing r over cur would change nothing that
// a return counts; such a re-filing is not a correction.
func sameFigures(cur, r Return) bool {
	return cur.DatabaseChecks == r.DatabaseChecks && cur.FlightsMonitored == r.FlightsMonitored &&
		cur.BorderPoints == r.BorderPoints && cur.OfficersDeployed == r.OfficersDeployed
}
