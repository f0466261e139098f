package main

import (
	"net/http"
	"runtime"
	"strings"

	"github.com/labstack/echo/v4"
)

// admission bounds how many requests run at once, reads and changes
// apart. ocu's work is CPU and SQLite: with more requests in flight than
// cores, each takes longer without more getting done, and a change holding
// the one writer connection waits for CPU behind dozens of pages, making
// every other change wait behind it (measured: changes' p99 past one
// second under 32 busy users). Admitted requests finish quickly; the rest
// queue at the door, in order, and changes never queue behind pages.
type admission struct {
	reads, writes chan struct{}
}

func newAdmission() *admission {
	return &admission{
		reads:  make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
		writes: make(chan struct{}, 2),
	}
}

// exempt are requests that should not hold a slot: static files (cheap),
// sign-in (bcrypt's deliberate quarter second, rate-limited on its own),
// and exports and imports (seconds to minutes of streaming).
func exempt(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/static/") || p == "/signin" || p == "/healthz" ||
		strings.HasPrefix(p, "/exports/download") || p == "/api/v1/export" || p == "/imports"
}

func (a *admission) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if exempt(r) {
			return next(c)
		}
		slots := a.writes
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			slots = a.reads
		}
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			return r.Context().Err()
		}
		defer func() { <-slots }()
		return next(c)
	}
}
