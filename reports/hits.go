package reports

import (
	"context"
	"time"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/views"
)

// hitsLimit bounds the attention list's hits; Hits.Count says how many.
const hitsLimit = 20

// HitCount is one police database with the checks recorded against it
// and how many of them hit.
type HitCount struct {
	Database string
	Checks   int
	Hits     int
}

// HitNote is a hit on the attention list: a lead to follow in a case.
type HitNote struct {
	Reference, Title, Database, HitReference string
	At                                       time.Time
}

// Hits are the checks against police databases in a dashboard's scope:
// counted by database, and the latest hits as leads.
type Hits struct {
	ByDatabase []HitCount // every database, in the catalogue's order
	Count      int        // hits in all
	Recent     []HitNote  // newest first, at most hitsLimit
}

// hits reads the checks of an operation, or of one OCU (unitID != 0).
func (s *Service) hits(ctx context.Context, operationID, unitID int64) (Hits, error) {
	var h Hits
	where, args := "k.operation_id = ?", []any{operationID}
	if unitID != 0 {
		where += " AND k.unit_id = ?"
		args = append(args, unitID)
	}
	db := s.DB.Read.WithContext(ctx)
	var rows []HitCount
	if err := db.Raw(`SELECT k.database, COUNT(*) AS checks, COALESCE(SUM(k.result = 'hit'), 0) AS hits
		FROM database_checks k WHERE `+where+` GROUP BY k.database`, args...).Scan(&rows).Error; err != nil {
		return h, err
	}
	byDB := map[string]HitCount{}
	for _, r := range rows {
		byDB[r.Database] = r
		h.Count += r.Hits
	}
	for _, code := range cases.CheckDatabases {
		r := byDB[code]
		r.Database = code
		h.ByDatabase = append(h.ByDatabase, r)
	}
	if h.Count == 0 {
		return h, nil
	}
	err := db.Raw(`SELECT c.reference, c.title, k.database, k.hit_reference, k.created_at AS at
		FROM database_checks k JOIN cases c ON c.id = k.case_id
		WHERE `+where+` AND k.result = 'hit' ORDER BY k.id DESC LIMIT ?`, append(args, hitsLimit)...).Scan(&h.Recent).Error
	return h, err
}

// hitsView is the dashboards' hits figure and its leads.
func hitsView(ctx context.Context, d *Dashboard) views.HitsView {
	v := views.HitsView{Count: views.NumIn(ctx, int64(d.Hits.Count))}
	for _, l := range d.Hits.ByDatabase {
		v.Lines = append(v.Lines, views.HitLine{Database: views.T(ctx, "check.db."+l.Database),
			Checks: views.NumIn(ctx, int64(l.Checks)), Hits: views.NumIn(ctx, int64(l.Hits))})
	}
	for _, h := range d.Hits.Recent {
		v.Recent = append(v.Recent, views.AttentionCase{Reference: h.Reference, Href: "/cases/" + h.Reference + "#checks",
			Title: h.Title, Detail: views.T(ctx, "dashboard.hit_detail", views.T(ctx, "check.db."+h.Database), h.HitReference)})
	}
	return v
}

// hitsJSON is the dashboard API's hits: by database, and the latest hits
// (case reference, database, the hit's reference, when).
type hitsJSON struct {
	Count      int             `json:"count"`
	ByDatabase []hitCountJSON  `json:"by_database"`
	Recent     []recentHitJSON `json:"recent"`
}

type hitCountJSON struct {
	Database string `json:"database"`
	Checks   int    `json:"checks"`
	Hits     int    `json:"hits"`
}

type recentHitJSON struct {
	Case         string    `json:"case"`
	Database     string    `json:"database"`
	HitReference string    `json:"hit_reference"`
	At           time.Time `json:"at"`
}

func toHitsJSON(h Hits) hitsJSON {
	j := hitsJSON{Count: h.Count, ByDatabase: []hitCountJSON{}, Recent: []recentHitJSON{}}
	for _, l := range h.ByDatabase {
		j.ByDatabase = append(j.ByDatabase, hitCountJSON(l))
	}
	for _, r := range h.Recent {
		j.Recent = append(j.Recent, recentHitJSON{r.Reference, r.Database, r.HitReference, r.At.UTC()})
	}
	return j
}
