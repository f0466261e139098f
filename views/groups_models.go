package views

// GroupsListData is the criminal groups' list.
type GroupsListData struct {
	Page
	Rows    []GroupListRow
	CanKeep bool // may create groups
	Saved   string
}

// GroupListRow is one group in the list.
type GroupListRow struct {
	Href, Name string
	Cases      string // counts, formatted
	Members    string
}

// GroupFormData is the form creating or editing a group.
type GroupFormData struct {
	Page
	Heading       string
	Action        string
	Cancel        string
	Name, Summary string
	Version       int
	Errors        map[string]string
	Error         string
}

// GroupPageData is one group's page: its figures, the graph and the lists
// of its cases and members within the reader's scope.
type GroupPageData struct {
	Page
	Name, Summary string
	CreatedBy     string
	Saved         string
	Figures       []Figure
	Graph         GroupGraph
	Cases         []GroupCaseRow
	HiddenCases   string // "3 more cases outside your scope", or ""
	Members       []GroupMemberRow
	HiddenPeople  string
	Shared        []string // "Phone shared by P001, P004"
	CanKeep       bool
	EditHref      string
	CaseAction    string // POST adds; + "/{ref}/delete" removes
	PersonAction  string // POST adds; + "/{pseudonym}/delete" removes
}

// GroupCaseRow is one of a group's cases the reader may see.
type GroupCaseRow struct {
	Href, Reference, Title, Status, Unit, Country string
	Removable                                     bool // added to the group (not there through a member only)
}

// GroupMemberRow is one of a group's members the reader may see.
type GroupMemberRow struct {
	Href, Pseudonym, CaseHref, Reference, Nationality, Arrested string
}

// GroupGraph is the group's graph laid out on the server: boxes for cases,
// people and shared identifiers in three columns, and lines between them.
type GroupGraph struct {
	Width, Height int
	Title, Desc   string
	Headings      []GraphText
	Nodes         []GraphNode
	Edges         []GraphEdge
}

// GraphText is a column's heading.
type GraphText struct {
	X, Y  int
	Label string
}

// GraphNode is a box with its label.
type GraphNode struct {
	X, Y, W, H int
	Kind       string // case, person, identifier: its class
	Label      string
}

// GraphEdge is a line from one box to another.
type GraphEdge struct{ X1, Y1, X2, Y2 int }
