package accounts

import (
	"bytes"
	"html"
	"io"
	"net/url"
	"strings"

	nethtml "golang.org/x/net/html"
)

// restoreForm fills, in a rendered page, the form posted to action with the
// kept fields, and puts notice at its top. Every ocu form is plain HTML
// rendered by its own handler for the signed-in user, so filling the page
// after that handler ran works for every form alike, and shows the kept
// values only where that user's own GET of the page succeeded. Only the
// form whose action is the posted path changes; everything else passes
// through byte for byte. It reports whether a form was found.
func restoreForm(page []byte, action string, fs []field, notice string) ([]byte, bool) {
	values := map[string][]string{}
	for _, f := range fs {
		values[f[0]] = append(values[f[0]], f[1])
	}
	used := map[string]int{} // text values consumed per name, in order
	next := func(name string) (string, bool) {
		vs := values[name]
		if used[name] >= len(vs) {
			return "", false
		}
		used[name]++
		return vs[used[name]-1], true
	}
	has := func(name, value string) bool {
		for _, v := range values[name] {
			if v == value {
				return true
			}
		}
		return false
	}

	var out bytes.Buffer
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	inForm, found := false, false
	selectName := ""  // the select being filled, if any
	skipText := false // inside a textarea being filled
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			if z.Err() == io.EOF {
				break
			}
			return page, false
		}
		raw := z.Raw()
		if !inForm {
			if tt == nethtml.StartTagToken {
				if t := z.Token(); t.Data == "form" && strings.EqualFold(attr(t, "method"), "post") && sameAction(attr(t, "action"), action) {
					inForm, found = true, true
					out.WriteString(t.String())
					out.WriteString(`<p class="alert warning" role="status">` + html.EscapeString(notice) + `</p>`)
					continue
				}
			}
			out.Write(raw)
			continue
		}
		switch tt {
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "form":
				inForm = false
			case "select":
				selectName = ""
			case "textarea":
				skipText = false
			}
			out.Write(raw)
		case nethtml.TextToken:
			if !skipText {
				out.Write(raw)
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			t := z.Token()
			switch t.Data {
			case "input":
				name, typ := attr(t, "name"), strings.ToLower(attr(t, "type"))
				if _, ok := values[name]; !ok || name == "" || typ == "password" || typ == "submit" || typ == "button" || typ == "file" {
					out.Write(raw)
					continue
				}
				if typ == "checkbox" || typ == "radio" {
					v := attr(t, "value")
					if v == "" {
						v = "on"
					}
					t = setAttr(t, "checked", "", has(name, v))
				} else if v, ok := next(name); ok {
					t = setAttr(t, "value", v, true)
				}
				out.WriteString(t.String())
			case "select":
				if _, ok := values[attr(t, "name")]; ok {
					selectName = attr(t, "name")
				}
				out.Write(raw)
			case "option":
				if selectName == "" {
					out.Write(raw)
					continue
				}
				out.WriteString(setAttr(t, "selected", "", has(selectName, attr(t, "value"))).String())
			case "textarea":
				out.Write(raw)
				if v, ok := next(attr(t, "name")); ok {
					out.WriteString(html.EscapeString(v))
					skipText = true
				}
			default:
				out.Write(raw)
			}
		default:
			out.Write(raw)
		}
	}
	return out.Bytes(), found
}

// sameAction: a form's action attribute names the posted path (an empty
// action posts to the page itself, which the caller passes as action then).
func sameAction(attrAction, action string) bool {
	u, err := url.Parse(attrAction)
	return err == nil && attrAction != "" && u.Path == action
}

func attr(t nethtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// setAttr sets key to val when on, removes it when not.
func setAttr(t nethtml.Token, key, val string, on bool) nethtml.Token {
	attrs := t.Attr[:0:0]
	for _, a := range t.Attr {
		if a.Key != key {
			attrs = append(attrs, a)
		}
	}
	if on {
		attrs = append(attrs, nethtml.Attribute{Key: key, Val: val})
	}
	t.Attr = attrs
	return t
}
