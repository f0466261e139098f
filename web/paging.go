package web

import "github.com/ocu-project/ocu"

// PageNotFound is the API's answer to a page number past the last
// (ocu.LastPage): 404, naming the last page. Pages show the last page
// instead, with a note.
func PageNotFound(page, last int) *ocu.Error {
	return ocu.Errorf(ocu.NotFound, "error.page_past_end", page, last)
}
