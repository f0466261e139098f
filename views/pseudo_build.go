//go:build pseudolocale

package views

// Built with -tags pseudolocale (the browser tests build ocu so), ocu can
// render the pseudo-locale, which a reader reaches only through the
// ocu_lang cookie set by hand: it is never offered nor matched. French,
// Spanish and Arabic get stand-in catalogues until their translators
// deliver them, so every page can be tested in four languages now.
func init() {
	AddPseudoLocale()
	for _, lang := range []string{"fr", "es", "ar"} {
		if !Ships(lang) {
			AddDerived(lang, StandIn(lang), false)
		}
	}
}
