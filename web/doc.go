// Package web is the HTTP glue every handler shares: the groups routes are
// mounted in and the rules they run (routes.go: sign-in, admission, CSRF,
// body limits, bounds on every input, no-store, JSON or HTML errors), the
// guards a route declares (guard.go), strict JSON bodies (json.go), the one
// error handler (errors.go) and every page's layout (layout.go).
//
// web imports the root package (ocu), views and echo; the domain packages
// import web, never the other way round.
package web
