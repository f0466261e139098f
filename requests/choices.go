package requests

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ocu-project/ocu"
)

// Choice is an item of a case a new request may concern.
type Choice struct {
	Kind  string // person, identifier, seizure
	Value string // pseudonym, or id
	Label string
}

// CaseChoices is what the form of a new request about case ref offers: the
// case's people (suspects first), identifiers and seizures. Names are
// never in labels: the pseudonym says who.
type CaseChoices struct {
	CaseRef     string
	OperationID int64
	Choices     []Choice
}

// Choices loads what a request about ref may concern, if the principal in
// ctx may ask about that case.
func (s *Store) Choices(ctx context.Context, ref string) (*CaseChoices, error) {
	p := principal(ctx)
	q := s.db.Read.WithContext(ctx)
	c, err := seenCase(q, p, ref)
	if err != nil {
		return nil, err
	}
	if !p.MayAskAbout(c.UnitID, c.RaisingCountry, c.Partners) {
		return nil, ocu.Errorf(ocu.Forbidden, "error.request_may_not_ask", c.Reference)
	}
	out := &CaseChoices{CaseRef: c.Reference, OperationID: c.OperationID}
	var people []struct{ Pseudonym, Outcome, Nationality string }
	if err := q.Raw(`SELECT pseudonym, outcome, nationality FROM people WHERE case_id = ?
		ORDER BY outcome != 'suspect', seq LIMIT 500`, c.ID).Scan(&people).Error; err != nil {
		return nil, err
	}
	for _, x := range people {
		out.Choices = append(out.Choices, Choice{Kind: "person", Value: x.Pseudonym, Label: fmt.Sprintf("%s (%s %s)", x.Pseudonym, x.Outcome, x.Nationality)})
	}
	var ids []struct {
		ID              int64
		Pseudonym, Kind string
	}
	if err := q.Raw(`SELECT x.id, p.pseudonym, x.kind FROM person_identifiers x JOIN people p ON p.id = x.person_id
		WHERE x.case_id = ? ORDER BY p.seq, x.id LIMIT 500`, c.ID).Scan(&ids).Error; err != nil {
		return nil, err
	}
	for _, x := range ids {
		out.Choices = append(out.Choices, Choice{Kind: "identifier", Value: strconv.FormatInt(x.ID, 10), Label: x.Pseudonym + " · " + x.Kind})
	}
	var sz []struct {
		ID          int64
		Kind        string
		Quantity    float64
		Unit        string
		Description string
	}
	if err := q.Raw(`SELECT id, kind, quantity, unit, description FROM seizures WHERE case_id = ? ORDER BY id LIMIT 500`, c.ID).Scan(&sz).Error; err != nil {
		return nil, err
	}
	for _, x := range sz {
		out.Choices = append(out.Choices, Choice{Kind: "seizure", Value: strconv.FormatInt(x.ID, 10),
			Label: fmt.Sprintf("%s · %s %s %s", x.Kind, strconv.FormatFloat(x.Quantity, 'f', -1, 64), x.Unit, x.Description)})
	}
	return out, nil
}

// FromMatch prefills a request started from a confirmed match: about the
// matched person of a case the reader may ask about, to the country that
// raised the other person's case (or its OCU, when that is the reader's
// own country). Refused when the match is not confirmed, or the reader
// works neither side.
func (s *Store) FromMatch(ctx context.Context, id int64) (Input, error) {
	p := principal(ctx)
	q := s.db.Read.WithContext(ctx)
	var rows []struct {
		Status             string
		PseudoA, PseudoB   string
		CaseA, CaseB       string
		CountryA, CountryB string
		UnitA, UnitB       string
	}
	err := q.Raw(`SELECT m.status, pa.pseudonym AS pseudo_a, pb.pseudonym AS pseudo_b, ca.reference AS case_a, cb.reference AS case_b,
			ca.raising_country AS country_a, cb.raising_country AS country_b, ua.code AS unit_a, ub.code AS unit_b
		FROM matches m JOIN people pa ON pa.id = m.person_a JOIN people pb ON pb.id = m.person_b
		JOIN cases ca ON ca.id = pa.case_id JOIN cases cb ON cb.id = pb.case_id
		JOIN units ua ON ua.id = ca.unit_id JOIN units ub ON ub.id = cb.unit_id WHERE m.id = ?`, id).Scan(&rows).Error
	if err != nil {
		return Input{}, err
	}
	notFound := ocu.Errorf(ocu.NotFound, "error.match_not_found", id)
	if len(rows) == 0 {
		return Input{}, notFound
	}
	m := rows[0]
	for _, side := range [][4]string{{m.CaseA, m.PseudoA, m.CountryB, m.UnitB}, {m.CaseB, m.PseudoB, m.CountryA, m.UnitA}} {
		c, err := seenCase(q, p, side[0])
		if ocu.KindOf(err) == ocu.NotFound {
			continue
		}
		if err != nil {
			return Input{}, err
		}
		if !p.MayAskAbout(c.UnitID, c.RaisingCountry, c.Partners) {
			continue
		}
		if m.Status != "confirmed" {
			return Input{}, ocu.Errorf(ocu.Conflict, "error.request_match_not_confirmed")
		}
		in := Input{Case: c.Reference, People: []string{side[1]}, Origin: "match:" + strconv.FormatInt(id, 10), Priority: "urgent",
			Due: s.now().AddDate(0, 0, 3).Format("2006-01-02")}
		if side[2] == c.RaisingCountry || (p.Country != "" && side[2] == p.Country) {
			in.ToUnit = side[3]
		} else {
			in.ToCountry = side[2]
		}
		return in, nil
	}
	return Input{}, notFound
}

// FromAlert prefills a request started from an alert told to the reader
// about a person or a case (a located notice subject, a match): about that
// person's case, if the reader may ask about it.
func (s *Store) FromAlert(ctx context.Context, id int64) (Input, error) {
	p := principal(ctx)
	q := s.db.Read.WithContext(ctx)
	cond, args := p.AlertsSQL("a")
	var rows []struct{ Subject, IssuingCountry string }
	err := q.Raw(`SELECT a.subject, COALESCE(json_extract(a.details, '$.issuing_country'), '') AS issuing_country
		FROM alerts a WHERE a.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&rows).Error
	if err != nil {
		return Input{}, err
	}
	if len(rows) == 0 {
		return Input{}, ocu.Errorf(ocu.NotFound, "error.alert_not_found", strconv.FormatInt(id, 10))
	}
	in := Input{Origin: "alert:" + strconv.FormatInt(id, 10), Priority: "urgent", Due: s.now().AddDate(0, 0, 3).Format("2006-01-02")}
	kind, ref, _ := cutSubject(rows[0].Subject)
	switch kind {
	case "person":
		var caseRef string
		if err := q.Raw(`SELECT c.reference FROM people p JOIN cases c ON c.id = p.case_id WHERE p.pseudonym = ?`, ref).Scan(&caseRef).Error; err != nil {
			return Input{}, err
		}
		in.Case, in.People = caseRef, []string{ref}
	case "case":
		in.Case = ref
	default:
		return Input{}, ocu.Errorf(ocu.Invalid, "error.request_alert_not_about_case")
	}
	if rows[0].IssuingCountry != "" && rows[0].IssuingCountry != p.Country {
		in.ToCountry = rows[0].IssuingCountry
	}
	// The reader must work the case the alert is about.
	if _, err := s.Choices(ctx, in.Case); err != nil {
		if k := ocu.KindOf(err); k == ocu.NotFound || k == ocu.Forbidden {
			return Input{}, ocu.Errorf(ocu.Forbidden, "error.request_alert_case_not_yours")
		}
		return Input{}, err
	}
	return in, nil
}

func cutSubject(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}
