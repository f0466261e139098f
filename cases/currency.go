package cases

import "strings"

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
