package cases

import (
	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
)

// tracingIdentifiersBlock refuses to move person p away from suspect while
// they carry a phone number, plate or alias: anyone else is never traced by
// those (migration 0011's rule on insert; this is the same rule on a change
// of outcome). It answers the message to show, or nil when the move may go.
func tracingIdentifiersBlock(tx *gorm.DB, p *Person, to Outcome) (*ocu.Message, error) {
	if p.Outcome != Suspect || to == Suspect {
		return nil, nil
	}
	var n int64
	if err := tx.Model(&Identifier{}).Where("person_id = ? AND kind <> ?", p.ID, IdentDocument).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	m := ocu.Msg("error.identifiers_keep_suspect", p.Pseudonym)
	return &m, nil
}
