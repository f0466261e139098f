package ocu_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
)

// OCUs of the tests (any ids do).
const (
	mnl int64 = 1
	skp int64 = 2
	dkr int64 = 3
	bue int64 = 4
)

// The principals every capability is checked for: two officers of Manila
// (the Philippines and Thailand), one of Buenos Aires, supervisors of
// Manila and Dakar, a coordinator, an administrator, ocu itself, and nobody
// (a context without a principal).
var principals = map[string]ocu.Principal{
	"officer.ph":     {UserID: 1, Username: "officer.ph", DisplayName: "Officer Santos", Role: ocu.RoleOfficer, UnitID: mnl, Country: "PH"},
	"officer.th":     {UserID: 2, Username: "officer.th", Role: ocu.RoleOfficer, UnitID: mnl, Country: "TH"},
	"officer.ar":     {UserID: 3, Username: "officer.ar", Role: ocu.RoleOfficer, UnitID: bue, Country: "AR"},
	"supervisor.mnl": {UserID: 4, Username: "supervisor.mnl", DisplayName: "Sgt Cruz", Role: ocu.RoleSupervisor, UnitID: mnl},
	"supervisor.dkr": {UserID: 5, Username: "supervisor.dkr", Role: ocu.RoleSupervisor, UnitID: dkr},
	"coordinator":    {UserID: 6, Username: "coordinator", Role: ocu.RoleCoordinator},
	"admin":          {UserID: 7, Username: "admin", Role: ocu.RoleAdmin},
	"system":         ocu.System,
	"nobody":         {},
}

// capability is one question asked of every principal, and the principals
// for whom the answer is yes (space separated; every other one gets no).
type capability struct {
	name string
	may  func(ocu.Principal) bool
	who  string
}

// TestCapabilities pins who may do what, role by role, as ocu behaves:
// every method of access.go over every principal, with cases, countries
// and OCUs of their own, of another country of their OCU, and of other
// OCUs.
func TestCapabilities(t *testing.T) {
	seesAll := "coordinator system"
	tests := []capability{
		// Which cases: the OCU's own, those shared with it, every one.
		{"sees an own-OCU case of Manila", func(p ocu.Principal) bool { return p.Cases().Sees(mnl, false) },
			"officer.ph officer.th supervisor.mnl " + seesAll},
		{"sees a Buenos Aires case", func(p ocu.Principal) bool { return p.Cases().Sees(bue, false) },
			"officer.ar " + seesAll},
		{"sees a Skopje case not shared with them", func(p ocu.Principal) bool { return p.Cases().Sees(skp, false) },
			seesAll},
		{"sees a Skopje case shared with their OCU", func(p ocu.Principal) bool { return p.Cases().Sees(skp, true) },
			"officer.ph officer.th officer.ar supervisor.mnl supervisor.dkr " + seesAll},
		{"has every case in scope", func(p ocu.Principal) bool { return p.Cases().All }, seesAll},
		{"has no case in scope", func(p ocu.Principal) bool { return p.Cases().None() }, "admin nobody"},

		{"reads cases", ocu.Principal.MayReadCases,
			"officer.ph officer.th officer.ar supervisor.mnl supervisor.dkr coordinator system"},
		{"raises cases", ocu.Principal.MayRaiseCases,
			"officer.ph officer.th officer.ar supervisor.mnl supervisor.dkr system"},
		{"raises for the Philippines in Manila", func(p ocu.Principal) bool { return p.MayRaiseFor("PH", mnl) },
			"officer.ph supervisor.mnl system"},
		{"raises for Thailand in Manila", func(p ocu.Principal) bool { return p.MayRaiseFor("TH", mnl) },
			"officer.th supervisor.mnl system"},
		{"raises for the Philippines in Skopje", func(p ocu.Principal) bool { return p.MayRaiseFor("PH", skp) },
			"system"},
		{"raises for Argentina in Buenos Aires", func(p ocu.Principal) bool { return p.MayRaiseFor("AR", bue) },
			"officer.ar system"},
		{"raises for Senegal in Dakar", func(p ocu.Principal) bool { return p.MayRaiseFor("SN", dkr) },
			"supervisor.dkr system"},

		{"changes a Philippine case of Manila", func(p ocu.Principal) bool { return p.MayChangeCase(mnl, "PH") },
			"officer.ph supervisor.mnl system"},
		{"changes a Thai case of Manila", func(p ocu.Principal) bool { return p.MayChangeCase(mnl, "TH") },
			"officer.th supervisor.mnl system"},
		{"changes a Philippine case of Skopje", func(p ocu.Principal) bool { return p.MayChangeCase(skp, "PH") },
			"system"},
		{"changes an Argentine case of Buenos Aires", func(p ocu.Principal) bool { return p.MayChangeCase(bue, "AR") },
			"officer.ar system"},
		{"changes a Senegalese case of Dakar", func(p ocu.Principal) bool { return p.MayChangeCase(dkr, "SN") },
			"supervisor.dkr system"},

		{"sees identities in a Philippine case of Manila", func(p ocu.Principal) bool { return p.MaySeeIdentities(mnl, "PH") },
			"officer.ph supervisor.mnl system"},
		{"sees identities in a Thai case of Manila", func(p ocu.Principal) bool { return p.MaySeeIdentities(mnl, "TH") },
			"officer.th supervisor.mnl system"},
		{"sees identities in a Senegalese case of Dakar", func(p ocu.Principal) bool { return p.MaySeeIdentities(dkr, "SN") },
			"supervisor.dkr system"},
		{"sees identities in a Philippine case of Skopje", func(p ocu.Principal) bool { return p.MaySeeIdentities(skp, "PH") },
			"system"},
		{"holds identities at all", ocu.Principal.MayHoldIdentities,
			"officer.ph officer.th officer.ar supervisor.mnl supervisor.dkr system"},

		{"moves cases back and reopens them", ocu.Principal.MayMoveBack, "supervisor.mnl supervisor.dkr system"},
		{"supervises Manila's cases", func(p ocu.Principal) bool { return p.MaySupervise(mnl) }, "supervisor.mnl system"},
		{"supervises Dakar's cases", func(p ocu.Principal) bool { return p.MaySupervise(dkr) }, "supervisor.dkr system"},
		{"supervises Skopje's cases", func(p ocu.Principal) bool { return p.MaySupervise(skp) }, "system"},

		{"reads dashboards", ocu.Principal.MayReadDashboards, "supervisor.mnl supervisor.dkr coordinator system"},
		{"reads the operation's dashboard", func(p ocu.Principal) bool { return p.MayReadDashboard(0) }, "coordinator system"},
		{"reads Manila's dashboard", func(p ocu.Principal) bool { return p.MayReadDashboard(mnl) },
			"supervisor.mnl coordinator system"},
		{"reads Dakar's dashboard", func(p ocu.Principal) bool { return p.MayReadDashboard(dkr) },
			"supervisor.dkr coordinator system"},
		{"reads Skopje's dashboard", func(p ocu.Principal) bool { return p.MayReadDashboard(skp) }, "coordinator system"},

		{"exports", ocu.Principal.MayExport, "supervisor.mnl supervisor.dkr coordinator system"},
		{"imports", ocu.Principal.MayImport, "supervisor.mnl supervisor.dkr system"},
		{"imports Manila's records", func(p ocu.Principal) bool { return p.MayImportFor(mnl) }, "supervisor.mnl system"},
		{"imports Skopje's records", func(p ocu.Principal) bool { return p.MayImportFor(skp) }, "system"},

		{"files returns", ocu.Principal.MayFileReturns,
			"officer.ph officer.th officer.ar supervisor.mnl supervisor.dkr system"},
		{"files the Philippines' return, reporting to Manila", func(p ocu.Principal) bool { return p.MayFileReturnFor("PH", mnl) },
			"officer.ph supervisor.mnl system"},
		// An officer files their own country's returns whichever OCU it
		// reports to in the return's operation.
		{"files the Philippines' return, reporting to Skopje", func(p ocu.Principal) bool { return p.MayFileReturnFor("PH", skp) },
			"officer.ph system"},
		{"files Thailand's return, reporting to Manila", func(p ocu.Principal) bool { return p.MayFileReturnFor("TH", mnl) },
			"officer.th supervisor.mnl system"},
		{"files Senegal's return, reporting to Dakar", func(p ocu.Principal) bool { return p.MayFileReturnFor("SN", dkr) },
			"supervisor.dkr system"},
		// A country reporting to no OCU is left to validation, except for
		// an officer, who files their own country's only.
		{"files a return of a country reporting to no OCU", func(p ocu.Principal) bool { return p.MayFileReturnFor("XK", 0) },
			"supervisor.mnl supervisor.dkr system"},
		{"files the Philippines' return, reporting to no OCU", func(p ocu.Principal) bool { return p.MayFileReturnFor("PH", 0) },
			"officer.ph supervisor.mnl supervisor.dkr system"},

		{"administers", ocu.Principal.MayAdminister, "admin system"},
		{"manages officer.ph's tokens", func(p ocu.Principal) bool { return p.MayManageTokensOf(1) }, "officer.ph admin system"},
		{"manages the coordinator's tokens", func(p ocu.Principal) bool { return p.MayManageTokensOf(6) }, "coordinator admin system"},
		{"manages the tokens of account 0", func(p ocu.Principal) bool { return p.MayManageTokensOf(0) }, "admin system"},

		{"has a country forms fill in", func(p ocu.Principal) bool { return p.RaisesFor() != "" }, "officer.ph officer.th officer.ar"},
		{"records under the name given", func(p ocu.Principal) bool { return p.Author("As typed") == "As typed" }, "system"},
	}
	for _, c := range tests {
		want := strings.Fields(c.who)
		for _, w := range want {
			if _, ok := principals[w]; !ok {
				t.Fatalf("%s: unknown principal %q", c.name, w)
			}
		}
		for name, p := range principals {
			if got := c.may(p); got != slices.Contains(want, name) {
				t.Errorf("%s %s: %v, want %v", name, c.name, got, !got)
			}
		}
	}
}

// TestRaisesForAndAuthor pins the values, not only whether there is one.
func TestRaisesForAndAuthor(t *testing.T) {
	for name, want := range map[string]string{"officer.ph": "PH", "officer.ar": "AR", "supervisor.mnl": "", "coordinator": "", "system": ""} {
		if got := principals[name].RaisesFor(); got != want {
			t.Errorf("%s raises for %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"officer.ph": "Officer Santos", "officer.th": "officer.th",
		"supervisor.mnl": "Sgt Cruz", "system": "As typed"} {
		if got := principals[name].Author("As typed"); got != want {
			t.Errorf("%s records as %q, want %q", name, got, want)
		}
	}
}

// TestCapabilitiesStayInScope checks that no capability reaches past what a
// principal sees: whoever may change a case, see its suspects' names,
// supervise its OCU or read its OCU's dashboard sees the case; whoever reads
// the operation's dashboard sees every case. A dashboard lists the cases of
// its OCU (the stale screenings, the notable cases), so this is what keeps
// it within the reader's scope.
func TestCapabilitiesStayInScope(t *testing.T) {
	for name, p := range principals {
		s := p.Cases()
		if p.MayReadDashboard(0) && !s.All {
			t.Errorf("%s reads the operation's dashboard but does not see every case", name)
		}
		for _, u := range []int64{mnl, skp, dkr, bue} {
			for _, country := range []string{"PH", "TH", "AR", "SN", "MK"} {
				if (p.MayChangeCase(u, country) || p.MaySeeIdentities(u, country)) && !s.Sees(u, false) {
					t.Errorf("%s may change or see identities in a case of OCU %d (%s) it does not see", name, u, country)
				}
				if p.MayRaiseFor(country, u) && !s.Sees(u, false) {
					t.Errorf("%s may raise a case in OCU %d it would not see", name, u)
				}
			}
			if (p.MaySupervise(u) || p.MayReadDashboard(u) || p.MayImportFor(u)) && !s.Sees(u, false) {
				t.Errorf("%s supervises, imports or reads the dashboard of OCU %d without seeing its cases", name, u)
			}
			if s.Sees(u, false) != (s.All || s.Unit == u) {
				t.Errorf("%s: Sees(%d) disagrees with the scope %+v", name, u, s)
			}
		}
	}
}
