package accounts

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu/views"
)

// The sign-in locks page and API: administrators see which accounts are
// locked and which addresses are slowed, and lift them.

// locks is GET /admin/locks.
func (h *AdminHandler) locks(c echo.Context) error {
	ctx := c.Request().Context()
	accounts, addresses, err := h.Store.Locks(ctx)
	if err != nil {
		return err
	}
	d := views.AdminLocksData{}
	switch kind, name := c.QueryParam("lifted"), c.QueryParam("name"); kind {
	case LockAccount, LockAddress:
		d.Lifted = views.T(ctx, "admin.locks.lifted_"+kind, name)
	}
	for _, l := range accounts {
		d.Accounts = append(d.Accounts, views.AccountLockRow{Username: l.Username, Href: userHref(l.Username), Failures: l.Failures,
			LockedUntil: views.When(ctx, l.LockedUntil, nil)})
	}
	for _, t := range addresses {
		d.Addresses = append(d.Addresses, views.AddressThrottleRow{Address: t.Address, Failures: t.Failures,
			LastFailure: views.When(ctx, t.LastFailure, nil),
			Delay:       seconds(ctx, t.Delay)})
	}
	if d.Page, err = h.Layout.AdminPage(ctx, views.T(ctx, "admin.locks.title")); err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.AdminLocks(d))
}

func seconds(ctx context.Context, d time.Duration) string {
	return views.T(ctx, "admin.locks.seconds", strconv.FormatFloat(d.Seconds(), 'f', -1, 64))
}

// liftLock is POST /admin/locks/lift with kind (account or address) and
// name; it goes back to the list, which says what was lifted.
func (h *AdminHandler) liftLock(c echo.Context) error {
	kind, name := c.FormValue("kind"), c.FormValue("name")
	if err := h.Store.LiftLock(c.Request().Context(), kind, name); err != nil {
		return err
	}
	q := url.Values{"lifted": {kind}, "name": {name}}
	return c.Redirect(http.StatusSeeOther, "/admin/locks?"+q.Encode())
}

// accountLockJSON and addressThrottleJSON are the API's view of a lock.
type accountLockJSON struct {
	Username    string    `json:"username"`
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until"`
}

type addressThrottleJSON struct {
	Address     string    `json:"address"`
	Failures    int       `json:"failures"`
	LastFailure time.Time `json:"last_failure"`
	DelayMS     int64     `json:"delay_ms"`
}

// apiLocks answers GET /api/v1/admin/locks.
func (h *AdminHandler) apiLocks(c echo.Context) error {
	accounts, addresses, err := h.Store.Locks(c.Request().Context())
	if err != nil {
		return err
	}
	out := struct {
		Accounts  []accountLockJSON     `json:"accounts"`
		Addresses []addressThrottleJSON `json:"addresses"`
	}{Accounts: []accountLockJSON{}, Addresses: []addressThrottleJSON{}}
	for _, l := range accounts {
		out.Accounts = append(out.Accounts, accountLockJSON(l))
	}
	for _, t := range addresses {
		out.Addresses = append(out.Addresses, addressThrottleJSON{Address: t.Address, Failures: t.Failures,
			LastFailure: t.LastFailure, DelayMS: t.Delay.Milliseconds()})
	}
	return c.JSON(http.StatusOK, out)
}

// apiLiftLock answers DELETE /api/v1/admin/locks/accounts/:name and
// /api/v1/admin/locks/addresses/:name with 204.
func apiLiftLock(s *Store, kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		name := c.Param("name")
		// echo leaves a parameter escaped when the path needed escaping
		// (an IPv6 zone's "%").
		if u, err := url.PathUnescape(name); err == nil {
			name = u
		}
		if err := s.LiftLock(c.Request().Context(), kind, name); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
