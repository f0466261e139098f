package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/files"
)

// testPDF is a small PDF: what a scanner saves.
var testPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// testHTML is a page that would run script if a browser rendered it.
var testHTML = []byte("<!DOCTYPE html><html><body><script>fetch('/api/v1/cases')</script></body></html>")

// multipartFile is a multipart body holding one file part, sent with
// contentType as a client might claim it.
func multipartFile(name, contentType string, content []byte) (string, []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`}
	h["Content-Type"] = []string{contentType}
	pw, _ := w.CreatePart(h)
	_, _ = pw.Write(content)
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

// upload posts a file to path (a case page's form, or the API) as the
// app's current user.
func (a *testApp) uploadEvidence(path, name, contentType string, content []byte) response {
	a.t.Helper()
	ct, body := multipartFile(name, contentType, content)
	return a.do("POST", path, ct, string(body))
}

// uploadFile uploads through the case page's form and returns the new
// file's id, from the redirect.
func uploadFile(t *testing.T, a *testApp, path, name string, content []byte) int64 {
	t.Helper()
	r := a.uploadEvidence(path, name, "application/octet-stream", content)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload %s: %d %.300s", name, r.Status, r.Body)
	}
	u, err := url.Parse(r.Location)
	if err != nil {
		t.Fatal(err)
	}
	id, err := strconv.ParseInt(u.Query().Get("file"), 10, 64)
	if err != nil {
		t.Fatalf("upload %s: redirected to %s", name, r.Location)
	}
	return id
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func auditCount(a *testApp, action string) int64 {
	var n int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n)
	return n
}

// TestFileDownloadIsNeverInline: a file comes back exactly as sent, as an
// attachment under a clean name with its detected type, nosniff and a
// sandboxing CSP; its hash is on the case page; the upload and the
// download are both in the audit trail.
func TestFileDownloadIsNeverInline(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Raid with scanned passports")
	id := uploadFile(t, a, "/cases/"+ref+"/files", `..\scans\passport "scan".pdf`, testPDF)

	page := a.get("/cases/" + ref)
	if !strings.Contains(page.Body, sum(testPDF)) || !strings.Contains(page.Body, `href="/files/`+strconv.FormatInt(id, 10)+`"`) {
		t.Fatalf("the case page does not list the file with its SHA-256")
	}
	r := a.get("/files/" + strconv.FormatInt(id, 10))
	if r.Status != http.StatusOK || r.Body != string(testPDF) {
		t.Fatalf("download: %d, %d bytes", r.Status, len(r.Body))
	}
	for h, want := range map[string]string{
		"Content-Type":            "application/pdf",
		"Content-Disposition":     `attachment; filename="passport _scan.pdf"`,
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "default-src 'none'; sandbox",
		"Ocu-File-Sha256":         sum(testPDF),
		"Cache-Control":           "no-store",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if n := auditCount(a, "file.upload"); n != 1 {
		t.Errorf("uploads audited: %d", n)
	}
	if n := auditCount(a, "file.download"); n != 1 {
		t.Errorf("downloads audited: %d", n)
	}
	var details string
	a.db.Read.Raw("SELECT details FROM audit_log WHERE action = 'file.upload'").Scan(&details)
	if strings.Contains(details, "passport") || !strings.Contains(details, sum(testPDF)) {
		t.Errorf("the upload's audit entry should hold the hash and not the name: %s", details)
	}
}

// TestFileTypeIsFromContent: a page named photo.jpg and declared
// image/jpeg is refused, saying what is accepted, and nothing is stored;
// a PDF named page.html and declared text/html is taken as the PDF it is.
func TestFileTypeIsFromContent(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Raid with a disguised page")
	r := a.uploadEvidence("/cases/"+ref+"/files", "photo.jpg", "image/jpeg", testHTML)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "JPEG, PNG, WebP, HEIC, TIFF, PDF") {
		t.Fatalf("an HTML page as photo.jpg: %d %.300s", r.Status, r.Body)
	}
	var n int64
	a.db.Read.Raw("SELECT COUNT(*) FROM evidence_files").Scan(&n)
	if n != 0 {
		t.Fatalf("a refused file has a row")
	}
	if left := blobsIn(t, files.DefaultDir(a.db.Path)); len(left) != 0 {
		t.Fatalf("a refused file left %v in the files directory", left)
	}

	st, m := a.apiUpload("/api/v1/cases/"+ref+"/files", "page.html", "text/html", testPDF)
	if st != http.StatusCreated || m["content_type"] != "application/pdf" || m["name"] != "page.pdf" || m["sha256"] != sum(testPDF) {
		t.Fatalf("a PDF as page.html: %d %v", st, m)
	}
	dl := a.get(m["download"].(string))
	if dl.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("API download headers: %v", dl.Header)
	}
	st, list := a.api("GET", "/api/v1/cases/"+ref+"/files", nil)
	if fs, _ := list["files"].([]any); st != http.StatusOK || len(fs) != 1 {
		t.Fatalf("API list: %d %v", st, list)
	}
}

func (a *testApp) apiUpload(path, name, contentType string, content []byte) (int, map[string]any) {
	a.t.Helper()
	ct, body := multipartFile(name, contentType, content)
	r := a.do("POST", path, ct, string(body))
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		a.t.Fatalf("POST %s: not JSON (%d): %s", path, r.Status, r.Body)
	}
	return r.Status, m
}

// blobsIn lists the files under dir, temporary ones included.
func blobsIn(t *testing.T, dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestTamperedFileIsRefused: a stored file changed on disk no longer
// matches its hash: its download is refused (409, saying why), logged with
// the file's id and hash only, and recorded in the audit trail; nothing of
// the changed bytes is sent.
func TestTamperedFileIsRefused(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Raid whose scan is changed later")
	id := uploadFile(t, a, "/cases/"+ref+"/files", "Statement of Maria Santos.pdf", testPDF)
	blob := filepath.Join(files.DefaultDir(a.db.Path), sum(testPDF)[:2], sum(testPDF))
	changed := bytes.Replace(testPDF, []byte("Count 0"), []byte("Count 1"), 1)
	if err := os.WriteFile(blob, changed, 0o600); err != nil {
		t.Fatal(err)
	}
	logs := captureLogs(t)
	r := a.get("/files/" + strconv.FormatInt(id, 10))
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, sum(testPDF)) || strings.Contains(r.Body, "Count 1") {
		t.Fatalf("tampered download: %d %.300s", r.Status, r.Body)
	}
	line := logs.String()
	if !strings.Contains(line, sum(testPDF)) || strings.Contains(line, "Maria") || strings.Contains(line, ref) {
		t.Fatalf("the log should name the file by id and hash only: %s", line)
	}
	if auditCount(a, "file.refused") != 1 || auditCount(a, "file.download") != 0 {
		t.Fatalf("the refusal is not in the audit trail as such")
	}
	// Attaching the true file again repairs the stored copy.
	uploadFile(t, a, "/cases/"+ref+"/files", "again.pdf", testPDF)
	if r := a.get("/files/" + strconv.FormatInt(id, 10)); r.Status != http.StatusOK || r.Body != string(testPDF) {
		t.Fatalf("after repair: %d", r.Status)
	}
}

// TestFileScope: a file is visible exactly as its case: another OCU's
// officer gets 404 for the file, the list and the upload; a partner
// country's officer of another OCU sees and adds files; a coordinator
// reads them but adds none; an administrator sees none.
func TestFileScope(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Joint raid with evidence")
	id := strconv.FormatInt(uploadFile(t, a, "/cases/"+ref+"/files", "scan.pdf", testPDF), 10)

	ar := a.as("officer.ar")
	for _, path := range []string{"/files/" + id, "/api/v1/files/" + id, "/api/v1/cases/" + ref + "/files"} {
		if r := ar.get(path); r.Status != http.StatusNotFound {
			t.Errorf("officer.ar GET %s: %d", path, r.Status)
		}
	}
	if r := ar.uploadEvidence("/cases/"+ref+"/files", "x.pdf", "application/pdf", testPDF); r.Status != http.StatusNotFound {
		t.Errorf("officer.ar uploads: %d", r.Status)
	}
	if r := a.as("admin").get("/files/" + id); r.Status != http.StatusNotFound {
		t.Errorf("admin downloads: %d", r.Status)
	}
	if r := a.as("supervisor.dkr").get("/files/" + id); r.Status != http.StatusNotFound {
		t.Errorf("another OCU's supervisor downloads: %d", r.Status)
	}
	co := a.as("coordinator")
	if r := co.get("/files/" + id); r.Status != http.StatusOK {
		t.Errorf("coordinator downloads: %d", r.Status)
	}
	if r := co.get("/cases/" + ref); strings.Contains(r.Body, `action="/cases/`+ref+`/files"`) {
		t.Errorf("the coordinator is offered the upload form")
	}
	if r := co.uploadEvidence("/cases/"+ref+"/files", "x.pdf", "application/pdf", testPDF); r.Status != http.StatusForbidden {
		t.Errorf("coordinator uploads: %d", r.Status)
	}

	if st, m := a.as("officer.ph").api("POST", "/api/v1/cases/"+ref+"/partners", map[string]any{"country": "AR"}); st != http.StatusOK {
		t.Fatalf("add partner: %d %v", st, m)
	}
	if r := ar.get("/files/" + id); r.Status != http.StatusOK {
		t.Errorf("the partner's officer downloads: %d", r.Status)
	}
	uploadFile(t, ar, "/cases/"+ref+"/files", "ar.pdf", append(slicesClone(testPDF), '\n'))
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }

// countingReader counts what the server read of a body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestFileUploadLimits: a file over the limit is refused through HTTP
// with a message naming the limit, whether the request declares its
// length (refused before its body is read) or streams it (refused once
// the limit is passed, without reading the rest), and nothing is left in
// the files directory.
func TestFileUploadLimits(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Raid with a huge video")
	limit := int64(files.MaxBytes)
	send := func(size int64, declare bool) (response, int64) {
		t.Helper()
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			part, _ := mw.CreateFormFile("file", "video.pdf")
			_, _ = part.Write([]byte("%PDF-1.4\n"))
			_, err := io.CopyN(part, zeros{}, size)
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		body := &countingReader{r: pr}
		req, _ := http.NewRequest("POST", a.srv.URL+"/cases/"+ref+"/files", body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie["officer.ph"]})
		if declare {
			req.ContentLength = size + 1024
		} else {
			req.ContentLength = -1 // chunked: the server cannot know
		}
		res, err := a.client.Do(req)
		if err != nil {
			t.Fatalf("upload of %d bytes: %v", size, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		_ = pr.CloseWithError(io.ErrClosedPipe)
		return response{Status: res.StatusCode, Body: string(b)}, body.n
	}

	// 200 MB streamed: refused once past the limit.
	r, read := send(200<<20, false)
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "25 MB") {
		t.Fatalf("a streamed 200 MB upload: %d %.300s", r.Status, r.Body)
	}
	if read > limit+(8<<20) {
		t.Errorf("the server read %d MB of a refused upload", read>>20)
	}
	// Declared as 200 MB: refused before the body is read.
	r, read = send(200<<20, true)
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "25 MB") {
		t.Fatalf("a declared 200 MB upload: %d %.300s", r.Status, r.Body)
	}
	if read > 4<<20 {
		t.Errorf("the server read %d MB of an upload refused by its length", read>>20)
	}
	// Just over the file's limit, within the form's slack: the store's
	// own refusal, naming the limit.
	r, _ = send(limit, false)
	if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "The file is over the limit of 25 MB") {
		t.Fatalf("a file just over the limit: %d %.300s", r.Status, r.Body)
	}
	if left := blobsIn(t, files.DefaultDir(a.db.Path)); len(left) != 0 {
		t.Fatalf("refused uploads left %v", left)
	}
	// Just under: taken.
	if r, _ := send(limit-16, false); r.Status != http.StatusSeeOther {
		t.Fatalf("a file just under the limit: %d %.300s", r.Status, r.Body)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
