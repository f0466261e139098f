package views

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// A page goes out whole, with its length; a page whose template fails
// halfway sends nothing, so the error page can take its place.
func TestRenderSendsWholePagesOnly(t *testing.T) {
	page := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<p>"+strings.Repeat("x", 20000)+"</p>")
		return err
	})
	rec := httptest.NewRecorder()
	if err := Render(context.Background(), rec, 201, page); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 201 || rec.Body.Len() != 20007 || rec.Header().Get("Content-Length") != strconv.Itoa(20007) ||
		rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("status %d, %d bytes, Content-Length %q, Content-Type %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"), rec.Header().Get("Content-Type"))
	}

	broken := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		io.WriteString(w, "<p>half a page")
		return errors.New("template failed")
	})
	rec = httptest.NewRecorder()
	if err := Render(context.Background(), rec, 200, broken); err == nil || err.Error() != "template failed" {
		t.Fatalf("Render of a failing template: %v, want its error", err)
	}
	if rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "" {
		t.Errorf("a failing template sent %q (Content-Type %q), want nothing", rec.Body.String(), rec.Header().Get("Content-Type"))
	}
}
