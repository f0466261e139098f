// Package matching finds the same person across cases, past operations
// included: exact identifier matches (person_identifiers.normalized, by
// kind) and suspects' names compared across spellings and scripts, with
// date of birth and nationality as evidence. Each candidate gets a score
// and reason codes; those at or above Threshold are recorded as possible
// matches (table matches) that a supervisor of either OCU confirms or
// dismisses, and both OCUs are told through alerts.
//
// It runs from an index, never a scan: the blocking keys of every named
// suspect's name live in table match_name_keys, written in the same
// transaction as the person (Reindex), so the index is exactly as current
// as the data, in every process, with nothing to warm up or keep in
// memory. Identifiers are looked up through person_identifiers' own index
// on (kind, normalized). Loaders that write people in bulk without calling
// Reindex (the demo, an import) are caught up by IndexStale, which compares
// match_indexed's versions with the people's.
package matching

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
)

// maxCandidates bounds the people scored for one save: the ones sharing the
// most keys first. A name so common that more share its keys is no
// evidence on its own anyway.
const maxCandidates = 300

// personRow is what matching reads of a person.
type personRow struct {
	ID          int64
	CaseID      int64
	OperationID int64
	UnitID      int64
	Outcome     string
	Name        string
	BirthDate   string
	Nationality string
	Version     int
}

const personColumns = "p.id, p.case_id, p.operation_id, p.unit_id, p.outcome, p.name, p.birth_date, p.nationality, p.version"

func (r personRow) named() bool { return r.Outcome == "suspect" && strings.TrimSpace(r.Name) != "" }

func (r personRow) profile() profile {
	pr := profile{birthDate: r.BirthDate, nationality: r.Nationality}
	if r.named() {
		pr.name = parseName(r.Name)
	}
	return pr
}

// Reindex brings person personID's index entries up to date and records
// the possible matches they lead to, inside tx (the transaction that saved
// the person or one of their identifiers): new matches are recorded,
// alerted to both OCUs and audited; open matches whose evidence is gone are
// withdrawn; decided ones stay as decided. Call it after every change to a
// person's outcome, name, date of birth or nationality, and after every
// identifier added to or removed from them.
func Reindex(ctx context.Context, tx *gorm.DB, personID int64) error {
	var me personRow
	if err := tx.Raw("SELECT "+personColumns+" FROM people p WHERE p.id = ?", personID).Scan(&me).Error; err != nil {
		return fmt.Errorf("matching: read person: %w", err)
	}
	if me.ID == 0 {
		return nil // deleted: its keys and matches went with it
	}
	prof := me.profile()
	if err := writeKeys(tx, me, prof.name); err != nil {
		return err
	}
	cands, shared, err := candidates(tx, me, prof.name)
	if err != nil {
		return err
	}
	prof.identifiers = map[string]bool{}
	found := map[int64]result{}
	for _, c := range cands {
		if c.CaseID == me.CaseID {
			continue // people of one case are known to its officers already
		}
		cp := c.profile()
		cp.identifiers = shared[c.ID]
		for k := range cp.identifiers {
			prof.identifiers[k] = true
		}
		r := score(prof, cp)
		if r.score >= Threshold {
			found[c.ID] = r
		}
		for k := range cp.identifiers {
			delete(prof.identifiers, k)
		}
	}
	return record(ctx, tx, me, cands, found)
}

// writeKeys replaces the person's name keys and notes the version indexed.
func writeKeys(tx *gorm.DB, me personRow, n name) error {
	if err := tx.Exec("DELETE FROM match_name_keys WHERE person_id = ?", me.ID).Error; err != nil {
		return fmt.Errorf("matching: clear keys: %w", err)
	}
	if me.named() {
		for _, k := range blockingKeys(n) {
			if err := tx.Exec("INSERT OR IGNORE INTO match_name_keys (key, person_id) VALUES (?, ?)", k, me.ID).Error; err != nil {
				return fmt.Errorf("matching: write key: %w", err)
			}
		}
	}
	return tx.Exec(`INSERT INTO match_indexed (person_id, version) VALUES (?, ?)
		ON CONFLICT (person_id) DO UPDATE SET version = excluded.version`, me.ID, me.Version).Error
}

// candidates are the people sharing a name key or an identifier with me,
// and for each the identifier keys ("document:P123") they share.
func candidates(tx *gorm.DB, me personRow, n name) ([]personRow, map[int64]map[string]bool, error) {
	ids := map[int64]bool{}
	shared := map[int64]map[string]bool{}
	var idHits []struct {
		PersonID   int64
		Kind       string
		Normalized string
	}
	// The other side's country must agree when both give one: a plate
	// number in two countries is two plates.
	if err := tx.Raw(`SELECT DISTINCT o.person_id, o.kind, o.normalized
		FROM person_identifiers m
		JOIN person_identifiers o ON o.kind = m.kind AND o.normalized = m.normalized AND o.person_id <> m.person_id
			AND (m.country = '' OR o.country = '' OR m.country = o.country)
		WHERE m.person_id = ?`, me.ID).Scan(&idHits).Error; err != nil {
		return nil, nil, fmt.Errorf("matching: identifiers: %w", err)
	}
	for _, h := range idHits {
		ids[h.PersonID] = true
		if shared[h.PersonID] == nil {
			shared[h.PersonID] = map[string]bool{}
		}
		shared[h.PersonID][h.Kind+":"+h.Normalized] = true
	}
	if me.named() {
		keys := blockingKeys(n)
		args := make([]any, 0, len(keys)+2)
		for _, k := range keys {
			args = append(args, k)
		}
		args = append(args, me.ID, maxCandidates)
		var hits []int64
		if err := tx.Raw(`SELECT person_id FROM match_name_keys WHERE key IN (?`+strings.Repeat(", ?", len(keys)-1)+`)
			AND person_id <> ? GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT ?`, args...).Scan(&hits).Error; err != nil {
			return nil, nil, fmt.Errorf("matching: name keys: %w", err)
		}
		for _, id := range hits {
			ids[id] = true
		}
	}
	if len(ids) == 0 {
		return nil, shared, nil
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	var rows []personRow
	if err := tx.Raw("SELECT "+personColumns+" FROM people p WHERE p.id IN (SELECT value FROM json_each(?))", idList(list)).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("matching: candidates: %w", err)
	}
	return rows, shared, nil
}

// existing is a match already recorded for the person.
type existing struct {
	ID      int64
	Other   int64
	Status  string
	Score   int
	Reasons string
}

// record writes what Reindex found: new matches, changed scores, and the
// withdrawal of open matches no longer supported.
func record(ctx context.Context, tx *gorm.DB, me personRow, cands []personRow, found map[int64]result) error {
	var have []existing
	if err := tx.Raw(`SELECT id, CASE WHEN person_a = ? THEN person_b ELSE person_a END AS other, status, score, reasons
		FROM matches WHERE person_a = ? OR person_b = ?`, me.ID, me.ID, me.ID).Scan(&have).Error; err != nil {
		return fmt.Errorf("matching: existing matches: %w", err)
	}
	byOther := map[int64]existing{}
	for _, e := range have {
		byOther[e.Other] = e
	}
	now := time.Now().UTC()
	for _, e := range have {
		if _, still := found[e.Other]; still || e.Status != "open" {
			continue
		}
		if err := tx.Exec("DELETE FROM matches WHERE id = ?", e.ID).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "match.withdraw", Subject: "match:" + strconv.FormatInt(e.ID, 10)}); err != nil {
			return err
		}
	}
	other := map[int64]personRow{}
	for _, c := range cands {
		other[c.ID] = c
	}
	for id, r := range found {
		reasons, _ := json.Marshal(r.reasons)
		if e, ok := byOther[id]; ok {
			if e.Status == "open" && (e.Score != r.score || e.Reasons != string(reasons)) {
				if err := tx.Exec("UPDATE matches SET score = ?, reasons = ?, updated_at = ? WHERE id = ?", r.score, string(reasons), now, e.ID).Error; err != nil {
					return err
				}
			}
			continue
		}
		a, b := me.ID, id
		if a > b {
			a, b = b, a
		}
		var mid int64
		if err := tx.Raw(`INSERT INTO matches (person_a, person_b, score, reasons, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, a, b, r.score, string(reasons), now, now).Scan(&mid).Error; err != nil {
			return fmt.Errorf("matching: record match: %w", err)
		}
		subject := "match:" + strconv.FormatInt(mid, 10)
		details := map[string]any{"score": r.score, "evidence": Evidence(r.reasons)}
		if err := tellBoth(tx, alerts.MatchFound, subject, details, me, other[id]); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "match.found", Subject: subject,
			Details: audit.Details{"score": r.score, "evidence": strings.Join(Evidence(r.reasons), ",")}}); err != nil {
			return err
		}
	}
	return nil
}

// tellBoth raises an alert to the OCU of each side (once when they are the
// same OCU).
func tellBoth(tx *gorm.DB, kind, subject string, details map[string]any, a, b personRow) error {
	for i, side := range []personRow{a, b} {
		if i == 1 && b.UnitID == a.UnitID {
			break
		}
		op := side.OperationID
		if err := alerts.Raise(tx, alerts.Alert{OperationID: &op, UnitID: alerts.ToUnit(side.UnitID), Kind: kind,
			Subject: subject, Details: details}); err != nil {
			return fmt.Errorf("matching: alert: %w", err)
		}
	}
	return nil
}

// IndexStale indexes every person whose saved version the index does not
// hold yet: people written by the demo loader or an import, and every
// person of a database upgraded to this version. It touches nothing once
// done, so it runs at every start.
func IndexStale(ctx context.Context, d *db.DB) error {
	var ids []int64
	if err := d.Read.WithContext(ctx).Raw(`SELECT p.id FROM people p LEFT JOIN match_indexed m ON m.person_id = p.id
		WHERE (m.version IS NULL OR m.version <> p.version)
		  AND ((p.outcome = 'suspect' AND p.name <> '') OR m.person_id IS NOT NULL
		       OR EXISTS (SELECT 1 FROM person_identifiers i WHERE i.person_id = p.id))
		ORDER BY p.id`).Scan(&ids).Error; err != nil {
		return fmt.Errorf("matching: stale people: %w", err)
	}
	ctx = ocu.SystemContext(ctx)
	for len(ids) > 0 {
		n := min(len(ids), 500)
		batch := ids[:n]
		ids = ids[n:]
		if err := d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			for _, id := range batch {
				if err := Reindex(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// idList renders ids as a JSON array, for json_each: one bound value
// whatever the number of ids.
func idList(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}
