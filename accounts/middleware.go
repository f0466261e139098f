package accounts

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// SessionCookie holds a signed-in browser's session token.
const SessionCookie = "ocu_session"

// viaToken marks requests authenticated by an API token: they carry no
// cookie a third-party page could ride on, so CSRF checks skip them.
const viaToken = "ocu.via_token"

// ViaToken reports whether the request was authenticated by an API token.
func ViaToken(c echo.Context) bool { v, _ := c.Get(viaToken).(bool); return v }

// Unsigned is what a group's routes do with a request nobody signed in
// sent (web.Rules.Auth).
type Unsigned int

const (
	// LetIn serves it as an anonymous principal: the public routes.
	LetIn Unsigned = iota
	// ToSignIn redirects it to the sign-in page, which comes back to the
	// page asked for: pages.
	ToSignIn
	// Refuse answers 401: the API.
	Refuse
)

// Middleware puts the signed-in user (session cookie or bearer token) in
// the request context as the ocu.Principal, and answers a request with
// nobody signed in as unsigned says. A bearer token that is not valid is
// refused wherever it is sent.
func (s *Store) Middleware(unsigned Unsigned) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return s.authenticate(unsigned, next)
	}
}

func (s *Store) authenticate(unsigned Unsigned, next echo.HandlerFunc) echo.HandlerFunc {
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
			u, err = s.SessionUser(ctx, ck.Value)
			if u == nil {
				clearCookie(c)
			}
			var ended sessionEnded
			if errors.As(err, &ended) {
				// Whatever this browser posts next is kept for this user.
				id, kerr := s.startKeeping(ctx, ended.userID)
				if kerr != nil {
					return kerr
				}
				setKeptCookie(c, id)
				c.Request().AddCookie(&http.Cookie{Name: KeptCookie, Value: id})
			}
		}
		switch {
		case u != nil:
		case unsigned == LetIn:
			c.SetRequest(r.WithContext(ocu.WithPrincipal(ctx, ocu.Principal{Username: "anonymous", Address: address})))
			return next(c)
		case unsigned == Refuse:
			return ocu.Errorf(ocu.Unauthenticated, "error.signin_required")
		default:
			target := "/signin"
			if next := SafeNext(r.URL.RequestURI()); r.Method == http.MethodGet && r.URL.Path != "/" && next != "" {
				target += "?next=" + url.QueryEscape(next)
			}
			if r.Method == http.MethodPost {
				// A form posted after its session ended: keep what was
				// typed, and come back to its page after sign-in.
				if page, kept, err := s.keep(c); err != nil {
					return err
				} else if kept {
					target = "/signin?next=" + url.QueryEscape(page)
				}
			}
			return c.Redirect(http.StatusSeeOther, target)
		}
		ctx = ocu.WithPrincipal(ctx, u.Principal(address))
		if views.Ships(u.Language) {
			// The account's choice wins over the browser's.
			ctx = views.WithLang(ctx, u.Language)
		}
		c.SetRequest(r.WithContext(ctx))
		if id := keptCookie(c); id != "" && r.Method == http.MethodGet && !ViaToken(c) {
			return s.restore(c, u, id, next)
		}
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
