package exports

import (
	"iter"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/groups"
)

// Reading the threads' files back. Database checks and partner countries
// hang off cases and are read with them (the join); links, groups and the
// operation's notices are read after every case, whole files in order,
// since a link or a group joins cases anywhere in the file. Each file is
// optional: an export made before it existed imports without it.

// checksOf reads checks.csv's rows of one case: case, target, subject,
// database, result, hit_reference, checked_by, checked_at, created_at.
// The subject is informative: the restore derives it from the target.
func (j *join) checksOf(reference string) iter.Seq2[cases.RestoreCheck, error] {
	return caseRows(j.checks, reference, func(t *tableReader) cases.RestoreCheck {
		j.p.counts["checks"]++
		return cases.RestoreCheck{Line: t.line, CheckedAt: j.p.time(t, 7), CreatedAt: j.p.time(t, 8),
			Input: cases.CheckInput{Target: t.field(1), Database: t.field(3), Result: t.field(4), HitReference: t.field(5), CheckedBy: t.field(6)}}
	})
}

// partnersOf reads partners.csv's rows of one case: case, country,
// added_by, added_at.
func (j *join) partnersOf(reference string) iter.Seq2[cases.RestorePartner, error] {
	return caseRows(j.partners, reference, func(t *tableReader) cases.RestorePartner {
		j.p.counts["partners"]++
		return cases.RestorePartner{Line: t.line, Country: t.field(1), AddedBy: t.field(2), AddedAt: j.p.time(t, 3)}
	})
}

// caseRows yields the rows of g that belong to the case reference, each
// made by row.
func caseRows[T any](g *group, reference string, row func(*tableReader) T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for {
			ref, ok, err := g.peek()
			if err != nil {
				yield(zero, err)
				return
			}
			if !ok || ref != reference {
				return
			}
			v := row(g.t)
			g.take()
			if !yield(v, nil) {
				return
			}
		}
	}
}

// threadRows are the files read after every case.
type threadRows struct {
	links   iter.Seq2[cases.RestoreLink, error]
	notices iter.Seq2[cases.RestoreOperationNotice, error]
	groups  iter.Seq2[groups.RestoreGroup, error]
	members iter.Seq2[groups.RestoreMember, error]
}

func (p *importPass) threadRows(readers map[string]*tableReader) threadRows {
	return threadRows{
		links: fileRows(readers["links.csv"], func(t *tableReader) cases.RestoreLink {
			p.counts["links"]++
			return cases.RestoreLink{Line: t.line, Reference: t.field(0), Other: t.field(1), Kind: t.field(2), Reason: t.field(3),
				LinkedBy: t.field(4), CreatedAt: p.time(t, 5)}
		}),
		notices: fileRows(readers["operation_notices.csv"], func(t *tableReader) cases.RestoreOperationNotice {
			p.counts["operation_notices"]++
			return cases.RestoreOperationNotice{Line: t.line, AddedBy: t.field(5), CreatedAt: p.time(t, 6),
				Input: cases.NoticeInput{Colour: t.field(0), ControlNumber: t.field(1), IssuingCountry: t.field(2), Purpose: t.field(3),
					DocumentNumber: t.field(4)}}
		}),
		groups: fileRows(readers["groups.csv"], func(t *tableReader) groups.RestoreGroup {
			p.counts["groups"]++
			return groups.RestoreGroup{Line: t.line, Input: groups.Input{Name: t.field(0), Summary: t.field(1)}, CreatedBy: t.field(2),
				Version: p.int(t, 3), CreatedAt: p.time(t, 4), UpdatedAt: p.time(t, 5)}
		}),
		members: fileRows(readers["group_members.csv"], func(t *tableReader) groups.RestoreMember {
			p.counts["group_members"]++
			return groups.RestoreMember{Line: t.line, Group: t.field(0), Reference: t.field(1), Pseudonym: t.field(2),
				AddedBy: t.field(3), AddedAt: p.time(t, 4)}
		}),
	}
}

// fileRows yields every row of t (none when the zip lacks the file).
func fileRows[T any](t *tableReader, row func(*tableReader) T) iter.Seq2[T, error] {
	if t == nil {
		return nil
	}
	return func(yield func(T, error) bool) {
		var zero T
		for {
			ok, err := t.next()
			if err != nil {
				yield(zero, err)
				return
			}
			if !ok {
				return
			}
			if !yield(row(t), nil) {
				return
			}
		}
	}
}
