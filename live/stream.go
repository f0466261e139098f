package live

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
)

// heartbeat is how often a quiet stream sends a comment: proxies keep it
// open, and a page that went away is noticed (the write fails).
const heartbeat = 25 * time.Second

// retryMillis is how long a browser waits before reconnecting a stream
// that dropped (the server restarted).
const retryMillis = 3000

// events is GET /events: the signed-in user's stream. It holds no
// admission slot (Group.Streaming) and lifts the server's read and write
// deadlines for its connection, which would otherwise cut it after a
// minute or two; it ends when the page goes, or the hub stops.
func (h *Handler) events(c echo.Context) error {
	ctx := c.Request().Context()
	who, _ := ocu.PrincipalFrom(ctx)
	if who.UserID == 0 {
		// The pages group sends nobody here unsigned; ocu itself has
		// no page to update.
		return ocu.Errorf(ocu.Forbidden, "error.live_no_account")
	}
	if !h.Hub.Running() {
		// No hub feeds streams (a server for tests, or one stopping):
		// 204 tells the browser's EventSource not to reconnect, and the
		// pages work as they do without JavaScript.
		return c.NoContent(http.StatusNoContent)
	}
	w := c.Response()
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		return err
	}
	// The server's ReadTimeout would otherwise end the connection's
	// background read, and with it the request's context.
	_ = rc.SetReadDeadline(time.Time{})
	hdr := w.Header()
	hdr.Set(echo.HeaderContentType, "text/event-stream")
	hdr.Set("X-Accel-Buffering", "no") // a proxy in front must not hold events back
	w.WriteHeader(http.StatusOK)

	sub := h.Hub.Subscribe(who)
	defer h.Hub.Unsubscribe(sub)
	if _, err := fmt.Fprintf(w, "retry: %d\n: connected\n\n", retryMillis); err != nil {
		return nil
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	beat := time.NewTicker(heartbeat)
	defer beat.Stop()
	for {
		var err error
		select {
		case <-ctx.Done():
			return nil
		case <-h.Hub.Done():
			return nil
		case <-beat.C:
			_, err = fmt.Fprint(w, ": beat\n\n")
		case ev := <-sub.C:
			err = write(w, ev)
			if err == nil && ev.Name == "alert" {
				// An alert changes the header's counts.
				err = write(w, Event{Name: "work", Data: "alert"})
			}
			if err == nil && sub.dropped.Swap(false) {
				err = write(w, Event{Name: "work", Data: "dropped"})
			}
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return nil // the page went away
		}
	}
}

// write puts ev on the stream in the SSE format. Data is one line, the
// hub's own making (codes and times).
func write(w http.ResponseWriter, ev Event) error {
	var err error
	if ev.ID != 0 {
		_, err = fmt.Fprintf(w, "event: %s\nid: %d\ndata: %s\n\n", ev.Name, ev.ID, ev.Data)
	} else {
		_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Name, ev.Data)
	}
	return err
}
