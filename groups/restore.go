package groups

import (
	"fmt"
	"iter"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// RestoreGroup is one exported group.
type RestoreGroup struct {
	Line                 int
	Input                Input
	CreatedBy            string
	Version              int
	CreatedAt, UpdatedAt time.Time
}

// RestoreMember is one exported case (Pseudonym empty) or suspect of a
// group, named by the group's name.
type RestoreMember struct {
	Line                 int
	Group                string
	Reference, Pseudonym string
	AddedBy              string
	AddedAt              time.Time
}

// RestoreTx restores groups and their cases and suspects inside tx, the
// import's transaction, for principal p. A group already recorded under
// the same name (another OCU's import brought it, with its own cases) is
// the same group: its cases are added to it, its name and summary kept.
// Members must belong to cases this import restored (restored says which).
func RestoreTx(tx *gorm.DB, p ocu.Principal, groups iter.Seq2[RestoreGroup, error], members iter.Seq2[RestoreMember, error],
	restored func(caseID int64) bool) error {
	if err := mayKeep(p); err != nil {
		return err
	}
	ids := map[string]int64{}
	for rg, err := range orNone(groups) {
		if err != nil {
			return err
		}
		in := rg.Input
		if err := in.validate(); err != nil {
			return fileFields("groups.csv", rg.Line, err)
		}
		key := strings.ToLower(in.Name)
		if _, dup := ids[key]; dup {
			return restoreError("groups.csv", rg.Line, "name", "error.import_exists", in.Name)
		}
		var id int64
		if err := tx.Raw("SELECT id FROM criminal_groups WHERE name = ? COLLATE NOCASE", in.Name).Scan(&id).Error; err != nil {
			return err
		}
		if id == 0 {
			g := Group{Name: in.Name, Summary: in.Summary, CreatedBy: rg.CreatedBy, Version: max(rg.Version, 1),
				CreatedAt: rg.CreatedAt, UpdatedAt: rg.UpdatedAt}
			if err := tx.Create(&g).Error; err != nil {
				return fmt.Errorf("restore group: %w", err)
			}
			id = g.ID
		}
		ids[key] = id
	}
	for rm, err := range orNone(members) {
		if err != nil {
			return err
		}
		gid, ok := ids[strings.ToLower(rm.Group)]
		if !ok {
			return restoreError("group_members.csv", rm.Line, "group", "error.import_group_unknown", rm.Group)
		}
		var caseID int64
		if err := tx.Raw("SELECT id FROM cases WHERE reference = ?", rm.Reference).Scan(&caseID).Error; err != nil {
			return err
		}
		if caseID == 0 || !restored(caseID) {
			return restoreError("group_members.csv", rm.Line, "case", "error.import_link_case", rm.Reference)
		}
		if rm.Pseudonym == "" {
			if err := tx.Exec(`INSERT INTO group_cases (group_id, case_id, added_by, added_at) VALUES (?, ?, ?, ?)`,
				gid, caseID, rm.AddedBy, rm.AddedAt).Error; err != nil {
				return restoreError("group_members.csv", rm.Line, "case", "error.import_exists", rm.Group+" "+rm.Reference)
			}
			continue
		}
		var person struct {
			ID      int64
			Outcome string
		}
		if err := tx.Raw("SELECT id, outcome FROM people WHERE case_id = ? AND pseudonym = ?", caseID, rm.Pseudonym).Scan(&person).Error; err != nil {
			return err
		}
		switch {
		case person.ID == 0:
			return restoreError("group_members.csv", rm.Line, "pseudonym", "error.import_not_a_person", rm.Pseudonym, rm.Reference)
		case person.Outcome != "suspect":
			return restoreError("group_members.csv", rm.Line, "pseudonym", "error.import_member_not_suspect", rm.Pseudonym)
		}
		if err := tx.Exec(`INSERT INTO group_people (group_id, person_id, added_by, added_at) VALUES (?, ?, ?, ?)`,
			gid, person.ID, rm.AddedBy, rm.AddedAt).Error; err != nil {
			return restoreError("group_members.csv", rm.Line, "pseudonym", "error.import_exists", rm.Group+" "+rm.Pseudonym)
		}
	}
	return nil
}

func orNone[T any](seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	if seq == nil {
		return func(func(T, error) bool) {}
	}
	return seq
}

// restoreError names the file line and field at fault, as the importer's
// other refusals do.
func restoreError(file string, line int, field, key string, args ...any) error {
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"),
		Fields: map[string]ocu.Message{fmt.Sprintf("%s:%d:%s", file, line, field): ocu.Msg(key, args...)}}
}

// fileFields puts a validation error's fields under the file line.
func fileFields(file string, line int, err error) error {
	e, ok := err.(*ocu.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"), Fields: map[string]ocu.Message{}}
	for f, m := range e.Fields {
		out.Fields[fmt.Sprintf("%s:%d:%s", file, line, f)] = m
	}
	return out
}
