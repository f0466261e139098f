package ocu

import "slices"

// Who may do what: every rule that decides what a principal may see or do
// lives here, as methods on Principal. Stores, handlers, route groups and
// views ask these questions; none of them tests a role itself.
//
//	officer      sees their OCU's cases, those shared with it and those
//	             their country is a partner of; raises cases for their own
//	             country; changes their country's cases of their OCU;
//	             contributes (people, screening, seizures) to cases their
//	             country is a partner of; files their country's returns
//	supervisor   sees and changes every case of their OCU; reads cases
//	             shared with it; moves a case back or reopens it; shares
//	             cases and marks them notable; reads their OCU's dashboard;
//	             exports and imports their OCU's records
//	coordinator  reads every case and dashboard, exports; changes nothing
//	admin        accounts, reference data, the audit trail; reads no case
//	system       ocu itself (demo, imports, the command line): everything
//
// A case a principal may not see does not exist for them (404, never 403),
// so references cannot be probed.

// CaseScope is which cases a principal sees, in a form both Go and SQL can
// apply: every case, none, or those of one OCU plus those shared with it
// and, for an officer, those their country is a partner of (a joint case
// raised elsewhere, cases/partners.go).
type CaseScope struct {
	All  bool  // every case (coordinators, ocu itself)
	Unit int64 // otherwise: the OCU whose cases, and cases shared with it, are seen; 0 sees none
	// Country is an officer's country: cases it is a partner of are seen
	// too. Supervisors have none: a partnership lets the partner
	// country's officers work on the case, their OCU reads it only
	// through a share, as before.
	Country string
}

// Cases is the scope of the cases p sees.
func (p Principal) Cases() CaseScope {
	switch p.Role {
	case RoleSystem, RoleCoordinator:
		return CaseScope{All: true}
	case RoleSupervisor:
		return CaseScope{Unit: p.UnitID}
	case RoleOfficer:
		return CaseScope{Unit: p.UnitID, Country: p.Country}
	}
	return CaseScope{}
}

// None reports whether the scope holds no case at all.
func (s CaseScope) None() bool { return !s.All && s.Unit == 0 }

// Sees reports whether a case of unitID is in the scope; shared is true
// when the case is reached another way: shared with the scope's OCU, or
// the scope's country is one of its partners (cases/scope.go looks up both
// through Reaches). It is the Go form of SQL.
func (s CaseScope) Sees(unitID int64, shared bool) bool {
	switch {
	case s.All:
		return true
	case s.Unit == 0:
		return false
	}
	return unitID == s.Unit || shared
}

// SQL is the condition selecting the scope's cases from a query on the
// cases table under alias (as in "cases" or "c"), with its arguments. It is
// the SQL form of Sees: keep the two together.
func (s CaseScope) SQL(alias string) (string, []any) {
	switch {
	case s.All:
		return "1 = 1", nil
	case s.Unit == 0:
		return "1 = 0", nil
	}
	reached, args := s.reachedSQL(alias)
	return "(" + alias + ".unit_id = ? OR " + reached + ")", append([]any{s.Unit}, args...)
}

// reachedSQL is the condition for a case reached other than by its OCU:
// shared with the scope's OCU, or, for an officer, partnered with their
// country. The Go form is Reaches.
func (s CaseScope) reachedSQL(alias string) (string, []any) {
	shared := alias + ".id IN (SELECT case_id FROM case_shares WHERE unit_id = ?)"
	if s.Country == "" {
		return shared, []any{s.Unit}
	}
	return "(" + shared + " OR " + alias + ".id IN (SELECT case_id FROM case_partners WHERE country_iso2 = ?))",
		[]any{s.Unit, s.Country}
}

// Reaches reports whether a case shared with the OCUs sharedWith and
// partnered with the countries partners is reached by the scope other than
// by its OCU: the Go form of reachedSQL, and what Sees takes as shared.
func (s CaseScope) Reaches(sharedWith []int64, partners []string) bool {
	if s.All || s.Unit == 0 {
		return false
	}
	return slices.Contains(sharedWith, s.Unit) || (s.Country != "" && slices.Contains(partners, s.Country))
}

// OwnSQL and SharedSQL split SQL in two disjoint parts (the scope's OCU's
// own cases; cases of other OCUs shared with it), for lists that page each
// part on its own index. Their union is SQL. Neither is meaningful for a
// scope of All or None.
func (s CaseScope) OwnSQL(alias string) (string, []any) {
	return alias + ".unit_id = ?", []any{s.Unit}
}

// SharedSQL: see OwnSQL. It holds the cases shared with the scope's OCU
// and those partnered with its country.
func (s CaseScope) SharedSQL(alias string) (string, []any) {
	reached, args := s.reachedSQL(alias)
	return alias + ".unit_id <> ? AND " + reached, append([]any{s.Unit}, args...)
}

// MayReadCases reports whether p works with cases at all (the case list,
// the returns): officers, supervisors and coordinators.
func (p Principal) MayReadCases() bool {
	switch p.Role {
	case RoleOfficer, RoleSupervisor, RoleCoordinator, RoleSystem:
		return true
	}
	return false
}

// MayReadMatches reports whether p reads the possible matches page (and
// so finds it in the menu): whoever works with cases. Each match is then
// disclosed within the reader's scope (matching.Store).
func (p Principal) MayReadMatches() bool { return p.MayReadCases() }

// MayRaiseCases reports whether p raises cases at all: officers for their
// country, supervisors for their OCU's countries, ocu itself.
func (p Principal) MayRaiseCases() bool {
	switch p.Role {
	case RoleOfficer, RoleSupervisor, RoleSystem:
		return true
	}
	return false
}

// MayRaiseFor reports whether p may raise a case for a country attached to
// unitID: an officer for their own country (of their OCU), a supervisor for
// any country of their OCU. Whoever may raise a case may change it, and
// no one else: the same rule as MayChangeCase.
func (p Principal) MayRaiseFor(country string, unitID int64) bool {
	return p.MayChangeCase(unitID, country)
}

// MayChangeCase reports whether p may change a case of unitID raised by
// raisingCountry (its details, people, seizures and status).
func (p Principal) MayChangeCase(unitID int64, raisingCountry string) bool {
	switch p.Role {
	case RoleSystem:
		return true
	case RoleSupervisor:
		return unitID == p.UnitID
	case RoleOfficer:
		return unitID == p.UnitID && raisingCountry == p.Country
	}
	return false
}

// PartnerOf reports whether p is an officer of one of partners, the
// partner countries of a case: such an officer contributes to the case.
func (p Principal) PartnerOf(partners []string) bool {
	return p.Role == RoleOfficer && p.Country != "" && slices.Contains(partners, p.Country)
}

// MayContribute reports whether p may add people to a case of unitID raised
// by raisingCountry with the partner countries partners, screen them,
// record arrests and charges, and record seizures: whoever may change the
// case, and the partner countries' officers, who work the case as its own
// officers do. Only MayChangeCase's holders change its details and status:
// the raising country stays answerable for the case and its workflow.
func (p Principal) MayContribute(unitID int64, raisingCountry string, partners []string) bool {
	return p.MayChangeCase(unitID, raisingCountry) || p.PartnerOf(partners)
}

// MaySeeCaseIdentities is MaySeeIdentities for a case with partner
// countries: their officers screen, arrest and charge suspects there and
// need the names they work with, as the raising country's officers do.
func (p Principal) MaySeeCaseIdentities(unitID int64, raisingCountry string, partners []string) bool {
	return p.MaySeeIdentities(unitID, raisingCountry) || p.PartnerOf(partners)
}

// MayLinkCase reports whether p may link a case of unitID raised by
// raisingCountry to another case and choose its partner countries: the
// OCU's supervisors and the raising country's officers (those who change
// the case). A partner country's officers do not widen the case further.
func (p Principal) MayLinkCase(unitID int64, raisingCountry string) bool {
	return p.MayChangeCase(unitID, raisingCountry)
}

// MayKeepGroups reports whether p may create and edit criminal groups and
// add or remove their cases and suspects (within p's case scope): officers
// and supervisors, who work the cases. Coordinators read groups.
func (p Principal) MayKeepGroups() bool {
	switch p.Role {
	case RoleOfficer, RoleSupervisor, RoleSystem:
		return true
	}
	return false
}

// MaySeeIdentities reports whether p may see suspects' names and dates of
// birth in a case of unitID raised by raisingCountry: the raising country's
// officers and the OCU's supervisors. Everyone else sees pseudonyms.
func (p Principal) MaySeeIdentities(unitID int64, raisingCountry string) bool {
	return p.MayChangeCase(unitID, raisingCountry)
}

// IdentitiesSQL is MaySeeIdentities as an SQL condition on the cases
// table under alias: the cases whose suspects' names, identifiers and
// notices p may receive (exports select their rows by it).
func (p Principal) IdentitiesSQL(alias string) (string, []any) {
	switch p.Role {
	case RoleSystem:
		return "1 = 1", nil
	case RoleSupervisor:
		return alias + ".unit_id = ?", []any{p.UnitID}
	case RoleOfficer:
		return alias + ".unit_id = ? AND " + alias + ".raising_country = ?", []any{p.UnitID, p.Country}
	}
	return "1 = 0", nil
}

// MayExportNoticeDocuments reports whether an export by p carries the
// document numbers of operation Yellow Notices' missing persons, which no
// page shows: only ocu itself (the command line, for a move to another ocu).
func (p Principal) MayExportNoticeDocuments() bool { return p.Role == RoleSystem }

// MayHoldIdentities reports whether p can be shown any suspect's identity
// at all (exports record it in the audit trail).
func (p Principal) MayHoldIdentities() bool {
	switch p.Role {
	case RoleSystem, RoleSupervisor, RoleOfficer:
		return true
	}
	return false
}

// MayMoveBack reports whether p may use the workflow's supervisor-only
// moves: back one step, or reopening a closed case.
func (p Principal) MayMoveBack() bool { return p.Role == RoleSupervisor || p.Role == RoleSystem }

// MaySupervise reports whether p supervises the cases of unitID: shares
// them with other OCUs and marks them notable.
func (p Principal) MaySupervise(unitID int64) bool {
	return p.Role == RoleSystem || (p.Role == RoleSupervisor && p.UnitID == unitID)
}

// MayFinaliseResults reports whether p may declare an operation's results
// final (reports/finalise.go): a coordinator, who reads every OCU's
// figures, and nobody else. It is done once and cannot be undone.
func (p Principal) MayFinaliseResults() bool { return p.Role == RoleCoordinator }

// MayReadDashboards reports whether p reads dashboards at all.
func (p Principal) MayReadDashboards() bool {
	switch p.Role {
	case RoleSupervisor, RoleCoordinator, RoleSystem:
		return true
	}
	return false
}

// MayReadDashboard reports whether p may read the dashboard of unitID (0:
// the global one): coordinators any, supervisors their OCU's.
func (p Principal) MayReadDashboard(unitID int64) bool {
	switch p.Role {
	case RoleCoordinator, RoleSystem:
		return true
	case RoleSupervisor:
		return unitID == p.UnitID
	}
	return false
}

// MayExport reports whether p may download exports and the debrief report:
// supervisors (their OCU's records) and coordinators (all).
func (p Principal) MayExport() bool {
	switch p.Role {
	case RoleSupervisor, RoleCoordinator, RoleSystem:
		return true
	}
	return false
}

// MayImport reports whether p may take an export back in: supervisors
// (their OCU's cases only) and ocu itself (anything).
func (p Principal) MayImport() bool { return p.Role == RoleSupervisor || p.Role == RoleSystem }

// MayFileReturnFor reports whether p may file the daily return of country
// (ISO alpha-2, upper case), which reports to unitID in the return's
// operation: an officer their own country's, whichever OCU it reports to; a
// supervisor any of their OCU's. unitID is 0 when the country reports to no
// OCU there: validation refuses that return with its own message, so it is
// not refused here.
func (p Principal) MayFileReturnFor(country string, unitID int64) bool {
	switch p.Role {
	case RoleSystem:
		return true
	case RoleSupervisor:
		return unitID == 0 || unitID == p.UnitID
	case RoleOfficer:
		return p.Country != "" && country == p.Country
	}
	return false
}

// MayAdminister reports whether p manages accounts, reference data and
// sign-in locks, and reads the audit trail.
func (p Principal) MayAdminister() bool { return p.Role == RoleAdmin || p.Role == RoleSystem }

// MayManageTokensOf reports whether p may see and revoke the API tokens of
// the account userID: their own, or anyone's for an administrator.
func (p Principal) MayManageTokensOf(userID int64) bool {
	return (p.UserID != 0 && p.UserID == userID) || p.MayAdminister()
}

// RaisesFor is the one country p raises cases for, when p's rights hold
// only one (an officer's own), so that forms can fill it in; "" when p
// raises for several countries or none.
func (p Principal) RaisesFor() string {
	if p.Role == RoleOfficer {
		return p.Country
	}
	return ""
}

// MayFileReturns reports whether p files daily returns at all: officers,
// supervisors, ocu itself.
func (p Principal) MayFileReturns() bool { return p.MayRaiseCases() }

// MayImportFor reports whether p may take records of unitID back in from
// an export: a supervisor their own OCU's, ocu itself any.
func (p Principal) MayImportFor(unitID int64) bool {
	return p.Role == RoleSystem || (p.Role == RoleSupervisor && unitID == p.UnitID)
}

// Author is the name a record p makes carries (who raised a case, filed a
// return, recorded a seizure): a signed-in user's own name, whatever was
// typed; given as it stands when ocu itself acts, as the demo loader and
// imports restore records under their authors' names.
func (p Principal) Author(given string) string {
	if !p.ActsInOwnName() {
		return given
	}
	return p.Name()
}

// ActsInOwnName reports whether what p records carries p's own name (who
// raised a case, moved it, recorded a seizure), whatever name the input
// gives: true for every user. Only ocu itself (the demo, imports, the
// command line) records the names its input gives.
func (p Principal) ActsInOwnName() bool { return p.Role != RoleSystem }

// MayIssueOperationAlerts reports whether p may record a notice on an
// operation as a whole (an Orange Notice every user is warned of, a
// missing person's Yellow Notice): supervisors and ocu itself.
func (p Principal) MayIssueOperationAlerts() bool {
	return p.Role == RoleSupervisor || p.Role == RoleSystem
}

// ToldAlert reports whether an alert told to the OCU unitID (nil: none)
// and the country (nil: none) is told to p: the Go form of AlertsSQL, for
// the live updates' hub, which reads each new alert once and hands it to
// the streams of those it is told to. Keep the two together.
func (p Principal) ToldAlert(unitID *int64, country *string) bool {
	switch p.Role {
	case RoleSystem, RoleCoordinator:
		return true
	case RoleSupervisor:
		return unitID != nil && *unitID == p.UnitID
	case RoleOfficer:
		return country != nil && *country == p.Country
	}
	return false
}

// AlertsSQL is the condition selecting, from the alerts table under alias,
// the alerts told to p: a country's to its officers, an OCU's to its
// supervisors, every one to coordinators (and ocu itself); none to
// administrators, who read no case. Every signed-in user also sees the
// operation's notices (they are not alerts).
func (p Principal) AlertsSQL(alias string) (string, []any) {
	switch p.Role {
	case RoleSystem, RoleCoordinator:
		return "1 = 1", nil
	case RoleSupervisor:
		return alias + ".unit_id = ?", []any{p.UnitID}
	case RoleOfficer:
		return alias + ".country_iso2 = ?", []any{p.Country}
	}
	return "1 = 0", nil
}
