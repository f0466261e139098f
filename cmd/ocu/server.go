package main

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/alerts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/groups"
	"github.com/ocu-project/ocu/live"
	"github.com/ocu-project/ocu/matching"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/requests"
	"github.com/ocu-project/ocu/static"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
	"github.com/ocu-project/ocu/work"
)

// serverConfig is what `ocu serve` tunes and tests leave at zero.
type serverConfig struct {
	// DashboardMaxAge is how old a dashboard may be when shown (see
	// reports.Service.Live); 0, as in tests, builds it for every view.
	DashboardMaxAge time.Duration
	// TLS says the server speaks HTTPS itself: cookies are then Secure.
	TLS bool
	// FilesDir is the evidence files directory (--files); "" takes
	// files.DefaultDir, beside the database.
	FilesDir string
	// Live is the hub that feeds the live streams; nil, as in most tests,
	// makes one the caller does not run (streams open and stay quiet).
	Live *live.Hub
}

// newServer wires the domain packages' handlers onto one echo instance,
// in three groups whose rules every route of the group runs (web.Rules):
//
//	public  anyone (sign-in, health, static files): CSRF, 1 MB bodies
//	pages   signed in, or sent to sign in: admission, CSRF, 1 MB bodies,
//	        errors as pages
//	api     signed in by token or session, or 401: admission, CSRF for
//	        sessions, the API rate limit, 1 MB bodies, errors as JSON
//
// Every group keeps its answers out of caches and bounds every input. A
// route asks for more where it is registered: a guard (web.Require), a
// longer parameter (Group.Param), no admission (Group.Streaming), a larger
// body (Group.Upload).
func newServer(d *db.DB, cfg serverConfig) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = web.ErrorHandler
	// The client's address is the connection's: forwarded headers are
	// trivially forged and would let anyone dodge the sign-in lockout.
	e.IPExtractor = echo.ExtractIPDirect()

	unitStore := units.NewStore(d)
	caseStore := cases.NewStore(d, unitStore)
	accountStore := accounts.NewStore(d, unitStore)
	alertStore := &alerts.Store{DB: d}
	matchStore := matching.NewStore(d)
	// My work: each domain's part of every user's queue (work.Source).
	requestStore := requests.NewStore(d)
	queue := live.Queue{Alerts: alertStore.WorkSource(), Sources: []work.Source{matchStore.WorkSource(), caseStore.WorkSource(),
		requests.WorkSource(requestStore), cases.TransferWork(caseStore)}}
	layout := web.Layout{Source: unitStore, Alerts: alertStore, Work: queue}
	hub := cfg.Live
	if hub == nil {
		hub = &live.Hub{DB: d}
	}

	csrf := []echo.MiddlewareFunc{middleware.CSRFWithConfig(middleware.CSRFConfig{
		// API clients with a token send no cookie a forged page could
		// ride on; browsers (cookie sessions) must prove the request is
		// theirs: Sec-Fetch-Site, or the token from the form or the
		// X-CSRF-Token header htmx sends.
		Skipper:        accounts.ViaToken,
		TokenLookup:    "form:" + views.CSRFFieldName + ",header:X-CSRF-Token",
		CookieName:     "ocu_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode,
		// The session cookie follows each request (accounts.setCookie);
		// this one is set once for the server.
		CookieSecure: cfg.TLS,
		ErrorHandler: func(err error, c echo.Context) error {
			return ocu.Errorf(ocu.Forbidden, "error.csrf")
		},
	}), csrfToContext}
	admit := newAdmission().middleware
	site := web.NewSite(e)
	r := web.Routes{
		Public: site.Group("", web.Rules{Auth: accountStore.Middleware(accounts.LetIn), Then: csrf}),
		Pages:  site.Group("", web.Rules{Admit: admit, Auth: accountStore.Middleware(accounts.ToSignIn), Then: csrf}),
		API: site.Group(web.APIPrefix, web.Rules{JSON: true, Admit: admit, Auth: accountStore.Middleware(accounts.Refuse),
			Then: append(slices.Clone(csrf), apiRateLimit())}),
	}

	e.Use(middleware.Recover())
	e.Use(requestLog)
	e.Use(securityHeaders)
	e.Use(language)
	e.Use(timeZonePreference)
	// A request no route matches still gets its group's answer: an
	// unknown page asks to sign in first, an unknown API address is
	// refused in JSON.
	e.Use(site.Unmatched(r.Pages, r.API))

	r.Public.GET("/healthz", func(c echo.Context) error {
		if err := d.Ping(c.Request().Context()); err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	// The static files set their own Cache-Control (long for versioned
	// URLs) over the group's no-store.
	r.Public.GET("/static/*", echo.WrapHandler(static.Handler()))

	(&accounts.Handler{Store: accountStore, Units: unitStore, Layout: layout}).Register(r)
	(&units.Handler{Store: unitStore, Cases: caseStore, Layout: layout}).Register(r)
	fileStore := files.NewStore(d, cmp.Or(cfg.FilesDir, files.DefaultDir(d.Path)))
	(&cases.Handler{Store: caseStore, Units: unitStore, Layout: layout, Matches: matchStore, Files: fileStore,
		Requests: requests.CaseSection(requestStore)}).Register(r)
	fileHandler := &files.Handler{Store: fileStore}
	fileHandler.Register(r)
	// Requests carry evidence files too, seen exactly as the request is.
	fileHandler.Attach(r, files.KindRequest, "/requests", requests.FileOwner{Store: requestStore})
	(&matching.Handler{Store: matchStore, Layout: layout}).Register(r)
	(&alerts.Handler{Store: alertStore, Warnings: cases.Warnings{Store: caseStore, Units: unitStore}, Layout: layout,
		CountryName: func(ctx context.Context, iso2 string) string {
			snap, err := unitStore.Snapshot(ctx)
			if err != nil {
				return ""
			}
			return snap.CountryName(iso2)
		}}).Register(r)
	(&requests.Handler{Store: requestStore, Units: unitStore, Layout: layout,
		Attachments: func(ctx context.Context, id int64, _ bool) templ.Component {
			sec, err := fileStore.Section(ctx, files.KindRequest, strconv.FormatInt(id, 10))
			if err != nil {
				return nil
			}
			return views.FilesSection(sec)
		}}).Register(r)
	(&groups.Handler{Store: groups.NewStore(d), Units: unitStore, Layout: layout}).Register(r)
	dashboards := reports.NewService(d, unitStore)
	dashboards.MaxAge = cfg.DashboardMaxAge
	(&reports.Handler{Service: dashboards, Layout: layout}).Register(r)
	(&audit.Handler{DB: d}).Register(r)
	(&accounts.AdminHandler{Store: accountStore, Units: unitStore, Layout: layout}).Register(r)
	(&units.AdminHandler{Store: unitStore, Layout: layout}).Register(r)
	(&exports.Handler{DB: d, Units: unitStore, Layout: layout, Files: fileStore}).Register(r)
	(&exports.ImportHandler{DB: d, Units: unitStore, Layout: layout, Files: fileStore}).Register(r)
	(&live.Handler{Hub: hub, Queue: queue, Alerts: alertStore, Layout: layout}).Register(r)
	return e
}

// csrfToContext hands the CSRF token to the templates through the request
// context, where views.CSRFField finds it.
func csrfToContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if t, ok := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string); ok {
			r := c.Request()
			c.SetRequest(r.WithContext(views.WithCSRF(r.Context(), t)))
		}
		return next(c)
	}
}

// apiRateLimit caps each user's API requests: generous for people and
// scripts, a brake on a runaway client. The API group runs it.
func apiRateLimit() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: 100, Burst: 200, ExpiresIn: 10 * time.Minute}),
		IdentifierExtractor: func(c echo.Context) (string, error) {
			if p, ok := ocu.PrincipalFrom(c.Request().Context()); ok && p.UserID != 0 {
				return "user:" + strconv.FormatInt(p.UserID, 10), nil
			}
			return "addr:" + c.RealIP(), nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return ocu.Errorf(ocu.TooMany, "error.too_many_requests")
		},
	})
}

// requestLog logs one line per request: method, route pattern, status and
// duration. The route pattern (/cases/:ref), not the URL, so search terms and
// identifiers in query strings never reach the logs.
func requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		level := slog.LevelDebug
		if status >= 500 {
			level = slog.LevelError
		}
		slog.Log(c.Request().Context(), level, "request", "method", c.Request().Method, "route", c.Path(),
			"status", status, "took", time.Since(start).Round(time.Microsecond))
		return nil
	}
}

// securityHeaders sets a strict Content-Security-Policy (pages load only
// their own scripts and styles; no inline script anywhere) and the usual
// companions, on every answer. (Keeping answers out of caches is the
// groups' rule: web.Rules.)
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if c.IsTLS() {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// language puts the reader's language in the request context for views.T:
// the one chosen with the switcher (a cookie) if ocu ships it, else the
// best match for the browser's Accept-Language. A signed-in reader's
// account preference, when set, overrides both (accounts.Middleware).
func language(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		lang := ""
		// A build with the pseudo-locale (-tags pseudolocale) renders
		// it for a cookie set by hand; no other build has it.
		if ck, err := c.Cookie(accounts.LangCookie); err == nil && views.Renders(ck.Value) {
			lang = ck.Value
		} else {
			lang = views.PickLang(r.Header.Get("Accept-Language"))
		}
		ctx := views.WithLang(r.Context(), lang)
		// The switcher comes back to this page: a GET only (a form's
		// answer cannot be fetched again), and only a safe target.
		back := "/"
		if r.Method == http.MethodGet {
			back = accounts.SwitchBack(r.URL.RequestURI())
		}
		c.SetRequest(r.WithContext(views.WithPageURI(ctx, back)))
		return next(c)
	}
}
