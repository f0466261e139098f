package views

import (
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

func join(ss []string) string { return strings.Join(ss, ", ") }

// fieldID is the id of a form control, so error summaries can link to it.
func fieldID(name string) string { return name }

func invalid(name string, errs map[string]string) string {
	if _, ok := errs[name]; ok {
		return "true"
	}
	return "false"
}

func describedBy(name string, errs map[string]string) string {
	if _, ok := errs[name]; ok {
		return name + "-error"
	}
	return ""
}

func hintID(name, hint string) string {
	if hint == "" {
		return ""
	}
	return name + "-hint "
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
