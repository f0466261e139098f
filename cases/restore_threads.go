package cases

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// Restoring the threads between records that hang off a case (its
// database checks and partner countries) and those between cases (links)
// or on the operation (its notices). Each passes the rules a user's input
// passes; times and authors are kept as exported.

// RestoreCheck is one exported database check. Target names what was
// checked by position, as the export writes it: "person:PSEUDONYM",
// "identifier:PSEUDONYM/N" (the person's Nth identifier) or "seizure:N"
// (the case's Nth seizure).
type RestoreCheck struct {
	Line                 int
	Input                CheckInput
	CheckedAt, CreatedAt time.Time
}

// RestorePartner is one exported partner country of a case.
type RestorePartner struct {
	Line    int
	Country string
	AddedBy string
	AddedAt time.Time
}

// RestoreLink is one exported link, from the case Reference to Other.
type RestoreLink struct {
	Line             int
	Reference, Other string
	Kind, Reason     string
	LinkedBy         string
	CreatedAt        time.Time
}

// RestoreOperationNotice is one exported notice on the operation.
type RestoreOperationNotice struct {
	Line      int
	Input     NoticeInput
	AddedBy   string
	CreatedAt time.Time
}

// restoreChecks restores case c's checks, after its people, identifiers
// and seizures.
func restoreChecks(tx *gorm.DB, c *Case, checks iter.Seq2[RestoreCheck, error]) error {
	for rk, err := range orNone(checks) {
		if err != nil {
			return err
		}
		in := rk.Input
		target, err := targetByPosition(tx, c, in.Target)
		if err != nil {
			return err
		}
		if target == "" {
			return restoreError("checks.csv", rk.Line, "target", "error.check_target_unknown", in.Target, c.Reference)
		}
		in.Target = target
		ch, err := validateCheck(tx, c, &in)
		if err != nil {
			return fieldError("checks.csv", rk.Line, err)
		}
		ch.CaseID, ch.OperationID, ch.UnitID, ch.CheckedAt, ch.CreatedAt = c.ID, c.OperationID, c.UnitID, rk.CheckedAt, rk.CreatedAt
		if err := tx.Create(&ch).Error; err != nil {
			return fmt.Errorf("restore check: %w", err)
		}
	}
	return nil
}

// targetByPosition turns an exported target into the one validateCheck
// reads (by id), or "" when the case has nothing there.
func targetByPosition(tx *gorm.DB, c *Case, target string) (string, error) {
	kind, key, _ := strings.Cut(target, ":")
	nth := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 1
	}
	var id int64
	switch kind {
	case "person":
		return target, nil
	case "identifier":
		pseudonym, pos, _ := strings.Cut(key, "/")
		n, ok := nth(pos)
		if !ok {
			return "", nil
		}
		if err := tx.Raw(`SELECT i.id FROM person_identifiers i JOIN people p ON p.id = i.person_id
			WHERE p.case_id = ? AND p.pseudonym = ? ORDER BY i.id LIMIT 1 OFFSET ?`, c.ID, pseudonym, n-1).Scan(&id).Error; err != nil {
			return "", err
		}
	case "seizure":
		n, ok := nth(key)
		if !ok {
			return "", nil
		}
		if err := tx.Raw(`SELECT id FROM seizures WHERE case_id = ? ORDER BY id LIMIT 1 OFFSET ?`, c.ID, n-1).Scan(&id).Error; err != nil {
			return "", err
		}
	default:
		return "", nil
	}
	if id == 0 {
		return "", nil
	}
	return kind + ":" + strconv.FormatInt(id, 10), nil
}

// restorePartners restores case c's partner countries: each a country
// taking part in the operation, not the raising country, listed once.
func restorePartners(tx *gorm.DB, snap *units.Snapshot, c *Case, partners iter.Seq2[RestorePartner, error]) error {
	for rp, err := range orNone(partners) {
		if err != nil {
			return err
		}
		country := upper(rp.Country)
		switch {
		case snap.CountryName(country) == "":
			return restoreError("partners.csv", rp.Line, "country", "error.country_unknown", country)
		case country == c.RaisingCountry:
			return restoreError("partners.csv", rp.Line, "country", "error.partner_raising", country)
		}
		if _, ok := snap.Attachment(c.OperationID, country); !ok {
			return restoreError("partners.csv", rp.Line, "country", "error.country_not_participating", snap.CountryName(country),
				snap.OperationByID(c.OperationID).Code)
		}
		if err := tx.Exec(`INSERT INTO case_partners (case_id, country_iso2, added_by, added_at) VALUES (?, ?, ?, ?)`,
			c.ID, country, rp.AddedBy, rp.AddedAt).Error; err != nil {
			return restoreError("partners.csv", rp.Line, "country", "error.import_exists", c.Reference+" "+country)
		}
	}
	return nil
}

// Links restores links between cases, once every case of the file is:
// both cases must be among those just restored (a link never reaches a
// case the importer did not bring), of a known kind, with a reason.
func (r *Restorer) Links(links iter.Seq2[RestoreLink, error]) error {
	byRef := func(ref string) (*Case, error) {
		var c Case
		err := r.tx.Where("reference = ?", ref).Take(&c).Error
		if err == gorm.ErrRecordNotFound || (err == nil && !r.restored[c.ID]) {
			return nil, nil
		}
		return &c, err
	}
	for rl, err := range orNone(links) {
		if err != nil {
			return err
		}
		a, err := byRef(rl.Reference)
		if err != nil {
			return err
		}
		b, err := byRef(rl.Other)
		if err != nil {
			return err
		}
		switch {
		case a == nil:
			return restoreError("links.csv", rl.Line, "case", "error.import_link_case", rl.Reference)
		case b == nil:
			return restoreError("links.csv", rl.Line, "other", "error.import_link_case", rl.Other)
		case a.ID == b.ID:
			return restoreError("links.csv", rl.Line, "other", "error.link_self")
		case !slices.Contains(LinkKinds, rl.Kind):
			return restoreError("links.csv", rl.Line, "kind", "error.link_kind")
		case strings.TrimSpace(rl.Reason) == "":
			return restoreError("links.csv", rl.Line, "reason", "error.link_reason_missing")
		case utf8.RuneCountInString(rl.Reason) > maxLinkReason:
			return restoreError("links.csv", rl.Line, "reason", "error.link_reason_long", maxLinkReason)
		}
		row := linkRow{CaseA: min(a.ID, b.ID), CaseB: max(a.ID, b.ID), FromID: a.ID, Kind: rl.Kind, Reason: rl.Reason,
			LinkedBy: rl.LinkedBy, CreatedAt: rl.CreatedAt}
		if err := r.tx.Create(&row).Error; err != nil {
			return restoreError("links.csv", rl.Line, "other", "error.link_exists", a.Reference, b.Reference)
		}
	}
	return nil
}

// Restored reports whether this import restored the case of id.
func (r *Restorer) Restored(id int64) bool { return r.restored[id] }

// Principal is who restores.
func (r *Restorer) Principal() ocu.Principal { return r.p }

// OperationNotices restores the notices on the operation operationID.
// One already recorded there (the same colour and control number, as
// another OCU's import brought it) is the same notice: kept, not doubled.
func (r *Restorer) OperationNotices(operationID int64, notices iter.Seq2[RestoreOperationNotice, error]) error {
	if !r.p.MayIssueOperationAlerts() {
		return restoreError("operation_notices.csv", 0, "file", "error.operation_notice_forbidden")
	}
	for rn, err := range orNone(notices) {
		if err != nil {
			return err
		}
		in := rn.Input
		n, err := validateNotice(r.snap, &in, true)
		if err != nil {
			return fieldError("operation_notices.csv", rn.Line, err)
		}
		var have int64
		if err := r.tx.Model(&Notice{}).Where("operation_id = ? AND person_id IS NULL AND colour = ? AND control_number = ?",
			operationID, n.Colour, n.ControlNumber).Count(&have).Error; err != nil {
			return err
		}
		if have > 0 {
			continue
		}
		n.OperationID, n.AddedBy, n.CreatedAt = operationID, rn.AddedBy, rn.CreatedAt
		if err := r.tx.Create(&n).Error; err != nil {
			return err
		}
	}
	return nil
}
