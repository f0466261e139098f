package cases

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/web"
)

// identifierJSON is an identifier as the API returns it.
type identifierJSON struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	DocType    string    `json:"doc_type,omitempty"`
	Country    string    `json:"country,omitempty"`
	Value      string    `json:"value"`
	Normalized string    `json:"normalized"`
	AddedBy    string    `json:"added_by"`
	CreatedAt  time.Time `json:"created_at"`
}

func toIdentifierJSON(id *Identifier) identifierJSON {
	return identifierJSON{ID: id.ID, Kind: id.Kind, DocType: id.DocType, Country: id.Country, Value: id.Value,
		Normalized: id.Normalized, AddedBy: id.AddedBy, CreatedAt: id.CreatedAt.UTC()}
}

// noticeJSON is a notice as the API returns it. has_document_number says
// a Yellow Notice on the operation carries a missing person's document
// number, which the API does not return.
type noticeJSON struct {
	ID                int64     `json:"id"`
	Colour            string    `json:"colour"`
	ControlNumber     string    `json:"control_number"`
	IssuingCountry    string    `json:"issuing_country"`
	Purpose           string    `json:"purpose"`
	HasDocumentNumber bool      `json:"has_document_number,omitempty"`
	AddedBy           string    `json:"added_by"`
	CreatedAt         time.Time `json:"created_at"`
}

func toNoticeJSON(n *Notice) noticeJSON {
	return noticeJSON{ID: n.ID, Colour: n.Colour, ControlNumber: n.ControlNumber, IssuingCountry: n.IssuingCountry,
		Purpose: n.Purpose, HasDocumentNumber: n.DocumentNumber != "", AddedBy: n.AddedBy, CreatedAt: n.CreatedAt.UTC()}
}

// personForIdentifiers loads the person for a read of what they carry:
// Forbidden to a reader who sees the case but not its names.
func (h *Handler) personForIdentifiers(c echo.Context) (*Person, *Case, error) {
	ctx := c.Request().Context()
	p, cs, err := h.Store.Person(ctx, c.Param("pseudonym"))
	if err != nil {
		return nil, nil, err
	}
	if !seesIdentities(principal(ctx), cs) {
		return nil, nil, ocu.Errorf(ocu.Forbidden, "error.identifiers_not_yours", p.Pseudonym)
	}
	return p, cs, nil
}

// apiIdentifiers answers GET /api/v1/people/{pseudonym}/identifiers.
func (h *Handler) apiIdentifiers(c echo.Context) error {
	ctx := c.Request().Context()
	p, cs, err := h.personForIdentifiers(c)
	if err != nil {
		return err
	}
	ids, err := h.Store.Identifiers(ctx, cs, p)
	if err != nil {
		return err
	}
	if err := h.Store.RecordIdentifierView(ctx, p, len(ids)); err != nil {
		return err
	}
	out := make([]identifierJSON, 0, len(ids))
	for i := range ids {
		out = append(out, toIdentifierJSON(&ids[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"person": p.Pseudonym, "identifiers": out})
}

// apiAddIdentifier answers POST /api/v1/people/{pseudonym}/identifiers.
func (h *Handler) apiAddIdentifier(c echo.Context) error {
	var in IdentifierInput
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	id, err := h.Store.AddIdentifier(c.Request().Context(), c.Param("pseudonym"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toIdentifierJSON(id))
}

// apiDeleteIdentifier answers DELETE /api/v1/people/{pseudonym}/identifiers/{id}.
func (h *Handler) apiDeleteIdentifier(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.identifier_not_found", c.Param("id"))
	}
	if err := h.Store.DeleteIdentifier(c.Request().Context(), c.Param("pseudonym"), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiPersonNotices answers GET /api/v1/people/{pseudonym}/notices: the
// notices the person is the subject of, and the Yellow Notices their
// documents match.
func (h *Handler) apiPersonNotices(c echo.Context) error {
	ctx := c.Request().Context()
	p, cs, err := h.personForIdentifiers(c)
	if err != nil {
		return err
	}
	own, matched, err := h.Store.PersonNotices(ctx, cs, p)
	if err != nil {
		return err
	}
	if err := h.Store.RecordIdentifierView(ctx, p, len(own)+len(matched)); err != nil {
		return err
	}
	out := make([]noticeJSON, 0, len(own))
	for i := range own {
		out = append(out, toNoticeJSON(&own[i]))
	}
	yellow := make([]noticeJSON, 0, len(matched))
	for i := range matched {
		yellow = append(yellow, toNoticeJSON(&matched[i].Notice))
	}
	return c.JSON(http.StatusOK, map[string]any{"person": p.Pseudonym, "notices": out, "yellow_matches": yellow})
}

// apiAddPersonNotice answers POST /api/v1/people/{pseudonym}/notices.
func (h *Handler) apiAddPersonNotice(c echo.Context) error {
	var in NoticeInput
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	n, err := h.Store.AddPersonNotice(c.Request().Context(), c.Param("pseudonym"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toNoticeJSON(n))
}

// apiDeletePersonNotice answers DELETE /api/v1/people/{pseudonym}/notices/{id}.
func (h *Handler) apiDeletePersonNotice(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.notice_not_found", c.Param("id"))
	}
	if err := h.Store.DeletePersonNotice(c.Request().Context(), c.Param("pseudonym"), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiOperationNotices answers GET /api/v1/operations/{code}/notices.
func (h *Handler) apiOperationNotices(c echo.Context) error {
	ctx := c.Request().Context()
	r, err := loadSnapshot(ctx, h.Units)
	if err != nil {
		return err
	}
	op, ok := r.Operation(c.Param("code"))
	if !ok {
		return ocu.Errorf(ocu.NotFound, "error.operation_not_found", c.Param("code"))
	}
	list, err := h.Store.OperationNotices(ctx, op.ID)
	if err != nil {
		return err
	}
	out := make([]noticeJSON, 0, len(list))
	for i := range list {
		out = append(out, toNoticeJSON(&list[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"operation": op.Code, "notices": out})
}

// apiAddOperationNotice answers POST /api/v1/operations/{code}/notices.
func (h *Handler) apiAddOperationNotice(c echo.Context) error {
	var in NoticeInput
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	n, err := h.Store.AddOperationNotice(c.Request().Context(), c.Param("code"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toNoticeJSON(n))
}

// apiDeleteOperationNotice answers DELETE /api/v1/operations/{code}/notices/{id}.
func (h *Handler) apiDeleteOperationNotice(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.notice_not_found", c.Param("id"))
	}
	if err := h.Store.DeleteOperationNotice(c.Request().Context(), c.Param("code"), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
