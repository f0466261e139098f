package exports

import (
	"errors"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
)

// maxFormErrors is how many rows with a malformed number or time one
// refusal lists; past it, it counts them.
const maxFormErrors = 100

// importPass is one reading of the zip: every file once, streaming, the
// files that hang off cases (history, people, suspects, seizures) in step
// with cases.csv. It holds one row of each file and hands the sink one
// case at a time.
type importPass struct {
	z      *importZip
	total  int64           // bytes decompressed so far, every reader
	errs   ocu.FieldErrors // malformed numbers and times, up to maxFormErrors
	more   int             // malformed values past those
	counts ImportCounts
	open   []*tableReader
}

// pass reads the zip once into s and returns the rows read per kind.
func (z *importZip) pass(s sink) (ImportCounts, error) {
	p := &importPass{z: z, errs: ocu.FieldErrors{}, counts: ImportCounts{}}
	defer func() {
		for _, t := range p.open {
			t.close()
		}
	}()
	err := p.run(s)
	if len(p.errs) > 0 {
		return nil, p.formError(err)
	}
	if err != nil {
		return nil, err
	}
	return p.counts, nil
}

// formError is the malformed values found, with err (what stopped the
// pass, if anything) among them.
func (p *importPass) formError(err error) error {
	out := &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"), Fields: map[string]ocu.Message(p.errs)}
	var e *ocu.Error
	if errors.As(err, &e) && e.Kind == ocu.Invalid {
		out.Message = e.Message
		for f, m := range e.Fields {
			out.Fields[f] = m
		}
	} else if err != nil {
		return err
	}
	if p.more > 0 {
		out.More = append(out.More, ocu.Msg("error.import_more", num(p.more)))
	}
	return out
}

// openFile opens one file of the zip for this pass. Its bytes count in the
// pass's total, second readings of cases.csv (look-aheads) included: the
// total bounds all a pass decompresses.
func (p *importPass) openFile(name string) (*tableReader, error) {
	t, err := p.z.open(name, &p.total)
	if err != nil {
		return nil, err
	}
	p.open = append(p.open, t)
	return t, nil
}

func (p *importPass) run(s sink) error {
	// Every file is opened, and its header checked, before any row is
	// read: a zip missing a file or with a wrong header is told so at once.
	var missing []error
	readers := map[string]*tableReader{}
	for _, name := range importFiles {
		if optionalFiles[name] && p.z.files[name] == nil {
			continue
		}
		t, err := p.openFile(name)
		if err != nil {
			missing = append(missing, err)
			continue
		}
		readers[name] = t
	}
	if len(missing) > 0 {
		return mergeErrors(missing)
	}
	op, err := p.operation(readers["operation.csv"])
	if err != nil {
		return err
	}
	atts, rets := readers["attachments.csv"], readers["returns.csv"]
	if err := s.operation(op, p.attachments(atts), p.returns(rets)); err != nil {
		return err
	}
	if !atts.drained() || !rets.drained() {
		return errors.New("import: the attachments or returns were not all read")
	}
	j := &join{p: p, cases: readers["cases.csv"],
		history:     &group{file: "history.csv", t: readers["history.csv"], caseCol: 0},
		people:      &group{file: "people.csv", t: readers["people.csv"], caseCol: 1},
		suspects:    &group{file: "suspects.csv", t: readers["suspects.csv"], caseCol: 1},
		seizures:    &group{file: "seizures.csv", t: readers["seizures.csv"], caseCol: 0},
		identifiers: &group{file: "identifiers.csv", t: readers["identifiers.csv"], caseCol: 1},
		notices:     &group{file: "notices.csv", t: readers["notices.csv"], caseCol: 1},
		checks:      &group{file: "checks.csv", t: readers["checks.csv"], caseCol: 0},
		partners:    &group{file: "partners.csv", t: readers["partners.csv"], caseCol: 0}}
	if err := j.run(s); err != nil {
		return err
	}
	return s.threads(p.threadRows(readers))
}

// mergeErrors joins several file errors into one refusal.
func mergeErrors(errs []error) error {
	out := &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"), Fields: map[string]ocu.Message{}}
	for _, err := range errs {
		var e *ocu.Error
		if !errors.As(err, &e) || e.Kind != ocu.Invalid {
			return err
		}
		if e.Message.Key != "error.import_invalid" {
			out.Message = e.Message // a limit says which
		}
		for f, m := range e.Fields {
			out.Fields[f] = m
		}
	}
	return out
}

// operation reads operation.csv's one row.
func (p *importPass) operation(t *tableReader) (units.Operation, error) {
	ok, err := t.next()
	if err != nil {
		return units.Operation{}, err
	}
	if !ok {
		return units.Operation{}, fileError(t.file, 2, "code", "error.import_one_operation")
	}
	op := units.Operation{Code: t.field(0), Name: t.field(1), FirstDay: t.field(2), LastDay: t.field(3)}
	if more, err := t.next(); err != nil {
		return op, err
	} else if more {
		return op, fileError(t.file, t.line, "code", "error.import_one_operation")
	}
	return op, nil
}

// attachments reads attachments.csv: operation, country, unit, mode.
func (p *importPass) attachments(t *tableReader) iter.Seq2[units.RestoreAttachment, error] {
	return func(yield func(units.RestoreAttachment, error) bool) {
		for {
			ok, err := t.next()
			if err != nil {
				yield(units.RestoreAttachment{}, err)
				return
			}
			if !ok {
				return
			}
			p.counts["attachments"]++
			if !yield(units.RestoreAttachment{Line: t.line, Country: t.field(1), Unit: t.field(2), Mode: t.field(3)}, nil) {
				return
			}
		}
	}
}

// returns reads returns.csv: operation, country, day, database_checks,
// flights_monitored, border_points, officers_deployed, filed_by, filed_at,
// version.
func (p *importPass) returns(t *tableReader) iter.Seq2[units.RestoreReturn, error] {
	return func(yield func(units.RestoreReturn, error) bool) {
		for {
			ok, err := t.next()
			if err != nil {
				yield(units.RestoreReturn{}, err)
				return
			}
			if !ok {
				return
			}
			p.counts["returns"]++
			rr := units.RestoreReturn{Line: t.line, Input: units.ReturnInput{Operation: t.field(0), Country: t.field(1), Day: t.field(2),
				DatabaseChecks: t.field(3), FlightsMonitored: t.field(4), BorderPoints: t.field(5),
				OfficersDeployed: t.field(6), FiledBy: t.field(7)}}
			rr.FiledAt = p.time(t, 8)
			rr.Version = p.int(t, 9)
			if !yield(rr, nil) {
				return
			}
		}
	}
}

// int parses column i of t's row as a whole number, noting a malformed one.
func (p *importPass) int(t *tableReader, i int) int {
	n, err := strconv.Atoi(t.field(i))
	if err != nil {
		p.formErr(t, i, "error.import_number")
	}
	return n
}

// time parses column i of t's row as an RFC 3339 instant.
func (p *importPass) time(t *tableReader, i int) time.Time {
	v, err := time.Parse(time.RFC3339Nano, t.field(i))
	if err != nil {
		p.formErr(t, i, "error.import_time")
	}
	return v.UTC()
}

func (p *importPass) formErr(t *tableReader, i int, key string, args ...any) {
	field := t.file + ":" + strconv.Itoa(t.line) + ":" + importColumns[t.file][i]
	if _, seen := p.errs[field]; seen {
		return
	}
	if len(p.errs) >= maxFormErrors {
		p.more++
		return
	}
	p.errs.Add(field, key, args...)
}

// list splits a ';'-joined list of codes.
func list(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, ";")
}
