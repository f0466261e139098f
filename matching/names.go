package matching

import (
	"sort"
	"strings"
	"unicode"

	"github.com/antzucaro/matchr"
	"github.com/mozillazg/go-unidecode"
)

// A name is compared as a set of words, each held in three forms:
//
//	fold      the word transliterated to Latin letters (unidecode), lower
//	          case, accents and punctuation gone: "Мухаммед" → "mukhammed"
//	skeleton  its consonants after the digraphs that differ between
//	          transliterations are merged (kh → h, sh → s, ...), doubled
//	          letters once: "mukhammed", "muhammad" and the Arabic "mHmd"
//	          are all "mhmd". Arabic script is written without short
//	          vowels, so vowels cannot be compared across scripts; the
//	          consonants can.
//	loose     the skeleton without h: the blocking key, so that a silent h
//	          ("John", "Abdullah") or a dropped one does not hide a candidate
//	          from scoring.
//
// Unidecode (a maintained library) does the transliteration; the skeleton
// is ours because no phonetic library compares across scripts: Double
// Metaphone, used for Latin-written words (matchr), codes the Arabic
// "mhmd" and the English "mohammed" differently.
type word struct {
	fold, skeleton, loose, metaphone string
	vowelless                        bool // written without vowels (Arabic script): only consonants compare
}

// name is a person's name ready to compare.
type name struct {
	words  []word
	script string // the main script it was written in: latin, cyrillic, arabic, other
}

// particles are articles and linking words that spellings add, drop or
// attach ("Al-Hassan", "al Hasan", "Hasan"); they carry no identity.
var particles = map[string]bool{
	"al": true, "el": true, "ul": true, "ad": true, "ar": true, "as": true, "ash": true, "at": true, "az": true,
	"an": true, "ed": true, "es": true, "bin": true, "ibn": true, "ben": true, "bint": true, "binti": true,
	"de": true, "da": true, "di": true, "del": true, "della": true, "der": true, "den": true, "du": true, "des": true,
	"dos": true, "das": true, "van": true, "von": true, "la": true, "le": true, "ter": true, "y": true,
}

// digraphs merge the spellings different transliterations give one sound.
var digraphs = strings.NewReplacer(
	"dzh", "j", "zh", "j", "kh", "h", "gh", "g", "sh", "s", "ch", "s", "ph", "f", "th", "t", "dh", "d",
	"ck", "k", "q", "k", "c", "k", "x", "ks", "w", "f", "v", "f", "p", "b", "z", "s", "ts", "s",
)

// parseName prepares a raw name for comparison.
func parseName(raw string) name {
	var n name
	n.script = scriptOf(raw)
	for _, w := range splitWords(raw) {
		arabic := scriptOf(w) == "arabic"
		if arabic {
			// The Arabic article is written joined to the word: الحسن.
			w = strings.TrimPrefix(w, "ال")
		}
		f := foldWord(unidecode.Unidecode(w))
		if f == "" || particles[f] {
			continue
		}
		sk := skeleton(f, arabic)
		if sk == "" {
			sk = f
		}
		lo := strings.ReplaceAll(sk, "h", "")
		if lo == "" {
			lo = sk
		}
		mp, _ := matchr.DoubleMetaphone(f)
		n.words = append(n.words, word{fold: f, skeleton: sk, loose: lo, metaphone: mp, vowelless: arabic})
	}
	return n
}

// splitWords cuts a name at spaces, hyphens, dots and commas; apostrophes
// (a Cyrillic soft sign transliterates to one) are dropped.
func splitWords(raw string) []string {
	return strings.FieldsFunc(raw, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '.' || r == ',' || r == '/' || r == '_'
	})
}

// foldWord keeps the lower-case ASCII letters of a transliterated word.
func foldWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// skeleton is the consonants of a folded word, see word. In a word written
// in Arabic script, waw inside the word is mostly a long vowel (يوسف, Yusuf)
// and is dropped; at the start it is a consonant (وليد, Walid).
func skeleton(f string, vowelless bool) string {
	if vowelless && len(f) > 1 {
		f = f[:1] + strings.ReplaceAll(f[1:], "w", "")
	}
	s := digraphs.Replace(f)
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			continue
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// scriptOf is the script most letters of s are written in.
func scriptOf(s string) string {
	counts := map[string]int{}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			counts["arabic"]++
		case unicode.Is(unicode.Cyrillic, r):
			counts["cyrillic"]++
		case unicode.Is(unicode.Latin, r):
			counts["latin"]++
		case unicode.IsLetter(r):
			counts["other"]++
		}
	}
	best, n := "latin", 0
	for _, k := range []string{"latin", "cyrillic", "arabic", "other"} {
		if counts[k] > n {
			best, n = k, counts[k]
		}
	}
	return best
}

// blockingKeys are the index keys of a name: every unordered pair of its
// words' loose skeletons ("md|sn" for any spelling of Mohammed al-Hassan),
// or the one word's for a single-word name. Pairs make the key selective
// (a common first name alone would block thousands) and word order
// irrelevant.
func blockingKeys(n name) []string {
	seen := map[string]bool{}
	var loose []string
	for _, w := range n.words {
		if !seen[w.loose] {
			seen[w.loose] = true
			loose = append(loose, w.loose)
		}
	}
	sort.Strings(loose)
	if len(loose) > 6 {
		loose = loose[:6] // a name of many words: 15 pairs are plenty
	}
	if len(loose) == 1 {
		return []string{"n1:" + loose[0]}
	}
	var keys []string
	for i := 0; i < len(loose); i++ {
		for j := i + 1; j < len(loose); j++ {
			keys = append(keys, "n2:"+loose[i]+"|"+loose[j])
		}
	}
	return keys
}
