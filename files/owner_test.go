package files

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db/dbtest"
)

// requestOwner stands for the requests package's Owner: request 7 is seen
// by user 1 only, who may attach to it.
type requestOwner struct{}

func (requestOwner) ByKey(ctx context.Context, q *gorm.DB, p ocu.Principal, key string) (Target, error) {
	id, _ := strconv.ParseInt(key, 10, 64)
	return requestOwner{}.ByID(ctx, q, p, id)
}

func (requestOwner) ByID(_ context.Context, _ *gorm.DB, p ocu.Principal, id int64) (Target, error) {
	if id != 7 || p.UserID != 1 {
		return Target{}, ocu.Errorf(ocu.NotFound, "error.file_not_found")
	}
	return Target{Kind: KindRequest, ID: 7, Key: "7", Href: "/requests/7", MayAdd: true}, nil
}

// TestAnotherOwnerKind: files attach to another kind of record through
// its Owner alone, and are seen exactly by whom it lets see the record;
// the kinds do not mix.
func TestAnotherOwnerKind(t *testing.T) {
	d := dbtest.New(t)
	s := NewStore(d, filepath.Join(t.TempDir(), "files"))
	s.SetOwner(KindRequest, requestOwner{})
	asker := ocu.WithPrincipal(context.Background(), ocu.Principal{UserID: 1, Username: "officer.sn", Role: ocu.RoleOfficer, Country: "SN"})
	other := ocu.WithPrincipal(context.Background(), ocu.Principal{UserID: 2, Username: "officer.ar", Role: ocu.RoleOfficer, Country: "AR"})

	pdf := []byte("%PDF-1.4\n%%EOF\n")
	f, err := s.Add(asker, KindRequest, "7", "answer.pdf", bytes.NewReader(pdf))
	if err != nil || f.OwnerKind != KindRequest || f.OwnerID != 7 {
		t.Fatalf("add: %+v %v", f, err)
	}
	if _, err := s.Add(other, KindRequest, "7", "x.pdf", bytes.NewReader(pdf)); ocu.KindOf(err) != ocu.NotFound {
		t.Fatalf("another user attaches: %v", err)
	}
	if _, blob, err := s.Open(asker, f.ID); err != nil {
		t.Fatalf("open: %v", err)
	} else {
		blob.Close()
	}
	if _, _, err := s.Open(other, f.ID); ocu.KindOf(err) != ocu.NotFound {
		t.Fatalf("another user opens: %v", err)
	}
	sec, err := s.Section(asker, KindRequest, "7")
	if err != nil || !sec.Show || len(sec.Rows) != 1 || sec.Action != "/requests/7/files" {
		t.Fatalf("section: %+v %v", sec, err)
	}
	// A case with id 7 does not see the request's file: the kinds do not mix.
	if fs, _ := s.List(asker, Target{Kind: KindCase, ID: 7}); len(fs) != 0 {
		t.Fatalf("a case lists the request's files")
	}
}

func TestDefaultDir(t *testing.T) {
	if got := DefaultDir("/var/lib/ocu/ocu.db"); got != "/var/lib/ocu/ocu-files" {
		t.Fatalf("DefaultDir = %s", got)
	}
}
