package units

import (
	"context"

	"github.com/ocu-project/ocu"
)

// mayFile applies who may file a return (access.go: an officer for their
// own country, a supervisor for the countries of their OCU, ocu itself for
// any). The name recorded is the signed-in user's, not a typed one.
func mayFile(ctx context.Context, snap *Snapshot, in *ReturnInput) error {
	p, _ := ocu.PrincipalFrom(ctx)
	// The OCU the country reports to in the return's operation; 0 when the
	// operation or the attachment is unknown, which validation names.
	var unitID int64
	if op, ok := snap.Operation(in.Operation); ok {
		if a, ok := snap.Attachment(op.ID, in.Country); ok {
			unitID = a.UnitID
		}
	}
	switch {
	case !p.MayFileReturns():
		return ocu.Errorf(ocu.Forbidden, "error.return_not_allowed")
	case p.MayFileReturnFor(norm(in.Country), unitID):
	case p.RaisesFor() != "":
		// Bound to one country: say which.
		return ocu.Errorf(ocu.Forbidden, "error.return_own_country", p.RaisesFor())
	default:
		return ocu.Errorf(ocu.Forbidden, "error.return_own_unit")
	}
	in.FiledBy = p.Author(in.FiledBy)
	return nil
}
