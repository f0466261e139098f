package web

import (
	"context"
	"errors"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// LayoutSource is what the layout needs from the reference data, which the
// units package owns: units.Store implements it, and the server hands it
// to every handler's Layout. web never imports units, and nor do the
// packages that only need a page's layout.
type LayoutSource interface {
	// Menu is what the layout shows of the reference data for a user of
	// the OCU unitID and country (0 and "" when they have none).
	Menu(ctx context.Context, unitID int64, country string) (Menu, error)
	// CurrentOperationRef is the operation pages show when none is
	// chosen; an ocu.NotFound error when there is none yet.
	CurrentOperationRef(ctx context.Context) (views.OperationRef, error)
}

// Menu is the reference data the layout shows.
type Menu struct {
	Operations []views.OperationRef // the operations to switch between
	UnitCity   string               // the user's OCU, by its city
	Country    string               // the user's country, by its name
}

// Layout builds the part of every page the layout shows (views.Page).
// Alerts, when set, gives the header its count of unread alerts.
type Layout struct {
	Source LayoutSource
	Alerts AlertCounter
	// Work, when set, gives the header its count of what waits on the
	// reader (My work).
	Work WorkCounter
}

// WorkCounter counts what waits on the principal in ctx, the unread
// alerts (counted already) included (the live package's queue implements
// it).
type WorkCounter interface {
	WorkCount(ctx context.Context, alertsUnread int) (int, error)
}

// AlertCounter counts the alerts told to a principal that they have not
// read (alerts.Store implements it).
type AlertCounter interface {
	Unread(ctx context.Context, p ocu.Principal) (int, error)
}

// Page is the layout of a page titled title, with nav the active menu
// entry, in operation op: who is signed in with their OCU and country,
// the menu they may use, and the operations.
func (l Layout) Page(ctx context.Context, title, nav string, op views.OperationRef) (views.Page, error) {
	if l.Source == nil {
		return views.Page{}, errors.New("web.Layout has no source: wire one in the server")
	}
	p := BarePage(ctx, title, nav)
	p.Operation = op
	who, signedIn := signedIn(ctx)
	m, err := l.Source.Menu(ctx, who.UnitID, who.Country)
	if err != nil {
		return views.Page{}, err
	}
	p.Operations = m.Operations
	if signedIn {
		if who.UnitID != 0 {
			p.Scope = " · " + views.T(ctx, "unit.name", m.UnitCity)
		}
		if who.Country != "" {
			p.Scope += " · " + m.Country
		}
		if l.Alerts != nil {
			if p.AlertsUnread, err = l.Alerts.Unread(ctx, who); err != nil {
				return views.Page{}, err
			}
		}
		if l.Work != nil {
			if p.WorkCount, err = l.Work.WorkCount(ctx, p.AlertsUnread); err != nil {
				return views.Page{}, err
			}
		}
	}
	return p, nil
}

// AdminPage is the layout of an administrators' page, in the current
// operation. It does not need one: on a fresh installation the
// administrator's first task is to create it.
func (l Layout) AdminPage(ctx context.Context, title string) (views.Page, error) {
	return l.CurrentPage(ctx, title, "admin")
}

// CurrentPage is the layout of a page that belongs to no operation of its
// own (alerts, My work, requests, groups), shown in the current operation
// when there is one.
func (l Layout) CurrentPage(ctx context.Context, title, nav string) (views.Page, error) {
	if l.Source == nil {
		return views.Page{}, errors.New("web.Layout has no source: wire one in the server")
	}
	op, err := l.Source.CurrentOperationRef(ctx)
	if err != nil && ocu.KindOf(err) != ocu.NotFound {
		return views.Page{}, err
	}
	return l.Page(ctx, title, nav, op)
}

// BarePage is the layout of a page that shows no reference data (the
// audit trail's pages, which read only the database): the title, the
// active menu entry, and who is signed in with the menu they may use.
// Nobody signed in (the sign-in page) gets a title alone.
func BarePage(ctx context.Context, title, nav string) views.Page {
	p := views.Page{Title: title, Nav: nav}
	who, ok := signedIn(ctx)
	if !ok {
		return p
	}
	p.UserName, p.RoleLabel = who.Name(), views.T(ctx, "role."+who.Role)
	// The menu offers what the user may do; each handler checks again.
	p.MayReadCases = who.MayReadCases()
	p.MayRaiseCases = who.MayRaiseCases()
	p.MayReadDashboards = who.MayReadDashboards()
	p.MayExport = who.MayExport()
	p.MayImport = who.MayImport()
	p.MayAdminister = who.MayAdminister()
	p.MayReadMatches = who.MayReadMatches()
	p.HasHome = who.RaisesFor() != ""
	p.SeesAlerts = true
	p.Live = true
	return p
}

// signedIn is the principal in ctx when it is a user's; a zero principal
// and false for nobody or ocu itself.
func signedIn(ctx context.Context) (ocu.Principal, bool) {
	if who, ok := ocu.PrincipalFrom(ctx); ok && who.UserID != 0 {
		return who, true
	}
	return ocu.Principal{}, false
}
