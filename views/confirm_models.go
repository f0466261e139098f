package views

// ConfirmData is the page that asks before an irreversible act: the first
// POST of the act's form (without confirm=1) answers with it, and its
// Confirm button posts the same values again with confirm=1. It is the
// reference path and needs no JavaScript.
type ConfirmData struct {
	Page    Page
	Heading string   // the question, naming the thing acted on
	Lead    []string // what will happen, a sentence each, and whether it can be undone
	Action  string   // where Confirm posts: the address of the first POST
	Fields  []Field  // the first POST's values, sent again unchanged
	Confirm string   // the Confirm button's label, naming the act
	Cancel  string   // where Cancel leads back to
}

// Field is one form value carried through a confirmation.
type Field struct{ Name, Value string }
