package accounts

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// One account's page: its details form, disabling it, resetting its
// password and revoking its API tokens.

// savedMessages are the confirmations a redirect back to an account's page
// can ask for, by the value of ?saved=. Anything else shows none.
var savedMessages = map[string]string{
	"details":  "admin.user.saved",
	"disabled": "admin.user.saved_disabled",
	"enabled":  "admin.user.saved_enabled",
	"revoked":  "admin.user.saved_revoked",
}

// user is GET /admin/users/:username.
func (h *AdminHandler) user(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := h.Store.User(ctx, c.Param("username"))
	if err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	return h.renderUser(c, http.StatusOK, u, valuesOf(snap, u), nil)
}

// updateUser is POST /admin/users/:username. A changed role or scope signs
// the user out (the store does that), so it takes effect at once.
func (h *AdminHandler) updateUser(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := h.Store.User(ctx, c.Param("username"))
	if err != nil {
		return err
	}
	v := formUserValues(c)
	v.Username = u.Username
	if isSelf(c, u) && strings.TrimSpace(v.Role) != ocu.RoleAdmin {
		// Taking away one's own rights is how the last administrator
		// locks everybody out; another administrator has to do it.
		err = &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{"role": ocu.Msg("error.admin_own_role")}}
	} else {
		_, err = h.Store.UpdateUser(ctx, u.Username, inputOf(v))
	}
	if err == nil {
		return c.Redirect(http.StatusSeeOther, userHref(u.Username)+"?saved=details")
	}
	e, status, ok := web.Refusal(err)
	if !ok {
		return err
	}
	return h.renderUser(c, status, u, v, e)
}

// setDisabled is POST /admin/users/:username/disabled with disabled=true
// or false. Disabling signs the user out everywhere and stops their API
// tokens; enabling lets them sign in again with the password they had.
func (h *AdminHandler) setDisabled(c echo.Context) error {
	ctx := c.Request().Context()
	disabled, err := strconv.ParseBool(c.FormValue("disabled"))
	if err != nil {
		return ocu.Errorf(ocu.Invalid, "error.form_unreadable")
	}
	u, err := h.Store.User(ctx, c.Param("username"))
	if err != nil {
		return err
	}
	if disabled && isSelf(c, u) {
		return ocu.Errorf(ocu.Conflict, "error.admin_own_account")
	}
	if disabled && !u.Disabled && !web.Confirmed(c) {
		return h.askBeforeDisabling(c, u)
	}
	if err := h.Store.SetDisabled(ctx, u.Username, disabled); err != nil {
		return err
	}
	saved := "enabled"
	if disabled {
		saved = "disabled"
	}
	return c.Redirect(http.StatusSeeOther, userHref(u.Username)+"?saved="+saved)
}

// resetPassword is POST /admin/users/:username/password: a new generated
// password, shown on the answer and nowhere else, and the user signed out
// everywhere. An administrator resetting their own is signed out too.
func (h *AdminHandler) resetPassword(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := h.Store.User(ctx, c.Param("username"))
	if err != nil {
		return err
	}
	if !web.Confirmed(c) {
		return h.askBeforeResetting(c, u)
	}
	password := GeneratePassword()
	if err := h.Store.SetPassword(ctx, u.Username, password); err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	d := views.PasswordResetData{User: userRow(ctx, snap, u), Password: password, Self: isSelf(c, u)}
	if d.Page, err = h.Layout.AdminPage(ctx, views.T(ctx, "admin.reset.title", u.Username)); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.PasswordReset(d))
}

// revokeToken is POST /admin/tokens/:id/revoke, back to the owner's page.
func (h *AdminHandler) revokeToken(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.token_not_found")
	}
	if !web.Confirmed(c) {
		return h.askBeforeRevoking(c, id)
	}
	owner, err := h.tokenOwner(c, id)
	if err != nil {
		return err
	}
	if err := h.Store.RevokeToken(ctx, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, userHref(owner)+"?saved=revoked#tokens-h")
}

// tokenOwner is the username of a token's owner, to go back to their page.
func (h *AdminHandler) tokenOwner(c echo.Context, id int64) (string, error) {
	var owners []string
	err := h.Store.db.Read.WithContext(c.Request().Context()).
		Raw("SELECT u.username FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?", id).
		Scan(&owners).Error
	if err != nil {
		return "", err
	}
	if len(owners) == 0 {
		return "", ocu.Errorf(ocu.NotFound, "error.token_not_found")
	}
	return owners[0], nil
}

func (h *AdminHandler) renderUser(c echo.Context, status int, u *User, v views.UserFormValues, refusal *ocu.Error) error {
	ctx := c.Request().Context()
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	href := userHref(u.Username)
	d := views.AdminUserData{
		User: userRow(ctx, snap, u), Form: userForm(ctx, snap, href, true, v, refusal),
		Self: isSelf(c, u), DisableAction: href + "/disabled", PasswordAction: href + "/password",
	}
	if key, ok := savedMessages[c.QueryParam("saved")]; ok && refusal == nil {
		d.Saved = views.T(ctx, key, u.Username)
	}
	ts, err := h.Store.Tokens(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		r := views.TokenRow{Name: t.Name, Prefix: t.Prefix, Created: views.When(ctx, t.CreatedAt, nil),
			RevokeAction: "/admin/tokens/" + strconv.FormatInt(t.ID, 10) + "/revoke"}
		r.LastUsed, r.Revoked = views.WhenPtr(ctx, t.LastUsedAt, nil), views.WhenPtr(ctx, t.RevokedAt, nil)
		d.Tokens = append(d.Tokens, r)
	}
	if d.Page, err = h.Layout.AdminPage(ctx, u.Username); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.AdminUser(d))
}

func isSelf(c echo.Context, u *User) bool {
	p, _ := ocu.PrincipalFrom(c.Request().Context())
	return p.UserID != 0 && p.UserID == u.ID
}
