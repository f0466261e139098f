package matching

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// Saving a suspect finds the same man in another OCU's case, in another
// script, records one match with its reasons, and tells both OCUs.
func TestReindexRecordsMatchAndAlertsBothOCUs(t *testing.T) {
	w := newWorld(t)
	skopje, skRef := w.addCase("SKP", "MK")
	dakar, dkRef := w.addCase("DKR", "SN")
	a := w.save(skopje, skRef, 1, "Мухаммед Аль-Хасан", "1984-03-02", "SY")
	w.save(skopje, skRef, 2, "Ivan Petrov", "", "")
	b := w.save(dakar, dkRef, 1, "Mohammed Al-Hassan", "1984-03-02", "SY")

	var ms []struct {
		ID               int64
		PersonA, PersonB int64
		Score            int
		Reasons, Status  string
	}
	w.d.Read.Raw("SELECT id, person_a, person_b, score, reasons, status FROM matches").Scan(&ms)
	if len(ms) != 1 {
		t.Fatalf("matches: %+v, want one", ms)
	}
	m := ms[0]
	if m.PersonA != a || m.PersonB != b || m.Status != "open" || m.Score < 80 {
		t.Errorf("match %+v, want %d/%d open scoring at least 80", m, a, b)
	}
	for _, r := range []string{ReasonNameTransliterated, ReasonBirthDateSame, ReasonNationalitySame} {
		if !containsJSON(m.Reasons, r) {
			t.Errorf("reasons %s lack %s", m.Reasons, r)
		}
	}
	var told []int64
	w.d.Read.Raw("SELECT unit_id FROM alerts WHERE kind = 'match_found' ORDER BY unit_id").Scan(&told)
	if len(told) != 2 {
		t.Errorf("alerts to units %v, want Skopje's and Dakar's", told)
	}
	var details []string
	w.d.Read.Raw("SELECT details FROM alerts").Scan(&details)
	for _, d := range details {
		for _, secret := range []string{"Hassan", "Хасан", "1984", "SY"} {
			if containsText(d, secret) {
				t.Errorf("alert details %s hold %q", d, secret)
			}
		}
	}

	// Saving again changes nothing; a new date of birth withdraws the open match.
	ctx := ocu.SystemContext(context.Background())
	if err := w.d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return Reindex(ctx, tx, b) }); err != nil {
		t.Fatal(err)
	}
	var n int64
	w.d.Read.Raw("SELECT COUNT(*) FROM matches").Scan(&n)
	if n != 1 {
		t.Errorf("after a second save: %d matches, want 1", n)
	}
	if err := w.d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE people SET birth_date = '1990-01-01', version = version + 1 WHERE id = ?", b).Error; err != nil {
			return err
		}
		return Reindex(ctx, tx, b)
	}); err != nil {
		t.Fatal(err)
	}
	w.d.Read.Raw("SELECT COUNT(*) FROM matches").Scan(&n)
	if n != 0 {
		t.Errorf("after the date of birth changed: %d matches, want the open one withdrawn", n)
	}
}

// An identifier shared exactly is a match whatever the names; the same
// people within one case are not matched with each other.
func TestReindexIdentifierMatch(t *testing.T) {
	w := newWorld(t)
	c1, r1 := w.addCase("SKP", "MK")
	c2, r2 := w.addCase("DKR", "SN")
	a := w.save(c1, r1, 1, "Goran Nikolovski", "", "")
	b := w.save(c2, r2, 1, "Amadou Diallo", "", "")
	ctx := ocu.SystemContext(context.Background())
	for _, p := range []struct {
		id     int64
		caseID int64
		unit   string
	}{{a, c1, "SKP"}, {b, c2, "DKR"}} {
		if err := w.d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(`INSERT INTO person_identifiers (person_id, case_id, unit_id, kind, doc_type, country, value, normalized, added_by, created_at)
				VALUES (?, ?, ?, 'document', 'passport', 'SY', 'n 0123 456', 'N0123456', 'test', ?)`, p.id, p.caseID, w.units[p.unit], time.Now()).Error; err != nil {
				return err
			}
			return Reindex(ctx, tx, p.id)
		}); err != nil {
			t.Fatal(err)
		}
	}
	var reasons []string
	w.d.Read.Raw("SELECT reasons FROM matches").Scan(&reasons)
	if len(reasons) != 1 || !containsJSON(reasons[0], ReasonIdentifierDocument) {
		t.Errorf("matches' reasons %v, want one match on a document", reasons)
	}
}

// IndexStale indexes people a loader wrote without matching, once.
func TestIndexStaleCatchesUp(t *testing.T) {
	w := newWorld(t)
	c1, r1 := w.addCase("SKP", "MK")
	c2, r2 := w.addCase("DKR", "SN")
	if err := w.d.Write.Transaction(func(tx *gorm.DB) error {
		w.addSuspect(tx, c1, r1, 1, "Muhammad al Hasan", "", "")
		w.addSuspect(tx, c2, r2, 1, "محمد الحسن", "", "")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var n int64
	if w.d.Read.Raw("SELECT COUNT(*) FROM matches").Scan(&n); n != 0 {
		t.Fatalf("%d matches before indexing", n)
	}
	if err := IndexStale(context.Background(), w.d); err != nil {
		t.Fatal(err)
	}
	if w.d.Read.Raw("SELECT COUNT(*) FROM matches").Scan(&n); n != 1 {
		t.Errorf("%d matches after IndexStale, want 1", n)
	}
	var keys int64
	w.d.Read.Raw("SELECT COUNT(*) FROM match_name_keys").Scan(&keys)
	if err := IndexStale(context.Background(), w.d); err != nil {
		t.Fatal(err)
	}
	var audits int64
	w.d.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'match.found'").Scan(&audits)
	if audits != 1 {
		t.Errorf("%d match.found audit entries after a second IndexStale, want 1 (nothing redone)", audits)
	}
}

func containsJSON(list, code string) bool { return containsText(list, `"`+code+`"`) }

func containsText(s, sub string) bool { return strings.Contains(s, sub) }
