package cases

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// CheckDatabases are the police databases a check can be run against:
// nominal data (persons), stolen and lost travel documents (SLTD), stolen
// motor vehicles (SMV), fingerprints, faces and firearms. Codes are stable:
// stored, sent by the API and exported; labels come from the catalogue
// ("check.db.<code>").
var CheckDatabases = []string{"nominal", "sltd", "smv", "fingerprints", "faces", "firearms"}

// CheckSubjects are what a check is run on.
var CheckSubjects = []string{"person", "document", "vehicle"}

// checkFits says which databases a subject can be checked against: a
// person by name, prints, face or their firearms records; a document in
// the document and nominal databases; a vehicle in stolen motor vehicles.
var checkFits = map[string][]string{
	"person":   {"nominal", "fingerprints", "faces", "firearms"},
	"document": {"sltd", "nominal"},
	"vehicle":  {"smv"},
}

// maxHitReference bounds a database's record reference.
const maxHitReference = 100

// DatabaseCheck is one check of a person, document or vehicle against a database,
// with its result. A hit is a lead: it shows on the case, in the OCU's
// attention list and on the dashboards. What was checked is pointed at
// (a person, one of their identifiers, a seized vehicle), never copied.
type DatabaseCheck struct {
	ID           int64
	CaseID       int64
	OperationID  int64
	UnitID       int64
	Subject      string
	PersonID     *int64
	IdentifierID *int64
	SeizureID    *int64
	Database     string
	Result       string
	HitReference string
	CheckedBy    string
	CheckedAt    time.Time
	CreatedAt    time.Time
}

func (DatabaseCheck) TableName() string { return "database_checks" }

// CheckInput is a check as typed. Target names what was checked:
// "person:<pseudonym>", "identifier:<id>" (a document or a vehicle plate
// on a person of the case) or "seizure:<id>" (a seized vehicle).
type CheckInput struct {
	Target       string `json:"target"`
	Database     string `json:"database"`
	Result       string `json:"result"`
	HitReference string `json:"hit_reference"`
	CheckedBy    string `json:"checked_by"`
}

// CheckView is a check with what it points at, for pages and the API.
type CheckView struct {
	DatabaseCheck
	Pseudonym string // the person checked, or whose identifier was
	Target    string // as CheckInput.Target
	Label     string // kind of identifier or seizure: "document", "plate", "vehicles"
}

// auditCheckValues are recorded by value: codes only. The hit reference
// and who checked are recorded by name.
var auditCheckValues = []string{"subject", "database", "result"}

// AddCheck records a check in an open case the reader may change.
func (s *Store) AddCheck(ctx context.Context, reference string, in CheckInput) (*CheckView, error) {
	p := principal(ctx)
	if p.ActsInOwnName() {
		in.CheckedBy = p.Name()
	}
	var out CheckView
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := contributable(tx, p, reference)
		if err != nil {
			return err
		}
		ch, err := validateCheck(tx, c, &in)
		if err != nil {
			return err
		}
		now := s.now()
		ch.CaseID, ch.OperationID, ch.UnitID, ch.CheckedAt, ch.CreatedAt = c.ID, c.OperationID, c.UnitID, now, now
		if err := tx.Create(&ch).Error; err != nil {
			return fmt.Errorf("insert check: %w", err)
		}
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", now, c.ID).Error; err != nil {
			return err
		}
		d := audit.Changed(nil, struct {
			Subject      string `json:"subject"`
			Target       string `json:"target"`
			Database     string `json:"database"`
			Result       string `json:"result"`
			HitReference string `json:"hit_reference"`
			CheckedBy    string `json:"checked_by"`
		}{ch.Subject, in.Target, ch.Database, ch.Result, ch.HitReference, ch.CheckedBy}, auditCheckValues...)
		d["check"] = ch.ID
		if err := audit.Record(ctx, tx, audit.Entry{Action: "check.add", Subject: "case:" + c.Reference, Details: d}); err != nil {
			return err
		}
		out = CheckView{DatabaseCheck: ch, Target: in.Target}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// validateCheck checks in against the case c: the target must be a person,
// identifier or seized vehicle of this case, the database must fit it, and
// a hit needs its reference while no hit has none.
func validateCheck(tx *gorm.DB, c *Case, in *CheckInput) (DatabaseCheck, error) {
	in.Target, in.Database, in.Result = strings.TrimSpace(in.Target), strings.TrimSpace(in.Database), strings.TrimSpace(in.Result)
	in.HitReference, in.CheckedBy = strings.TrimSpace(in.HitReference), strings.TrimSpace(in.CheckedBy)
	fe := ocu.FieldErrors{}
	tooLong(fe, "target", in.Target)
	tooLong(fe, "database", in.Database)
	tooLong(fe, "result", in.Result)
	ch := DatabaseCheck{Database: in.Database, Result: in.Result, HitReference: in.HitReference, CheckedBy: in.CheckedBy}

	if in.Target == "" {
		fe.Add("target", "error.check_target_required")
	} else if err := resolveTarget(tx, c, in.Target, &ch); err != nil {
		if e, ok := err.(*ocu.Error); ok && e.Kind == ocu.Invalid {
			fe.Add("target", e.Message.Key, e.Message.Args...)
		} else {
			return ch, err
		}
	}
	switch {
	case in.Database == "":
		fe.Add("database", "error.required")
	case !slices.Contains(CheckDatabases, in.Database):
		fe.Add("database", "error.check_database_unknown", in.Database)
	case ch.Subject != "" && !slices.Contains(checkFits[ch.Subject], in.Database):
		fe.Add("database", "error.check_database_misfit", in.Database, ch.Subject, strings.Join(checkFits[ch.Subject], ", "))
	}
	switch in.Result {
	case "hit":
		if in.HitReference == "" {
			fe.Add("hit_reference", "error.hit_reference_required")
		}
	case "no_hit":
		if in.HitReference != "" {
			fe.Add("hit_reference", "error.hit_reference_no_hit")
		}
	case "":
		fe.Add("result", "error.required")
	default:
		fe.Add("result", "error.check_result_unknown", in.Result)
	}
	if utf8.RuneCountInString(in.HitReference) > maxHitReference {
		fe.Add("hit_reference", "error.too_long", maxHitReference)
	}
	if in.CheckedBy == "" {
		fe.Add("checked_by", "error.required")
	} else if utf8.RuneCountInString(in.CheckedBy) > maxName {
		fe.Add("checked_by", "error.too_long", maxName)
	}
	return ch, fe.Err()
}

// resolveTarget finds what a check points at, within case c only: a
// target in another case is "not in this case", whether it exists or not.
func resolveTarget(tx *gorm.DB, c *Case, target string, ch *DatabaseCheck) error {
	kind, key, _ := strings.Cut(target, ":")
	notHere := ocu.Errorf(ocu.Invalid, "error.check_target_unknown", target, c.Reference)
	switch kind {
	case "person":
		var id int64
		if err := tx.Raw("SELECT id FROM people WHERE case_id = ? AND pseudonym = ?", c.ID, strings.ToUpper(key)).Scan(&id).Error; err != nil {
			return err
		}
		if id == 0 {
			return notHere
		}
		ch.Subject, ch.PersonID = "person", &id
	case "identifier":
		n, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return notHere
		}
		var row struct {
			PersonID int64
			Kind     string
		}
		if err := tx.Raw("SELECT person_id, kind FROM person_identifiers WHERE id = ? AND case_id = ?", n, c.ID).Scan(&row).Error; err != nil {
			return err
		}
		switch row.Kind {
		case "document":
			ch.Subject = "document"
		case "plate":
			ch.Subject = "vehicle"
		case "":
			return notHere
		default:
			return ocu.Errorf(ocu.Invalid, "error.check_identifier_kind", row.Kind)
		}
		ch.IdentifierID, ch.PersonID = &n, &row.PersonID
	case "seizure":
		n, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return notHere
		}
		var k string
		if err := tx.Raw("SELECT kind FROM seizures WHERE id = ? AND case_id = ?", n, c.ID).Scan(&k).Error; err != nil {
			return err
		}
		switch k {
		case "":
			return notHere
		case "vehicles":
			ch.Subject, ch.SeizureID = "vehicle", &n
		default:
			return ocu.Errorf(ocu.Invalid, "error.check_seizure_kind")
		}
	default:
		return notHere
	}
	return nil
}

// Checks lists the checks of a case, newest first, with what each points at.
func (s *Store) Checks(ctx context.Context, caseID int64) ([]CheckView, error) {
	return s.checksWhere(ctx, "k.case_id = ?", caseID)
}

// PersonChecks lists the checks of one person and of their documents and
// plates, newest first. The caller has loaded the person within scope.
func (s *Store) PersonChecks(ctx context.Context, personID int64) ([]CheckView, error) {
	return s.checksWhere(ctx, "k.person_id = ?", personID)
}

func (s *Store) checksWhere(ctx context.Context, where string, arg int64) ([]CheckView, error) {
	var rows []struct {
		DatabaseCheck
		Pseudonym string
		IdKind    string
		SzKind    string
	}
	err := s.db.Read.WithContext(ctx).Raw(`SELECT k.*, COALESCE(p.pseudonym, '') AS pseudonym,
			COALESCE(i.kind, '') AS id_kind, COALESCE(z.kind, '') AS sz_kind
		FROM database_checks k
		LEFT JOIN people p ON p.id = k.person_id
		LEFT JOIN person_identifiers i ON i.id = k.identifier_id
		LEFT JOIN seizures z ON z.id = k.seizure_id
		WHERE `+where+` ORDER BY k.id DESC`, arg).Scan(&rows).Error
	out := make([]CheckView, 0, len(rows))
	for _, r := range rows {
		v := CheckView{DatabaseCheck: r.DatabaseCheck, Pseudonym: r.Pseudonym}
		switch {
		case r.IdentifierID != nil:
			v.Target, v.Label = fmt.Sprintf("identifier:%d", *r.IdentifierID), r.IdKind
		case r.SeizureID != nil:
			v.Target, v.Label = fmt.Sprintf("seizure:%d", *r.SeizureID), r.SzKind
		default:
			v.Target = "person:" + r.Pseudonym
		}
		out = append(out, v)
	}
	return out, err
}

// CheckTarget is something of a case a check can point at, for the form.
type CheckTarget struct {
	Target    string
	Subject   string // person, document, vehicle
	Pseudonym string // the person, or whose identifier it is
	Detail    string // the identifier's type and country, or the seizure's description
}

// CheckTargets lists what in case c a check can point at: its people, their
// documents and plates (by type and country, never the number, which is
// shown only where identities are), and its seized vehicles.
func (s *Store) CheckTargets(ctx context.Context, caseID int64) ([]CheckTarget, error) {
	q := s.db.Read.WithContext(ctx)
	var out []CheckTarget
	var people []string
	if err := q.Raw("SELECT pseudonym FROM people WHERE case_id = ? ORDER BY seq LIMIT 500", caseID).Scan(&people).Error; err != nil {
		return nil, err
	}
	for _, p := range people {
		out = append(out, CheckTarget{Target: "person:" + p, Subject: "person", Pseudonym: p})
	}
	var ids []struct {
		ID               int64
		Pseudonym, Kind  string
		DocType, Country string
	}
	if err := q.Raw(`SELECT i.id, p.pseudonym, i.kind, i.doc_type, i.country FROM person_identifiers i JOIN people p ON p.id = i.person_id
		WHERE i.case_id = ? AND i.kind IN ('document', 'plate') ORDER BY p.seq, i.id`, caseID).Scan(&ids).Error; err != nil {
		return nil, err
	}
	for _, i := range ids {
		subject := "document"
		if i.Kind == "plate" {
			subject = "vehicle"
		}
		out = append(out, CheckTarget{Target: fmt.Sprintf("identifier:%d", i.ID), Subject: subject, Pseudonym: i.Pseudonym,
			Detail: strings.TrimSpace(i.DocType + " " + i.Country)})
	}
	var vehicles []struct {
		ID          int64
		Description string
	}
	if err := q.Raw("SELECT id, description FROM seizures WHERE case_id = ? AND kind = 'vehicles' ORDER BY id", caseID).Scan(&vehicles).Error; err != nil {
		return nil, err
	}
	for _, v := range vehicles {
		out = append(out, CheckTarget{Target: fmt.Sprintf("seizure:%d", v.ID), Subject: "vehicle", Detail: v.Description})
	}
	return out, nil
}
