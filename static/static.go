// Package static embeds ocu's stylesheets, scripts and images so the binary
// runs air-gapped. Files are served under /static with a content hash in the
// URL, so browsers may cache them for a year and still see a new release.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed css js
var files embed.FS

// hashes maps each embedded file's path to a short hash of its content.
var hashes = func() map[string]string {
	m := map[string]string{}
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		m[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return m
}()

// URL returns the versioned URL of an embedded file, e.g. "css/app.css".
func URL(name string) string {
	if h, ok := hashes[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}

// File returns an embedded file's content, for documents that must open
// without the server: the offline debrief report inlines the stylesheet.
func File(name string) ([]byte, error) { return files.ReadFile(name) }

// Handler serves the embedded files under /static/. A request that carries
// the current hash is cached for a year; others must revalidate.
func Handler() http.Handler {
	fileServer := http.StripPrefix("/static/", http.FileServer(http.FS(files)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if v := r.URL.Query().Get("v"); v != "" && v == hashes[name] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fileServer.ServeHTTP(w, r)
	})
}
