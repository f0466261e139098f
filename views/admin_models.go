package views

import (
	"slices"
	"sort"
)

// The administrators' pages: accounts, operations and which country
// reports to which OCU.

// AdminIndexData is the administrators' start page.
type AdminIndexData struct {
	Page
}

// FormErrors is what a refused form shows: the summary above it, each
// field's message next to the field, and the same messages in form order
// for the summary's list.
type FormErrors struct {
	Summary string
	Errors  map[string]string
	List    []FieldMessage
}

// NewFormErrors lays out a refusal for a form: summary and fields already
// translated, listed in the form's order. label names a field; anchored
// says whether it has a control on the page to link to.
func NewFormErrors(summary string, fields map[string]string, order []string, label func(string) string, anchored func(string) bool) FormErrors {
	fe := FormErrors{Summary: summary, Errors: fields}
	for _, f := range order {
		if msg, ok := fields[f]; ok {
			fe.List = append(fe.List, FieldMessage{Field: f, Label: label(f), Message: msg, Anchored: anchored(f)})
		}
	}
	// A field the form does not know still gets its line: a refusal must
	// never be silent.
	var rest []string
	for f := range fields {
		if !slices.Contains(order, f) {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		fe.List = append(fe.List, FieldMessage{Field: f, Label: label(f), Message: fields[f], Anchored: anchored(f)})
	}
	return fe
}

// --- Accounts ---

// UserRow is an account in the list.
type UserRow struct {
	Username, Href, DisplayName string
	Role, RoleLabel             string
	Unit, Country               string // OCU code and country name; "" when the role has none
	Disabled                    bool
	Created                     Time
}

// UserFormValues are the account form's fields exactly as typed. There is
// no password here: a typed password is never sent back to the browser.
type UserFormValues struct {
	Username, DisplayName, Role, Unit, Country string
}

// UserForm is the form to create or edit an account, with its choices.
type UserForm struct {
	Action    string
	Editing   bool // the username is fixed and there is no password field
	Values    UserFormValues
	Roles     []Option
	Units     []Option
	Countries []OptionGroup // participating countries of the current operation, by OCU
	FormErrors
}

// AdminUsersData is the list of accounts with the form for a new one.
type AdminUsersData struct {
	Page
	Rows []UserRow
	Form UserForm
}

// UserCreatedData confirms a new account. Password is set only when ocu
// generated it; it is shown on this page and never again.
type UserCreatedData struct {
	Page
	User     UserRow
	Password string
}

// TokenRow is one of a user's API tokens.
type TokenRow struct {
	Name, Prefix      string
	Created, LastUsed Time
	Revoked           Time // when it was revoked; zero while it works
	RevokeAction      string
}

// AdminUserData is one account's page: its details form, the buttons to
// disable it or reset its password, and its API tokens.
type AdminUserData struct {
	Page
	User           UserRow
	Form           UserForm
	Saved          string
	Self           bool // the administrator is looking at their own account
	DisableAction  string
	PasswordAction string
	Tokens         []TokenRow
}

// PasswordResetData shows a user's new password, once.
type PasswordResetData struct {
	Page
	User     UserRow
	Password string
	Self     bool // the administrator reset their own password and is now signed out
}

// --- Operations ---

// AdminOperationRow is an operation in the administrators' list.
type AdminOperationRow struct {
	Code, Name, FirstDay, LastDay string
	Href, AttachmentsHref         string
	Countries                     int
}

// OperationFormValues are the operation form's fields exactly as typed.
type OperationFormValues struct {
	Code, Name, FirstDay, LastDay string
}

// OperationForm creates an operation or edits one (whose code is fixed).
type OperationForm struct {
	Action  string
	Editing bool
	Values  OperationFormValues
	FormErrors
}

// AdminOperationsData lists the operations with the form for a new one.
type AdminOperationsData struct {
	Page
	Rows []AdminOperationRow
	Form OperationForm
}

// AdminOperationData is the form editing one operation.
type AdminOperationData struct {
	Page
	Code            string
	Form            OperationForm
	Saved           string
	AttachmentsHref string
	FollowUp        FollowUpFormData // the follow-up period's form (followup)
}

// AttachmentRow is one country of the attachments table with its own
// small form.
type AttachmentRow struct {
	ISO2, Name   string
	Taking       bool   // the country takes part in the operation
	Action       string // where the row's form posts
	Units, Modes []Option
	Saved        bool   // this row was just saved
	Error        string // why this row's change was refused
}

// AdminAttachmentsData is every country with the OCU it reports to in one
// operation.
type AdminAttachmentsData struct {
	Page
	Operations   []Option // to switch operation
	Participants int
	Rows         []AttachmentRow
	Saved        string
	Refusal      string // a refused change, shown at the top
	RefusalHref  string // the row it concerns
}
