package units

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
)

// Store holds every query on reference data.
type Store struct {
	db    *db.DB
	cache snapshotCache
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

func (Operation) TableName() string  { return "operations" }
func (Unit) TableName() string       { return "units" }
func (Country) TableName() string    { return "countries" }
func (Attachment) TableName() string { return "attachments" }

// Operations lists operations, most recent first.
func (s *Store) Operations(ctx context.Context) ([]Operation, error) {
	var ops []Operation
	err := s.db.Read.WithContext(ctx).Order("first_day DESC, id DESC").Find(&ops).Error
	return ops, err
}

// Operation finds an operation by its code (case-insensitive).
func (s *Store) Operation(ctx context.Context, code string) (Operation, error) {
	var op Operation
	err := s.db.Read.WithContext(ctx).Where("code = ?", strings.ToUpper(strings.TrimSpace(code))).Take(&op).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return op, ocu.Errorf(ocu.NotFound, "error.operation_not_found", code)
	}
	return op, err
}

// CurrentOperation is the operation pages show when none is chosen: the one
// that started most recently. NotFound when there is none yet.
func (s *Store) CurrentOperation(ctx context.Context) (Operation, error) {
	var op Operation
	err := s.db.Read.WithContext(ctx).Order("first_day DESC, id DESC").Take(&op).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return op, ocu.Errorf(ocu.NotFound, "error.no_operation")
	}
	return op, err
}

// OperationOrCurrent resolves an optional operation code.
func (s *Store) OperationOrCurrent(ctx context.Context, code string) (Operation, error) {
	if strings.TrimSpace(code) == "" {
		return s.CurrentOperation(ctx)
	}
	return s.Operation(ctx, code)
}

// Units lists the OCUs in their reference order.
func (s *Store) Units(ctx context.Context) ([]Unit, error) {
	var us []Unit
	err := s.db.Read.WithContext(ctx).Order("id").Find(&us).Error
	return us, err
}

// Unit finds an OCU by its code (case-insensitive).
func (s *Store) Unit(ctx context.Context, code string) (Unit, error) {
	var u Unit
	err := s.db.Read.WithContext(ctx).Where("code = ?", strings.ToUpper(strings.TrimSpace(code))).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, ocu.Errorf(ocu.NotFound, "error.unit_not_found", code)
	}
	return u, err
}

// Countries lists every country, by name.
func (s *Store) Countries(ctx context.Context) ([]Country, error) {
	var cs []Country
	err := s.db.Read.WithContext(ctx).Order("name").Find(&cs).Error
	return cs, err
}

// CountryNames maps ISO alpha-2 codes to names, for rendering.
func (s *Store) CountryNames(ctx context.Context) (map[string]string, error) {
	cs, err := s.Countries(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(cs))
	for _, c := range cs {
		m[c.ISO2] = c.Name
	}
	return m, nil
}

// AttachedCountry is a participating country with its OCU for an operation.
type AttachedCountry struct {
	Country
	UnitID   int64
	UnitCode string
	Mode     string
}

// Attachments lists the participating countries of an operation with their
// OCU, by country name.
func (s *Store) Attachments(ctx context.Context, operationID int64) ([]AttachedCountry, error) {
	var rows []AttachedCountry
	err := s.db.Read.WithContext(ctx).Raw(`
		SELECT c.iso2, c.iso3, c.name, a.unit_id, u.code AS unit_code, a.mode
		FROM attachments a
		JOIN countries c ON c.iso2 = a.country_iso2
		JOIN units u ON u.id = a.unit_id
		WHERE a.operation_id = ?
		ORDER BY c.name`, operationID).Scan(&rows).Error
	return rows, err
}

// Attachment returns the OCU a country reports to for an operation.
func (s *Store) Attachment(ctx context.Context, operationID int64, iso2 string) (Attachment, error) {
	var a Attachment
	err := s.db.Read.WithContext(ctx).
		Where("operation_id = ? AND country_iso2 = ?", operationID, strings.ToUpper(iso2)).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return a, ocu.Errorf(ocu.NotFound, "error.attachment_not_found", iso2)
	}
	return a, err
}

// EnsureOperation creates the operation if no operation has its code, and
// returns the stored one. Used by the demo loader; an administrator's page
// for operations comes with accounts.
func (s *Store) EnsureOperation(ctx context.Context, op Operation) (Operation, error) {
	op.Code = strings.ToUpper(strings.TrimSpace(op.Code))
	if err := validateOperation(op); err != nil {
		return op, err
	}
	op.CreatedAt = time.Now().UTC()
	err := s.db.Write.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "code"}}, DoNothing: true}).Create(&op).Error
	if err != nil {
		return op, fmt.Errorf("create operation %s: %w", op.Code, err)
	}
	s.invalidate()
	var stored Operation
	err = s.db.Write.WithContext(ctx).Where("code = ?", op.Code).Take(&stored).Error
	return stored, err
}

func validateOperation(op Operation) error {
	fe := ocu.FieldErrors{}
	if op.Code == "" {
		fe.Add("code", "error.required")
	}
	if strings.TrimSpace(op.Name) == "" {
		fe.Add("name", "error.required")
	}
	first, err := time.Parse(time.DateOnly, op.FirstDay)
	if err != nil {
		fe.Add("first_day", "error.date_format")
	}
	last, err := time.Parse(time.DateOnly, op.LastDay)
	if err != nil {
		fe.Add("last_day", "error.date_format")
	} else if last.Before(first) {
		fe.Add("last_day", "error.last_before_first")
	}
	return fe.Err()
}

// Attach records that a country reports to an OCU for an operation, unless it
// is already attached (an administrator's choice is never overwritten).
func (s *Store) Attach(ctx context.Context, a Attachment) error {
	if a.Mode == "" {
		a.Mode = InPerson
	}
	if a.Mode != InPerson && a.Mode != Online {
		return ocu.Errorf(ocu.Invalid, "error.attachment_mode", a.Mode)
	}
	defer s.invalidate()
	return s.db.Write.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&a).Error
}

// UnitByID finds an OCU by its id.
func (s *Store) UnitByID(ctx context.Context, id int64) (Unit, error) {
	var u Unit
	err := s.db.Read.WithContext(ctx).Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, ocu.Errorf(ocu.NotFound, "error.unit_not_found", id)
	}
	return u, err
}

// OperationByID finds an operation by its id.
func (s *Store) OperationByID(ctx context.Context, id int64) (Operation, error) {
	var op Operation
	err := s.db.Read.WithContext(ctx).Where("id = ?", id).Take(&op).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return op, ocu.Errorf(ocu.NotFound, "error.operation_not_found", id)
	}
	return op, err
}
