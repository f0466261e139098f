package main

import (
	"net/http"
	"runtime"

	"github.com/labstack/echo/v4"
)

// admission bounds how many requests run at once, reads and changes
// apart. ocu's work is CPU and SQLite: with more requests in flight than
// cores, each takes longer without more getting done, and a change holding
// the one writer connection waits for CPU behind dozens of pages, making
// every other change wait behind it (measured: changes' p99 past one
// second under 32 busy users). Admitted requests finish quickly; the rest
// queue at the door, in order, and changes never queue behind pages.
//
// The groups of pages and of the API run it (web.Rules.Admit); requests
// that should not hold a slot are in groups without it: the public
// routes (static files, cheap; sign-in, bcrypt's deliberate quarter
// second, rate-limited on its own; health) and streaming ones (exports
// and imports, seconds to minutes: web.Group.Streaming and Upload).
type admission struct {
	reads, writes chan struct{}
}

func newAdmission() *admission {
	return &admission{
		reads:  make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
		writes: make(chan struct{}, 2),
	}
}

func (a *admission) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
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
