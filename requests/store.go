package requests

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
)

// Store reads and writes requests. Every write is one short transaction
// with its thread message, its audit entry (under the case, so the step
// shows on the case's history) and the alert to the other side.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, now: func() time.Time { return time.Now().UTC() }}
}

func principal(ctx context.Context) ocu.Principal {
	p, _ := ocu.PrincipalFrom(ctx)
	return p
}

// theCase is what a request needs of its case.
type theCase struct {
	ID             int64
	OperationID    int64
	UnitID         int64
	Reference      string
	RaisingCountry string
	Partners       []string `gorm:"-"`
}

// seenCase loads the case by reference if p's case scope holds it (the
// scope's SQL from access.go), with its partner countries: NotFound
// otherwise.
func seenCase(q *gorm.DB, p ocu.Principal, ref string) (*theCase, error) {
	cond, args := p.Cases().SQL("c")
	var c theCase
	err := q.Raw(`SELECT c.id, c.operation_id, c.unit_id, c.reference, c.raising_country FROM cases c
		WHERE c.reference = ? AND `+cond, append([]any{ref}, args...)...).Scan(&c).Error
	if err != nil {
		return nil, err
	}
	if c.ID == 0 {
		return nil, ocu.Errorf(ocu.NotFound, "error.case_not_found", ref)
	}
	if err := q.Raw(`SELECT country_iso2 FROM case_partners WHERE case_id = ?`, c.ID).Scan(&c.Partners).Error; err != nil {
		return nil, err
	}
	return &c, nil
}

// requestSelect reads requests with their case's reference and the OCUs'
// codes, under aliases r and c.
const requestSelect = `SELECT r.*, c.reference AS case_ref, fu.code AS from_unit_code, tu.code AS to_unit_code
	FROM requests r JOIN cases c ON c.id = r.case_id JOIN units fu ON fu.id = r.from_unit JOIN units tu ON tu.id = r.to_unit`

// byID loads request id if p sees it (RequestsSQL), with whether p sees
// its case: NotFound otherwise, so ids cannot be probed.
func byID(q *gorm.DB, p ocu.Principal, id int64) (*Request, bool, error) {
	cond, args := p.RequestsSQL("r", "c")
	scope, sargs := p.Cases().SQL("c")
	var rows []struct {
		Request
		CaseSeen bool
	}
	err := q.Raw(`SELECT r.*, c.reference AS case_ref, fu.code AS from_unit_code, tu.code AS to_unit_code, (`+scope+`) AS case_seen
		FROM requests r JOIN cases c ON c.id = r.case_id JOIN units fu ON fu.id = r.from_unit JOIN units tu ON tu.id = r.to_unit
		WHERE r.id = ? AND `+cond, append(append(sargs, id), args...)...).Scan(&rows).Error
	if err != nil {
		return nil, false, err
	}
	if len(rows) == 0 {
		return nil, false, ocu.Errorf(ocu.NotFound, "error.request_not_found", strconv.FormatInt(id, 10))
	}
	return &rows[0].Request, rows[0].CaseSeen, nil
}

// Input is a new request as the sender gives it.
type Input struct {
	Case        string   `json:"case"`
	ToCountry   string   `json:"to_country"` // one of ToCountry and ToUnit
	ToUnit      string   `json:"to_unit"`    // an OCU's code
	Subject     string   `json:"subject"`
	Question    string   `json:"question"`
	Priority    string   `json:"priority"`
	Due         string   `json:"due"`         // YYYY-MM-DD: due by the end of that day (UTC)
	People      []string `json:"people"`      // pseudonyms of the case's people
	Identifiers []int64  `json:"identifiers"` // ids of identifiers of the case's people
	Seizures    []int64  `json:"seizures"`    // ids of the case's seizures
	Origin      string   `json:"origin"`      // match:ID or alert:ID when started from one
}

// Send stores a new request and tells its recipient.
func (s *Store) Send(ctx context.Context, in Input) (*Request, error) {
	p := principal(ctx)
	now := s.now()
	var r Request
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := seenCase(tx, p, in.Case)
		if err != nil {
			return err
		}
		if !p.MayAskAbout(c.UnitID, c.RaisingCountry, c.Partners) {
			return ocu.Errorf(ocu.Forbidden, "error.request_may_not_ask", c.Reference)
		}
		r, err = s.validate(tx, p, c, &in, now)
		if err != nil {
			return err
		}
		if err := tx.Omit("case_ref", "from_unit_code", "to_unit_code").Create(&r).Error; err != nil {
			return err
		}
		if err := saveItems(tx, r.ID, c.ID, in); err != nil {
			return err
		}
		if err := tx.Create(&Message{RequestID: r.ID, Side: "sender", Kind: "question", Body: r.Question, Author: r.SentBy, At: now}).Error; err != nil {
			return err
		}
		r.CaseRef = c.Reference
		if err := s.record(ctx, tx, &r, "request.send", map[string]any{"to": recipientCode(tx, &r), "priority": r.Priority, "items": len(in.People) + len(in.Identifiers) + len(in.Seizures)}); err != nil {
			return err
		}
		return alerts.Raise(tx, alerts.Alert{OperationID: &r.OperationID, Kind: alerts.RequestReceived, Subject: subject(r.ID),
			UnitID: unitIfNoCountry(r.ToUnit, r.ToCountry), Country: r.ToCountry,
			Details: map[string]any{"case": c.Reference, "priority": r.Priority, "due": r.DueAt.Format("2006-01-02")}, CreatedAt: now})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func subject(id int64) string { return "request:" + strconv.FormatInt(id, 10) }

// unitIfNoCountry is who on an OCU's side is told: its supervisors when
// the side is the OCU itself, nobody there when it is one of its countries
// (that country's officers are told).
func unitIfNoCountry(unit int64, country *string) *int64 {
	if country != nil {
		return nil
	}
	return alerts.ToUnit(unit)
}

// recipientCode names the receiving side as a code: the country or the
// OCU.
func recipientCode(tx *gorm.DB, r *Request) string {
	if r.ToCountry != nil {
		return *r.ToCountry
	}
	var code string
	tx.Raw(`SELECT code FROM units WHERE id = ?`, r.ToUnit).Scan(&code)
	return code
}

// record writes the audit entry of a step under the request's case, so
// that it shows on the case's history and in the audit trail.
func (s *Store) record(ctx context.Context, tx *gorm.DB, r *Request, action string, details map[string]any) error {
	d := audit.Details{"request": r.ID, "status": r.Status}
	for k, v := range details {
		d[k] = v
	}
	return audit.Record(ctx, tx, audit.Entry{Action: action, Subject: "case:" + r.CaseRef, Details: d})
}

// validate checks in against the case and the operation and returns the
// request to store.
func (s *Store) validate(tx *gorm.DB, p ocu.Principal, c *theCase, in *Input, now time.Time) (Request, error) {
	fe := ocu.FieldErrors{}
	in.Subject, in.Question = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Question)
	in.ToCountry, in.ToUnit = strings.ToUpper(strings.TrimSpace(in.ToCountry)), strings.ToUpper(strings.TrimSpace(in.ToUnit))
	r := Request{OperationID: c.OperationID, CaseID: c.ID, Subject: in.Subject, Question: in.Question,
		Priority: in.Priority, Status: Sent, Origin: in.Origin, SentBy: p.Name(), Version: 1, CreatedAt: now, UpdatedAt: now,
		WithIdentities: p.MaySeeCaseIdentities(c.UnitID, c.RaisingCountry, c.Partners)}
	r.FromUnit = p.UnitID
	if r.FromUnit == 0 {
		r.FromUnit = c.UnitID
	}
	if p.Role == ocu.RoleOfficer {
		r.FromCountry = &p.Country
	}
	switch {
	case in.Subject == "":
		fe.Add("subject", "error.request_subject_required")
	case len([]rune(in.Subject)) > 200:
		fe.Add("subject", "error.request_subject_long", 200)
	}
	switch {
	case in.Question == "":
		fe.Add("question", "error.request_question_required")
	case len([]rune(in.Question)) > 4000:
		fe.Add("question", "error.request_question_long", 4000)
	}
	if !validPriority(in.Priority) {
		fe.Add("priority", "error.request_priority", strings.Join(Priorities, ", "))
	}
	if d, err := time.Parse("2006-01-02", in.Due); err != nil {
		fe.Add("due", "error.request_due_format")
	} else if r.DueAt = d.Add(24*time.Hour - time.Second); !r.DueAt.After(now) {
		fe.Add("due", "error.request_due_past")
	}
	if in.Origin != "" && !validOrigin(in.Origin) {
		fe.Add("origin", "error.request_origin")
	}
	switch {
	case in.ToCountry != "" && in.ToUnit != "":
		fe.Add("to", "error.request_one_recipient")
	case in.ToCountry != "":
		var unit int64
		if err := tx.Raw(`SELECT unit_id FROM attachments WHERE operation_id = ? AND country_iso2 = ?`, c.OperationID, in.ToCountry).Scan(&unit).Error; err != nil {
			return r, err
		}
		switch {
		case unit == 0:
			fe.Add("to", "error.request_country_absent", in.ToCountry)
		case r.FromCountry != nil && *r.FromCountry == in.ToCountry:
			fe.Add("to", "error.request_to_self")
		}
		r.ToUnit, r.ToCountry = unit, &in.ToCountry
	case in.ToUnit != "":
		if err := tx.Raw(`SELECT id FROM units WHERE code = ?`, in.ToUnit).Scan(&r.ToUnit).Error; err != nil {
			return r, err
		}
		switch {
		case r.ToUnit == 0:
			fe.Add("to", "error.request_unit_unknown", in.ToUnit)
		case r.FromCountry == nil && r.ToUnit == r.FromUnit:
			fe.Add("to", "error.request_to_self")
		}
	default:
		fe.Add("to", "error.request_recipient_required")
	}
	if len(in.People)+len(in.Identifiers)+len(in.Seizures) == 0 {
		fe.Add("items", "error.request_items_required")
	} else if err := checkItems(tx, c.ID, in, fe); err != nil {
		return r, err
	}
	return r, fe.Err()
}

func validPriority(p string) bool {
	for _, q := range Priorities {
		if p == q {
			return true
		}
	}
	return false
}

// validOrigin accepts what a request can be started from: a match or an
// alert, by id.
func validOrigin(o string) bool {
	kind, id, ok := strings.Cut(o, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	return ok && (kind == "match" || kind == "alert") && err == nil && n > 0
}

// checkItems refuses items that are not of the case.
func checkItems(tx *gorm.DB, caseID int64, in *Input, fe ocu.FieldErrors) error {
	count := func(q string, args ...any) (int, error) {
		var n int
		err := tx.Raw(q, args...).Scan(&n).Error
		return n, err
	}
	if len(in.People) > 0 {
		n, err := count(`SELECT COUNT(*) FROM people WHERE case_id = ? AND pseudonym IN ?`, caseID, in.People)
		if err != nil {
			return err
		}
		if n != len(unique(in.People)) {
			fe.Add("people", "error.request_items_not_of_case")
		}
	}
	if len(in.Identifiers) > 0 {
		n, err := count(`SELECT COUNT(*) FROM person_identifiers WHERE case_id = ? AND id IN ?`, caseID, in.Identifiers)
		if err != nil {
			return err
		}
		if n != len(unique(in.Identifiers)) {
			fe.Add("identifiers", "error.request_items_not_of_case")
		}
	}
	if len(in.Seizures) > 0 {
		n, err := count(`SELECT COUNT(*) FROM seizures WHERE case_id = ? AND id IN ?`, caseID, in.Seizures)
		if err != nil {
			return err
		}
		if n != len(unique(in.Seizures)) {
			fe.Add("seizures", "error.request_items_not_of_case")
		}
	}
	return nil
}

func unique[T comparable](xs []T) map[T]bool {
	m := make(map[T]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// saveItems records the request's items (checked by checkItems).
func saveItems(tx *gorm.DB, requestID, caseID int64, in Input) error {
	if len(in.People) > 0 {
		if err := tx.Exec(`INSERT OR IGNORE INTO request_items (request_id, kind, item_id)
			SELECT ?, 'person', id FROM people WHERE case_id = ? AND pseudonym IN ?`, requestID, caseID, in.People).Error; err != nil {
			return err
		}
	}
	for kind, ids := range map[string][]int64{"identifier": in.Identifiers, "seizure": in.Seizures} {
		for id := range unique(ids) {
			if err := tx.Exec(`INSERT OR IGNORE INTO request_items (request_id, kind, item_id) VALUES (?, ?, ?)`, requestID, kind, id).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// Act takes action on request id as the principal in ctx, with body (the
// reply, the answer, the reason for declining), if the request is still
// at version.
func (s *Store) Act(ctx context.Context, id int64, action, body string, version int) (*Request, error) {
	p := principal(ctx)
	move, ok := next[action]
	if !ok {
		return nil, ocu.Errorf(ocu.NotFound, "error.request_action_unknown", action)
	}
	body = strings.TrimSpace(body)
	now := s.now()
	var r *Request
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var caseSeen bool
		var err error
		if r, caseSeen, err = byID(tx, p, id); err != nil {
			return err
		}
		recipient := p.ReceivesRequest(r.ToUnit, ptr(r.ToCountry))
		sender, err := s.onSendingSide(tx, p, r, caseSeen)
		if err != nil {
			return err
		}
		side := "sender"
		switch {
		case move.both && recipient && !sender:
			side = "recipient"
		case move.both && sender:
		case move.recipient && recipient:
			side = "recipient"
		case !move.recipient && !move.both && sender:
		default:
			return ocu.Errorf(ocu.Forbidden, "error.request_not_your_side", ocu.Msg("requests.action."+action))
		}
		if version != 0 && version != r.Version {
			return ocu.Errorf(ocu.Conflict, "error.request_stale")
		}
		if !allowed(action, r.Status) {
			return ocu.Errorf(ocu.Conflict, "error.request_not_now", ocu.Msg("requests.action."+action), ocu.Msg("requests.status."+string(r.Status)))
		}
		switch {
		case move.body && body == "":
			return ocu.Refused("body", ocu.Msg("error.request_body_required."+action))
		case len([]rune(body)) > 4000:
			return ocu.Refused("body", ocu.Msg("error.request_body_long", 4000))
		}
		from := r.Status
		if move.to != "" {
			r.Status = move.to
		}
		if action == Decline {
			r.DeclineReason = body
		}
		r.Version++
		r.UpdatedAt = now
		res := tx.Exec(`UPDATE requests SET status = ?, decline_reason = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			r.Status, r.DeclineReason, r.Version, now, r.ID, r.Version-1)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ocu.Errorf(ocu.Conflict, "error.request_stale")
		}
		if err := tx.Create(&Message{RequestID: r.ID, Side: side, Kind: action, Body: body, Author: p.Name(), At: now}).Error; err != nil {
			return err
		}
		if err := s.record(ctx, tx, r, "request."+action, map[string]any{"from": from, "side": side}); err != nil {
			return err
		}
		return s.tell(tx, r, side, action, now)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func ptr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// onSendingSide reports whether p acts for the sending side of r: p sees
// its case and works it (MayAskAbout).
func (s *Store) onSendingSide(tx *gorm.DB, p ocu.Principal, r *Request, caseSeen bool) (bool, error) {
	if !caseSeen {
		return false, nil
	}
	c, err := seenCase(tx, p, r.CaseRef)
	if err != nil {
		if ocu.KindOf(err) == ocu.NotFound {
			return false, nil
		}
		return false, err
	}
	return p.MayAskAbout(c.UnitID, c.RaisingCountry, c.Partners), nil
}

// tell raises the alert of a step to the side that did not take it.
func (s *Store) tell(tx *gorm.DB, r *Request, side, action string, now time.Time) error {
	kind := map[string]string{Answer: alerts.RequestAnswered, Decline: alerts.RequestDeclined}[action]
	if kind == "" {
		kind = alerts.RequestReplied
	}
	a := alerts.Alert{OperationID: &r.OperationID, Kind: kind, Subject: subject(r.ID), CreatedAt: now,
		Details: map[string]any{"case": r.CaseRef, "step": action, "status": r.Status}}
	if side == "recipient" {
		a.UnitID, a.Country = unitIfNoCountry(r.FromUnit, r.FromCountry), r.FromCountry
	} else {
		a.UnitID, a.Country = unitIfNoCountry(r.ToUnit, r.ToCountry), r.ToCountry
	}
	return alerts.Raise(tx, a)
}
