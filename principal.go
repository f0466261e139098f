package ocu

import "context"

// Roles a user can have.
const (
	RoleOfficer     = "officer"     // one country attached to one OCU
	RoleSupervisor  = "supervisor"  // one OCU
	RoleCoordinator = "coordinator" // every OCU, read-only
	RoleAdmin       = "admin"       // users, reference data, the audit trail
	// RoleSystem is ocu itself acting: the demo loader, imports, the CLI.
	// It is never a user's role.
	RoleSystem = "system"
)

// Roles lists the roles a user account can have, in order of scope.
var Roles = []string{RoleOfficer, RoleSupervisor, RoleCoordinator, RoleAdmin}

// Principal is who is acting, and from where. Every store reads it from
// the context and scopes its queries by it: a context without one sees and
// changes nothing.
type Principal struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        string
	UnitID      int64  // officers and supervisors
	Country     string // officers: ISO alpha-2
	Address     string // the client's address, for the audit trail
}

// System is ocu acting on its own behalf, with every right.
var System = Principal{Username: "system", DisplayName: "ocu", Role: RoleSystem, Address: "local"}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal in ctx, if any.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// SystemContext is ctx acting as ocu itself.
func SystemContext(ctx context.Context) context.Context { return WithPrincipal(ctx, System) }

// Name is how the principal is named in records (history, "raised by").
func (p Principal) Name() string {
	if p.DisplayName != "" {
		return p.DisplayName
	}
	return p.Username
}
