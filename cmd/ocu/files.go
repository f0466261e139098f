package main

import (
	"cmp"

	"github.com/ocu-project/ocu/files"
)

// filesDir is the evidence files directory: --files (OCU_FILES), or
// beside the database (files.DefaultDir). serve, export and import use it.
func (c *config) filesDir() string { return cmp.Or(c.files, files.DefaultDir(c.db)) }
