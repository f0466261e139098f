package views

// SignInData is the sign-in page.
type SignInData struct {
	Page
	Username string
	Next     string
	Error    string
	Notice   string
}

// AccountData is the signed-in user's own page: who they are, their API
// tokens, and a token just created (shown once).
type AccountData struct {
	Page
	Username, DisplayName, Role, Unit, Country string
	Tokens                                     []TokenRow
	NewToken                                   string
	NewTokenName                               string
	Errors                                     map[string]string
}
