package accounts

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
)

// SessionCookie holds a signed-in browser's session token.
const SessionCookie = "ocu_session"

// viaToken marks requests authenticated by an API token: they carry no
// cookie a third-party page could ride on, so CSRF checks skip them.
const viaToken = "ocu.via_token"

// ViaToken reports whether the request was authenticated by an API token.
func ViaToken(c echo.Context) bool { v, _ := c.Get(viaToken).(bool); return v }

// Public says which paths need nobody signed in.
func Public(path string) bool {
	return path == "/signin" || path == "/healthz" || strings.HasPrefix(path, "/static/")
}

// Middleware puts the signed-in user (session cookie or bearer token) in
// the request context as the ocu.Principal. Without one, pages redirect to
// the sign-in page and the API answers 401.
func (s *Store) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		ctx := r.Context()
		address := c.RealIP()
		var u *User
		var err error
		if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
			if u, err = s.TokenUser(ctx, strings.TrimSpace(strings.TrimPrefix(auth, "Bearer "))); err != nil {
				return ocu.Errorf(ocu.Unauthenticated, "error.token_invalid")
			}
			c.Set(viaToken, true)
		} else if ck, cerr := c.Cookie(SessionCookie); cerr == nil {
			u, _ = s.SessionUser(ctx, ck.Value)
			if u == nil {
				clearCookie(c)
			}
		}
		if u == nil {
			if Public(r.URL.Path) {
				c.SetRequest(r.WithContext(ocu.WithPrincipal(ctx, ocu.Principal{Username: "anonymous", Address: address})))
				return next(c)
			}
			if strings.HasPrefix(r.URL.Path, "/api/") {
				return ocu.Errorf(ocu.Unauthenticated, "error.signin_required")
			}
			target := "/signin"
			if next := SafeNext(r.URL.RequestURI()); r.Method == http.MethodGet && r.URL.Path != "/" && next != "" {
				target += "?next=" + url.QueryEscape(next)
			}
			return c.Redirect(http.StatusSeeOther, target)
		}
		c.SetRequest(r.WithContext(ocu.WithPrincipal(ctx, u.Principal(address))))
		return next(c)
	}
}

func setCookie(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}

func clearCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
}
