package requests

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// Extract is what a request carries of its case: the chosen items, read
// only, and nothing else.
type Extract struct {
	People      []PersonItem     `json:"people"`
	Identifiers []IdentifierItem `json:"identifiers"`
	Seizures    []SeizureItem    `json:"seizures"`
}

// PersonItem is a person of the extract. Name and BirthDate are a
// suspect's, shown only when the sender could see them and the reader
// may (Detail.Identities).
type PersonItem struct {
	Pseudonym   string `json:"pseudonym"`
	Outcome     string `json:"outcome"`
	Sex         string `json:"sex"`
	AgeBand     string `json:"age_band"`
	Nationality string `json:"nationality"`
	Arrested    bool   `json:"arrested"`
	Charges     string `json:"charges"` // comma-separated codes
	Name        string `json:"name,omitempty"`
	BirthDate   string `json:"birth_date,omitempty"`
}

// IdentifierItem is an identifier of the extract; Value is shown under the
// same rule as names.
type IdentifierItem struct {
	ID        int64  `json:"id"`
	Pseudonym string `json:"pseudonym"`
	Kind      string `json:"kind"`
	DocType   string `json:"doc_type,omitempty"`
	Country   string `json:"country,omitempty"`
	Value     string `json:"value,omitempty"`
}

// SeizureItem is a seizure of the extract.
type SeizureItem struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"kind"`
	Description string  `json:"description"`
	Quantity    float64 `json:"quantity"`
	Unit        string  `json:"unit"`
	Currency    string  `json:"currency,omitempty"`
}

// Detail is one request as its reader sees it, with what they may do.
type Detail struct {
	Request
	Extract    Extract   `json:"extract"`
	Thread     []Message `json:"thread"`
	CaseSeen   bool      `json:"-"` // the reader sees the whole case
	Recipient  bool      `json:"-"` // the reader is on the receiving side
	Sender     bool      `json:"-"` // the reader acts for the sending side
	Identities bool      `json:"-"` // the extract shows names and identifier values
	Overdue    bool      `json:"overdue"`
}

// May reports whether the reader may take action now.
func (d *Detail) May(action string) bool {
	m, ok := next[action]
	if !ok || !allowed(action, d.Status) {
		return false
	}
	switch {
	case m.both:
		return d.Sender || d.Recipient
	case m.recipient:
		return d.Recipient
	}
	return d.Sender
}

// Get loads request id with its extract and thread, if the principal in
// ctx sees it: NotFound otherwise. It reads only: a handler that shows
// names records the view (RecordIdentityView).
func (s *Store) Get(ctx context.Context, id int64) (*Detail, error) {
	p := principal(ctx)
	q := s.db.Read.WithContext(ctx)
	r, caseSeen, err := byID(q, p, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Request: *r, CaseSeen: caseSeen, Recipient: p.ReceivesRequest(r.ToUnit, ptr(r.ToCountry)),
		Overdue: r.Overdue(s.now()) || (r.EscalatedAt != nil && r.Open() && r.Status != Answered)}
	if d.Sender, err = s.onSendingSide(q, p, r, caseSeen); err != nil {
		return nil, err
	}
	identities := d.Recipient
	if caseSeen && !identities {
		c, err := seenCase(q, p, r.CaseRef)
		if err != nil {
			return nil, err
		}
		identities = p.MaySeeCaseIdentities(c.UnitID, c.RaisingCountry, c.Partners)
	}
	d.Identities = r.WithIdentities && identities
	if d.Extract, err = extract(q, r.ID, d.Identities); err != nil {
		return nil, err
	}
	if err := q.Where("request_id = ?", r.ID).Order("id").Find(&d.Thread).Error; err != nil {
		return nil, err
	}
	return d, nil
}

func extract(q *gorm.DB, id int64, identities bool) (Extract, error) {
	e := Extract{People: []PersonItem{}, Identifiers: []IdentifierItem{}, Seizures: []SeizureItem{}}
	err := q.Raw(`SELECT p.pseudonym, p.outcome, p.sex, p.age_band, p.nationality, p.arrested, p.name, p.birth_date,
			COALESCE((SELECT group_concat(charge, ',') FROM charges WHERE person_id = p.id), '') AS charges
		FROM request_items i JOIN people p ON p.id = i.item_id
		WHERE i.request_id = ? AND i.kind = 'person' ORDER BY p.seq`, id).Scan(&e.People).Error
	if err != nil {
		return e, err
	}
	err = q.Raw(`SELECT x.id, p.pseudonym, x.kind, x.doc_type, x.country, x.value
		FROM request_items i JOIN person_identifiers x ON x.id = i.item_id JOIN people p ON p.id = x.person_id
		WHERE i.request_id = ? AND i.kind = 'identifier' ORDER BY p.seq, x.id`, id).Scan(&e.Identifiers).Error
	if err != nil {
		return e, err
	}
	err = q.Raw(`SELECT z.id, z.kind, z.description, z.quantity, z.unit, z.currency
		FROM request_items i JOIN seizures z ON z.id = i.item_id
		WHERE i.request_id = ? AND i.kind = 'seizure' ORDER BY z.id`, id).Scan(&e.Seizures).Error
	if err != nil {
		return e, err
	}
	if !identities {
		for i := range e.People {
			e.People[i].Name, e.People[i].BirthDate = "", ""
		}
		for i := range e.Identifiers {
			e.Identifiers[i].Value = ""
		}
	}
	return e, nil
}

// RecordIdentityView records in the audit trail that the reader was shown
// the names in d's extract (as cases do for a case's suspects).
func (s *Store) RecordIdentityView(ctx context.Context, d *Detail) error {
	var shown []string
	for _, p := range d.Extract.People {
		if p.Name != "" || p.BirthDate != "" {
			shown = append(shown, p.Pseudonym)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	return (&audit.Log{DB: s.db}).Append(ctx, audit.Entry{Action: "suspect.view", Subject: subject(d.ID),
		Details: map[string]any{"people": shown}})
}

// Filter selects requests for a list.
type Filter struct {
	CaseID int64  // only this case's
	Box    string // "in": sent to the reader's side; "out": sent by it; "": both
	Open   bool   // only those still open
}

// List returns the requests the principal in ctx sees, newest first, at
// most 200.
func (s *Store) List(ctx context.Context, f Filter) ([]Request, error) {
	p := principal(ctx)
	cond, args := p.RequestsSQL("r", "c")
	q := requestSelect + ` WHERE ` + cond
	if f.CaseID != 0 {
		q += ` AND r.case_id = ?`
		args = append(args, f.CaseID)
	}
	if f.Open {
		q += ` AND r.status IN ('sent', 'acknowledged', 'answered')`
	}
	switch in, inArgs := inbox(p); f.Box {
	case "in":
		q += ` AND ` + in
		args = append(args, inArgs...)
	case "out":
		q += ` AND NOT ` + in
		args = append(args, inArgs...)
	}
	var out []Request
	err := s.db.Read.WithContext(ctx).Raw(q+` ORDER BY r.id DESC LIMIT 200`, args...).Scan(&out).Error
	return out, err
}

// ForCase lists the requests about case ref that the reader sees (those
// who see the case see all of them).
func (s *Store) ForCase(ctx context.Context, caseID int64) ([]Request, error) {
	return s.List(ctx, Filter{CaseID: caseID})
}

// inbox is the condition for requests sent to p's side (the SQL form of
// ReceivesRequest).
func inbox(p ocu.Principal) (string, []any) {
	switch p.Role {
	case ocu.RoleOfficer:
		return "r.to_country = ?", []any{p.Country}
	case ocu.RoleSupervisor:
		return "r.to_unit = ?", []any{p.UnitID}
	case ocu.RoleSystem:
		return "1 = 1", nil
	}
	return "1 = 0", nil
}

// now is for views needing the store's clock.
func (s *Store) Now() time.Time { return s.now() }
