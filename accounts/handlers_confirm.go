package accounts

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// The confirmation pages of the accounts' irreversible acts (web.AskFirst):
// disabling an account (it signs the user out everywhere and stops their
// tokens at once), resetting a password (the old one is gone) and revoking
// an API token (a revoked token never works again). The form's first POST
// lands here and does nothing; its Confirm button posts again with
// confirm=1. Enabling an account undoes nothing and is not asked about.

// askBeforeDisabling shows what disabling u does.
func (h *AdminHandler) askBeforeDisabling(c echo.Context, u *User) error {
	ctx := c.Request().Context()
	d := views.ConfirmData{
		Heading: views.T(ctx, "confirm.disable.heading", u.Username),
		Lead:    []string{views.T(ctx, "confirm.disable.lead", u.Username), views.T(ctx, "confirm.disable.undo")},
		Confirm: views.T(ctx, "admin.user.disable"),
		Cancel:  userHref(u.Username),
	}
	return h.askFirst(c, d)
}

// askBeforeResetting shows what a new password for u does.
func (h *AdminHandler) askBeforeResetting(c echo.Context, u *User) error {
	ctx := c.Request().Context()
	d := views.ConfirmData{
		Heading: views.T(ctx, "confirm.reset.heading", u.Username),
		Lead:    []string{views.T(ctx, "confirm.reset.lead", u.Username)},
		Confirm: views.T(ctx, "admin.user.reset_password"),
		Cancel:  userHref(u.Username),
	}
	return h.askFirst(c, d)
}

func (h *AdminHandler) askFirst(c echo.Context, d views.ConfirmData) error {
	var err error
	if d.Page, err = h.Layout.AdminPage(c.Request().Context(), d.Heading); err != nil {
		return err
	}
	return web.AskFirst(c, d)
}

// liveToken is what a confirmation says of a token not yet revoked.
type liveToken struct {
	Name, Prefix, Owner string
	UserID              int64
}

// liveTokenFor reads token id as the principal of ctx may see it: a token
// revoked already, or of someone else's account for a non-administrator,
// is not found (as RevokeToken would answer).
func liveTokenFor(ctx context.Context, s *Store, id int64) (liveToken, error) {
	var ts []liveToken
	err := s.db.Read.WithContext(ctx).Raw(`SELECT t.name, t.prefix, u.username AS owner, t.user_id
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ? AND t.revoked_at IS NULL`, id).Scan(&ts).Error
	if err != nil {
		return liveToken{}, err
	}
	p, _ := ocu.PrincipalFrom(ctx)
	if len(ts) == 0 || !p.MayManageTokensOf(ts[0].UserID) {
		return liveToken{}, ocu.Errorf(ocu.NotFound, "error.token_not_found")
	}
	return ts[0], nil
}

// revokeConfirmation is the confirmation of revoking t, Cancel leading
// back to cancel.
func revokeConfirmation(ctx context.Context, t liveToken, cancel string) views.ConfirmData {
	return views.ConfirmData{
		Heading: views.T(ctx, "confirm.revoke.heading", t.Name),
		Lead:    []string{views.T(ctx, "confirm.revoke.lead", t.Name, t.Prefix, t.Owner), views.T(ctx, "confirm.revoke.undo")},
		Confirm: views.T(ctx, "confirm.revoke.button"),
		Cancel:  cancel,
	}
}

// askBeforeRevoking is the administrator's confirmation of revoking token id.
func (h *AdminHandler) askBeforeRevoking(c echo.Context, id int64) error {
	t, err := liveTokenFor(c.Request().Context(), h.Store, id)
	if err != nil {
		return err
	}
	return h.askFirst(c, revokeConfirmation(c.Request().Context(), t, userHref(t.Owner)+"#tokens-h"))
}

// askBeforeRevoking is a user's confirmation of revoking their token id.
func (h *Handler) askBeforeRevoking(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	t, err := liveTokenFor(ctx, h.Store, id)
	if err != nil {
		return err
	}
	d := revokeConfirmation(ctx, t, "/account")
	op, _ := h.Units.CurrentOperation(ctx)
	if d.Page, err = h.Layout.Page(ctx, d.Heading, "account", op.Ref()); err != nil {
		return err
	}
	return web.AskFirst(c, d)
}
