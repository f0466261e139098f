package exports

import (
	"errors"
	"iter"
	"strings"

	"github.com/ocu-project/ocu/cases"
)

// The export writes every file that hangs off cases in the cases' order
// (queries.go: by OCU and sequence, then each case's own order), so the
// import reads them as a merge join: cases.csv drives, and each other
// file's rows are taken while they name the case at hand. An import
// requires that order, and says where a file leaves it.

// join reads cases.csv and the files that hang off it in step.
type join struct {
	p                                   *importPass
	cases                               *tableReader
	history, people, suspects, seizures *group
	identifiers, notices                *group // t nil when the zip lacks the file
	checks, partners                    *group // likewise
}

// groups are the files read alongside cases.csv.
func (j *join) groups() []*group {
	return []*group{j.history, j.people, j.suspects, j.seizures, j.identifiers, j.notices, j.checks, j.partners}
}

// group is one file read alongside cases.csv: its rows come case by case.
type group struct {
	file    string
	t       *tableReader
	caseCol int
	pending bool // t holds a row not yet taken
	// later: the pending row's case was found further down cases.csv, so
	// its turn will come.
	later bool
	ahead *lookahead
}

// peek returns the case of the group's next row, false at its end.
func (g *group) peek() (string, bool, error) {
	if g.t == nil { // an optional file the zip lacks
		return "", false, nil
	}
	if !g.pending && !g.t.done {
		ok, err := g.t.next()
		if err != nil {
			return "", false, err
		}
		g.pending, g.later = ok, false
	}
	if !g.pending {
		return "", false, nil
	}
	return g.t.field(g.caseCol), true, nil
}

func (g *group) take() { g.pending = false }

// lookahead is a second reader of cases.csv, run ahead of the first to
// tell a group's next case, further down cases.csv, from a case that is
// not there or already passed. It only moves forward, so a pass reads
// cases.csv at most once more per group (seven more times at most).
type lookahead struct {
	t    *tableReader
	line int    // the line of the row it is on, 0 before the first
	ref  string // that row's reference
}

// find reports whether reference is on a line of cases.csv after line.
func (a *lookahead) find(reference string, line int) (bool, error) {
	for {
		if a.line > line && a.ref == reference {
			return true, nil
		}
		ok, err := a.t.next()
		if err != nil || !ok {
			return false, err
		}
		a.line, a.ref = a.t.line, a.t.field(0)
	}
}

// run hands the sink each case of cases.csv with its rows.
func (j *join) run(s sink) error {
	for {
		ok, err := j.cases.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		rc := j.kase()
		j.p.counts["cases"]++
		if err := s.kase(rc); err != nil {
			return err
		}
		if err := j.endCase(rc.Reference, rc.Line); err != nil {
			return err
		}
	}
	// Rows left in any file name no case of cases.csv, or came out of order.
	for _, g := range j.groups() {
		ref, ok, err := g.peek()
		if err != nil {
			return err
		}
		if ok {
			return fileError(g.file, g.t.line, importColumns[g.file][g.caseCol], "error.import_stray_rows", ref)
		}
	}
	return nil
}

// endCase checks, after a case's rows were read, where each file goes
// next: a file whose next row names another case must meet that case
// further down cases.csv; a suspect left over is none of the case's people.
func (j *join) endCase(reference string, line int) error {
	for _, g := range j.groups() {
		ref, ok, err := g.peek()
		if err != nil {
			return err
		}
		switch {
		case !ok:
		case ref == reference && g == j.suspects:
			return fileError(g.file, g.t.line, "pseudonym", "error.import_suspect_order", g.t.field(0), reference)
		case ref == reference:
			// The sink did not read every row: a bug, not the file's.
			return errors.New("import: " + g.file + " rows of " + reference + " were left unread")
		case g.later:
		case g == j.history:
			// Every case has a history, so the next is the next case's:
			// checked when that case's history is read.
		default:
			if g.ahead == nil {
				t, err := j.p.openFile("cases.csv")
				if err != nil {
					return err
				}
				g.ahead = &lookahead{t: t}
			}
			found, err := g.ahead.find(ref, line)
			if err != nil {
				return err
			}
			if !found {
				return fileError(g.file, g.t.line, importColumns[g.file][g.caseCol], "error.import_group_order", ref, reference, line)
			}
			g.later = true
		}
	}
	return nil
}

// kase is the current row of cases.csv, its rows to be read from the
// other files as the sink ranges over them.
func (j *join) kase() cases.RestoreCase {
	t, p := j.cases, j.p
	f := func(col string) string { return t.field(colIndex(TableCases, col)) }
	rc := cases.RestoreCase{Line: t.line, Reference: f("reference"), Status: cases.Status(f("status")),
		Notable: f("notable") == "1", Version: p.int(t, colIndex(TableCases, "version")),
		CreatedAt: p.time(t, colIndex(TableCases, "created_at")), UpdatedAt: p.time(t, colIndex(TableCases, "updated_at")),
		Input: cases.Input{Operation: f("operation"), Unit: f("unit"), RaisingCountry: f("raising_country"), Title: f("title"),
			Summary: f("summary"), Place: f("place"), Country: f("country"), RaidAt: f("raid_at"), Forms: list(f("forms")),
			RaisedBy: f("raised_by"), Linked: map[string][]string{}}}
	for _, role := range cases.LinkRoles {
		if l := list(f(role)); len(l) > 0 {
			rc.Input.Linked[role] = l
		}
	}
	rc.History = j.historyOf(rc.Reference, rc.Line)
	rc.People = j.peopleOf(rc.Reference)
	rc.Seizures = j.seizuresOf(rc.Reference)
	rc.Identifiers = j.identifiersOf(rc.Reference)
	rc.Notices = j.noticesOf(rc.Reference)
	rc.Checks = j.checksOf(rc.Reference)
	rc.Partners = j.partnersOf(rc.Reference)
	return rc
}

// identifiersOf reads identifiers.csv's rows of one case: pseudonym, case,
// kind, doc_type, country, value, added_by, created_at.
func (j *join) identifiersOf(reference string) iter.Seq2[cases.RestoreIdentifier, error] {
	g, p := j.identifiers, j.p
	return func(yield func(cases.RestoreIdentifier, error) bool) {
		for {
			ref, ok, err := g.peek()
			if err != nil {
				yield(cases.RestoreIdentifier{}, err)
				return
			}
			if !ok || ref != reference {
				return
			}
			t := g.t
			ri := cases.RestoreIdentifier{Line: t.line, Pseudonym: t.field(0), AddedBy: t.field(6), CreatedAt: p.time(t, 7),
				Input: cases.IdentifierInput{Kind: t.field(2), DocType: t.field(3), Country: t.field(4), Value: t.field(5)}}
			g.take()
			p.counts["identifiers"]++
			if !yield(ri, nil) {
				return
			}
		}
	}
}

// noticesOf reads notices.csv's rows of one case: pseudonym, case, colour,
// control_number, issuing_country, purpose, added_by, created_at.
func (j *join) noticesOf(reference string) iter.Seq2[cases.RestoreNotice, error] {
	g, p := j.notices, j.p
	return func(yield func(cases.RestoreNotice, error) bool) {
		for {
			ref, ok, err := g.peek()
			if err != nil {
				yield(cases.RestoreNotice{}, err)
				return
			}
			if !ok || ref != reference {
				return
			}
			t := g.t
			rn := cases.RestoreNotice{Line: t.line, Pseudonym: t.field(0), AddedBy: t.field(6), CreatedAt: p.time(t, 7),
				Input: cases.NoticeInput{Colour: t.field(2), ControlNumber: t.field(3), IssuingCountry: t.field(4), Purpose: t.field(5)}}
			g.take()
			p.counts["notices"]++
			if !yield(rn, nil) {
				return
			}
		}
	}
}

// historyOf reads history.csv's rows of one case: case, seq, from, to, by,
// note, at. Every case has a history, so its rows must be next.
func (j *join) historyOf(reference string, line int) iter.Seq2[cases.RestoreEntry, error] {
	g, p := j.history, j.p
	return func(yield func(cases.RestoreEntry, error) bool) {
		for n := 1; ; n++ {
			ref, ok, err := g.peek()
			if err != nil {
				yield(cases.RestoreEntry{}, err)
				return
			}
			if !ok {
				return
			}
			if ref != reference {
				if n == 1 {
					yield(cases.RestoreEntry{}, fileError(g.file, g.t.line, "case", "error.import_history_order", reference, line, ref))
				}
				return
			}
			t := g.t
			if p.int(t, 1) != n {
				p.formErr(t, 1, "error.import_history_seq", n)
			}
			e := cases.RestoreEntry{Line: t.line, From: cases.Status(t.field(2)), To: cases.Status(t.field(3)),
				Actor: t.field(4), Note: t.field(5), At: p.time(t, 6)}
			g.take()
			p.counts["history"]++
			if !yield(e, nil) {
				return
			}
		}
	}
}

// peopleOf reads people.csv's rows of one case: pseudonym, case, outcome,
// sex, age_band, minor, nationality, exploitation, assistance_org,
// assistance_date, version, created_at, updated_at; and with each suspect
// its row of suspects.csv, which lists the case's suspects in the same
// order: pseudonym, case, name, birth_date, arrested, arrested_at,
// charges, prosecution_authority, prosecution_ref, prosecution_date.
func (j *join) peopleOf(reference string) iter.Seq2[cases.RestorePerson, error] {
	g, s, p := j.people, j.suspects, j.p
	return func(yield func(cases.RestorePerson, error) bool) {
		for {
			ref, ok, err := g.peek()
			if err != nil {
				yield(cases.RestorePerson{}, err)
				return
			}
			if !ok || ref != reference {
				return
			}
			t := g.t
			rp := cases.RestorePerson{Line: t.line, Pseudonym: t.field(0), Version: p.int(t, 10),
				CreatedAt: p.time(t, 11), UpdatedAt: p.time(t, 12),
				Input: cases.PersonInput{Outcome: t.field(2), Sex: t.field(3), AgeBand: t.field(4), Nationality: t.field(6),
					Exploitation: t.field(7), AssistanceOrg: t.field(8), AssistanceDate: t.field(9)}}
			if !isPseudonymOf(rp.Pseudonym, reference) {
				p.formErr(t, 0, "error.import_pseudonym", rp.Pseudonym, reference)
			}
			g.take()
			sref, ok, err := s.peek()
			if err != nil {
				yield(cases.RestorePerson{}, err)
				return
			}
			if ok && sref == reference && s.t.field(0) == rp.Pseudonym {
				st, in := s.t, &rp.Input
				in.Name, in.BirthDate, in.Arrested = st.field(2), st.field(3), st.field(4) == "1"
				in.ArrestedAt, in.Charges = st.field(5), list(st.field(6))
				in.ProsecutionAuthority, in.ProsecutionRef, in.ProsecutionDate = st.field(7), st.field(8), st.field(9)
				s.take()
			}
			p.counts["people"]++
			if !yield(rp, nil) {
				return
			}
		}
	}
}

// seizuresOf reads seizures.csv's rows of one case: case, kind,
// description, quantity, unit, currency, value_usd, recorded_by,
// created_at.
func (j *join) seizuresOf(reference string) iter.Seq2[cases.RestoreSeizure, error] {
	g, p := j.seizures, j.p
	return func(yield func(cases.RestoreSeizure, error) bool) {
		for {
			ref, ok, err := g.peek()
			if err != nil {
				yield(cases.RestoreSeizure{}, err)
				return
			}
			if !ok || ref != reference {
				return
			}
			t := g.t
			in := cases.SeizureInput{Kind: t.field(1), Description: t.field(2), Quantity: t.field(3), Unit: t.field(4),
				Currency: t.field(5), ValueUSD: t.field(6), RecordedBy: t.field(7)}
			// A blank quantity is an amount not published (the export
			// writes it so).
			in.AmountUnknown = strings.TrimSpace(in.Quantity) == ""
			// The export writes both columns; a seizure has one.
			if in.Kind == "cash" {
				in.Unit = ""
			} else {
				in.ValueUSD = ""
			}
			sz := cases.RestoreSeizure{Line: t.line, Input: in, CreatedAt: p.time(t, 8)}
			g.take()
			p.counts["seizures"]++
			if !yield(sz, nil) {
				return
			}
		}
	}
}

// isPseudonymOf reports whether pseudonym has the form of one of the
// case's people: its reference, "-P" and a number. (The restore checks it
// is exactly the pseudonym ocu gives that number.)
func isPseudonymOf(pseudonym, reference string) bool {
	n, ok := strings.CutPrefix(pseudonym, reference+"-P")
	if !ok || n == "" || len(n) > 9 {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
