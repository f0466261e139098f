package cases

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
)

// SeizureKinds is the fixed list of what can be seized.
var SeizureKinds = []string{"cash", "firearms", "ammunition", "drugs", "phones_devices", "vehicles", "documents", "other"}

// Seizure is something seized in a case. For cash the quantity is the
// amount, the unit its ISO 4217 currency, and ValueUSD its value in US
// dollars so that cash in many currencies adds up. When the amount was not
// published (AmountUnknown), Quantity and ValueUSD are nil: stored as NULL,
// so that no sum counts the seizure as zero.
type Seizure struct {
	ID            int64
	CaseID        int64
	OperationID   int64
	UnitID        int64
	Kind          string
	Description   string
	AmountUnknown bool
	Quantity      *float64
	Unit          string
	Currency      string
	ValueUSD      *float64 `gorm:"column:value_usd"`
	RecordedBy    string
	CreatedAt     time.Time
}

func (Seizure) TableName() string { return "seizures" }

// SeizureInput is a seizure as typed.
type SeizureInput struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Quantity    string `json:"quantity"`
	Unit        string `json:"unit"`
	Currency    string `json:"currency"`
	ValueUSD    string `json:"value_usd"`
	RecordedBy  string `json:"recorded_by"`
	// AmountUnknown says the amount was not published or is not known:
	// quantity, unit and value are then left blank.
	AmountUnknown bool `json:"amount_unknown"`
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// maxQuantity keeps typing slips (an extra row of zeros) out of totals.
const maxQuantity = 1e12

func parseAmount(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

func validateSeizure(in *SeizureInput) (Seizure, error) {
	in.Kind, in.Description, in.Unit = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Description), strings.TrimSpace(in.Unit)
	in.Currency, in.RecordedBy = strings.ToUpper(strings.TrimSpace(in.Currency)), strings.TrimSpace(in.RecordedBy)
	fe := ocu.FieldErrors{}
	tooLong(fe, "kind", in.Kind)
	tooLong(fe, "currency", in.Currency)
	tooLong(fe, "quantity", in.Quantity)
	tooLong(fe, "value_usd", in.ValueUSD)
	sz := Seizure{Kind: in.Kind, Description: in.Description, RecordedBy: in.RecordedBy}
	if in.Kind == "" {
		fe.Add("kind", "error.required")
	} else if !slices.Contains(SeizureKinds, in.Kind) {
		fe.Add("kind", "error.seizure_kind_unknown", in.Kind)
	}
	if utf8.RuneCountInString(in.Description) > maxPlace {
		fe.Add("description", "error.too_long", maxPlace)
	}
	if in.RecordedBy == "" {
		fe.Add("recorded_by", "error.required")
	} else if utf8.RuneCountInString(in.RecordedBy) > maxName {
		fe.Add("recorded_by", "error.too_long", maxName)
	}
	sz.AmountUnknown = in.AmountUnknown
	if in.AmountUnknown {
		validateUnknownAmount(fe, in, &sz)
		return sz, fe.Err()
	}
	q, ok := parseAmount(in.Quantity)
	switch {
	case strings.TrimSpace(in.Quantity) == "":
		fe.Add("quantity", "error.quantity_or_unknown")
	case !ok || q <= 0 || q > maxQuantity:
		fe.Add("quantity", "error.positive_number")
	}
	sz.Quantity = &q
	if in.Kind == "cash" {
		// Cash: the quantity is the amount and the unit its currency.
		switch {
		case !currencyPattern.MatchString(in.Currency):
			fe.Add("currency", "error.currency_code")
		case !validCurrency(in.Currency):
			fe.Add("currency", "error.currency_unknown", in.Currency)
		}
		v, ok := parseAmount(in.ValueUSD)
		if strings.TrimSpace(in.ValueUSD) == "" {
			fe.Add("value_usd", "error.value_usd_required")
		} else if !ok || v < 0 || v > maxQuantity {
			fe.Add("value_usd", "error.non_negative_number")
		}
		v = math.Round(v*100) / 100
		sz.Currency, sz.Unit, sz.ValueUSD = in.Currency, in.Currency, &v
	} else {
		if in.Currency != "" || strings.TrimSpace(in.ValueUSD) != "" {
			fe.Add("currency", "error.cash_only")
		}
		if in.Unit == "" {
			fe.Add("unit", "error.required")
		} else if utf8.RuneCountInString(in.Unit) > 40 {
			fe.Add("unit", "error.too_long", 40)
		}
		sz.Unit = in.Unit
	}
	return sz, fe.Err()
}

// validateUnknownAmount checks a seizure whose amount is not known: no
// quantity, unit or value may be given with it (a figure and "not known"
// cannot both be true); cash may still name its currency.
func validateUnknownAmount(fe ocu.FieldErrors, in *SeizureInput, sz *Seizure) {
	if strings.TrimSpace(in.Quantity) != "" {
		fe.Add("quantity", "error.amount_unknown_with_quantity")
	}
	if in.Unit != "" {
		fe.Add("unit", "error.amount_unknown_with_quantity")
	}
	if strings.TrimSpace(in.ValueUSD) != "" {
		fe.Add("value_usd", "error.amount_unknown_with_quantity")
	}
	if in.Kind != "cash" {
		if in.Currency != "" {
			fe.Add("currency", "error.cash_only")
		}
		return
	}
	if in.Currency != "" {
		switch {
		case !currencyPattern.MatchString(in.Currency):
			fe.Add("currency", "error.currency_code")
		case !validCurrency(in.Currency):
			fe.Add("currency", "error.currency_unknown", in.Currency)
		}
	}
	sz.Currency = in.Currency
}

// auditSeizureValues are the fields of a SeizureInput the audit trail
// records by value: what was seized and how much. The description and who
// recorded it are recorded by name only (see the audit package).
var auditSeizureValues = []string{"kind", "amount_unknown", "quantity", "unit", "currency", "value_usd"}

// seizureInputOf is a stored seizure as its input, for the audit trail.
func seizureInputOf(sz Seizure) SeizureInput {
	in := SeizureInput{Kind: sz.Kind, Description: sz.Description, Unit: sz.Unit, Currency: sz.Currency,
		RecordedBy: sz.RecordedBy, AmountUnknown: sz.AmountUnknown}
	if sz.Quantity != nil {
		in.Quantity = strconv.FormatFloat(*sz.Quantity, 'f', -1, 64)
	}
	if sz.ValueUSD != nil {
		in.ValueUSD = strconv.FormatFloat(*sz.ValueUSD, 'f', -1, 64)
	}
	return in
}

// AddSeizure records a seizure in an open case.
func (s *Store) AddSeizure(ctx context.Context, reference string, in SeizureInput) (*Seizure, error) {
	if p := principal(ctx); p.ActsInOwnName() {
		in.RecordedBy = p.Name()
	}
	var sz Seizure
	err := s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := contributable(tx, principal(ctx), reference)
		if err != nil {
			return err
		}
		if sz, err = validateSeizure(&in); err != nil {
			return err
		}
		sz.CaseID, sz.OperationID, sz.UnitID, sz.CreatedAt = c.ID, c.OperationID, c.UnitID, s.now()
		if err := tx.Create(&sz).Error; err != nil {
			return fmt.Errorf("insert seizure: %w", err)
		}
		if err := tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", s.now(), c.ID).Error; err != nil {
			return err
		}
		d := audit.Changed(nil, in, auditSeizureValues...)
		d["seizure"] = sz.ID
		return audit.Record(ctx, tx, audit.Entry{Action: "seizure.add", Subject: "case:" + c.Reference, Details: d})
	})
	if err != nil {
		return nil, err
	}
	return &sz, nil
}

// DeleteSeizure removes a seizure recorded by mistake from an open case.
func (s *Store) DeleteSeizure(ctx context.Context, reference string, id int64) error {
	return s.db.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := contributable(tx, principal(ctx), reference)
		if err != nil {
			return err
		}
		var before Seizure
		if err := tx.Where("id = ? AND case_id = ?", id, c.ID).Take(&before).Error; err == nil {
			d := audit.Changed(seizureInputOf(before), nil, auditSeizureValues...)
			d["seizure"] = before.ID
			if err := audit.Record(ctx, tx, audit.Entry{Action: "seizure.delete", Subject: "case:" + c.Reference, Details: d}); err != nil {
				return err
			}
		}
		res := tx.Where("id = ? AND case_id = ?", id, c.ID).Delete(&Seizure{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ocu.Errorf(ocu.NotFound, "error.seizure_not_found", id, c.Reference)
		}
		return tx.Exec("UPDATE cases SET updated_at = ? WHERE id = ?", s.now(), c.ID).Error
	})
}

// Seizures lists a case's seizures in the order recorded.
func (s *Store) Seizures(ctx context.Context, caseID int64) ([]Seizure, error) {
	var out []Seizure
	err := s.db.Read.WithContext(ctx).Where("case_id = ?", caseID).Order("id").Find(&out).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return out, err
}
