package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Routes are the groups the server mounts its routes in. Each package's
// Register puts every route in the group whose rules it needs, with what
// the route needs on top (a guard, a longer parameter) declared on the
// same line: nothing about a route is decided anywhere else, and no rule
// looks at the URL.
type Routes struct {
	Public *Group // anyone, signed in or not: sign-in, health, static files
	Pages  *Group // HTML pages for someone signed in
	API    *Group // the JSON API, under APIPrefix
}

// APIPrefix is where the API is mounted: the API group's prefix.
const APIPrefix = "/api/v1"

// Rules are what every route of a group runs before its handler, in the
// order of the fields. Every group also keeps its answers out of caches
// (noStore).
type Rules struct {
	// JSON answers errors as JSON (the API); otherwise as a page.
	JSON bool
	// Body refuses a body over the group's limit; nil: MaxBody (1 MB),
	// room for any form or JSON body.
	Body echo.MiddlewareFunc
	// Params are the query parameters allowed more than MaxParam
	// characters, with their limit (see Group.Param).
	Params map[string]int
	// OwnMultipart leaves a multipart body to the handler (an upload):
	// parsing it before would spool the whole file before the
	// handler's checks run.
	OwnMultipart bool
	// Admit holds a request at the door until there is room to serve it
	// (admission control); nil for routes that must not wait or hold a
	// place for long (Group.Streaming).
	Admit echo.MiddlewareFunc
	// Auth puts the principal in the request's context, and answers for
	// a request with nobody signed in (let in, sent to sign in, refused).
	Auth echo.MiddlewareFunc
	// Then run last, in order: CSRF, rate limits.
	Then []echo.MiddlewareFunc
}

// Group is a set of routes that share rules, mounted under a prefix. It
// stands in for echo's Group, whose middleware adds catch-all routes: they
// would answer 404 where 405 is right, and show up in e.Routes().
type Group struct {
	site   *Site
	prefix string
	rules  Rules
}

// Site is the echo instance with its groups, and the routes they mounted.
type Site struct {
	e      *echo.Echo
	routes map[string]bool // "METHOD /path" of every route a group added
}

// NewSite prepares e to mount groups of routes.
func NewSite(e *echo.Echo) *Site { return &Site{e: e, routes: map[string]bool{}} }

// Group is a new group of routes under prefix ("" for the root, APIPrefix
// for the API) that run r.
func (s *Site) Group(prefix string, r Rules) *Group { return &Group{site: s, prefix: prefix, rules: r} }

// Unmatched is the middleware, for every request (echo's Use), that
// answers a request no route matches (404, or 405 for a known path with
// another method) by the rules of the group among owners with the
// longest prefix of its path: an unknown API address is still refused in
// JSON, an unknown page still asks to sign in first. Requests a route
// matches go on to that route's own rules.
func (s *Site) Unmatched(owners ...*Group) echo.MiddlewareFunc {
	owners = slices.Clone(owners)
	slices.SortFunc(owners, func(a, b *Group) int { return len(b.prefix) - len(a.prefix) })
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if s.routes[c.Request().Method+" "+c.Path()] {
				return next(c)
			}
			path := c.Request().URL.Path
			for _, g := range owners {
				if g.prefix == "" || path == g.prefix || strings.HasPrefix(path, g.prefix+"/") {
					return applied(next, g.chain())(c)
				}
			}
			return next(c)
		}
	}
}

// chain is the group's rules as middleware, in the order they run.
func (g *Group) chain() []echo.MiddlewareFunc {
	r := g.rules
	m := []echo.MiddlewareFunc{noStore}
	if r.JSON {
		m = append([]echo.MiddlewareFunc{answerErrorsAsJSON}, m...)
	}
	if r.Body == nil {
		r.Body = limitBody(MaxBody, "1 MB")
	}
	m = append(m, r.Body, boundInputs(r.Params, r.OwnMultipart))
	if r.Admit != nil {
		m = append(m, r.Admit)
	}
	if r.Auth != nil {
		m = append(m, r.Auth)
	}
	return append(m, r.Then...)
}

// applied is h behind middleware m, the first of m running first.
func applied(h echo.HandlerFunc, m []echo.MiddlewareFunc) echo.HandlerFunc {
	for i := len(m) - 1; i >= 0; i-- {
		h = m[i](h)
	}
	return h
}

// Add mounts h for method on the group's prefix and path, behind the
// group's rules and then m, the route's own (a guard).
func (g *Group) Add(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	route := g.site.e.Add(method, g.prefix+path, h, append(g.chain(), m...)...)
	g.site.routes[route.Method+" "+route.Path] = true
	return route
}

// GET mounts a GET route; see Add.
func (g *Group) GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return g.Add(http.MethodGet, path, h, m...)
}

// POST mounts a POST route; see Add.
func (g *Group) POST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return g.Add(http.MethodPost, path, h, m...)
}

// PUT mounts a PUT route; see Add.
func (g *Group) PUT(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return g.Add(http.MethodPut, path, h, m...)
}

// PATCH mounts a PATCH route; see Add.
func (g *Group) PATCH(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return g.Add(http.MethodPatch, path, h, m...)
}

// DELETE mounts a DELETE route; see Add.
func (g *Group) DELETE(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return g.Add(http.MethodDelete, path, h, m...)
}

// with is a copy of the group whose rules change makes different.
func (g *Group) with(change func(*Rules)) *Group {
	out := *g
	change(&out.rules)
	return &out
}

// With is the group with m run after its rules by each of its routes, as
// if every route declared them: the guard of a set of routes, such as an
// administrators' area.
func (g *Group) With(m ...echo.MiddlewareFunc) *Group {
	return g.with(func(r *Rules) { r.Then = append(slices.Clip(r.Then), m...) })
}

// Param is the group with query parameter name allowed up to max
// characters rather than MaxParam, for the routes that read a longer one
// (the page to return to after signing in).
func (g *Group) Param(name string, max int) *Group {
	return g.with(func(r *Rules) {
		r.Params = maps.Clone(r.Params)
		if r.Params == nil {
			r.Params = map[string]int{}
		}
		r.Params[name] = max
	})
}

// Streaming is the group without admission control, for routes that send
// a file for seconds or minutes (exports): holding a place at the door
// that long would keep pages waiting behind them.
func (g *Group) Streaming() *Group { return g.with(func(r *Rules) { r.Admit = nil }) }

// Upload is the group for a route that takes a file: bodies up to limit
// (as echo's BodyLimit reads it: "200M") rather than 1 MB, read by the
// handler itself (Rules.OwnMultipart), without admission control (see
// Streaming).
func (g *Group) Upload(limit string) *Group {
	return g.with(func(r *Rules) {
		r.Body = middleware.BodyLimit(limit)
		r.OwnMultipart = true
		r.Admit = nil
	})
}

// UploadUpTo is Upload with the body bounded at max bytes and refused
// past it (413) with a message naming label, the limit as people read it
// ("25 MB"): at once when the request declares a longer body, else as soon
// as the body read passes max.
func (g *Group) UploadUpTo(max int64, label string) *Group {
	return g.with(func(r *Rules) {
		r.Body = limitBody(max, label)
		r.OwnMultipart = true
		r.Admit = nil
	})
}
