package units

import (
	"context"
	"sort"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// Snapshot is the reference data in memory: a few hundred rows that every
// case page, list and validation needs. The Store hands out one snapshot
// until one of its own writes invalidates it; every write to reference data
// goes through the Store, so a process never serves a stale snapshot of its
// own changes.
type Snapshot struct {
	operations []Operation
	units      []Unit
	countries  []Country

	opByCode   map[string]Operation
	opByID     map[int64]Operation
	unitByCode map[string]Unit
	unitByID   map[int64]Unit
	names      map[string]string
	iso3       map[string]string
	attached   map[int64]map[string]Attachment // operation → ISO2 → attachment
}

type snapshotCache struct {
	mu   sync.Mutex
	snap *Snapshot
}

// Snapshot returns the current reference data, loading it if needed.
func (s *Store) Snapshot(ctx context.Context) (*Snapshot, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.snap != nil {
		return s.cache.snap, nil
	}
	snap, err := s.loadSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	s.cache.snap = snap
	return snap, nil
}

// invalidate drops the cached snapshot after a write to reference data.
func (s *Store) invalidate() {
	s.cache.mu.Lock()
	s.cache.snap = nil
	s.cache.mu.Unlock()
}

func (s *Store) loadSnapshot(ctx context.Context) (*Snapshot, error) {
	return s.snapshotFrom(s.db.Read.WithContext(ctx))
}

// snapshotFrom builds a snapshot from q, which may be a transaction that
// sees rows not yet committed (an import validating what it restores).
func (s *Store) snapshotFrom(q *gorm.DB) (*Snapshot, error) {
	snap := &Snapshot{
		opByCode: map[string]Operation{}, opByID: map[int64]Operation{},
		unitByCode: map[string]Unit{}, unitByID: map[int64]Unit{},
		names: map[string]string{}, iso3: map[string]string{}, attached: map[int64]map[string]Attachment{},
	}
	if err := q.Order("first_day DESC, id DESC").Find(&snap.operations).Error; err != nil {
		return nil, err
	}
	if err := q.Order("id").Find(&snap.units).Error; err != nil {
		return nil, err
	}
	if err := q.Order("name").Find(&snap.countries).Error; err != nil {
		return nil, err
	}
	var atts []Attachment
	if err := q.Find(&atts).Error; err != nil {
		return nil, err
	}
	for _, o := range snap.operations {
		snap.opByCode[o.Code], snap.opByID[o.ID] = o, o
	}
	for _, u := range snap.units {
		snap.unitByCode[u.Code], snap.unitByID[u.ID] = u, u
	}
	for _, c := range snap.countries {
		snap.names[c.ISO2], snap.iso3[c.ISO2] = c.Name, c.ISO3
	}
	for _, a := range atts {
		if snap.attached[a.OperationID] == nil {
			snap.attached[a.OperationID] = map[string]Attachment{}
		}
		snap.attached[a.OperationID][a.CountryISO2] = a
	}
	return snap, nil
}

func norm(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// Operations lists the operations, most recent first.
func (s *Snapshot) Operations() []Operation { return s.operations }

// Units lists the OCUs in reference order.
func (s *Snapshot) Units() []Unit { return s.units }

// Countries lists every country by name.
func (s *Snapshot) Countries() []Country { return s.countries }

// Operation finds an operation by code.
func (s *Snapshot) Operation(code string) (Operation, bool) {
	o, ok := s.opByCode[norm(code)]
	return o, ok
}

// OperationByID finds an operation by id.
func (s *Snapshot) OperationByID(id int64) Operation { return s.opByID[id] }

// Unit finds an OCU by code.
func (s *Snapshot) Unit(code string) (Unit, bool) {
	u, ok := s.unitByCode[norm(code)]
	return u, ok
}

// UnitByID finds an OCU by id.
func (s *Snapshot) UnitByID(id int64) Unit { return s.unitByID[id] }

// CountryName is the name of an ISO alpha-2 code, "" when unknown.
func (s *Snapshot) CountryName(iso2 string) string { return s.names[norm(iso2)] }

// Attachment returns the OCU a country reports to in an operation.
func (s *Snapshot) Attachment(operationID int64, iso2 string) (Attachment, bool) {
	a, ok := s.attached[operationID][norm(iso2)]
	return a, ok
}

// Attached lists an operation's participating countries by name.
func (s *Snapshot) Attached(operationID int64) []AttachedCountry {
	out := make([]AttachedCountry, 0, len(s.attached[operationID]))
	for iso2, a := range s.attached[operationID] {
		u := s.unitByID[a.UnitID]
		out = append(out, AttachedCountry{Country: Country{ISO2: iso2, ISO3: s.iso3[iso2], Name: s.names[iso2]}, UnitID: u.ID, UnitCode: u.Code, Mode: a.Mode})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
