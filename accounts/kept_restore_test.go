package accounts

import (
	"strings"
	"testing"
)

func TestRestoreFormFillsOnlyThePostedForm(t *testing.T) {
	page := `<!doctype html><html><body>
<form method="post" action="/cases/X/shares"><input name="title" value="other form"></form>
<form method="post" action="/cases/X?x=1"><input type="hidden" name="_csrf" value="tok">
<input type="text" name="title" value="old"><input name="row" value=""><input name="row" value="">
<input type="password" name="password" value="">
<select name="country"><option value="PH" selected>PH</option><option value="TH">TH</option></select>
<input type="radio" name="mode" value="a" checked><input type="radio" name="mode" value="b">
<input type="checkbox" name="forms" value="f1"><input type="checkbox" name="forms" value="f2" checked>
<textarea name="summary">old text</textarea><button type="submit" name="to" value="x">Go</button></form>
<p>after</p></body></html>`
	fs := []field{{"title", `new "title" <b>`}, {"row", "r1"}, {"row", "r2"}, {"country", "TH"}, {"mode", "b"},
		{"forms", "f1"}, {"summary", "new </textarea><script>x</script>"}, {"password", "secret"}}
	got, found := restoreForm([]byte(page), "/cases/X", fs, "Restored & kept")
	s := string(got)
	if !found {
		t.Fatal("form not found")
	}
	for _, want := range []string{
		`<input name="title" value="other form">`, // the other form, untouched
		`value="new &#34;title&#34; &lt;b&gt;"`, `name="row" value="r1"`, `name="row" value="r2"`,
		`<input type="hidden" name="_csrf" value="tok">`, `<input type="password" name="password" value="">`,
		`<option value="PH">PH</option>`, `<option value="TH" selected="">`,
		`value="a">`, `value="b" checked="">`, `value="f1" checked="">`, `value="f2">`,
		`new &lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>`, `<p class="alert warning" role="status">Restored &amp; kept</p>`,
		"<p>after</p>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %s\n%s", want, s)
		}
	}
	if strings.Contains(s, "secret") || strings.Contains(s, "old text") {
		t.Errorf("password restored or old text left:\n%s", s)
	}
	if _, found := restoreForm([]byte(page), "/cases/Y", fs, "n"); found {
		t.Error("found a form for another action")
	}
}
