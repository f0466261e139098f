package accounts

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/web"
)

// The accounts API for administrators' scripts: list accounts, create one.

// userJSON is an account as the API shows it: never the password hash.
// unit and country are null for roles that have none.
type userJSON struct {
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role"`
	Unit        *string   `json:"unit"`
	Country     *string   `json:"country"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func toUserJSON(snap *units.Snapshot, u *User) userJSON {
	j := userJSON{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Country: u.CountryISO2,
		Disabled: u.Disabled, CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
	if u.UnitID != nil {
		code := snap.UnitByID(*u.UnitID).Code
		j.Unit = &code
	}
	return j
}

// apiUsers answers GET /api/v1/users: every account, by username.
func (h *AdminHandler) apiUsers(c echo.Context) error {
	ctx := c.Request().Context()
	us, err := h.Store.Users(ctx)
	if err != nil {
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	out := struct {
		Users []userJSON `json:"users"`
	}{Users: make([]userJSON, 0, len(us))}
	for i := range us {
		out.Users = append(out.Users, toUserJSON(snap, &us[i]))
	}
	return c.JSON(http.StatusOK, out)
}

// createUserRequest is the body of POST /api/v1/users. Without a password
// ocu generates one and returns it, once.
type createUserRequest struct {
	UserInput
	Password *string `json:"password"`
}

// createdUserJSON is the new account and, when ocu generated it, its
// password: the only time it is ever sent.
type createdUserJSON struct {
	userJSON
	Password string `json:"password,omitempty"`
}

// apiCreateUser answers POST /api/v1/users with 201 and the account.
func (h *AdminHandler) apiCreateUser(c echo.Context) error {
	ctx := c.Request().Context()
	var req createUserRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	generated := req.Password == nil || *req.Password == ""
	password := GeneratePassword()
	if !generated {
		password = *req.Password
	}
	u, err := h.Store.CreateUser(ctx, req.UserInput, password)
	if err != nil {
		if !generated {
			err = withPasswordProblem(err, password)
		}
		return err
	}
	snap, err := h.Units.Snapshot(ctx)
	if err != nil {
		return err
	}
	out := createdUserJSON{userJSON: toUserJSON(snap, u)}
	if generated {
		out.Password = password
	}
	return c.JSON(http.StatusCreated, out)
}
