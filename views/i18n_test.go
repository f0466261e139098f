package views

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keyUse finds catalogue keys passed as literals to T, ocu.Errorf,
// ocu.Msg and FieldErrors.Add anywhere in the project's own sources.
var keyUse = regexp.MustCompile(`(?:\bT\(ctx, |\bt\(|Errorf\(ocu\.[A-Za-z]+, |\.Add\("[a-z_]+", |Msg\()"([a-z_]+\.[a-z0-9_.]+)"`)

func TestEveryLiteralKeyIsInTheEnglishCatalogue(t *testing.T) {
	en := Catalogue("en")
	found := 0
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") || strings.HasSuffix(key, "_") {
				continue // a prefix completed at run time: checked where the values live
			}
			found++
			if _, ok := en[key]; !ok {
				t.Errorf("%s uses %q, missing from the English catalogue (views/locales/en/)", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 50 {
		t.Fatalf("found only %d key uses: the pattern no longer matches the code", found)
	}
}

func TestTranslate(t *testing.T) {
	ctx := WithLang(context.Background(), "en")
	if got := T(ctx, "unit.name", "Dakar"); got != "OCU Dakar" {
		t.Fatalf("got %q", got)
	}
	if got := T(ctx, "no.such.key"); got != "no.such.key" {
		t.Fatalf("missing key should fall back to itself, got %q", got)
	}
	wantFr := "en"
	if Ships("fr") {
		wantFr = "fr"
	}
	if PickLang("fr-CH, fr;q=0.9, en;q=0.8") != wantFr || PickLang("") != "en" || PickLang("de-DE, tlh") != "en" || PickLang("%%%") != "en" {
		t.Fatal("language fallback")
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 17793: "17,793", -2517: "-2,517", 8000000: "8,000,000"} {
		if got := Num(n); got != want {
			t.Errorf("Num(%d) = %q", n, got)
		}
	}
}
