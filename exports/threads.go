package exports

import "database/sql"

// The threads between records (issue 14): people's identifiers and
// notices, database checks, partner countries, links between cases,
// criminal groups, and the operation's own notices. Each table is read
// within the export's case scope; identifiers, notices and the checks of
// documents and plates only of the cases whose names the user may see.

// threadQuery is the SELECT of one thread table, or false for another
// table. where and args select the export's cases (on alias c).
func (pl *plan) threadQuery(t Table, where string, args []any) (query, bool) {
	withIdentities := func() (string, []any) {
		ids, idArgs := pl.p.IdentitiesSQL("c")
		return where + " AND " + ids, append(append([]any{}, args...), idArgs...)
	}
	switch t {
	case TableIdentifiers:
		// Only the cases whose identities the user may see: the rows
		// themselves are left out, not blanked, so nothing of them leaves.
		w, a := withIdentities()
		return query{cols: "p.pseudonym, c.reference, i.kind, i.doc_type, i.country, i.value, i.added_by, i.created_at",
			from:  "cases c JOIN people p ON p.case_id = c.id JOIN person_identifiers i ON i.person_id = p.id",
			where: w, args: a, order: caseOrder + ", p.seq, i.id"}, true
	case TableNotices:
		w, a := withIdentities()
		return query{cols: "p.pseudonym, c.reference, n.colour, n.control_number, n.issuing_country, n.purpose, n.added_by, n.created_at",
			from:  "cases c JOIN people p ON p.case_id = c.id JOIN notices n ON n.person_id = p.id",
			where: w, args: a, order: caseOrder + ", p.seq, n.id"}, true
	case TableChecks:
		// What was checked, as positions the import finds again: a
		// person by pseudonym, an identifier by its place among the
		// person's, a seizure by its place among the case's. A check of
		// a document or plate goes only where that identifier goes.
		ids, idArgs := pl.p.IdentitiesSQL("c")
		return query{cols: `c.reference,
			CASE WHEN k.identifier_id IS NOT NULL THEN 'identifier:' || p.pseudonym || '/' ||
				(SELECT COUNT(*) FROM person_identifiers i2 WHERE i2.person_id = k.person_id AND i2.id <= k.identifier_id)
			WHEN k.seizure_id IS NOT NULL THEN 'seizure:' ||
				(SELECT COUNT(*) FROM seizures s2 WHERE s2.case_id = k.case_id AND s2.id <= k.seizure_id)
			ELSE 'person:' || p.pseudonym END,
			k.subject, k.database, k.result, k.hit_reference, k.checked_by, k.checked_at, k.created_at`,
			from:  "cases c JOIN database_checks k ON k.case_id = c.id LEFT JOIN people p ON p.id = k.person_id",
			where: where + " AND (k.identifier_id IS NULL OR " + ids + ")", args: append(append([]any{}, args...), idArgs...),
			order: caseOrder + ", k.id"}, true
	case TablePartners:
		return query{cols: "c.reference, cp.country_iso2, cp.added_by, cp.added_at",
			from:  "cases c JOIN case_partners cp ON cp.case_id = c.id",
			where: where, args: args, order: caseOrder + ", cp.country_iso2"}, true
	case TableLinks:
		// Both cases must be in the export: a link to a case left out
		// would name a case the file does not hold.
		return query{cols: "c.reference, o.reference, l.kind, l.reason, l.linked_by, l.created_at",
			from: `case_links l JOIN cases c ON c.id = l.from_id
				JOIN cases o ON o.id = CASE WHEN l.case_a = l.from_id THEN l.case_b ELSE l.case_a END`,
			where: where + " AND o.id IN (SELECT c.id FROM cases c WHERE " + where + ")",
			args:  append(append([]any{}, args...), args...), order: "l.id"}, true
	case TableGroups:
		return query{cols: "g.name, g.summary, g.created_by, g.version, g.created_at, g.updated_at",
			from: "criminal_groups g",
			where: `EXISTS (SELECT 1 FROM group_cases gc JOIN cases c ON c.id = gc.case_id WHERE gc.group_id = g.id AND ` + where + `)
				OR EXISTS (SELECT 1 FROM group_people gp JOIN people p ON p.id = gp.person_id JOIN cases c ON c.id = p.case_id
					WHERE gp.group_id = g.id AND ` + where + `)`,
			args: append(append([]any{}, args...), args...), order: "g.name COLLATE NOCASE, g.id"}, true
	case TableGroupMembers:
		// A group's cases (pseudonym empty) and suspects, of the
		// exported cases.
		return query{cols: "name, reference, pseudonym, added_by, added_at",
			from: `(SELECT g.name, g.id AS gid, c.reference, '' AS pseudonym, gc.added_by, gc.added_at, c.unit_id, c.seq, 0 AS pseq
					FROM group_cases gc JOIN criminal_groups g ON g.id = gc.group_id JOIN cases c ON c.id = gc.case_id WHERE ` + where + `
				UNION ALL
				SELECT g.name, g.id, c.reference, p.pseudonym, gp.added_by, gp.added_at, c.unit_id, c.seq, p.seq
					FROM group_people gp JOIN criminal_groups g ON g.id = gp.group_id JOIN people p ON p.id = gp.person_id
					JOIN cases c ON c.id = p.case_id WHERE ` + where + `)`,
			where: "1 = 1", args: append(append([]any{}, args...), args...),
			order: "name COLLATE NOCASE, gid, unit_id, seq, pseq"}, true
	case TableOperationNotices:
		// The notices every user is shown on the operation. A Yellow
		// Notice's missing person's document number is shown on no page:
		// only ocu itself (the command line) exports it.
		doc := "''"
		if pl.p.MayExportNoticeDocuments() {
			doc = "n.document_number"
		}
		return query{cols: "n.colour, n.control_number, n.issuing_country, n.purpose, " + doc + ", n.added_by, n.created_at",
			from: "notices n", where: "n.operation_id = ? AND n.person_id IS NULL", args: []any{pl.op.ID}, order: "n.id"}, true
	}
	return query{}, false
}

// decodeBySchema scans a row of t into cells by the kinds of t's columns:
// the thread tables hold texts, whole numbers and instants.
func decodeBySchema(t Table, rows *sql.Rows) func([]cell) error {
	cols := schema[t]
	texts := make([]sql.NullString, len(cols))
	ints := make([]sql.NullInt64, len(cols))
	times := make([]sql.NullTime, len(cols))
	dest := make([]any, len(cols))
	for i, c := range cols {
		switch c.kind {
		case kInt:
			dest[i] = &ints[i]
		case kTime:
			dest[i] = &times[i]
		default:
			dest[i] = &texts[i]
		}
	}
	return func(out []cell) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, c := range cols {
			switch c.kind {
			case kInt:
				out[i].n = ints[i].Int64
			case kTime:
				out[i].t, out[i].null = times[i].Time.UTC(), !times[i].Valid
			default:
				out[i].s = texts[i].String
			}
		}
		return nil
	}
}
