package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// TestVisibilityAgreement checks that every way of reaching cases agrees,
// for every role, on exactly which cases that role sees: the case page and
// its API (200 or 404 for each case), the case list page and the list API
// (every page, small pages so that an OCU's own cases and those shared with
// it are merged across pages), searches and the OCU filter, the export
// (over HTTP for those who may download, and the export plan itself for
// every role), and the dashboard's case count. The fixture is the demo's
// named cases in four OCUs, with Manila cases shared with Buenos Aires and
// with Dakar, and a Dakar case shared with Manila.
func TestVisibilityAgreement(t *testing.T) {
	a := newTestApp(t)
	// More cases than the demo's few per OCU, on several days, so that an
	// OCU's own cases and those shared with it interleave across pages.
	for i, day := range []string{"2024-09-29", "2024-10-04", "2024-10-01", "2024-09-30", "2024-10-03"} {
		raise(a.as("officer.ph"), "PH", fmt.Sprintf("%sT%02d:00", day, 6+i))
		raise(a.as("officer.th"), "TH", fmt.Sprintf("%sT%02d:30", day, 7+i))
		raise(a.as("officer.ar"), "AR", fmt.Sprintf("%sT%02d:15", day, 8+i))
	}

	// The cases, straight from the database.
	type dbCase struct{ Reference, Unit string }
	var all []dbCase
	if err := a.db.Read.Raw(`SELECT c.reference, u.code AS unit FROM cases c JOIN units u ON u.id = c.unit_id
		JOIN operations o ON o.id = c.operation_id WHERE o.code = 'LIB2' ORDER BY c.id`).Scan(&all).Error; err != nil {
		t.Fatal(err)
	}
	unitOf := map[string]string{}
	byUnit := map[string][]string{}
	for _, c := range all {
		unitOf[c.Reference] = c.Unit
		byUnit[c.Unit] = append(byUnit[c.Unit], c.Reference)
	}
	for _, u := range []string{"MNL", "SKP", "DKR", "BUE"} {
		if len(byUnit[u]) == 0 {
			t.Fatalf("the fixture needs cases in OCU %s: %v", u, byUnit)
		}
	}
	if len(byUnit["MNL"]) < 3 {
		t.Fatalf("the fixture needs three Manila cases: %v", byUnit["MNL"])
	}

	// Shares, made as supervisors do.
	share := func(supervisor, ref, unit string) {
		t.Helper()
		if st, m := a.as(supervisor).api("POST", "/api/v1/cases/"+ref+"/shares", map[string]any{"unit": unit}); st != http.StatusOK {
			t.Fatalf("share %s with %s: %d %v", ref, unit, st, m)
		}
	}
	share("supervisor.mnl", byUnit["MNL"][0], "BUE")
	share("supervisor.mnl", byUnit["MNL"][2], "BUE")
	share("supervisor.mnl", byUnit["MNL"][1], "DKR")
	share("supervisor.dkr", byUnit["DKR"][0], "MNL")
	share("supervisor.dkr", byUnit["DKR"][len(byUnit["DKR"])-1], "MNL")
	share("supervisor.dkr", byUnit["DKR"][0], "BUE")
	sharedWith := map[string][]string{} // OCU → references shared with it
	var shares []dbCase
	if err := a.db.Read.Raw(`SELECT c.reference, u.code AS unit FROM case_shares s JOIN cases c ON c.id = s.case_id
		JOIN units u ON u.id = s.unit_id`).Scan(&shares).Error; err != nil {
		t.Fatal(err)
	}
	for _, s := range shares {
		sharedWith[s.Unit] = append(sharedWith[s.Unit], s.Reference)
	}

	us := units.NewStore(a.db)
	roles := []struct {
		user string
		unit string // the OCU whose cases, and those shared with it, the role sees; "" with all
		all  bool   // sees every case
	}{
		{"officer.ph", "MNL", false},
		{"officer.th", "MNL", false}, // another country of the same OCU: sees the same cases
		{"officer.ar", "BUE", false},
		{"supervisor.mnl", "MNL", false},
		{"supervisor.dkr", "DKR", false},
		{"coordinator", "", true},
		{"admin", "", false}, // reads no case
	}
	for _, r := range roles {
		t.Run(r.user, func(t *testing.T) {
			a.t = t
			a.as(r.user)

			// What the rule says the role sees, from the fixture alone.
			var want []string
			for _, c := range all {
				if r.all || c.Unit == r.unit || slices.Contains(sharedWith[r.unit], c.Reference) {
					want = append(want, c.Reference)
				}
			}
			sort.Strings(want)
			if r.unit != "" && len(sharedWith[r.unit]) == 0 {
				t.Fatalf("the fixture shares nothing with %s: the test would not tell shared cases apart", r.unit)
			}

			// The case page and its API: 200 or 404, nothing else.
			var page []string
			for _, c := range all {
				st := a.get("/cases/" + c.Reference).Status
				apiSt := a.get("/api/v1/cases/" + c.Reference).Status
				if st != apiSt {
					t.Errorf("%s: the case page answers %d, the API %d", c.Reference, st, apiSt)
				}
				switch st {
				case http.StatusOK:
					page = append(page, c.Reference)
				case http.StatusNotFound:
				default:
					t.Errorf("%s: the case page answers %d, want 200 or 404", c.Reference, st)
				}
			}
			sort.Strings(page)
			agree(t, "the case page", page, "the rule", want)

			// The list, page and API, every page in every order, and
			// filtered.
			for _, order := range []string{"raid_desc", "raid_asc", "reference", "updated_desc", "status"} {
				agree(t, "the list API sorted by "+order, listAPI(a, url.Values{"sort": {order}}), "the case page", page)
			}
			agree(t, "the list page", listPage(a, url.Values{}), "the case page", page)
			for _, u := range []string{"MNL", "SKP", "DKR", "BUE"} {
				var inUnit []string
				for _, ref := range page {
					if unitOf[ref] == u {
						inUnit = append(inUnit, ref)
					}
				}
				agree(t, "the list API for unit="+u, listAPI(a, url.Values{"unit": {u}}), "the case page", inUnit)
				agree(t, "a search for LIB2-"+u+"-", listAPI(a, url.Values{"q": {"LIB2-" + u + "-"}}), "the case page", inUnit)
				agree(t, "the list page searching LIB2-"+u+"-", listPage(a, url.Values{"q": {"LIB2-" + u + "-"}}), "the case page", inUnit)
			}

			// The export over HTTP, for those who may download.
			res := a.get("/api/v1/export?format=csv&table=cases&operation=LIB2")
			switch r.user {
			case "supervisor.mnl", "supervisor.dkr", "coordinator":
				if res.Status != http.StatusOK {
					t.Fatalf("export: %d %s", res.Status, res.Body)
				}
				agree(t, "the CSV export", csvReferences(t, []byte(res.Body)), "the case page", page)
			default:
				if res.Status != http.StatusForbidden {
					t.Errorf("export by %s: %d, want 403", r.user, res.Status)
				}
			}
			// The export plan itself, as the role: officers' plans hold
			// their scope too (only the route refuses them a download).
			var u accounts.User
			if err := a.db.Read.Where("username = ?", r.user).Take(&u).Error; err != nil {
				t.Fatal(err)
			}
			ctx := ocu.WithPrincipal(context.Background(), u.Principal("test"))
			var b bytes.Buffer
			_, err := exports.Export(ctx, a.db, us, exports.Filter{Operation: "LIB2"}, exports.FormatCSV, exports.TableCases, &b)
			switch {
			case r.user == "admin":
				if ocu.KindOf(err) != ocu.Forbidden {
					t.Errorf("the export plan for an administrator: %v, want Forbidden", err)
				}
			case err != nil:
				t.Fatalf("export plan: %v", err)
			default:
				agree(t, "the export plan", csvReferences(t, b.Bytes()), "the case page", page)
			}

			// The dashboard counts the role's OCU's own cases (or every
			// case): a case shared with an OCU stays in its own OCU's
			// figures (see reports.Handler.scope), so the dashboard of the
			// OCU it is shared with does not count it.
			st, m := a.api("GET", "/api/v1/dashboard?operation=LIB2", nil)
			switch {
			case r.all:
				if st != http.StatusOK || int(m["cases"].(float64)) != len(page) {
					t.Errorf("the dashboard: %d, %v cases; the case page shows %d", st, m["cases"], len(page))
				}
				for _, unit := range []string{"MNL", "SKP", "DKR", "BUE"} {
					st, m := a.api("GET", "/api/v1/dashboard?operation=LIB2&unit="+unit, nil)
					if st != http.StatusOK || int(m["cases"].(float64)) != len(byUnit[unit]) {
						t.Errorf("the %s dashboard: %d, %v cases; %s has %d", unit, st, m["cases"], unit, len(byUnit[unit]))
					}
				}
			case strings.HasPrefix(r.user, "supervisor."):
				own := 0
				for _, ref := range page {
					if unitOf[ref] == r.unit {
						own++
					}
				}
				if own == len(page) {
					t.Fatalf("%s sees no shared case: the dashboard check would not tell them apart", r.user)
				}
				if st != http.StatusOK || m["unit"] != r.unit || int(m["cases"].(float64)) != own {
					t.Errorf("the dashboard: %d, unit %v, %v cases; want %s's own %d", st, m["unit"], m["cases"], r.unit, own)
				}
			default:
				if st != http.StatusForbidden {
					t.Errorf("the dashboard for %s: %d, want 403", r.user, st)
				}
			}
		})
	}
}

// agree fails the test unless two sorted lists of references are equal,
// naming what each side holds alone.
func agree(t *testing.T, what string, got []string, than string, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var only, missing []string
	for _, r := range got {
		if !slices.Contains(want, r) {
			only = append(only, r)
		}
	}
	for _, r := range want {
		if !slices.Contains(got, r) {
			missing = append(missing, r)
		}
	}
	t.Errorf("%s and %s disagree: only in %s %v, missing there %v (got %d, want %d; duplicates count)",
		what, than, what, only, missing, len(got), len(want))
}

// listPerPage is small, so every list spans pages.
const listPerPage = 3

// listAPI reads every page of GET /api/v1/cases with q and returns the
// references, sorted.
func listAPI(a *testApp, q url.Values) []string {
	a.t.Helper()
	var refs []string
	for n := 1; ; n++ {
		q.Set("operation", "LIB2")
		q.Set("per_page", fmt.Sprint(listPerPage))
		q.Set("page", fmt.Sprint(n))
		st, m := a.api("GET", "/api/v1/cases?"+q.Encode(), nil)
		if st == http.StatusNotFound && n == 1 {
			return nil // no case at all: the API has no page 1
		}
		if st != http.StatusOK {
			a.t.Fatalf("list page %d: %d %v", n, st, m)
		}
		for _, c := range m["cases"].([]any) {
			refs = append(refs, c.(map[string]any)["reference"].(string))
		}
		if n >= int(m["pages"].(float64)) {
			break
		}
	}
	sort.Strings(refs)
	return refs
}

var (
	listRow  = regexp.MustCompile(`<td class="ref"[^>]*><a href="/cases/([^"]+)">`)
	listNext = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// listPage reads every page of the /cases page with q, following its
// "next" links, and returns the references, sorted.
func listPage(a *testApp, q url.Values) []string {
	a.t.Helper()
	q.Set("op", "LIB2")
	q.Set("per_page", fmt.Sprint(listPerPage))
	path := "/cases?" + q.Encode()
	var refs []string
	for pages := 0; path != ""; pages++ {
		if pages > 100 {
			a.t.Fatal("the list page's next links do not end")
		}
		r := a.get(path)
		if r.Status != http.StatusOK {
			a.t.Fatalf("%s: %d", path, r.Status)
		}
		for _, m := range listRow.FindAllStringSubmatch(r.Body, -1) {
			refs = append(refs, m[1])
		}
		path = ""
		if m := listNext.FindStringSubmatch(r.Body); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	sort.Strings(refs)
	return refs
}

// csvReferences reads the reference column of a cases.csv export, sorted.
func csvReferences(t *testing.T, b []byte) []string {
	t.Helper()
	recs, err := csv.NewReader(skipBOM(t, bytes.NewReader(b))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("cases.csv does not parse: %v", err)
	}
	col := slices.Index(recs[0], "reference")
	if col < 0 {
		t.Fatalf("cases.csv has no reference column: %v", recs[0])
	}
	var refs []string
	for _, r := range recs[1:] {
		refs = append(refs, r[col])
	}
	sort.Strings(refs)
	return refs
}

// raise creates a case of country in LIB2 through the API, raided at
// (local time).
func raise(a *testApp, country, at string) {
	a.t.Helper()
	st, m := a.api("POST", "/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": country, "title": "Raid " + at, "place": "Harbour", "country": country,
		"raid_at": at, "forms": []string{"forced_labour"},
	})
	if st != http.StatusCreated {
		a.t.Fatalf("raise a case of %s: %d %v", country, st, m)
	}
}
