package exports

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// JSONSchema names the JSON export's layout (docs/export-schema.json).
// A change that is not an addition gets a new number.
const JSONSchema = "ocu-export/2"

// writeJSON writes one JSON document:
//
//	{"schema", "operation", "generated_at", "filters", "audit_anchor",
//	 "htcds_victims": [...], "cases": [...], "people": [...],
//	 "suspects": [...], "seizures": [...], "returns": [...]}
//
// Each element goes through the json.Encoder as it is read, so memory
// holds one row at a time however big the operation. Cases carry their
// history; rows carry the same columns, in the same order, as the CSV
// files, typed (numbers, booleans, null, arrays).
//
// audit_anchor is the audit trail's anchor as of the export (audit.Anchor).
func writeJSON(ctx context.Context, rd *reader, pl *plan, w io.Writer, anchor string) (Counts, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	counts := Counts{}
	head := []struct {
		key string
		v   any
	}{
		{`{"schema":`, JSONSchema},
		{`,"operation":`, operationJSON{pl.op.Code, pl.op.Name, pl.op.FirstDay, pl.op.LastDay, pl.op.Demo}},
		{`,"generated_at":`, pl.now.Format(layoutTime)},
		{`,"filters":`, pl.filter.jsonFilters()},
		{`,"audit_anchor":`, anchor},
	}
	for _, h := range head {
		bw.WriteString(h.key)
		if err := enc.Encode(h.v); err != nil {
			return counts, err
		}
	}

	bw.WriteString(`,"htcds_victims":[`)
	sep := separator(bw)
	if _, err := rd.each(ctx, pl, tableVictims, func(c []cell) error {
		sep()
		return enc.Encode(htcdsRecord(c))
	}); err != nil {
		return counts, err
	}

	bw.WriteString(`],"cases":[`)
	nc, nh, err := writeJSONCases(ctx, rd, pl, bw, enc)
	counts[TableCases], counts[TableHistory] = nc, nh
	if err != nil {
		return counts, err
	}

	for _, t := range []Table{TablePeople, TableSuspects, TableSeizures, TableReturns, TableIdentifiers, TableNotices,
		TableChecks, TablePartners, TableLinks, TableGroups, TableGroupMembers, TableOperationNotices} {
		bw.WriteString(`],"` + string(t) + `":[`)
		sep := separator(bw)
		cols := schema[t]
		var buf []byte
		n, err := rd.each(ctx, pl, t, func(c []cell) error {
			sep()
			buf = appendJSONRow(buf[:0], cols, c)
			return enc.Encode(json.RawMessage(buf))
		})
		counts[t] = n
		if err != nil {
			return counts, err
		}
	}
	bw.WriteString("]}\n")
	return counts, bw.Flush()
}

type operationJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	FirstDay string `json:"first_day"`
	LastDay  string `json:"last_day"`
	// Demo: the operation's records are partly generated, not published.
	Demo bool `json:"demo"`
}

// writeJSONCases writes the cases, each with its history. Both are read in
// the same case order, side by side, so a case's moves are the history
// rows that follow on from the previous case's.
func writeJSONCases(ctx context.Context, rd *reader, pl *plan, bw *bufio.Writer, enc *json.Encoder) (cases, history int, err error) {
	hc, err := rd.open(ctx, pl, TableHistory)
	if err != nil {
		return 0, 0, err
	}
	defer hc.close()
	more, err := hc.next()
	if err != nil {
		return 0, 0, err
	}
	caseCols, histCols := schema[TableCases], schema[TableHistory][1:] // a nested move needs no "case"
	sep := separator(bw)
	var buf []byte
	cases, err = rd.each(ctx, pl, TableCases, func(c []cell) error {
		sep()
		buf = appendJSONRow(buf[:0], caseCols, c)
		buf = append(buf[:len(buf)-1], `,"history":[`...)
		for i := 0; more && hc.cells[0].s == c[0].s; i++ {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONRow(buf, histCols, hc.cells[1:])
			history++
			if more, err = hc.next(); err != nil {
				return err
			}
		}
		buf = append(buf, "]}"...)
		return enc.Encode(json.RawMessage(buf))
	})
	return cases, history, err
}

// separator returns a function that writes a comma before every element
// but the first.
func separator(bw *bufio.Writer) func() {
	first := true
	return func() {
		if !first {
			bw.WriteByte(',')
		}
		first = false
	}
}

// appendJSONRow appends the row as a JSON object, keys in column order.
func appendJSONRow(b []byte, cols []column, cells []cell) []byte {
	b = append(b, '{')
	for i, col := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, col.name)
		b = append(b, ':')
		b = appendJSONValue(b, col, &cells[i])
	}
	return append(b, '}')
}

func appendJSONValue(b []byte, col column, c *cell) []byte {
	if c.null {
		return append(b, "null"...)
	}
	switch col.kind {
	case kText, kDate:
		return appendJSONString(b, c.s)
	case kInt:
		return strconv.AppendInt(b, c.n, 10)
	case kBool:
		return strconv.AppendBool(b, c.n == 1)
	case kFloat:
		return strconv.AppendFloat(b, c.f, 'f', -1, 64)
	case kTime:
		return append(c.t.AppendFormat(append(b, '"'), layoutTime), '"')
	case kList:
		b = append(b, '[')
		for i, s := range c.l {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']')
	}
	return append(b, "null"...)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced (encoding/json's own
// rules; it then escapes <, > and & for safe embedding in HTML).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
