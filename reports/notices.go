package reports

import (
	"context"

	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/views"
)

// NoticeCount is how many persons located in the operation's cases (of
// one OCU, for its dashboard) were the subject of a notice of one colour:
// recorded on the person, or a missing person's Yellow Notice matched by
// a document they carry. A person who is the subject of two notices of
// different colours counts under each; of two of one colour, once.
type NoticeCount struct {
	Colour  string
	Persons int
}

// noticesByColour counts persons located who were the subject of a notice,
// by colour, every colour listed (zeros included) in cases.NoticeColours'
// order.
func (s *Service) noticesByColour(ctx context.Context, operationID, unitID int64) ([]NoticeCount, error) {
	var rows []struct {
		Colour  string
		Persons int
	}
	err := s.DB.Read.WithContext(ctx).Raw(`SELECT x.colour, COUNT(DISTINCT x.person_id) AS persons FROM (
			SELECT n.colour, n.person_id, n.case_id FROM notices n WHERE n.person_id IS NOT NULL
			UNION ALL
			SELECT n.colour, m.person_id, p.case_id FROM notice_matches m
				JOIN notices n ON n.id = m.notice_id JOIN people p ON p.id = m.person_id
		) x JOIN cases c ON c.id = x.case_id
		WHERE c.operation_id = ? AND (? = 0 OR c.unit_id = ?)
		GROUP BY x.colour`, operationID, unitID, unitID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	by := map[string]int{}
	for _, r := range rows {
		by[r.Colour] = r.Persons
	}
	out := make([]NoticeCount, 0, len(cases.NoticeColours))
	for _, c := range cases.NoticeColours {
		out = append(out, NoticeCount{Colour: c, Persons: by[c]})
	}
	return out, nil
}

// noticeFigures is the notices-by-colour figure of d as pages show it.
func noticeFigures(ctx context.Context, d *Dashboard) []views.NoticeColourFigure {
	out := make([]views.NoticeColourFigure, 0, len(d.NoticesByColour))
	for _, n := range d.NoticesByColour {
		out = append(out, views.NoticeColourFigure{Colour: views.T(ctx, "notice."+n.Colour), Code: n.Colour, Count: int64(n.Persons)})
	}
	return out
}

// noticesJSON is the figure as the API returns it: persons by colour code.
func noticesJSON(d *Dashboard) map[string]int {
	out := make(map[string]int, len(d.NoticesByColour))
	for _, n := range d.NoticesByColour {
		out[n.Colour] = n.Persons
	}
	return out
}
