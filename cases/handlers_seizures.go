package cases

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web"
)

// seizureSection fills the seizures part of a case page around any form
// values and errors already in ss.
func (h *Handler) seizureSection(ctx context.Context, cs *Case, ss views.SeizureSection) (views.SeizureSection, error) {
	list, err := h.Store.Seizures(ctx, cs.ID)
	if err != nil {
		return ss, err
	}
	base := "/cases/" + cs.Reference + "/seizures"
	ss.Action, ss.Open = base, cs.Status != Closed && canContribute(principal(ctx), cs)
	var cash float64
	var unknown int64
	for _, sz := range list {
		row := views.SeizureRow{Kind: views.T(ctx, "seizure."+sz.Kind), Description: sz.Description,
			Quantity: seizureAmount(ctx, sz), RecordedBy: sz.RecordedBy,
			DeleteAction: fmt.Sprintf("%s/%d/delete", base, sz.ID)}
		if sz.Kind == "cash" {
			if sz.ValueUSD != nil {
				row.ValueUSD = formatUSD(ctx, *sz.ValueUSD)
				cash += *sz.ValueUSD
			} else {
				row.ValueUSD = views.T(ctx, "seizures.amount_not_published")
				unknown++
			}
		}
		ss.Rows = append(ss.Rows, row)
	}
	ss.CashUSD = formatUSD(ctx, cash)
	if ss.Cash == (views.SeizureFormValues{}) {
		ss.Cash.Currency = currencyOf(cs.CountryISO2)
	}
	if unknown > 0 {
		// The total adds only the amounts known, and says so.
		ss.CashUSD += " " + views.TN(ctx, "seizures.cash_total_unknown", unknown)
	}
	for _, k := range SeizureKinds {
		ss.Kinds = append(ss.Kinds, views.Option{Value: k, Label: views.T(ctx, "seizure."+k)})
	}
	return ss, nil
}

// seizureAmount is a seizure's quantity and unit, or "amount not
// published" (with the currency, when known).
func seizureAmount(ctx context.Context, sz Seizure) string {
	if sz.Quantity == nil {
		if sz.Currency != "" {
			return views.T(ctx, "seizures.amount_not_published") + " (" + sz.Currency + ")"
		}
		return views.T(ctx, "seizures.amount_not_published")
	}
	return formatQuantity(ctx, *sz.Quantity) + " " + sz.Unit
}

func formatQuantity(ctx context.Context, q float64) string {
	if q == float64(int64(q)) {
		return views.NumIn(ctx, int64(q))
	}
	return strconv.FormatFloat(q, 'f', 2, 64)
}

func formatUSD(ctx context.Context, v float64) string {
	return "USD " + views.NumIn(ctx, int64(v+0.5))
}

func seizureInputFromForm(c echo.Context) SeizureInput {
	return SeizureInput{Kind: c.FormValue("kind"), Description: c.FormValue("description"), Quantity: c.FormValue("quantity"),
		Unit: c.FormValue("unit"), Currency: c.FormValue("currency"), ValueUSD: c.FormValue("value_usd"), RecordedBy: c.FormValue("recorded_by"),
		AmountUnknown: c.FormValue("amount_unknown") == "1"}
}

// addSeizure records a seizure from the case page.
func (h *Handler) addSeizure(c echo.Context) error {
	ctx := c.Request().Context()
	in := seizureInputFromForm(c)
	_, err := h.Store.AddSeizure(ctx, c.Param("ref"), in)
	if e, ok := asError(err); ok && e.Kind == ocu.Invalid {
		cs, gerr := h.Store.Get(ctx, c.Param("ref"))
		if gerr != nil {
			return gerr
		}
		msg, fields := e.Translate(translator(c))
		d := views.CasePageData{}
		typed := views.SeizureFormValues{Kind: in.Kind, Description: in.Description, Quantity: in.Quantity,
			Unit: in.Unit, Currency: in.Currency, ValueUSD: in.ValueUSD, RecordedBy: in.RecordedBy, AmountUnknown: in.AmountUnknown}
		if c.FormValue("form") == "cash" {
			// Refused from the cash form: shown again there, as typed
			// (an emptied currency stays empty).
			d.Seizures.Cash, d.Seizures.CashErrors, d.Seizures.CashSummary = typed, fields, msg
			if d.Seizures.Cash == (views.SeizureFormValues{}) {
				d.Seizures.Cash.Kind = "cash"
			}
		} else {
			d.Seizures.Values, d.Seizures.Errors, d.Seizures.Summary = typed, fields, msg
		}
		return h.renderCase(c, http.StatusUnprocessableEntity, cs, d)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+strings.ToUpper(c.Param("ref"))+"?saved=seizure_added#seizures")
}

// deleteSeizure removes a seizure recorded by mistake.
func (h *Handler) deleteSeizure(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return ocu.Errorf(ocu.NotFound, "error.seizure_not_found", 0, c.Param("ref"))
	}
	if !web.Confirmed(c) {
		if ask, err := h.askBeforeDeletingSeizure(c, c.Param("ref"), id); ask || err != nil {
			return err
		}
	}
	if err := h.Store.DeleteSeizure(c.Request().Context(), c.Param("ref"), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/cases/"+strings.ToUpper(c.Param("ref"))+"?saved=seizure_deleted#seizures")
}
