package views

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEveryLocaleMatchesEnglish holds every folder of locales/, whatever
// languages it holds, to the English catalogue: the same keys, no more;
// the plural forms CLDR requires of the language; the same placeholders
// (the same verb for each argument, in any order through %[n]); and every
// text formats cleanly.
func TestEveryLocaleMatchesEnglish(t *testing.T) {
	dirs, err := localeFiles.ReadDir("locales")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range dirs {
		if !d.IsDir() {
			t.Errorf("locales/%s: only folders belong here", d.Name())
			continue
		}
		lang := d.Name()
		c, ok := catalogues[lang]
		if !ok {
			t.Fatalf("locales/%s was not loaded", lang)
		}
		if tag := LangName(lang); tag == lang {
			t.Errorf("locales/%s: CLDR knows no language %q (use its BCP 47 code)", lang, lang)
		}
		for _, p := range parityProblems(lang, catalogues[DefaultLang], c) {
			t.Error(p)
		}
		for k, m := range c {
			for _, text := range m.texts() {
				if got := sampleFormat(text); strings.Contains(got, "%!") && !strings.Contains(catalogues[DefaultLang][k].texts()[0], "%!") {
					t.Errorf("%s %q does not format: %q", lang, k, got)
				}
			}
		}
		checked++
	}
	if checked < 1 {
		t.Fatal("no locale checked")
	}
	t.Logf("checked %d locales against English", checked)
}

// sampleFormat fills text's arguments with values of the right kind.
func sampleFormat(text string) string {
	verbs, err := argVerbs(text)
	if err != nil {
		return "%!" + err.Error()
	}
	n := 0
	for i := range verbs {
		n = max(n, i)
	}
	args := make([]any, n)
	for i := range args {
		args[i] = "x"
		switch v := verbs[i+1]; v[len(v)-1] {
		case 'd':
			args[i] = 3
		case 'f', 'g', 'e':
			args[i] = 1.5
		}
	}
	return formatForm(text, args)
}

// The rules catch what they are for, on made-up catalogues.
func TestParityRules(t *testing.T) {
	en := mustLoad(t, "en", `{"a": "Case %s of %s", "b": {"one": "%d case", "other": "%d cases"}, "c": "Plain"}`)
	for _, tc := range []struct {
		name, lang, json, want string
	}{
		{"good", "fr", `{"a": "Cas %s de %s", "b": {"one": "%d cas", "many": "%d cas", "other": "%d cas"}, "c": "Simple"}`, ""},
		{"reordered", "fr", `{"a": "De %[2]s, le cas %[1]s", "b": {"one": "%d cas", "many": "%d cas", "other": "%d cas"}, "c": "Simple"}`, ""},
		{"missing key", "fr", `{"a": "Cas %s de %s", "b": {"one": "%d cas", "many": "%d cas", "other": "%d cas"}}`, `fr lacks "c"`},
		{"extra key", "fr", `{"a": "Cas %s de %s", "b": {"one": "%d cas", "many": "%d cas", "other": "%d cas"}, "c": "S", "d": "x"}`, `fr has "d"`},
		{"changed verb", "fr", `{"a": "Cas %d de %s", "b": {"one": "%d cas", "many": "%d cas", "other": "%d cas"}, "c": "S"}`, `argument 1 is %d`},
		{"dropped argument", "fr", `{"a": "Cas %s", "b": {"one": "%d cas", "many": "%d cas", "other": "%d cas"}, "c": "S"}`, `leaves out argument 2`},
		{"missing form", "ar", `{"a": "%s %s", "b": {"one": "%d", "two": "%d", "few": "%d", "many": "%d", "other": "%d"}, "c": "S"}`, `lacks the "zero" plural form`},
		{"plural lost", "fr", `{"a": "Cas %s de %s", "b": "%d cas", "c": "S"}`, `is a single text`},
		{"dual without number", "ar", `{"a": "%s %s", "b": {"zero": "%d", "one": "%d", "two": "حالتان", "few": "%d", "many": "%d", "other": "%d"}, "c": "S"}`, ""},
	} {
		c := mustLoad(t, tc.lang, tc.json)
		got := strings.Join(parityProblems(tc.lang, en, c), "\n")
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// The dual without its number reads cleanly.
	ar := mustLoad(t, "ar", `{"b": {"zero": "%d", "one": "%d", "two": "حالتان", "few": "%d", "many": "%d", "other": "%d"}}`)
	if got := formatForm(ar["b"].pick("ar", 2), []any{2}); got != "حالتان" {
		t.Errorf("dual = %q", got)
	}
}

func mustLoad(t *testing.T, lang, json string) catalogue {
	t.Helper()
	c, err := loadCatalogue(lang, fstest.MapFS{"x.json": {Data: []byte(json)}})
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %w", lang, err))
	}
	return c
}
