package main

import (
	"cmp"

	"github.com/ocu-project/ocu/files"
)

// filesFlag adds --files (OCU_FILES) to the commands that read or write
// evidence files: serve, import, export.
func filesFlag(fs *flagSet, cfg *config) {
	fs.StringVar(&cfg.files, "files", "", "`directory` of evidence files, stored by SHA-256 (default: beside the database, ocu.db's in ocu-files)")
}

// filesDir is the evidence files directory: --files (OCU_FILES), or
// beside the database (files.DefaultDir). serve, export and import use it.
func (c *config) filesDir() string { return cmp.Or(c.files, files.DefaultDir(c.db)) }
