package views

// ChecksSection is a case's checks against police databases, with the form
// to record one.
type ChecksSection struct {
	Rows      []CheckRow
	HitCount  int
	Action    string
	Targets   []Option
	Databases []Option
	Results   []Option
	Values    CheckFormValues
	Errors    map[string]string
	Summary   string
	Open      bool // the reader may record checks in this case
}

// CheckRow is one check: what was checked, against which database, the
// result (and the hit's reference), who and when.
type CheckRow struct {
	What, Database, Result, HitReference, CheckedBy string
	When                                            Time
	Hit                                             bool
}

// CheckFormValues are a check as typed.
type CheckFormValues struct {
	Target, Database, Result, HitReference, CheckedBy string
}

// HitsView is the dashboards' figure of checks and hits by database, and
// the latest hits as leads on the attention list.
type HitsView struct {
	Lines  []HitLine
	Count  string
	Recent []AttentionCase
}

// HitLine is one database with its checks and hits.
type HitLine struct {
	Database, Checks, Hits string
}
