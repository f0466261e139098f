package cases

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Identifier is something a person carries that can find them elsewhere: a
// travel or identity document, a phone number, a vehicle plate, an alias.
// Value is as typed; Normalized is the key lookups compare. Identifiers
// follow the visibility of suspects' names (MaySeeIdentities), and a
// potential victim, never named, may carry only document numbers.
type Identifier struct {
	ID         int64
	PersonID   int64
	CaseID     int64
	UnitID     int64
	Kind       string
	DocType    string
	Country    string
	Value      string
	Normalized string
	AddedBy    string
	CreatedAt  time.Time
}

func (Identifier) TableName() string { return "person_identifiers" }

// Identifier kinds, in display order.
const (
	IdentDocument = "document"
	IdentPhone    = "phone"
	IdentPlate    = "plate"
	IdentAlias    = "alias"
)

// IdentifierKinds in display order.
var IdentifierKinds = []string{IdentDocument, IdentPhone, IdentPlate, IdentAlias}

// DocumentTypes are the kinds of travel or identity document recorded.
var DocumentTypes = []string{"passport", "national_id", "residence_permit", "travel_document", "seafarer_id", "driving_licence", "other"}

// maxIdentifier bounds what is typed as an identifier's value.
const maxIdentifier = 100

// IdentifierInput is what an officer types, kept as typed so a refused
// form comes back as it was.
type IdentifierInput struct {
	Kind    string `json:"kind"`
	DocType string `json:"doc_type"`
	Country string `json:"country"`
	Value   string `json:"value"`
}

// validateIdentifier checks in for a person of outcome in a case whose
// country (where it happened) is caseCountry, the default region of a
// phone number typed without its international prefix, and returns the
// identifier to store (without its person, case and author).
func validateIdentifier(snap *units.Snapshot, in *IdentifierInput, outcome Outcome, caseCountry string) (Identifier, error) {
	in.Kind = strings.TrimSpace(in.Kind)
	in.DocType = strings.TrimSpace(in.DocType)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.Value = strings.TrimSpace(in.Value)
	fe := ocu.FieldErrors{}
	id := Identifier{Kind: in.Kind, DocType: in.DocType, Country: in.Country, Value: in.Value}
	switch {
	case in.Kind == "":
		fe.Add("kind", "error.required")
	case !slices.Contains(IdentifierKinds, in.Kind):
		fe.Add("kind", "error.identifier_kind_unknown", in.Kind)
	case in.Kind != IdentDocument && outcome != Suspect:
		// A potential victim is never named, and nobody but a suspect
		// carries what would trace them: a document number only.
		fe.Add("kind", "error.identifier_suspects_only")
	}
	if in.Value == "" {
		fe.Add("value", "error.required")
	} else if len([]rune(in.Value)) > maxIdentifier {
		fe.Add("value", "error.too_long", maxIdentifier)
	}
	if in.Country != "" && snap.CountryName(in.Country) == "" {
		fe.Add("country", "error.country_unknown", in.Country)
	}
	switch in.Kind {
	case IdentDocument:
		if in.DocType == "" {
			fe.Add("doc_type", "error.required")
		} else if !slices.Contains(DocumentTypes, in.DocType) {
			fe.Add("doc_type", "error.doc_type_unknown", in.DocType)
		}
		if in.Country == "" {
			fe.Add("country", "error.identifier_issuer_required")
		}
	case IdentPlate:
		if in.Country == "" {
			fe.Add("country", "error.identifier_plate_country_required")
		}
	case IdentAlias:
		if in.Country != "" {
			fe.Add("country", "error.identifier_alias_no_country")
		}
	}
	if in.Kind != IdentDocument && in.DocType != "" {
		fe.Add("doc_type", "error.identifier_documents_only")
	}
	if _, bad := fe["value"]; !bad && in.Value != "" {
		switch in.Kind {
		case IdentPhone:
			region := in.Country
			if region == "" {
				region = caseCountry
			}
			e164, country, ok := NormalizePhone(in.Value, region)
			if !ok {
				fe.Add("value", "error.phone_invalid", region)
			} else if in.Country != "" && country != in.Country {
				fe.Add("country", "error.phone_other_country", country)
			} else {
				id.Normalized, id.Country = e164, country
			}
		case IdentDocument, IdentPlate:
			if id.Normalized = NormalizeCode(in.Value); id.Normalized == "" {
				fe.Add("value", "error.identifier_no_letters")
			}
		case IdentAlias:
			if id.Normalized = NormalizeAlias(in.Value); id.Normalized == "" {
				fe.Add("value", "error.identifier_no_letters")
			}
		}
	}
	return id, fe.Err()
}

// NormalizePhone parses a phone number typed in any common layout,
// international ("+63 917 555 0101", "0063...") or national to region
// (ISO alpha-2), and returns it in E.164 with the country it belongs to;
// false when it is not a valid number. The rules of each country's
// numbering plan are the maintained library's (libphonenumber's data).
func NormalizePhone(typed, region string) (e164, country string, ok bool) {
	n, err := phonenumbers.Parse(typed, strings.ToUpper(region))
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), phonenumbers.GetRegionCodeForNumber(n), true
}

// NormalizeCode is the key of a document number or a plate: its letters
// and digits, upper case, without spaces, dashes or dots, so that
// "P 123-456" and "p123456" are the same document.
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// NormalizeAlias is the key of an alias: lower case, accents dropped,
// punctuation made a space, spaces single. Matching across scripts and
// spellings is the matching package's; this key finds the same alias
// typed the same way.
func NormalizeAlias(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
