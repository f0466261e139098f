package cases

import (
	"strings"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

// isoCurrencies are the ISO 4217 codes cash can be recorded in: the
// currencies of List One (SIX, the ISO 4217 maintenance agency, as amended
// to 2025: fund codes, precious metals, test and "no currency" codes left
// out, as no one seizes them in notes), and the codes withdrawn since 2015
// whose notes are still found in a raid. golang.org/x/text/currency is not
// used: its tables come from CLDR 32 (2017) and lack MRU, VES, VED, SLE,
// ZWG and XCG, the currencies of countries taking part in operations.
// When ISO adds a currency, add its code here.
var isoCurrencies = func() map[string]bool {
	current := `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
		CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD
		HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
		MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
		QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
		TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG`
	// Withdrawn since 2015, with the year: old notes are still cash.
	former := `BYR CUC HRK LTL MRO SLL STD VEF ZWL` // 2016 2021 2023 2015 2018 2024 2018 2018 2024
	m := map[string]bool{}
	for _, c := range strings.Fields(current + " " + former) {
		m[c] = true
	}
	return m
}()

// validCurrency reports whether code (upper case) is an ISO 4217 code cash
// can be in.
func validCurrency(code string) bool { return isoCurrencies[code] }

// renamedCurrencies maps codes that CLDR 32's region table (which
// golang.org/x/text/currency carries) still gives to the codes that
// replaced them since: the table knows which country uses which currency,
// ISO knows the current name.
var renamedCurrencies = map[string]string{
	"VEF": "VES", "MRO": "MRU", "SLL": "SLE", "STD": "STN", "ZWL": "ZWG", "BYR": "BYN",
	"HRK": "EUR", "LTL": "EUR", "ANG": "XCG",
}

// currencyOf is the currency in use in the country with ISO code iso2, ""
// when it is not known: the cash form starts with it, as most cash seized
// in a raid is in the local currency.
func currencyOf(iso2 string) string {
	r, err := language.ParseRegion(iso2)
	if err != nil {
		return ""
	}
	u, ok := currency.FromRegion(r)
	if !ok {
		return ""
	}
	code := u.String()
	if now, ok := renamedCurrencies[code]; ok {
		code = now
	}
	if !validCurrency(code) {
		return ""
	}
	return code
}
