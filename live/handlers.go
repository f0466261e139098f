package live

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
	"github.com/ocu-project/ocu/work"
)

// Queue is every user's My work: the domains' sources, gathered for the
// principal in the context. The unread alerts are kept apart: the header
// counts them already (web.Layout.Alerts), and its work count adds them
// rather than reading them twice.
type Queue struct {
	Alerts  work.Source
	Sources []work.Source
}

// Gather is what waits on the principal in ctx.
func (q Queue) Gather(ctx context.Context) (work.Queue, error) {
	return work.Gather(ctx, append([]work.Source{q.Alerts}, q.Sources...))
}

// WorkCount is how many things wait on the principal in ctx, given the
// unread alerts already counted: the header's count (web.WorkCounter).
func (q Queue) WorkCount(ctx context.Context, alertsUnread int) (int, error) {
	if p, ok := ocu.PrincipalFrom(ctx); !ok || p.UserID == 0 {
		return 0, nil
	}
	n, err := work.CountOf(ctx, q.Sources)
	return n + alertsUnread, err
}

// Handler serves My work and the live stream.
type Handler struct {
	Hub    *Hub
	Queue  Queue
	Alerts web.AlertCounter
	Layout web.Layout
}

// Register mounts the handler's routes. The stream holds no admission
// slot: it is open as long as the page is.
func (h *Handler) Register(r web.Routes) {
	r.Pages.Streaming().GET("/events", h.events)
	r.Pages.GET("/work", h.page)
	r.Pages.GET("/work/counts", h.counts)
	r.API.GET("/work", h.apiList)
}

// page is GET /work.
func (h *Handler) page(c echo.Context) error {
	ctx := c.Request().Context()
	layout, err := h.Layout.CurrentPage(ctx, views.T(ctx, "work.title"), "work")
	if err != nil {
		return err
	}
	q, err := h.Queue.Gather(ctx)
	if err != nil {
		return err
	}
	d := views.WorkPageData{Page: layout, Total: q.Count()}
	for _, it := range q.Items {
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Kind != it.Kind {
			d.Groups = append(d.Groups, views.WorkGroup{Kind: it.Kind, Heading: views.T(ctx, "work.kind."+it.Kind)})
		}
		row := views.WorkRow{Title: it.Title, Href: it.Href, Overdue: it.Overdue}
		if it.Due != nil {
			row.Due = views.When(ctx, *it.Due, nil).Text
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Items = append(g.Items, row)
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.WorkPage(d))
}

// counts is GET /work/counts: the header's counts, which the page fetches
// when its stream says they changed.
func (h *Handler) counts(c echo.Context) error {
	ctx := c.Request().Context()
	who, _ := ocu.PrincipalFrom(ctx)
	alerts, err := h.Alerts.Unread(ctx, who)
	if err != nil {
		return err
	}
	n, err := h.Queue.WorkCount(ctx, alerts)
	if err != nil {
		return err
	}
	return views.Render(ctx, c.Response(), http.StatusOK, views.WorkCounts(n, alerts))
}

// workItemJSON is an item of the queue in the API.
type workItemJSON struct {
	Kind    string     `json:"kind"`
	Title   string     `json:"title"`
	Href    string     `json:"href"`
	Due     *time.Time `json:"due,omitempty"`
	Overdue bool       `json:"overdue"`
	Count   int        `json:"count"`
}

// apiList is GET /api/v1/work: the reader's queue.
func (h *Handler) apiList(c echo.Context) error {
	q, err := h.Queue.Gather(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]workItemJSON, 0, len(q.Items))
	for _, it := range q.Items {
		out = append(out, workItemJSON{Kind: it.Kind, Title: it.Title, Href: it.Href, Due: it.Due, Overdue: it.Overdue, Count: max(it.Count, 1)})
	}
	return c.JSON(http.StatusOK, map[string]any{"total": q.Count(), "items": out})
}
