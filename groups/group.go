// Package groups owns criminal groups: named networks followed across
// cases, countries and OCUs, with their cases and the suspects named as
// their members. Anyone who reads cases reads groups; what a reader sees
// of a group's cases and members follows their case scope (access.go):
// cases and members outside it are counted, never shown. The group's
// figures are computed from the records each time they are read.
package groups

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ocu-project/ocu"
)

// Group is a criminal group as stored.
type Group struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Summary   string    `json:"summary"`
	CreatedBy string    `json:"created_by"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func (Group) TableName() string { return "criminal_groups" }

// Input is a group's name and summary as typed; Version is the one the
// form was read at (updates only).
type Input struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	Version int    `json:"version"`
}

// Bounds of a group's fields, as the schema has them.
const (
	maxName    = 200
	maxSummary = 2000
)

// validate trims in and says what to fix.
func (in *Input) validate() error {
	in.Name, in.Summary = strings.TrimSpace(in.Name), strings.TrimSpace(in.Summary)
	fields := map[string]ocu.Message{}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fields["name"] = ocu.Msg("error.group_name_missing")
	case n > maxName:
		fields["name"] = ocu.Msg("error.group_name_long", maxName)
	}
	if utf8.RuneCountInString(in.Summary) > maxSummary {
		fields["summary"] = ocu.Msg("error.group_summary_long", maxSummary)
	}
	if len(fields) > 0 {
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"), Fields: fields}
	}
	return nil
}

// Figures are a group's figures, from its records: its cases are those
// added to it and those of its members.
type Figures struct {
	Cases     int `json:"cases"`
	Victims   int `json:"victims"`                 // potential victims found in its cases
	Suspects  int `json:"suspects"`                // suspects of its cases and its members
	Arrests   int `json:"arrests"`                 // of those suspects, arrested
	Countries int `json:"countries"`               // raising countries of its cases
	OCUs      int `json:"ocus" gorm:"column:ocus"` // OCUs of its cases
}

// CaseRow is one of a group's cases its reader may see.
type CaseRow struct {
	ID             int64
	Reference      string
	Title          string
	Status         string
	UnitID         int64
	RaisingCountry string
	Member         bool // added to the group (not only there through a member)
}

// Member is one of a group's suspects its reader may see, by pseudonym.
type Member struct {
	ID          int64
	Pseudonym   string
	CaseID      int64
	Reference   string // the person's case
	Nationality string
	Arrested    bool
}

// Shared is an identifier two or more of the shown members carry (equal
// normalized values in person_identifiers). Its value is not shown: it
// follows the visibility of names, and the graph shows that a link exists.
type Shared struct {
	Kind   string
	People []int64 // person ids
}

// Detail is a group as its reader sees it.
type Detail struct {
	Group
	Figures      Figures
	Cases        []CaseRow
	HiddenCases  int // the group's cases outside the reader's scope
	Members      []Member
	HiddenPeople int // the group's members outside the reader's scope
	Shared       []Shared
}

// ListRow is a group in the list.
type ListRow struct {
	Group
	Cases   int
	Members int
}
