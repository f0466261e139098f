package exports

import (
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/ocu-project/ocu/cases"
)

// query is one table's SELECT, in parts so that counting shares the FROM
// and WHERE of reading.
type query struct {
	cols, from, where, order string
	args                     []any
}

// Every case table is read in the cases' unique index order (operation,
// OCU, sequence) and, within a case, in its own index order: SQLite walks
// the indexes and never sorts, so memory stays flat however many rows.
const caseOrder = "c.unit_id, c.seq"

// query is t's SELECT for this plan.
func (pl *plan) query(t Table) query {
	where, args := pl.caseScope()
	if q, ok := pl.threadQuery(t, where, args); ok {
		return q
	}
	switch t {
	case TableCases:
		return query{cols: `c.reference, c.unit_id, c.raising_country, c.title, c.summary, c.place, c.country_iso2,
			c.raid_at, c.raid_day, c.status,
			(SELECT group_concat(form, ';') FROM case_forms WHERE case_id = c.id),
			(SELECT group_concat(country_iso2, ';') FROM case_countries WHERE case_id = c.id AND role = 'origin'),
			(SELECT group_concat(country_iso2, ';') FROM case_countries WHERE case_id = c.id AND role = 'transit'),
			(SELECT group_concat(country_iso2, ';') FROM case_countries WHERE case_id = c.id AND role = 'destination'),
			c.raised_by, c.notable, c.version, c.created_at, c.updated_at,
			c.people_count, c.potential_victims, c.minor_victims, c.irregular_migrants,
			c.suspects, c.arrests, c.arrests_ht_ms, c.referred_suspects`,
			from: "cases c", where: where, args: args, order: caseOrder}
	case TableHistory:
		return query{cols: "c.reference, t.from_status, t.to_status, t.actor, t.note, t.at",
			from: "cases c JOIN case_transitions t ON t.case_id = c.id", where: where, args: args,
			order: caseOrder + ", t.id"}
	case TablePeople:
		return query{cols: `p.pseudonym, c.reference, p.outcome, p.sex, p.age_band, p.minor, p.nationality,
			p.exploitation, p.assistance_org, p.assistance_date, p.version, p.created_at, p.updated_at`,
			from: "cases c JOIN people p ON p.case_id = c.id", where: where, args: args, order: caseOrder + ", p.seq"}
	case TableSuspects:
		return query{cols: `p.pseudonym, c.reference, c.unit_id, c.raising_country, p.name, p.birth_date,
			p.arrested, p.arrested_at, (SELECT group_concat(charge, ';') FROM charges WHERE person_id = p.id),
			p.prosecution_authority, p.prosecution_ref, p.prosecution_date`,
			from: "cases c JOIN people p ON p.case_id = c.id AND p.outcome = 'suspect'", where: where, args: args,
			order: caseOrder + ", p.seq"}
	case tableVictims:
		return query{cols: "p.pseudonym, c.reference, p.sex, p.age_band, p.minor, p.nationality, p.exploitation",
			from: "cases c JOIN people p ON p.case_id = c.id AND p.outcome = 'potential_victim'", where: where, args: args,
			order: caseOrder + ", p.seq"}
	case TableSeizures:
		return query{cols: `c.reference, s.kind, s.description, s.quantity, s.unit, s.currency, s.value_usd,
			s.recorded_by, s.created_at`,
			from: "cases c JOIN seizures s ON s.case_id = c.id", where: where, args: args, order: caseOrder + ", s.id"}
	case TableReturns:
		where, args := pl.returnScope()
		return query{cols: `r.country_iso2, r.day, r.database_checks, r.flights_monitored, r.border_points,
			r.officers_deployed, r.filed_by, r.filed_at, r.version`,
			from: "daily_returns r", where: where, args: args, order: "r.country_iso2, r.day"}
	case TableAttachments:
		// Reference data anyone signed in reads on the OCU pages: all of
		// the operation's, so an import can place every exported case.
		return query{cols: "a.country_iso2, a.unit_id, a.mode", from: "attachments a",
			where: "a.operation_id = ?", args: []any{pl.op.ID}, order: "a.country_iso2"}
	}
	panic("exports: no query for table " + string(t))
}

// operationRow is the single row of operation.csv.
func (pl *plan) operationRow() []cell {
	return []cell{{s: pl.op.Code}, {s: pl.op.Name}, {s: pl.op.FirstDay}, {s: pl.op.LastDay}}
}

// decoder returns the function that scans t's current row into cells.
// Each keeps its scan targets between rows, so reading a million people
// allocates little beyond the strings themselves.
func (pl *plan) decoder(t Table, rows *sql.Rows) func([]cell) error {
	switch t {
	case TableCases:
		return pl.decodeCase(rows)
	case TableHistory:
		return pl.decodeHistory(rows)
	case TablePeople:
		return pl.decodePerson(rows)
	case TableSuspects:
		return pl.decodeSuspect(rows)
	case tableVictims:
		return pl.decodeVictim(rows)
	case TableSeizures:
		return pl.decodeSeizure(rows)
	case TableReturns:
		return pl.decodeReturn(rows)
	case TableAttachments:
		return pl.decodeAttachment(rows)
	}
	if _, ok := pl.threadQuery(t, "", nil); ok {
		return decodeBySchema(t, rows)
	}
	panic("exports: no decoder for table " + string(t))
}

func (pl *plan) decodeCase(rows *sql.Rows) func([]cell) error {
	var (
		ref, raising, title, summary, place, country, raidDay, status, raisedBy string
		unitID, notable, version                                                int64
		raidAt, created, updated                                                time.Time
		forms, origin, transit, destination                                     sql.NullString
		tallies                                                                 [8]int64
	)
	dest := []any{&ref, &unitID, &raising, &title, &summary, &place, &country, &raidAt, &raidDay, &status,
		&forms, &origin, &transit, &destination, &raisedBy, &notable, &version, &created, &updated}
	for i := range tallies {
		dest = append(dest, &tallies[i])
	}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c[0].s, c[1].s, c[2].s, c[3].s = ref, pl.op.Code, pl.ref.UnitByID(unitID).Code, raising
		c[4].s, c[5].s, c[6].s, c[7].s = title, summary, place, country
		c[8].t = raidAt.UTC()
		setDate(&c[9], raidDay)
		c[10].s = status
		c[11].l = sortedBy(splitList(c[11].l, forms), formRank)
		c[12].l = sortedBy(splitList(c[12].l, origin), nil)
		c[13].l = sortedBy(splitList(c[13].l, transit), nil)
		c[14].l = sortedBy(splitList(c[14].l, destination), nil)
		c[15].s, c[16].n, c[17].n = raisedBy, notable, version
		c[18].t, c[19].t = created.UTC(), updated.UTC()
		for i, n := range tallies {
			c[20+i].n = n
		}
		return nil
	}
}

func (pl *plan) decodeHistory(rows *sql.Rows) func([]cell) error {
	var (
		ref, from, to, actor, note string
		at                         time.Time
		last                       string
		seq                        int64
	)
	dest := []any{&ref, &from, &to, &actor, &note, &at}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		// Rows come case by case in the order the moves were made: the
		// position within the case is the history's sequence.
		if ref != last {
			last, seq = ref, 0
		}
		seq++
		c[0].s, c[1].n, c[2].s, c[3].s, c[4].s, c[5].s, c[6].t = ref, seq, from, to, actor, note, at.UTC()
		return nil
	}
}

func (pl *plan) decodePerson(rows *sql.Rows) func([]cell) error {
	var (
		pseudonym, ref, outcome, sex, band, nationality, exploitation, org, orgDate string
		minor, version                                                              int64
		created, updated                                                            time.Time
	)
	dest := []any{&pseudonym, &ref, &outcome, &sex, &band, &minor, &nationality, &exploitation, &org, &orgDate,
		&version, &created, &updated}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c[0].s, c[1].s, c[2].s, c[3].s, c[4].s, c[5].n = pseudonym, ref, outcome, sex, band, minor
		c[6].s, c[7].s, c[8].s = nationality, exploitation, org
		setDate(&c[9], orgDate)
		c[10].n, c[11].t, c[12].t = version, created.UTC(), updated.UTC()
		return nil
	}
}

func (pl *plan) decodeSuspect(rows *sql.Rows) func([]cell) error {
	var (
		pseudonym, ref, raising, name, birth, authority, prosRef, prosDate string
		unitID, arrested                                                   int64
		arrestedAt                                                         sql.NullTime
		charges                                                            sql.NullString
	)
	dest := []any{&pseudonym, &ref, &unitID, &raising, &name, &birth, &arrested, &arrestedAt, &charges,
		&authority, &prosRef, &prosDate}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		// Names and dates of birth leave only towards those the case pages
		// show them to; for anyone else the columns stay, blank.
		if !pl.canSeeIdentity(unitID, raising) {
			name, birth = "", ""
		}
		c[0].s, c[1].s, c[2].s = pseudonym, ref, name
		setDate(&c[3], birth)
		c[4].n = arrested
		c[5].null = !arrestedAt.Valid
		c[5].t = arrestedAt.Time.UTC()
		c[6].l = sortedBy(splitList(c[6].l, charges), chargeRank)
		c[7].s, c[8].s = authority, prosRef
		setDate(&c[9], prosDate)
		return nil
	}
}

func (pl *plan) decodeSeizure(rows *sql.Rows) func([]cell) error {
	var (
		ref, kind, description, unit, currency, recordedBy string
		quantity, valueUSD                                 sql.NullFloat64
		created                                            time.Time
	)
	dest := []any{&ref, &kind, &description, &quantity, &unit, &currency, &valueUSD, &recordedBy, &created}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c[0].s, c[1].s, c[2].s, c[3].f, c[4].s = ref, kind, description, quantity.Float64, unit
		c[5].s, c[6].f, c[7].s, c[8].t = currency, valueUSD.Float64, recordedBy, created.UTC()
		// Cash is counted in its currency, which is then the quantity's
		// unit; only cash has a value in US dollars: blank for the rest,
		// where 0 would read as "worth nothing". An amount not published
		// is blank (NULL) too, never 0: the import reads a blank quantity
		// back as "amount not published".
		c[3].null = !quantity.Valid
		c[6].null = kind != "cash" || !valueUSD.Valid
		if kind == "cash" {
			c[4].s = currency
		}
		return nil
	}
}

func (pl *plan) decodeReturn(rows *sql.Rows) func([]cell) error {
	var (
		country, day, filedBy            string
		checks, flights, points, officer int64
		version                          int64
		filedAt                          time.Time
	)
	dest := []any{&country, &day, &checks, &flights, &points, &officer, &filedBy, &filedAt, &version}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c[0].s, c[1].s = pl.op.Code, country
		setDate(&c[2], day)
		c[3].n, c[4].n, c[5].n, c[6].n = checks, flights, points, officer
		c[7].s, c[8].t, c[9].n = filedBy, filedAt.UTC(), version
		return nil
	}
}

func (pl *plan) decodeAttachment(rows *sql.Rows) func([]cell) error {
	var (
		country, mode string
		unitID        int64
	)
	dest := []any{&country, &unitID, &mode}
	return func(c []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c[0].s, c[1].s, c[2].s, c[3].s = pl.op.Code, country, pl.ref.UnitByID(unitID).Code, mode
		return nil
	}
}

// setDate fills a date cell; an empty stored date is an absent one.
func setDate(c *cell, s string) {
	c.s, c.null = s, s == ""
}

// splitList splits a ';'-joined SQL aggregate into buf's storage.
func splitList(buf []string, s sql.NullString) []string {
	buf = buf[:0]
	if !s.Valid || s.String == "" {
		return buf
	}
	for part := range strings.SplitSeq(s.String, ";") {
		buf = append(buf, part)
	}
	return buf
}

// sortedBy sorts codes by their rank in a taxonomy (unknown codes last,
// alphabetically), or alphabetically when rank is nil: group_concat's
// order is unspecified, the export's must not be.
func sortedBy(l []string, rank map[string]int) []string {
	slices.SortFunc(l, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return l
}

// formRank and chargeRank are the taxonomies' display orders.
var formRank, chargeRank = func() (map[string]int, map[string]int) {
	f, c := map[string]int{}, map[string]int{}
	for i, x := range cases.AllForms() {
		f[string(x)] = i
	}
	for i, x := range cases.Charges {
		c[string(x)] = i
	}
	return f, c
}()
