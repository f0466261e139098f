package accounts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/ocu-project/ocu/views"
)

// A form posted after its session ended is kept, so that the officer who
// signs in again lands back on it with what they typed (restored, never
// submitted). Kept in the database, not in memory: it survives a restart
// and serves every instance behind one database.
//
// The browser holds a random id in the ocu_kept cookie; the table
// (migration 0010) holds its hash, the user whose session ended, the page
// the form was on, the path it was posted to and the fields. A row is made
// only when a session is found ended (so its owner is known, and a browser
// that never signed in cannot fill the table), is filled by the next form
// that browser posts, and is restored only to that same user, only on
// that page, and only when that page's GET succeeds for them. Anyone else
// signing in on the browser drops it. It lives two hours at most and is
// deleted once restored.

// KeptCookie names the browser's kept form.
const KeptCookie = "ocu_kept"

// keptFor is how long a kept form waits for its officer.
const keptFor = 2 * time.Hour

// Bounds on what one kept form holds: far above any ocu form (the
// screening grid of a large raid included), far below what could hurt.
const (
	maxKeptValues = 5000
	maxKeptBytes  = 512 << 10
)

// keptForm is one row of kept_forms.
type keptForm struct {
	IDHash    string `gorm:"primaryKey;column:id_hash"`
	UserID    int64
	Page      string
	Action    string
	Fields    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (keptForm) TableName() string { return "kept_forms" }

// field is one posted name and value, in the order posted.
type field [2]string

func (k *keptForm) fields() []field {
	var out []field
	_ = json.Unmarshal([]byte(k.Fields), &out)
	return out
}

// startKeeping makes an empty kept form for the user whose session just
// ended in this browser, and returns the id for the cookie. Expired rows go
// first: the table holds no more than the last two hours' ended sessions.
func (s *Store) startKeeping(ctx context.Context, userID int64) (string, error) {
	id, hash := newSecret()
	now := s.now()
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM kept_forms WHERE expires_at < ?", now).Error; err != nil {
			return err
		}
		return tx.Create(&keptForm{IDHash: hash, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(keptFor)}).Error
	})
	return id, err
}

// loadKept returns the live kept form of a cookie value, or nil.
func (s *Store) loadKept(ctx context.Context, id string) (*keptForm, error) {
	if id == "" {
		return nil, nil
	}
	var k keptForm
	err := s.db.Read.WithContext(ctx).Where("id_hash = ? AND expires_at > ?", hashSecret(id), s.now()).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// fillKept stores a posted form in the browser's kept form (a later post
// replaces an earlier one: the last form is the one the officer was on).
func (s *Store) fillKept(ctx context.Context, id, page, action string, fs []field) error {
	b, err := json.Marshal(fs)
	if err != nil {
		return err
	}
	return s.db.Write.WithContext(ctx).Exec("UPDATE kept_forms SET page = ?, action = ?, fields = ? WHERE id_hash = ? AND expires_at > ?",
		page, action, string(b), hashSecret(id), s.now()).Error
}

// dropKept deletes a kept form.
func (s *Store) dropKept(ctx context.Context, id string) error {
	return s.db.Write.WithContext(ctx).Exec("DELETE FROM kept_forms WHERE id_hash = ?", hashSecret(id)).Error
}

// keptFields picks, from a posted form, what may be kept: never a
// password, never the CSRF token; nothing at all past the bounds, or
// from a request another site could have made, or from a form with files.
func keptFields(r *http.Request) ([]field, bool) {
	if !sameOrigin(r) {
		return nil, false
	}
	// The route's input bounds have parsed and checked the body already
	// (web/inputs.go): a form with files (an upload) is not kept.
	if r.PostForm == nil || (r.MultipartForm != nil && len(r.MultipartForm.File) > 0) {
		return nil, false
	}
	// Values of one name keep the order sent (rows of a grid); across
	// names the order does not matter to the restore.
	var out []field
	size := 0
	for _, name := range slices.Sorted(maps.Keys(r.PostForm)) {
		if name == views.CSRFFieldName || strings.Contains(strings.ToLower(name), "password") {
			continue
		}
		for _, v := range r.PostForm[name] {
			size += len(name) + len(v)
			out = append(out, field{name, v})
		}
	}
	if len(out) == 0 || len(out) > maxKeptValues || size > maxKeptBytes {
		return nil, false
	}
	return out, true
}

// sameOrigin is true when the browser says the request came from one of
// ocu's own pages: Sec-Fetch-Site, or failing that Origin. A page on
// another site must not be able to plant values in an officer's form.
func sameOrigin(r *http.Request) bool {
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" {
		return s == "same-origin"
	}
	o, err := url.Parse(r.Header.Get("Origin"))
	return err == nil && o.Host != "" && o.Host == r.Host
}

// formPage is the page the form was posted from: its same-origin Referer
// (every ocu page sends one: Referrer-Policy same-origin), else the path it
// was posted to. Either way a path on this site, or "".
func formPage(r *http.Request) string {
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		if p := SafeNext(ref.RequestURI()); p != "" {
			return p
		}
	}
	return SafeNext(r.URL.Path)
}

func setKeptCookie(c echo.Context, id string) {
	c.SetCookie(&http.Cookie{Name: KeptCookie, Value: id, Path: "/", MaxAge: int(keptFor.Seconds()), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}

func clearKeptCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: KeptCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}

func keptCookie(c echo.Context) string {
	if ck, err := c.Cookie(KeptCookie); err == nil {
		return ck.Value
	}
	return ""
}

// keep stores the posted form in the browser's kept form, if it has one
// (its session ended) and the form may be kept; it returns the page to
// come back to.
func (s *Store) keep(c echo.Context) (page string, kept bool, err error) {
	ctx := c.Request().Context()
	id := keptCookie(c)
	k, err := s.loadKept(ctx, id)
	if err != nil || k == nil {
		return "", false, err
	}
	fs, ok := keptFields(c.Request())
	page = formPage(c.Request())
	if !ok || page == "" {
		return "", false, nil
	}
	if err := s.fillKept(ctx, id, page, c.Request().URL.Path, fs); err != nil {
		return "", false, err
	}
	return page, true, nil
}

// restore serves a signed-in GET from a browser holding a kept form. The
// form is restored on its own page for its own user, once; anyone else
// signing in drops it, and so does its page answering anything but the
// page itself (the user may no longer see it).
func (s *Store) restore(c echo.Context, u *User, id string, next echo.HandlerFunc) error {
	ctx := c.Request().Context()
	k, err := s.loadKept(ctx, id)
	if err != nil {
		return err
	}
	if k == nil || k.UserID != u.ID || k.Fields == "" {
		if k != nil {
			if err := s.dropKept(ctx, id); err != nil {
				return err
			}
		}
		clearKeptCookie(c)
		return next(c)
	}
	pageURL, perr := url.Parse(k.Page)
	if perr != nil || pageURL.Path != c.Request().URL.Path {
		return next(c) // another page first: the form waits for its own
	}
	if err := s.dropKept(ctx, id); err != nil {
		return err
	}
	clearKeptCookie(c)
	res := c.Response()
	orig := res.Writer
	buf := &bufferedWriter{header: orig.Header()}
	res.Writer = buf
	herr := next(c)
	res.Writer = orig
	if herr != nil || buf.status != http.StatusOK || !strings.HasPrefix(buf.header.Get("Content-Type"), "text/html") {
		// Nothing restored (and the kept form is gone): the page is not
		// one this user may see. Send what the handler wrote, if it
		// wrote; an error goes on to the error handler.
		if res.Committed {
			orig.WriteHeader(buf.status)
			if _, err := orig.Write(buf.body.Bytes()); err != nil {
				return err
			}
		}
		return herr
	}
	body, _ := restoreForm(buf.body.Bytes(), k.Action, k.fields(), views.T(ctx, "form.kept_restored"))
	buf.header.Del("Content-Length")
	orig.WriteHeader(http.StatusOK)
	_, err = orig.Write(body)
	return err
}

// bufferedWriter holds a handler's answer so that the restore can fill it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *bufferedWriter) Header() http.Header { return w.header }
func (w *bufferedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}
