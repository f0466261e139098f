package ocu

// Who sees and acts on requests between countries and OCUs, and who moves
// a case to another OCU (the rules of requests/ and cases/transfer*.go,
// kept beside the case scope they build on).
//
// A request is about one case and goes to a country (its officers) or an
// OCU (its supervisors). It is seen by those who see its case (the
// sending side) and by those it was sent to (the receiving side), who see
// of the case only the items the request carries. An officer of any other
// OCU or country does not see it at all: 404.

// MayAskAbout reports whether p may send a request about a case of unitID
// raised by raisingCountry with the partner countries partners: those who
// work the case (MayContribute).
func (p Principal) MayAskAbout(unitID int64, raisingCountry string, partners []string) bool {
	return p.MayContribute(unitID, raisingCountry, partners)
}

// ReceivesRequest reports whether p is on the receiving side of a request
// sent to toCountry (empty when sent to an OCU) whose receiving OCU is
// toUnit: the country's officers; the OCU's supervisors, who answer for
// their OCU and are told when a request to one of their countries is past
// its deadline.
func (p Principal) ReceivesRequest(toUnit int64, toCountry string) bool {
	switch p.Role {
	case RoleSystem:
		return true
	case RoleOfficer:
		return toCountry != "" && p.Country == toCountry
	case RoleSupervisor:
		return p.UnitID == toUnit
	}
	return false
}

// SeesRequest reports whether p sees a request: caseSeen says p's case
// scope holds its case (the Go form of RequestsSQL).
func (p Principal) SeesRequest(caseSeen bool, toUnit int64, toCountry string) bool {
	return caseSeen || p.ReceivesRequest(toUnit, toCountry)
}

// RequestsSQL is the condition selecting the requests p sees, from a query
// on requests under alias r joined to their cases under alias c: the SQL
// form of SeesRequest.
func (p Principal) RequestsSQL(r, c string) (string, []any) {
	scope, args := p.Cases().SQL(c)
	switch p.Role {
	case RoleOfficer:
		return "(" + scope + " OR " + r + ".to_country = ?)", append(args, p.Country)
	case RoleSupervisor:
		return "(" + scope + " OR " + r + ".to_unit = ?)", append(args, p.UnitID)
	}
	return scope, args
}

// MayProposeTransfer reports whether p may propose moving a case of unitID
// to another OCU: its OCU's supervisors.
func (p Principal) MayProposeTransfer(unitID int64) bool { return p.MaySupervise(unitID) }

// MayDecideTransfer reports whether p may accept or reject moving a case
// to toUnit: the receiving OCU's supervisors.
func (p Principal) MayDecideTransfer(toUnit int64) bool { return p.MaySupervise(toUnit) }
