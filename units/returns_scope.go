package units

import (
	"context"

	"github.com/ocu-project/ocu"
)

// mayFile applies who may file a return: an officer for their own country,
// a supervisor for the countries of their OCU, ocu itself for any. The name
// recorded is the signed-in user's, not a typed one.
func mayFile(ctx context.Context, snap *Snapshot, in *ReturnInput) error {
	p, _ := ocu.PrincipalFrom(ctx)
	if p.Role == ocu.RoleSystem {
		return nil
	}
	in.FiledBy = p.Name()
	switch p.Role {
	case ocu.RoleOfficer:
		if !sameCountry(in.Country, p.Country) {
			return ocu.Errorf(ocu.Forbidden, "error.return_own_country", p.Country)
		}
	case ocu.RoleSupervisor:
		op, ok := snap.Operation(in.Operation)
		if !ok {
			return nil // validation names the unknown operation
		}
		if a, ok := snap.Attachment(op.ID, in.Country); ok && a.UnitID != p.UnitID {
			return ocu.Errorf(ocu.Forbidden, "error.return_own_unit")
		}
	default:
		return ocu.Errorf(ocu.Forbidden, "error.return_not_allowed")
	}
	return nil
}

func sameCountry(a, b string) bool { return norm(a) == norm(b) && b != "" }
