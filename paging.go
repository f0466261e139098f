package ocu

// LastPage is the number of the last page of a list of total items, per
// to a page: 1 when the list is empty, as an empty list still shows its
// first page.
//
// Every paged list (cases, a case's people, the audit trail) treats a page
// number past the last alike: a page shows the last page with a note
// saying so, and the API answers web.PageNotFound.
func LastPage(total int64, per int) int {
	if total <= 0 || per <= 0 {
		return 1
	}
	return int((total + int64(per) - 1) / int64(per))
}
