package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
)

// DecodeJSON reads the request's body strictly into v, a pointer to a
// struct: every API handler reads its body through it.
// The body must be one JSON object with at least one field and nothing
// after it, in valid UTF-8 (the decoder alone would silently replace
// invalid bytes), with no field v lacks (a misspelt field is reported
// rather than ignored), and every name, string and array within the
// limits every request is held to (CheckText, MaxValues). Anything else is
// an Invalid error saying what to fix; a read error the body limit raises
// comes back as it is.
func DecodeJSON(c echo.Context, v any) error {
	b, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var e *ocu.Error
		if errors.As(err, &e) {
			return e
		}
		return ocu.Errorf(ocu.Invalid, "error.body_unreadable")
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return ocu.Errorf(ocu.Invalid, "error.json_empty")
	}
	if !utf8.Valid(b) {
		return ocu.Errorf(ocu.Invalid, "error.json_not_utf8")
	}
	// First as generic values: the shape and the limits, before anything
	// is typed.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return jsonError(err)
	}
	if dec.InputOffset() != int64(len(b)) {
		return ocu.Errorf(ocu.Invalid, "error.json_trailing", dec.InputOffset())
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return ocu.Errorf(ocu.Invalid, "error.json_not_object", jsonKind(top))
	}
	if len(obj) == 0 {
		return ocu.Errorf(ocu.Invalid, "error.json_empty_object")
	}
	if err := checkJSON("", obj); err != nil {
		return err
	}
	dec = json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError turns a decoding error into an Invalid error.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return ocu.Errorf(ocu.Invalid, "error.json_syntax", se.Offset)
	case errors.As(err, &te):
		return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.invalid_input"),
			Fields: map[string]ocu.Message{te.Field: ocu.Msg("error.json_type", te.Value)}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return ocu.Errorf(ocu.Invalid, "error.json_truncated")
	default:
		// The decoder's message names the field at fault (bounded by
		// checkJSON) and holds no value from the body.
		return ocu.Errorf(ocu.Invalid, "error.json", err.Error())
	}
}

// jsonKind names the JSON type of a decoded value, for the message
// refusing a body that is not an object.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "an object"
}

// maxNumber is the most characters a JSON number may be written with: a
// longer one is no quantity anyone means, and the decoder's type error
// would repeat it whole.
const maxNumber = 40

// checkJSON holds every name and value under path to the limits of any
// request, naming the field at fault as a dotted path ("linked_countries.origin").
func checkJSON(path string, v any) error {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if m := CheckName(k); m != nil {
				return ocu.Refused("", *m)
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			if err := checkJSON(p, x); err != nil {
				return err
			}
		}
	case []any:
		if len(v) > MaxValues {
			return ocu.Refused(path, ocu.Msg("error.param_too_many", path, MaxValues))
		}
		for _, x := range v {
			if err := checkJSON(path, x); err != nil {
				return err
			}
		}
	case string:
		if m := CheckText(path, v, MaxText); m != nil {
			return ocu.Refused(path, *m)
		}
	case json.Number:
		if len(v) > maxNumber {
			return ocu.Refused(path, ocu.Msg("error.param_number", path))
		}
	}
	return nil
}
