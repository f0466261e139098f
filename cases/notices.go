package cases

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Notice is an INTERPOL notice or diffusion. On a person (PersonID set)
// it says the person found in the case is its subject: they are located,
// and the issuing country is told. On the operation (PersonID nil) it is a
// warning every user sees, such as an Orange Notice on scam centres, or a
// Yellow Notice for a missing person whose document number ocu looks for
// among potential victims.
type Notice struct {
	ID             int64
	OperationID    int64
	PersonID       *int64
	CaseID         *int64
	Colour         string
	ControlNumber  string
	IssuingCountry string
	Purpose        string
	DocumentNumber string // normalised; Yellow Notices on the operation only
	AddedBy        string
	CreatedAt      time.Time
}

func (Notice) TableName() string { return "notices" }

// NoticeColours are the kinds of notice and the diffusion, in display
// order: INTERPOL's colours, the INTERPOL–United Nations Security Council
// Special Notice, and a diffusion (a request sent by one country to some
// others, not a notice published by the General Secretariat).
var NoticeColours = []string{"red", "yellow", "blue", "green", "black", "orange", "purple", "un_special", "diffusion"}

// Yellow is the colour of a missing person's notice.
const Yellow = "yellow"

// maxControlNumber and maxPurpose bound what is typed.
const (
	maxControlNumber = 40
	maxPurpose       = 1000
)

// controlNumberPattern is what a control number may hold: INTERPOL's
// references ("A-1234/5-2024") and countries' diffusion references use
// letters, digits, dashes, slashes, dots and spaces.
var controlNumberPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ./-]*$`)

// NoticeInput is what is typed about a notice, kept as typed.
type NoticeInput struct {
	Colour         string `json:"colour"`
	ControlNumber  string `json:"control_number"`
	IssuingCountry string `json:"issuing_country"`
	Purpose        string `json:"purpose"`
	DocumentNumber string `json:"document_number"` // operation Yellow Notices only
}

// validateNotice checks in; onOperation says whether it is the
// operation's (only those may carry a missing person's document number).
func validateNotice(snap *units.Snapshot, in *NoticeInput, onOperation bool) (Notice, error) {
	in.Colour = strings.TrimSpace(in.Colour)
	in.ControlNumber = strings.TrimSpace(in.ControlNumber)
	in.IssuingCountry = strings.ToUpper(strings.TrimSpace(in.IssuingCountry))
	in.Purpose = strings.TrimSpace(in.Purpose)
	in.DocumentNumber = strings.TrimSpace(in.DocumentNumber)
	fe := ocu.FieldErrors{}
	switch {
	case in.Colour == "":
		fe.Add("colour", "error.required")
	case !slices.Contains(NoticeColours, in.Colour):
		fe.Add("colour", "error.notice_colour_unknown", in.Colour)
	}
	switch {
	case in.ControlNumber == "":
		fe.Add("control_number", "error.required")
	case len([]rune(in.ControlNumber)) > maxControlNumber:
		fe.Add("control_number", "error.too_long", maxControlNumber)
	case !controlNumberPattern.MatchString(in.ControlNumber):
		fe.Add("control_number", "error.control_number_format")
	}
	switch {
	case in.IssuingCountry == "":
		fe.Add("issuing_country", "error.required")
	case snap.CountryName(in.IssuingCountry) == "":
		fe.Add("issuing_country", "error.country_unknown", in.IssuingCountry)
	}
	if len([]rune(in.Purpose)) > maxPurpose {
		fe.Add("purpose", "error.too_long", maxPurpose)
	}
	n := Notice{Colour: in.Colour, ControlNumber: strings.ToUpper(in.ControlNumber), IssuingCountry: in.IssuingCountry, Purpose: in.Purpose}
	if in.DocumentNumber != "" {
		switch {
		case !onOperation || in.Colour != Yellow:
			fe.Add("document_number", "error.notice_document_yellow_only")
		case len([]rune(in.DocumentNumber)) > maxIdentifier:
			fe.Add("document_number", "error.too_long", maxIdentifier)
		default:
			if n.DocumentNumber = NormalizeCode(in.DocumentNumber); n.DocumentNumber == "" {
				fe.Add("document_number", "error.identifier_no_letters")
			}
		}
	}
	return n, fe.Err()
}
