package accounts

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// LangCookie remembers the language a browser chose before signing in (or
// a signed-in reader's, for the next sign-in page).
const LangCookie = "ocu_lang"

// setLanguage is the language switcher's form (header and sign-in page),
// which works without JavaScript: the chosen language is kept in a cookie
// and, for a signed-in reader, as the account's preference; then back to
// the page it was chosen on.
func (h *Handler) setLanguage(c echo.Context) error {
	ctx := c.Request().Context()
	lang := c.FormValue("lang")
	if !views.Ships(lang) {
		fe := ocu.FieldErrors{}
		fe.Add("lang", "error.language_unknown")
		return fe.Err()
	}
	c.SetCookie(&http.Cookie{Name: LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.IsTLS()})
	if p, ok := ocu.PrincipalFrom(ctx); ok && p.UserID != 0 {
		if err := h.Store.db.Write.WithContext(ctx).Exec("UPDATE users SET language = ? WHERE id = ?", lang, p.UserID).Error; err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, SwitchBack(c.FormValue("back")))
}

// SwitchBack is the page to show after a change of language: the one it
// was changed on when that is a safe target (SafeNext), the sign-in page
// included (with its own target checked the same way), else home. The
// switcher's form carries it already checked, and it is checked again
// when the form comes back.
func SwitchBack(next string) string {
	if safe := SafeNext(next); safe != "" {
		return safe
	}
	if u, err := url.Parse(next); err == nil && next != "" && printableASCII(next) && u.Scheme == "" && u.Host == "" && u.Path == "/signin" {
		if then := SafeNext(u.Query().Get("next")); then != "" {
			return "/signin?next=" + url.QueryEscape(then)
		}
		return "/signin"
	}
	return "/"
}
