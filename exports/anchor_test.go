package exports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// zipCSVs is every CSV file of an export zip by name, without anchor.txt.
func zipCSVs(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	must(t, err)
	out := map[string]string{}
	for _, f := range zr.File {
		if f.Name == exports.AnchorFile {
			continue
		}
		r, err := f.Open()
		must(t, err)
		body, err := io.ReadAll(r)
		must(t, err)
		out[f.Name] = string(body)
	}
	return out
}

// sink is an export's writer that also takes the anchor, as the download
// and `ocu export` do.
type sink struct {
	bytes.Buffer
	anchor string
	early  bool // the anchor came before any byte
}

func (s *sink) SetAnchor(a string) { s.anchor, s.early = a, s.Len() == 0 }

// anchorIn finds the anchor an export carries, in each format's place.
func anchorIn(t *testing.T, format exports.Format, s *sink) string {
	t.Helper()
	switch format {
	case exports.FormatZip:
		zr, err := zip.NewReader(bytes.NewReader(s.Bytes()), int64(s.Len()))
		must(t, err)
		last := zr.File[len(zr.File)-1]
		if last.Name != exports.AnchorFile {
			t.Fatalf("the zip ends with %s, not %s", last.Name, exports.AnchorFile)
		}
		r, err := last.Open()
		must(t, err)
		b, err := io.ReadAll(r)
		must(t, err)
		if !strings.HasSuffix(string(b), "\n") || strings.Count(string(b), "\n") != 1 {
			t.Errorf("anchor.txt is not one line: %q", b)
		}
		return strings.TrimSpace(string(b))
	case exports.FormatXLSX:
		f, err := excelize.OpenReader(bytes.NewReader(s.Bytes()))
		must(t, err)
		defer f.Close()
		rows, err := f.GetRows(exports.SummarySheet)
		must(t, err)
		for _, r := range rows {
			if len(r) == 2 && strings.HasPrefix(r[1], "ocu-anchor:") {
				if !strings.Contains(r[0], "anchor") {
					t.Errorf("the anchor's label reads %q", r[0])
				}
				return r[1]
			}
		}
		t.Fatalf("no anchor on the summary sheet: %v", rows)
	case exports.FormatJSON:
		var doc struct {
			AuditAnchor string `json:"audit_anchor"`
		}
		must(t, json.Unmarshal(s.Bytes(), &doc))
		return doc.AuditAnchor
	}
	return s.anchor // a single CSV: only the sink holds it
}

func namedCases(t *testing.T) (*db.DB, *units.Store) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	must(t, us.SeedReference(ctx))
	_, err := demo.LoadNamed(ctx, d)
	must(t, err)
	return d, us
}

// TestEveryExportCarriesTheTrailsAnchor checks each format carries the
// audit trail's head as of the records it holds (the entry before the
// export's own), that the trail verifies against it, and that it is
// signed when a key is set.
func TestEveryExportCarriesTheTrailsAnchor(t *testing.T) {
	d, us := namedCases(t)
	ctx := ocu.SystemContext(context.Background())
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	for _, signed := range []bool{false, true} {
		if signed {
			prev := audit.SignAnchorsWith(key)
			t.Cleanup(func() { audit.SignAnchorsWith(prev) })
		}
		for _, format := range exports.Formats {
			var s sink
			if _, err := exports.Export(ctx, d, us, exports.Filter{}, format, exports.TableCases, &s); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			line := anchorIn(t, format, &s)
			if line != s.anchor || !s.early {
				t.Errorf("%s carries %q, told the sink %q (before any byte: %v)", format, line, s.anchor, s.early)
			}
			a, err := audit.ParseAnchor(line)
			if err != nil {
				t.Fatalf("%s: anchor %q: %v", format, line, err)
			}
			var exportEntry int64
			must(t, d.Read.Raw("SELECT MAX(id) FROM audit_log WHERE action = 'export'").Scan(&exportEntry).Error)
			if a.ID != exportEntry-1 {
				t.Errorf("%s: anchor at entry %d, the export's own entry is %d", format, a.ID, exportEntry)
			}
			res, err := audit.VerifyAnchor(ctx, d, a)
			if err != nil || !res.Intact() {
				t.Errorf("%s: the trail does not verify against its anchor: %+v %v", format, res, err)
			}
			if err := a.CheckSignature(pub); signed != (err == nil) {
				t.Errorf("%s: signed %v, signature check %v", format, signed, err)
			}
		}
	}
}
