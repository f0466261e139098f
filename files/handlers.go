package files

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/web"
)

// Handler serves uploads and downloads of files.
type Handler struct {
	Store *Store
}

// formSlack is what an upload's body holds besides the file: the
// multipart boundaries and headers, the CSRF token.
const formSlack = 64 << 10

// Register mounts the download routes and the case files' routes.
// Downloads stream a file (no admission control: Streaming).
func (h *Handler) Register(r web.Routes) {
	r.Pages.Streaming().GET("/files/:id", h.download)
	r.API.Streaming().GET("/files/:id", h.download)
	h.RegisterOwner(r, KindCase, "/cases")
}

// Attach makes files attachable to the records of kind (KindRequest),
// found and checked by o, whose pages are prefix/:ref: the one line that
// wires a new kind of owner in the server, beside Register:
//
//	fileHandler.Attach(r, files.KindRequest, "/requests", requests.FileOwner{...})
//
// Its page then shows the section with two lines: in its handler
// `d.Files, err = fileStore.Section(ctx, files.KindRequest, ref)`, in its
// template `@views.FilesSection(d.Files)`.
func (h *Handler) Attach(r web.Routes, kind, prefix string, o Owner) {
	h.Store.SetOwner(kind, o)
	h.RegisterOwner(r, kind, prefix)
}

// RegisterOwner mounts the upload and list routes of the records of kind,
// whose pages are prefix/:ref (the Store must know kind: SetOwner):
//
//	POST prefix/:ref/files            upload from the page's form, 303 back
//	GET  /api/v1 prefix/:ref/files    the record's files as JSON
//	POST /api/v1 prefix/:ref/files    upload (multipart, field "file"), 201
//
// Upload bodies are bounded at the file limit plus the form's slack, and
// refused past it naming the limit; the handler reads the body as a
// stream (web.Group.UploadUpTo).
func (h *Handler) RegisterOwner(r web.Routes, kind, prefix string) {
	max, label := h.Store.Limit()+formSlack, h.Store.LimitText()
	r.Pages.UploadUpTo(max, label).POST(prefix+"/:ref/files", h.uploadPage(kind))
	r.API.GET(prefix+"/:ref/files", h.apiList(kind))
	r.API.UploadUpTo(max, label).POST(prefix+"/:ref/files", h.apiUpload(kind))
}

func (h *Handler) uploadPage(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := h.upload(c, kind)
		if err != nil {
			return err
		}
		t, err := h.Store.Target(c.Request().Context(), kind, c.Param("ref"))
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, t.Href+"?file="+strconv.FormatInt(f.ID, 10)+"#files")
	}
}

func (h *Handler) apiUpload(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := h.upload(c, kind)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, fileJSON(f))
	}
}

// upload reads the multipart body as a stream, part by part, and hands
// the part named "file" to the store as it arrives: the file is never
// held whole in memory, nor spooled twice. (If a middleware had already
// parsed the form, within the body limit, its copy is used.)
func (h *Handler) upload(c echo.Context, kind string) (File, error) {
	ctx, r, key := c.Request().Context(), c.Request(), c.Param("ref")
	if r.MultipartForm != nil {
		fhs := r.MultipartForm.File["file"]
		if len(fhs) == 0 {
			return File{}, missing()
		}
		f, err := fhs[0].Open()
		if err != nil {
			return File{}, err
		}
		defer f.Close()
		return h.Store.Add(ctx, kind, key, fhs[0].Filename, f)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return File{}, missing()
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return File{}, missing()
		}
		if err != nil {
			return File{}, bodyError(err)
		}
		if part.FormName() != "file" {
			continue // the CSRF token, already checked
		}
		body := &watchedReader{r: part}
		f, err := h.Store.Add(ctx, kind, key, part.FileName(), body)
		if err != nil && body.err != nil {
			return File{}, bodyError(body.err)
		}
		return f, err
	}
}

// bodyError is the refusal of a body that could not be read: the body
// limit's own (which names the limit), or a malformed or cut-short
// upload, which is the client's to fix.
func bodyError(err error) error {
	var e *ocu.Error
	if errors.As(err, &e) {
		return e
	}
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.file_incomplete"),
		Fields: map[string]ocu.Message{"file": ocu.Msg("error.file_incomplete")}}
}

// watchedReader remembers the error reading the body failed with, so a
// failed upload can be told from a failed disk.
type watchedReader struct {
	r   io.Reader
	err error
}

func (w *watchedReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		w.err = err
	}
	return n, err
}

func missing() error {
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.file_missing"),
		Fields: map[string]ocu.Message{"file": ocu.Msg("error.file_missing")}}
}

// download sends a file as an attachment, never to be shown inline: its
// cleaned name in Content-Disposition, its detected type, nosniff, and a
// sandboxing CSP in case a browser renders it anyway.
func (h *Handler) download(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return ocu.Errorf(ocu.NotFound, "error.file_not_found")
	}
	f, blob, err := h.Store.Open(c.Request().Context(), id)
	if err != nil {
		return err
	}
	defer blob.Close()
	hd := c.Response().Header()
	hd.Set("Content-Type", f.ContentType)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	hd.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Ocu-File-SHA256", f.SHA256)
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), blob)
	return err
}

// FileJSON is a file in the API.
type FileJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	UploadedBy  string `json:"uploaded_by"`
	UploadedAt  string `json:"uploaded_at"`
	Download    string `json:"download"`
}

func fileJSON(f File) FileJSON {
	return FileJSON{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256,
		UploadedBy: f.UploadedBy, UploadedAt: f.UploadedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Download: web.APIPrefix + Href(f.ID)}
}

func (h *Handler) apiList(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		t, err := h.Store.Target(ctx, kind, c.Param("ref"))
		if err != nil {
			return err
		}
		fs, err := h.Store.List(ctx, t)
		if err != nil {
			return err
		}
		out := struct {
			Files []FileJSON `json:"files"`
		}{Files: []FileJSON{}}
		for _, f := range fs {
			out.Files = append(out.Files, fileJSON(f))
		}
		return c.JSON(http.StatusOK, out)
	}
}
