package files

import (
	"context"
	"strconv"
	"time"

	"github.com/ocu-project/ocu/views"
)

// Section is the files section of the page of the record of kind named
// key (views.FilesData), for the context's principal: the page's
// handler calls it and hands the result to the page's view, which shows
// it with @FilesSection. A record the reader does not see gets an empty
// section (the page itself answers 404 for it).
func (s *Store) Section(ctx context.Context, kind, key string) (views.FilesData, error) {
	t, err := s.Target(ctx, kind, key)
	if err != nil {
		return views.FilesData{}, nil
	}
	fs, err := s.List(ctx, t)
	if err != nil {
		return views.FilesData{}, err
	}
	sec := views.FilesData{Show: true, Action: t.Href + "/files", MayAdd: t.MayAdd, Limit: s.LimitText(), Types: AllowedText()}
	for _, f := range fs {
		sec.Rows = append(sec.Rows, views.FileRow{Name: f.Name, Href: Href(f.ID), Type: f.ContentType,
			Size: sizeText(f.Size), SHA256: f.SHA256, By: f.UploadedBy, At: views.When(ctx, f.UploadedAt, time.UTC)})
	}
	return sec, nil
}

// Href is the download address of file id.
func Href(id int64) string { return "/files/" + strconv.FormatInt(id, 10) }
