package alerts

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// Warnings is where the alerts page gets the operation's notices, which
// every user is shown (cases implements it).
type Warnings interface {
	OperationWarnings(ctx context.Context, operationCode string) ([]views.NoticeRow, error)
}

// Handler serves the alerts page and its API.
type Handler struct {
	Store    *Store
	Warnings Warnings
	Layout   web.Layout
	// CountryName names a country by its code, for whom an alert told.
	CountryName func(ctx context.Context, iso2 string) string
}

// Register mounts the handler's routes.
func (h *Handler) Register(r web.Routes) {
	r.Pages.GET("/alerts", h.page)
	r.Pages.POST("/alerts/read", h.markRead)
	r.API.GET("/alerts", h.apiList)
	r.API.POST("/alerts/read", h.apiMarkRead)
}

func (h *Handler) page(c echo.Context) error {
	ctx := c.Request().Context()
	who, _ := ocu.PrincipalFrom(ctx)
	layout, err := h.Layout.CurrentPage(ctx, views.T(ctx, "alerts.title"), "alerts")
	if err != nil {
		return err
	}
	d := views.AlertsPageData{Page: layout, MarkReadAction: "/alerts/read"}
	if op := layout.Operation; op.Code != "" {
		if d.Warnings, err = h.Warnings.OperationWarnings(ctx, op.Code); err != nil {
			return err
		}
		d.WarningsHref = "/operations/" + op.Code + "/notices"
	}
	list, err := h.Store.List(ctx, who)
	if err != nil {
		return err
	}
	for _, a := range list {
		d.Alerts = append(d.Alerts, h.row(ctx, a))
		if a.New {
			d.NewCount++
		}
		d.UpTo = max(d.UpTo, a.ID)
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.AlertsPage(d))
}

// row is an alert in the reader's words. Each kind has a title; a body
// when ocu knows how to tell it, else its details as codes.
func (h *Handler) row(ctx context.Context, a Listed) views.AlertRow {
	r := views.AlertRow{Title: views.T(ctx, "alert."+a.Kind+".title"), Subject: a.Subject, SubjectHref: subjectHref(a.Subject),
		At: views.When(ctx, a.CreatedAt, nil), New: a.New}
	str := func(k string) string { s, _ := a.Details[k].(string); return s }
	switch a.Kind {
	case NoticeLocated:
		key := "alert.notice_located.body"
		if str("by") == "document" {
			key = "alert.notice_located.body_document"
		}
		r.Body = views.T(ctx, key, views.T(ctx, "notice."+str("colour")), str("control_number"), str("case"), str("unit"), h.country(ctx, str("located_in")))
	default:
		keys := make([]string, 0, len(a.Details))
		for k := range a.Details {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s: %v", k, a.Details[k]))
		}
		r.Body = strings.Join(parts, "; ")
	}
	var told []string
	if a.Country != nil {
		told = append(told, h.country(ctx, *a.Country))
	}
	if a.Unit != "" {
		told = append(told, views.T(ctx, "alerts.told_unit", a.Unit))
	}
	r.Told = strings.Join(told, " · ")
	return r
}

func (h *Handler) country(ctx context.Context, iso2 string) string {
	if h.CountryName != nil {
		if n := h.CountryName(ctx, iso2); n != "" {
			return n
		}
	}
	return iso2
}

// upTo reads the newest alert the reader was shown.
func upTo(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 1 {
		return 0, ocu.Refused("up_to", ocu.Msg("error.alerts_up_to"))
	}
	return n, nil
}

func (h *Handler) markRead(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := upTo(c.FormValue("up_to"))
	if err != nil {
		return err
	}
	who, _ := ocu.PrincipalFrom(ctx)
	if _, err := h.Store.MarkRead(ctx, who, n); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/alerts?saved=alerts_read")
}

// alertJSON is an alert as the API returns it.
type alertJSON struct {
	ID        int64          `json:"id"`
	Kind      string         `json:"kind"`
	Subject   string         `json:"subject"`
	Country   *string        `json:"country,omitempty"`
	Unit      string         `json:"unit,omitempty"`
	Details   map[string]any `json:"details"`
	New       bool           `json:"new"`
	CreatedAt time.Time      `json:"created_at"`
}

func (h *Handler) apiList(c echo.Context) error {
	ctx := c.Request().Context()
	who, _ := ocu.PrincipalFrom(ctx)
	list, err := h.Store.List(ctx, who)
	if err != nil {
		return err
	}
	out := make([]alertJSON, 0, len(list))
	unread := 0
	for _, a := range list {
		if a.New {
			unread++
		}
		if a.Details == nil {
			a.Details = map[string]any{}
		}
		out = append(out, alertJSON{ID: a.ID, Kind: a.Kind, Subject: a.Subject, Country: a.Country, Unit: a.Unit,
			Details: a.Details, New: a.New, CreatedAt: a.CreatedAt.UTC()})
	}
	return c.JSON(http.StatusOK, map[string]any{"alerts": out, "new": unread})
}

func (h *Handler) apiMarkRead(c echo.Context) error {
	ctx := c.Request().Context()
	var in struct {
		UpTo int64 `json:"up_to"`
	}
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if in.UpTo < 1 {
		return ocu.Refused("up_to", ocu.Msg("error.alerts_up_to"))
	}
	who, _ := ocu.PrincipalFrom(ctx)
	n, err := h.Store.MarkRead(ctx, who, in.UpTo)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"marked": n})
}

// subjectHref is the page an alert's subject is shown on, when there is
// one for it: a possible match's row on the matches page, which discloses
// it within the reader's scope. Other subjects are shown as codes.
func subjectHref(subject string) string {
	id, ok := strings.CutPrefix(subject, "match:")
	if !ok {
		return ""
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return ""
	}
	return "/matches#match-" + id
}
