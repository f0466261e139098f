package views

// View structs of the follow-up after the operation week: prosecution
// steps of referred suspects, follow-up cases, the follow-up period of an
// operation and the operation's results (preliminary, final, amended).

// ProsecutionStep is one recorded step of a suspect's prosecution.
type ProsecutionStep struct {
	Label, Day, RecordedBy string
}

// ProsecutionSummary is the person page's section: the steps recorded and,
// for those who may record one, where to.
type ProsecutionSummary struct {
	Shown     bool // a referred suspect: the section is shown
	Steps     []ProsecutionStep
	RecordURL string // "" when the reader may not record
}

// ProsecutionPageData is the page recording a step for one suspect.
type ProsecutionPageData struct {
	Page
	Pseudonym, PersonHref, CaseRef, CaseHref string
	Steps                                    []ProsecutionStep
	Action                                   string
	Kinds                                    []Option
	Day                                      string
	FormErrors
}

// FollowUpBadge marks a follow-up case on its page.
type FollowUpBadge struct {
	FollowUp bool
	Until    string // the period's last day
}

// FollowUpFormData is the administrator's form setting an operation's
// follow-up period.
type FollowUpFormData struct {
	Action  string
	LastDay string
	Until   string
	Saved   string
	FormErrors
}

// ResultsPanel says on a dashboard or the report whether the figures are
// preliminary or final, separates the week's from the follow-up's, and
// after finalisation lists the amendments.
type ResultsPanel struct {
	Final       bool
	FinalisedBy string
	FinalisedAt string
	FollowUp    string // the follow-up period, "" when none
	// Week and FollowUp figures side by side, current values.
	Split []ResultsLine
	// Amendments: published against current, where they differ.
	Amendments []AmendmentLine
	// FinaliseURL is the coordinator's way to declare the results final
	// ("" when the reader may not, or they already are).
	FinaliseURL string
	Operation   string
}

// ResultsLine is one measure of the week/follow-up split.
type ResultsLine struct {
	Label          string
	Week, FollowUp string
}

// AmendmentLine is one published figure that the records now differ from.
type AmendmentLine struct {
	Scope, Label               string
	Published, Current, Change string
}
