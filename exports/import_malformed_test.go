package exports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// lines edits a CSV file line by line (line 1 is the header).
func lines(edit func(ls []string) []string) func(string) string {
	return func(s string) string {
		ls := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		return strings.Join(edit(ls), "\n") + "\n"
	}
}

// withLine finds the first line of a file containing sub.
func withLine(ls []string, sub string) int {
	for i, l := range ls {
		if i > 0 && strings.Contains(l, sub) {
			return i
		}
	}
	return -1
}

// zipOf builds a zip of the entries in order, duplicates allowed.
func zipOf(t *testing.T, entries [][2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	zw.Close()
	return buf.Bytes()
}

// Every malformed file is refused with an error naming file:line:field,
// and nothing is imported: no panic (the first two crashed ocu import and
// answered 500 on upload), no internal error.
func TestMalformedFilesSayWhere(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	files := namedExport(t)
	for name, tc := range map[string]struct {
		file  string
		edit  func(string) string
		field string // the prefix of a field of the refusal
		key   string // its message
	}{
		// Crashed: csv.Reader.FieldPos after a read error.
		"unterminated quote": {"people.csv", func(s string) string { return s + `"LIB2-MNL-0001-P999,LIB2-MNL-0001,unscreened` + "\n" },
			"people.csv:", "error.import_csv"},
		// Crashed: slicing the pseudonym at "-P".
		"pseudonym without -P": {"people.csv", lines(func(ls []string) []string {
			ls[1] = strings.Replace(ls[1], "LIB2-MNL-0001-P001,", "LIB2-MNL-0001,", 1)
			return ls
		}), "people.csv:2:pseudonym", "error.import_pseudonym"},
		"short row": {"people.csv", lines(func(ls []string) []string {
			ls[3] = ls[3][:strings.LastIndex(ls[3], ",")]
			return ls
		}), "people.csv:4:row", "error.import_csv"},
		"extra column": {"seizures.csv", lines(func(ls []string) []string {
			ls[1] += ",extra"
			return ls
		}), "seizures.csv:2:row", "error.import_csv"},
		"bare quote": {"cases.csv", lines(func(ls []string) []string {
			ls[1] = strings.Replace(ls[1], ",LIB2,", `,LI"B2,`, 1)
			return ls
		}), "cases.csv:2:row", "error.import_csv"},
		"empty file": {"history.csv", func(string) string { return "" }, "history.csv:1:header", "error.import_header"},
		"two operations": {"operation.csv", lines(func(ls []string) []string { return append(ls, ls[1]) }),
			"operation.csv:3:code", "error.import_one_operation"},
		"no operation": {"operation.csv", lines(func(ls []string) []string { return ls[:1] }),
			"operation.csv:2:code", "error.import_one_operation"},
		// Every file hangs off cases.csv in its order.
		"people of an unknown case": {"people.csv", lines(func(ls []string) []string {
			ls[1] = strings.Replace(ls[1], ",LIB2-MNL-0001,", ",LIB2-MNL-9999,", 1)
			return ls
		}), "people.csv:2:case", "error.import_group_order"},
		"people out of order": {"people.csv", lines(func(ls []string) []string {
			i := withLine(ls, ",LIB2-SKP-0001,")
			return append(append([]string{ls[0], ls[i]}, ls[1:i]...), ls[i+1:]...)
		}), "people.csv:3:case", "error.import_group_order"},
		"seizures out of order": {"seizures.csv", lines(func(ls []string) []string {
			ls[1], ls[2] = ls[2], ls[1]
			return ls
		}), "seizures.csv:3:case", "error.import_group_order"},
		"history of a case missing": {"history.csv", lines(func(ls []string) []string {
			var out []string
			for _, l := range ls {
				if !strings.HasPrefix(l, "LIB2-MNL-0001,") {
					out = append(out, l)
				}
			}
			return out
		}), "history.csv:2:case", "error.import_history_order"},
		"history numbered wrong": {"history.csv", lines(func(ls []string) []string {
			ls[2] = strings.Replace(ls[2], ",2,", ",7,", 1)
			return ls
		}), "history.csv:3:seq", "error.import_history_seq"},
		"history rows left over": {"history.csv", lines(func(ls []string) []string {
			return append(ls, strings.Replace(ls[1], "LIB2-MNL-0001", "LIB2-MNL-9999", 1))
		}), "history.csv:", "error.import_stray_rows"},
		"a suspect who is nobody": {"suspects.csv", lines(func(ls []string) []string {
			ls[1] = strings.Replace(ls[1], "-P0", "-P9", 1)
			return ls
		}), "suspects.csv:2:pseudonym", "error.import_suspect_order"},
		"suspects out of order": {"suspects.csv", lines(func(ls []string) []string {
			ls[1], ls[2] = ls[2], ls[1]
			return ls
		}), "suspects.csv:", "error.import_suspect_order"},
		"a suspect of an unknown case": {"suspects.csv", lines(func(ls []string) []string {
			return append(ls, "LIB2-MNL-9999-P001,LIB2-MNL-9999,,,0,,,,,")
		}), "suspects.csv:", "error.import_group_order"},
		"people of no case at all": {"cases.csv", lines(func(ls []string) []string { return ls[:1] }),
			"history.csv:2:case", "error.import_stray_rows"},
		"a number that is not": {"people.csv", lines(func(ls []string) []string {
			ls[5] = strings.Replace(ls[5], ",1,20", ",one,20", 1)
			return ls
		}), "people.csv:6:version", "error.import_number"},
		"a huge number": {"cases.csv", lines(func(ls []string) []string {
			ls[2] = strings.Replace(ls[2], ",1,20", ",99999999999999999999999,20", 1)
			return ls
		}), "cases.csv:3:version", "error.import_number"},
	} {
		t.Run(name, func(t *testing.T) {
			dst := emptyDatabase(t)
			raw := rezip(t, files, tc.file, tc.edit)
			_, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
			e, ok := err.(*ocu.Error)
			if !ok || e.Kind != ocu.Invalid {
				t.Fatalf("want invalid, got %v", err)
			}
			found := false
			for f, m := range e.Fields {
				if strings.HasPrefix(f, tc.field) && m.Key == tc.key {
					found = true
				}
			}
			if !found {
				t.Fatalf("no %s at %s: %v", tc.key, tc.field, e.Fields)
			}
			nothingImported(t, dst)
		})
	}
}

// Malformed numbers and times are all listed at once, across files.
func TestFormErrorsAreListedTogether(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	files := namedExport(t)
	files["returns.csv"] = strings.Replace(files["returns.csv"], "Z,", "Q,", 1)   // one filed_at
	files["people.csv"] = strings.ReplaceAll(files["people.csv"], "Z,20", "Q,20") // every created_at
	raw := rezip(t, files, "", nil)
	dst := emptyDatabase(t)
	_, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
	e, ok := err.(*ocu.Error)
	if !ok || e.Kind != ocu.Invalid {
		t.Fatalf("want invalid, got %v", err)
	}
	var people, returns int
	for f, m := range e.Fields {
		if m.Key != "error.import_time" {
			t.Errorf("%s: %s", f, m.Key)
		}
		people += strings.Count(f, "people.csv:")
		returns += strings.Count(f, "returns.csv:2:filed_at")
	}
	if returns != 1 || people != 99 || len(e.More) != 1 {
		t.Fatalf("want 1 returns error, 99 people errors and a count of the rest: %d, %d, %v", returns, people, e.More)
	}
}

// A UTF-8 byte-order mark at the start of a file, and CRLF line ends, as a
// spreadsheet saves them, import the same.
func TestImportAcceptsByteOrderMarksAndCRLF(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	files := namedExport(t)
	for n, c := range files {
		files[n] = "\ufeff" + strings.ReplaceAll(strings.TrimPrefix(c, "\ufeff"), "\n", "\r\n")
	}
	raw := rezip(t, files, "", nil)
	dst := emptyDatabase(t)
	counts, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if counts["cases"] != 19 {
		t.Fatalf("counts %v", counts)
	}
}

// Not a zip, an empty one, a truncated one, one with a file twice.
func TestBrokenZipsAreRefused(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	files := namedExport(t)
	raw := rezip(t, files, "", nil)
	for name, b := range map[string][]byte{
		"nothing":   nil,
		"text":      []byte("reference,operation\n"),
		"truncated": raw[:len(raw)/2],
		"tail only": raw[len(raw)/2:],
		"empty zip": rezip(t, map[string]string{}, "", nil),
		"twice":     zipOf(t, [][2]string{{"cases.csv", files["cases.csv"]}, {"cases.csv", files["cases.csv"]}}),
	} {
		t.Run(name, func(t *testing.T) {
			dst := emptyDatabase(t)
			_, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(b), int64(len(b)))
			if ocu.KindOf(err) != ocu.Invalid {
				t.Fatalf("want invalid, got %v", err)
			}
			nothingImported(t, dst)
		})
	}
}
