package requests

import (
	"context"
	"strconv"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/files"
)

// FileOwner lets evidence files attach to requests (files.Owner): who sees
// a request's files is exactly who sees the request (Store.Get, the
// request's own rule), and either side may attach files while it is open.
type FileOwner struct{ Store *Store }

// ByKey is the request whose URLs call it key (its number), if p sees it.
func (o FileOwner) ByKey(ctx context.Context, q *gorm.DB, p ocu.Principal, key string) (files.Target, error) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id <= 0 {
		return files.Target{}, ocu.Errorf(ocu.NotFound, "error.request_not_found", key)
	}
	return o.ByID(ctx, q, p, id)
}

// ByID is request id, if p sees it.
func (o FileOwner) ByID(ctx context.Context, _ *gorm.DB, p ocu.Principal, id int64) (files.Target, error) {
	d, err := o.Store.Get(ocu.WithPrincipal(ctx, p), id)
	if err != nil {
		return files.Target{}, err
	}
	key := strconv.FormatInt(id, 10)
	return files.Target{Kind: files.KindRequest, ID: id, Key: key, Href: "/requests/" + key,
		MayAdd: d.Open() && (d.Sender || d.Recipient)}, nil
}
