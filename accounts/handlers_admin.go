package accounts

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// AdminHandler serves the administrators' account pages and the accounts
// API for scripts. One account's page is in handlers_admin_user.go, the
// API in handlers_admin_api.go, and what both pages show of an account in
// handlers_admin_view.go.
type AdminHandler struct {
	Store  *Store
	Units  *units.Store
	Layout web.Layout
}

// Register mounts the routes, each for administrators alone (their
// answers list people and can carry a password): a route added to admin
// cannot forget the guard.
func (h *AdminHandler) Register(r web.Routes) {
	admin, adminAPI := r.Pages.With(web.Admin), r.API.With(web.Admin)
	admin.GET("/admin/users", h.users)
	admin.POST("/admin/users", h.createUser)
	admin.GET("/admin/users/:username", h.user)
	admin.POST("/admin/users/:username", h.updateUser)
	admin.POST("/admin/users/:username/disabled", h.setDisabled)
	admin.POST("/admin/users/:username/password", h.resetPassword)
	admin.POST("/admin/tokens/:id/revoke", h.revokeToken)
	adminAPI.GET("/users", h.apiUsers)
	adminAPI.POST("/users", h.apiCreateUser)
	admin.GET("/admin/locks", h.locks)
	admin.POST("/admin/locks/lift", h.liftLock)
	adminAPI.GET("/admin/locks", h.apiLocks)
	adminAPI.DELETE("/admin/locks/accounts/:name", apiLiftLock(h.Store, LockAccount))
	adminAPI.DELETE("/admin/locks/addresses/:name", apiLiftLock(h.Store, LockAddress))
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
		if d.Page, err = h.Layout.AdminPage(ctx, views.T(ctx, "admin.created.title", u.Username)); err != nil {
			return err
		}
		return views.Render(ctx, c.Response(), http.StatusOK, views.UserCreated(d))
	}
	if !generated {
		err = withPasswordProblem(err, password)
	}
	e, status, ok := web.Refusal(err)
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
	if d.Page, err = h.Layout.AdminPage(ctx, views.T(ctx, "admin.users.title")); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), status, views.AdminUsers(d))
}

func userHref(username string) string { return "/admin/users/" + url.PathEscape(username) }
