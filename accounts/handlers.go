package accounts

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Handler serves sign-in, sign-out and the user's own account page.
type Handler struct {
	Store  *Store
	Units  *units.Store
	Layout web.Layout
}

// MaxNextParam is the most characters the page to return to after signing
// in (the sign-in page's next parameter) may hold, more than any other
// parameter: it is a whole path with its query.
const MaxNextParam = 2000

// Register mounts the routes. Signing in is public, and held to a rate of
// its own per address (signInRateLimit).
func (h *Handler) Register(r web.Routes) {
	// The stand-in hash for unknown usernames is built now, not during
	// the first sign-in, which would then take twice as long.
	go standInHash(PasswordCost)
	signin := r.Public.Param("next", MaxNextParam)
	signin.GET("/signin", h.signInForm)
	signin.POST("/signin", h.signIn, signInRateLimit())
	r.Public.Param("back", MaxNextParam).POST("/language", h.setLanguage)
	r.Pages.POST("/signout", h.signOut)
	r.Pages.GET("/account", h.account)
	r.Pages.POST("/account/tokens", h.createToken)
	r.Pages.POST("/account/tokens/:id/revoke", h.revokeToken)
	r.API.GET("/me", h.me)
}

func (h *Handler) renderSignIn(c echo.Context, status int, d views.SignInData) error {
	ctx := c.Request().Context()
	d.Page = views.Page{Title: views.T(ctx, "signin.title")}
	return views.Render(ctx, c.Response(), status, views.SignIn(d))
}

func (h *Handler) signInForm(c echo.Context) error {
	d := views.SignInData{Next: SafeNext(c.QueryParam("next"))}
	ctx := c.Request().Context()
	if c.QueryParam("signedout") != "" {
		d.Notice = views.T(ctx, "signin.signed_out")
	}
	if k, err := h.Store.loadKept(ctx, keptCookie(c)); err != nil {
		return err
	} else if k != nil && k.Fields != "" {
		d.Notice = views.T(ctx, "signin.kept")
	}
	return h.renderSignIn(c, http.StatusOK, d)
}

// signIn checks the password; a refusal waits as long as the throttle says
// before answering, and never says whether the account exists.
func (h *Handler) signIn(c echo.Context) error {
	ctx := c.Request().Context()
	username, next := c.FormValue("username"), SafeNext(c.FormValue("next"))
	// A previous session in this browser ends here: sign-in always issues a
	// new identifier.
	if ck, err := c.Cookie(SessionCookie); err == nil {
		_ = h.Store.EndSession(ctx, ck.Value)
	}
	token, u, err := h.Store.SignIn(ctx, username, c.FormValue("password"), c.RealIP())
	var refusal *SignInError
	if asSignIn(err, &refusal) {
		time.Sleep(refusal.Delay)
		msg, _ := refusal.Err().(*ocu.Error).Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
		return h.renderSignIn(c, http.StatusUnauthorized, views.SignInData{Username: username, Next: next, Error: msg})
	}
	if err != nil {
		return err
	}
	setCookie(c, token)
	// A form kept when this browser's session ended goes back to its own
	// user only: anyone else signing in here drops it unseen.
	if id := keptCookie(c); id != "" {
		k, err := h.Store.loadKept(ctx, id)
		if err != nil {
			return err
		}
		if k == nil || k.UserID != u.ID || k.Fields == "" {
			if err := h.Store.dropKept(ctx, id); err != nil {
				return err
			}
			clearKeptCookie(c)
		} else if next == "" {
			next = SafeNext(k.Page)
		}
	}
	// An unsafe or missing target (SafeNext answered "") goes home.
	if next == "" {
		next = "/"
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func asSignIn(err error, target **SignInError) bool {
	e, ok := err.(*SignInError)
	if ok {
		*target = e
	}
	return ok
}

func (h *Handler) signOut(c echo.Context) error {
	if ck, err := c.Cookie(SessionCookie); err == nil {
		if err := h.Store.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	clearCookie(c)
	return c.Redirect(http.StatusSeeOther, "/signin?signedout=1")
}

// account shows the signed-in user's own details and API tokens.
func (h *Handler) account(c echo.Context) error {
	return h.renderAccount(c, http.StatusOK, "", "", nil)
}

func (h *Handler) renderAccount(c echo.Context, status int, newToken, name string, errs map[string]string) error {
	ctx := c.Request().Context()
	p, _ := ocu.PrincipalFrom(ctx)
	op, _ := h.Units.CurrentOperation(ctx)
	layout, err := h.Layout.Page(ctx, views.T(ctx, "account.title"), "account", op.Ref())
	if err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	d := views.AccountData{Page: layout, Username: p.Username, DisplayName: p.Name(), Role: views.T(ctx, "role."+p.Role),
		Country: snap.CountryName(p.Country), NewToken: newToken, NewTokenName: name, Errors: errs}
	if p.UnitID != 0 {
		d.Unit = views.T(ctx, "unit.name", snap.UnitByID(p.UnitID).City)
	}
	tokens, err := h.Store.Tokens(ctx, p.UserID)
	if err != nil {
		return err
	}
	// Times in the user's OCU's zone; UTC for those who belong to none.
	var loc *time.Location
	if p.UnitID != 0 {
		loc = snap.UnitByID(p.UnitID).Location()
	}
	for _, t := range tokens {
		d.Tokens = append(d.Tokens, views.TokenRow{Name: t.Name, Prefix: t.Prefix, Created: views.When(ctx, t.CreatedAt, loc),
			LastUsed: views.WhenPtr(ctx, t.LastUsedAt, loc), Revoked: views.WhenPtr(ctx, t.RevokedAt, loc),
			RevokeAction: "/account/tokens/" + strconv.FormatInt(t.ID, 10) + "/revoke"})
	}
	return views.Render(ctx, c.Response(), status, views.Account(d))
}

// createToken issues a token and shows it once, on this response.
func (h *Handler) createToken(c echo.Context) error {
	ctx := c.Request().Context()
	p, _ := ocu.PrincipalFrom(ctx)
	name := c.FormValue("name")
	token, _, err := h.Store.CreateToken(ctx, p.Username, name)
	if e, ok := err.(*ocu.Error); ok && e.Kind == ocu.Invalid {
		_, fields := e.Translate(func(k string, a ...any) string { return views.T(ctx, k, a...) })
		return h.renderAccount(c, http.StatusUnprocessableEntity, "", name, fields)
	}
	if err != nil {
		return err
	}
	return h.renderAccount(c, http.StatusOK, token, strings.TrimSpace(name), nil)
}

func (h *Handler) revokeToken(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.token_not_found")
	}
	if !web.Confirmed(c) {
		return h.askBeforeRevoking(c, id)
	}
	if err := h.Store.RevokeToken(c.Request().Context(), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account")
}

// me answers GET /api/v1/me: who the token or session belongs to.
func (h *Handler) me(c echo.Context) error {
	p, _ := ocu.PrincipalFrom(c.Request().Context())
	snap, err := h.Units.Snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	out := map[string]any{"username": p.Username, "display_name": p.Name(), "role": p.Role, "country": p.Country, "unit": ""}
	if p.UnitID != 0 {
		out["unit"] = snap.UnitByID(p.UnitID).Code
	}
	return c.JSON(http.StatusOK, out)
}
