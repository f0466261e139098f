package views

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
)

// Render writes a component as an HTML response with the given status.
//
// The page is rendered whole into memory first, then sent in one write:
// streamed, a page went out in a dozen 4 KB writes, each a system call
// and a wake-up of the reader, which under load cost more CPU than
// rendering it. A template that fails halfway also leaves nothing sent, so
// the error page can still be shown.
func Render(ctx context.Context, w http.ResponseWriter, status int, c templ.Component) error {
	buf := pages.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledPage {
			pages.Put(buf)
		}
	}()
	if err := c.Render(ctx, buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// pages recycles the buffers pages are rendered into.
var pages = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage keeps an unusually large page (a case with a thousand
// people) from pinning its buffer in the pool.
const maxPooledPage = 1 << 20
