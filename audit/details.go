package audit

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"time"
)

// Details are what an entry says beyond its action and subject, stored as
// JSON. Only plain values go in: text, numbers, booleans, times, and lists
// and maps of them. Record refuses a struct anywhere inside, so that a
// whole record (a case's input, a person) cannot be dropped into the trail
// by habit: a change is described with Changed, which keeps the values of
// the fields a caller names as non-personal and only the names of the
// others. See the package comment for which fields those are.
type Details map[string]any

// Changed describes a change of a record from before to after for the
// trail:
//
//	{"changed": ["name", "outcome", "sex"],
//	 "before": {"outcome": "unscreened"}, "after": {"outcome": "suspect"}}
//
// "changed" names every field whose value differs, sorted; "before" and
// "after" hold the values of the changed fields listed in values, and of
// no other, and are left out when empty. Fields are the JSON fields of
// before and after (struct tags apply). before nil describes a creation
// (every field with a value counts as changed, from nothing) and after nil
// a removal.
//
// values is the caller's list of the fields whose values are not personal
// data nor free text (codes, statuses, counts, flags): anything not named
// there, including every field added to a record later, is recorded by
// name only. Lists of text are compared as sets, so typing the same forms
// in another order is no change.
func Changed(before, after any, values ...string) Details {
	b, a := fieldsOf(before), fieldsOf(after)
	var changed []string
	vb, va := map[string]any{}, map[string]any{}
	for _, k := range unionKeys(b, a) {
		x, y := b[k], a[k]
		if empty(x) && empty(y) || reflect.DeepEqual(x, y) {
			continue
		}
		changed = append(changed, k)
		if !slices.Contains(values, k) {
			continue
		}
		if !empty(x) || before != nil && after != nil {
			vb[k] = x
		}
		if !empty(y) || before != nil && after != nil {
			va[k] = y
		}
	}
	d := Details{"changed": changed}
	if changed == nil {
		d["changed"] = []string{}
	}
	if len(vb) > 0 {
		d["before"] = vb
	}
	if len(va) > 0 {
		d["after"] = va
	}
	return d
}

// fieldsOf is v's JSON fields, decoded into plain values; lists of text
// sorted so that their order does not count as a change.
func fieldsOf(v any) map[string]any {
	out := map[string]any{}
	if v == nil {
		return out
	}
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error (a func or channel field) gets here;
		// the field names cannot be known, so say so rather than guess.
		panic(fmt.Sprintf("audit.Changed: %T is not JSON: %v", v, err))
	}
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("audit.Changed: %T is not a JSON object", v))
	}
	for k, x := range out {
		out[k] = canonical(x)
	}
	return out
}

// canonical sorts lists of text, inside maps too.
func canonical(v any) any {
	switch x := v.(type) {
	case []any:
		texts := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return x
			}
			texts = append(texts, s)
		}
		sort.Strings(texts)
		out := make([]any, len(texts))
		for i, s := range texts {
			out[i] = s
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = canonical(e)
		}
	}
	return v
}

// empty says whether a decoded JSON value holds nothing: null, "", 0,
// false, [] or {} (or a map of nothing but empty lists).
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case float64:
		return x == 0
	case bool:
		return !x
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !empty(e) {
				return false
			}
		}
		return true
	}
	return false
}

func unionKeys(a, b map[string]any) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// plain reports the first value inside v that is not a plain value (see
// Details), as a path such as "after.Input"; "" when all are.
func plain(v reflect.Value, path string) string {
	if !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return plain(v.Elem(), path)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return ""
		}
		return path + " (" + v.Type().String() + ")"
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if bad := plain(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); bad != "" {
				return bad
			}
		}
		return ""
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return path + " (" + v.Type().String() + ")"
		}
		iter := v.MapRange()
		for iter.Next() {
			if bad := plain(iter.Value(), path+"."+iter.Key().String()); bad != "" {
				return bad
			}
		}
		return ""
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return path + " (" + v.Type().String() + ")"
	}
	return ""
}
