package accounts

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// AdminHandler serves the administrators' account pages and the accounts
// API for scripts. One account's page is in handlers_admin_user.go, the
// API in handlers_admin_api.go, and what both pages show of an account in
// handlers_admin_view.go.
type AdminHandler struct {
	Store *Store
	Units *units.Store
}

// Register mounts the routes. Each one checks the role itself, so a route
// added later cannot forget to.
func (h *AdminHandler) Register(e *echo.Echo) {
	e.GET("/admin/users", adminRoute(h.users))
	e.POST("/admin/users", adminRoute(h.createUser))
	e.GET("/admin/users/:username", adminRoute(h.user))
	e.POST("/admin/users/:username", adminRoute(h.updateUser))
	e.POST("/admin/users/:username/disabled", adminRoute(h.setDisabled))
	e.POST("/admin/users/:username/password", adminRoute(h.resetPassword))
	e.POST("/admin/tokens/:id/revoke", adminRoute(h.revokeToken))
	e.GET("/api/v1/users", adminRoute(h.apiUsers))
	e.POST("/api/v1/users", adminRoute(h.apiCreateUser))
	h.lockRoutes(e)
}

// adminRoute refuses anyone but an administrator before the handler reads
// anything. Its answers list people and can carry a password, so they are
// kept out of every cache: the back button of a shared machine must not
// bring a password back.
func adminRoute(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if p, ok := ocu.PrincipalFrom(c.Request().Context()); !ok || p.Role != ocu.RoleAdmin {
			return ocu.Errorf(ocu.Forbidden, "error.admin_only")
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// users is GET /admin/users: every account and an empty form.
func (h *AdminHandler) users(c echo.Context) error {
	return h.renderUsers(c, http.StatusOK, views.UserFormValues{Role: ocu.RoleOfficer}, nil)
}

// createUser is POST /admin/users. Success shows the account and, when ocu
// generated it, the password: a page rather than a redirect, so that it is
// shown once and reloading does not show it again. A refusal shows the form
// as typed, except the password, which never goes back to the browser.
func (h *AdminHandler) createUser(c echo.Context) error {
	ctx := c.Request().Context()
	v := formUserValues(c)
	v.Username = c.FormValue("username")
	password := c.FormValue("password")
	generated := password == ""
	if generated {
		password = GeneratePassword()
	}
	u, err := h.Store.CreateUser(ctx, inputOf(v), password)
	if err == nil {
		snap, err := h.Units.Snapshot(ctx)
		if err != nil {
			return err
		}
		d := views.UserCreatedData{User: userRow(ctx, snap, u)}
		if generated {
			d.Password = password
		}
		if d.Page, err = h.Units.AdminPage(ctx, views.T(ctx, "admin.created.title", u.Username)); err != nil {
			return err
		}
		return views.Render(ctx, c.Response(), http.StatusOK, views.UserCreated(d))
	}
	if !generated {
		err = withPasswordProblem(err, password)
	}
	e, status, ok := formRefusal(err)
	if !ok {
		return err
	}
	return h.renderUsers(c, status, v, e)
}

// withPasswordProblem adds a typed password's problem to a refusal of the
// other fields: CreateUser stops at those, and the administrator should
// fix everything in one go.
func withPasswordProblem(err error, password string) error {
	var e, pe *ocu.Error
	if !errors.As(err, &e) || e.Kind != ocu.Invalid || !errors.As(checkPassword(password), &pe) {
		return err
	}
	out := *e
	out.Fields = map[string]ocu.Message{}
	for f, m := range e.Fields {
		out.Fields[f] = m
	}
	for f, m := range pe.Fields {
		if _, ok := out.Fields[f]; !ok {
			out.Fields[f] = m
		}
	}
	return &out
}

func (h *AdminHandler) renderUsers(c echo.Context, status int, v views.UserFormValues, refusal *ocu.Error) error {
	ctx := c.Request().Context()
	us, err := h.Store.Users(ctx)
	if err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	d := views.AdminUsersData{Form: userForm(ctx, snap, "/admin/users", false, v, refusal)}
	for i := range us {
		d.Rows = append(d.Rows, userRow(ctx, snap, &us[i]))
	}
	if d.Page, err = h.Units.AdminPage(ctx, views.T(ctx, "admin.users.title")); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.AdminUsers(d))
}

// formRefusal says whether err is one a form shows above itself (bad input,
// or a clash such as a username taken) and with which status. Anything
// else goes to the error handler.
func formRefusal(err error) (*ocu.Error, int, bool) {
	var e *ocu.Error
	if !errors.As(err, &e) {
		return nil, 0, false
	}
	switch e.Kind {
	case ocu.Invalid:
		return e, http.StatusUnprocessableEntity, true
	case ocu.Conflict:
		return e, http.StatusConflict, true
	}
	return nil, 0, false
}

func userHref(username string) string { return "/admin/users/" + url.PathEscape(username) }
