package views

// WorkPageData is My work: the reader's queue, grouped by kind.
type WorkPageData struct {
	Page
	Total  int
	Groups []WorkGroup
}

// WorkGroup is the items of one kind, under a heading.
type WorkGroup struct {
	Kind    string
	Heading string
	Items   []WorkRow
}

// WorkRow is one item of the queue as shown.
type WorkRow struct {
	Title, Href string
	Due         string // when it must be done, in the reader's words; "" without a deadline
	Overdue     bool
}
