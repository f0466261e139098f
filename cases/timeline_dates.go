package cases

import (
	"context"
	"strconv"
	"time"
)

// recordedSlack is how far apart a record's own time and its audit entry's
// may be and still count as the same moment: both are read from clocks in
// the same transaction, microseconds apart, when a user records something.
const recordedSlack = time.Minute

// dateByRecords dates the audit events that created a record (people
// found, a seizure, a database check) by that record's own created_at,
// keeping the trail's time as Recorded where the two differ. Records are
// dated by the store's clock, which the demo sets within the operation's
// week and an import restores as exported; the trail records when ocu
// wrote them and is never backdated. One query per kind of record, however
// many events.
func (s *Store) dateByRecords(ctx context.Context, es []TimelineEvent) error {
	type key struct {
		table string
		id    any
	}
	want := map[key][]int{} // record -> events it dates
	for i, e := range es {
		switch e.Action {
		case "people.add":
			if p, ok := e.Details["first"].(string); ok {
				want[key{"people", p}] = append(want[key{"people", p}], i)
			}
		case "seizure.add":
			if id, ok := e.Details["seizure"].(float64); ok {
				want[key{"seizures", int64(id)}] = append(want[key{"seizures", int64(id)}], i)
			}
		case "check.add":
			if id, ok := e.Details["check"].(float64); ok {
				want[key{"database_checks", int64(id)}] = append(want[key{"database_checks", int64(id)}], i)
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	ids := map[string][]any{}
	for k := range want {
		ids[k.table] = append(ids[k.table], k.id)
	}
	queries := map[string]string{
		"people":          "SELECT pseudonym AS k, created_at FROM people WHERE pseudonym IN ?",
		"seizures":        "SELECT CAST(id AS TEXT) AS k, created_at FROM seizures WHERE id IN ?",
		"database_checks": "SELECT CAST(id AS TEXT) AS k, created_at FROM database_checks WHERE id IN ?",
	}
	for table, list := range ids {
		var rows []struct {
			K         string
			CreatedAt time.Time
		}
		if err := s.db.Read.WithContext(ctx).Raw(queries[table], list).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			var k key
			if table == "people" {
				k = key{table, r.K}
			} else {
				id, err := strconv.ParseInt(r.K, 10, 64)
				if err != nil {
					return err
				}
				k = key{table, id}
			}
			for _, i := range want[k] {
				at := r.CreatedAt.UTC()
				if d := es[i].At.Sub(at); d > recordedSlack || d < -recordedSlack {
					es[i].Recorded, es[i].At = es[i].At, at
				}
			}
		}
	}
	return nil
}
