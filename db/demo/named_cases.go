package demo

import "github.com/ocu-project/ocu/cases"

// step is one move through the workflow, with the note recorded for it.
type step struct {
	To   cases.Status
	Note string
}

// crowd is n people found in a case, recorded with the same attributes.
type crowd struct {
	N  int
	In cases.PersonInput
}

// namedCase is one of the cases named in Liberterra II's public reporting,
// written as an officer of the raising country would log it. Places are
// given no more precisely than the reporting does; people, arrests and
// seizures are the published figures, and nothing the reporting leaves out
// (names, unpublished amounts) is made up.
type namedCase struct {
	Input    cases.Input
	People   []crowd
	Seizures []cases.SeizureInput
	Steps    []step
}

// Shorthands for the crowds of the named cases.
func unscreened(n int, nationality string) crowd {
	return crowd{n, cases.PersonInput{Nationality: nationality, AgeBand: "adult_unknown"}}
}

func victims(n int, sex, band, nationality, form string) crowd {
	return crowd{n, cases.PersonInput{Outcome: "potential_victim", Sex: sex, AgeBand: band, Nationality: nationality, Exploitation: form}}
}

func migrants(n int, band, nationality string) crowd {
	return crowd{n, cases.PersonInput{Outcome: "irregular_migrant", AgeBand: band, Nationality: nationality}}
}

// arrested is n suspects arrested at the time of the raid on the given
// charges.
func arrested(n int, at string, charges ...string) crowd {
	return crowd{n, cases.PersonInput{Outcome: "suspect", Arrested: true, ArrestedAt: at, Charges: charges}}
}

// seized is a seizure the reporting names without saying how much: its
// amount is recorded as not published rather than made up.
func seized(kind, description string) cases.SeizureInput {
	return cases.SeizureInput{Kind: kind, Description: description, AmountUnknown: true}
}

func cash(amount, currency, usd string) cases.SeizureInput {
	return cases.SeizureInput{Kind: "cash", Quantity: amount, Currency: currency, ValueUSD: usd}
}

func linked(origin, transit, destination []string) map[string][]string {
	return map[string][]string{"origin": origin, "transit": transit, "destination": destination}
}

// renamedUmbrella was "Eight cases of victims forced into pyramid schemes in
// West and Central Africa" before the Mali case was counted among the
// eight; a demo loaded then is found by its old title (see renamed).
const renamedUmbrella = "The other seven of eight pyramid-scheme cases in West and Central Africa"

// renamed maps a named case's title to the title older demos gave it.
var renamed = map[string]string{renamedUmbrella: "Eight cases of victims forced into pyramid schemes in West and Central Africa"}

var toScreening = []step{{To: cases.Screening, Note: "People found are being interviewed and screened."}}

var namedCases = []namedCase{
	{
		Input: cases.Input{
			RaisingCountry: "PH", Title: "Warehouse raid on an industrial-scale romance-scam operation",
			Summary: "More than 250 people found working romance scams, most of them Chinese nationals. Devices seized. Interviews under way to tell trafficking victims apart from members of the enterprise.",
			Place:   "Warehouse compound", Country: "PH", RaidAt: "2024-09-30T05:30",
			Forms:  []string{"forced_criminality"},
			Linked: linked([]string{"CN"}, nil, nil), RaisedBy: "Demo officer, Philippines",
		},
		People:   []crowd{unscreened(230, "CN"), unscreened(24, "")},
		Seizures: []cases.SeizureInput{seized("phones_devices", "Devices used to run the scams")},
		Steps:    toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "PH", Title: "Scam centre in Manila shut down",
			Summary: "A scam centre closed during the operation. Potential victims intercepted before they reached scam compounds.",
			Place:   "Manila", Country: "PH", RaidAt: "2024-10-01T22:00",
			Forms: []string{"forced_criminality"}, RaisedBy: "Demo officer, Philippines",
		},
	},
	{
		Input: cases.Input{
			RaisingCountry: "ML", Title: "Women recruited with false job offers forced to run a multi-level-marketing scheme",
			Summary: "Women from Togo promised jobs abroad, charged recruitment fees of up to USD 6,000 and forced to sell a multi-level-marketing scheme to family and friends. 24 victims safeguarded, 10 arrests. One of the eight pyramid-scheme cases reported in West and Central Africa.",
			Place:   "Recruitment network premises", Country: "ML", RaidAt: "2024-09-30T10:00",
			Forms:  []string{"forced_criminality"},
			Linked: linked([]string{"TG"}, nil, nil), RaisedBy: "Demo officer, Mali",
		},
		People: []crowd{victims(24, "female", "adult_unknown", "TG", "forced_criminality"), arrested(10, "2024-09-30T10:00", "human_trafficking")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "SN", Title: renamedUmbrella,
			Summary: "The reporting counts eight separate cases across West and Central Africa of victims moved across borders, held and forced to recruit for pyramid schemes. One is the Mali case, logged on its own; the other seven are not detailed in the reporting and are logged here together by the Dakar OCU.",
			Place:   "Several sites in West and Central Africa", Country: "SN", RaidAt: "2024-10-02T09:00",
			Forms: []string{"forced_criminality"}, RaisedBy: "Demo officer, Senegal",
		},
	},
	{
		Input: cases.Input{
			RaisingCountry: "BR", Title: "Drug investigation uncovers smuggling by the same group; city-council candidate arrested",
			Summary: "A drug investigation showed the same group smuggled 70 migrants into the United States. A city-council candidate and an associate arrested; USD 750,000 seized.",
			Place:   "Addresses linked to the group", Country: "BR", RaidAt: "2024-10-01T06:00",
			Forms:  []string{"migrant_smuggling", "drug_trafficking", "money_laundering"},
			Linked: linked(nil, nil, []string{"US"}), RaisedBy: "Demo officer, Brazil",
		},
		People:   []crowd{arrested(2, "2024-10-01T06:00", "migrant_smuggling", "drug_trafficking")},
		Seizures: []cases.SeizureInput{cash("750000", "USD", "750000")},
		Steps:    toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "RS", Title: "Two organised groups moving migrants through Serbia to Bosnia and Herzegovina",
			Summary: "12 suspects arrested; at least 178 migrants moved by the two groups. Cash, firearms and drugs seized.",
			Place:   "Migrant route towards the Bosnian border", Country: "RS", RaidAt: "2024-09-30T04:45",
			Forms:  []string{"migrant_smuggling", "firearms", "drug_trafficking"},
			Linked: linked(nil, nil, []string{"BA"}), RaisedBy: "Demo officer, Serbia",
		},
		People:   []crowd{arrested(12, "2024-09-30T04:45", "migrant_smuggling"), migrants(178, "unknown", "")},
		Seizures: []cases.SeizureInput{seized("cash", "Cash"), seized("firearms", "Firearms"), seized("drugs", "Drugs")},
		Steps:    toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "CL", Title: "Polycriminal group: smuggling, trafficking for sexual exploitation, money laundering",
			Summary: "Joint case of Chile and Paraguay. 4 arrested, 23 victims rescued.",
			Place:   "Addresses linked to the group", Country: "CL", RaidAt: "2024-10-02T07:15",
			Forms:  []string{"migrant_smuggling", "sexual_exploitation", "money_laundering"},
			Linked: linked([]string{"PY"}, nil, nil), RaisedBy: "Demo officer, Chile",
		},
		People: []crowd{arrested(4, "2024-10-02T07:15", "human_trafficking", "migrant_smuggling", "money_laundering"), victims(23, "unknown", "unknown", "", "sexual_exploitation")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "AR", Title: "Forced labour on fruit and vegetable farms",
			Summary: "59 victims rescued from farm work, 14 of them minors. Shotguns, pistols, ammunition and USD 200,000 seized.",
			Place:   "Fruit and vegetable farms", Country: "AR", RaidAt: "2024-10-01T08:00",
			Forms: []string{"forced_labour", "child_exploitation", "firearms"}, RaisedBy: "Demo officer, Argentina",
		},
		People:   []crowd{victims(45, "unknown", "adult_unknown", "", "forced_labour"), victims(14, "unknown", "minor_unknown", "", "forced_labour")},
		Seizures: []cases.SeizureInput{seized("firearms", "Shotguns"), seized("firearms", "Pistols"), seized("ammunition", "Ammunition"), cash("200000", "USD", "200000")},
		Steps:    toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "DZ", Title: "Money laundering tied to organising migrant smuggling",
			Summary: "7 arrested on money-laundering charges. 320,000 dinars (about USD 2,400) and phones seized.",
			Place:   "Addresses linked to the network", Country: "DZ", RaidAt: "2024-10-03T11:00",
			Forms: []string{"money_laundering", "migrant_smuggling"}, RaisedBy: "Demo officer, Algeria",
		},
		People:   []crowd{arrested(7, "2024-10-03T11:00", "money_laundering")},
		Seizures: []cases.SeizureInput{cash("320000", "DZD", "2400"), seized("phones_devices", "Phones")},
		Steps:    toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "MK", Title: "Raids on houses, businesses and nightclubs",
			Summary: "Trafficking, drugs and money laundering. 13 arrested; 32 potential victims, all women, mostly from Albania, Colombia, Russia, Serbia and Ukraine.",
			Place:   "Houses, businesses and nightclubs", Country: "MK", RaidAt: "2024-10-02T23:30",
			Forms:  []string{"sexual_exploitation", "drug_trafficking", "money_laundering"},
			Linked: linked([]string{"AL", "CO", "RU", "RS", "UA"}, nil, nil), RaisedBy: "Demo officer, North Macedonia",
		},
		People: []crowd{arrested(13, "2024-10-02T23:30", "human_trafficking"), victims(8, "female", "adult_unknown", "AL", "sexual_exploitation"), victims(7, "female", "adult_unknown", "CO", "sexual_exploitation"), victims(6, "female", "adult_unknown", "RU", "sexual_exploitation"), victims(6, "female", "adult_unknown", "RS", "sexual_exploitation"), victims(5, "female", "adult_unknown", "UA", "sexual_exploitation")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "CR", Title: "Sect leader arrested for forced labour and child exploitation",
			Summary: "The female leader of a sect arrested for forced labour, child exploitation and abuse.",
			Place:   "Sect premises", Country: "CR", RaidAt: "2024-09-30T15:00",
			Forms: []string{"forced_labour", "child_exploitation"}, RaisedBy: "Demo officer, Costa Rica",
		},
		People: []crowd{{1, cases.PersonInput{Outcome: "suspect", Sex: "female", Arrested: true, ArrestedAt: "2024-09-30T15:00", Charges: []string{"human_trafficking"}}}},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "SY", Title: "Doctors suspected of organ trafficking",
			Summary: "A group of doctors identified on suspicion of organ trafficking. Under investigation.",
			Place:   "Medical practices", Country: "SY", RaidAt: "2024-10-01T12:00",
			Forms: []string{"organ_removal"}, RaisedBy: "Demo officer, Syria",
		},
	},
	{
		Input: cases.Input{
			RaisingCountry: "IQ", Title: "Trafficking ring running forced begging",
			Summary: "25 arrested.",
			Place:   "Begging sites", Country: "IQ", RaidAt: "2024-10-02T08:30",
			Forms: []string{"forced_begging"}, RaisedBy: "Demo officer, Iraq",
		},
		People: []crowd{arrested(25, "2024-10-02T08:30", "human_trafficking")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "ET", Title: "Recruiter of victims for domestic servitude in the Middle East",
			Summary: "A 26-year-old man arrested for recruiting victims into domestic servitude in the Middle East. 7 victims.",
			Place:   "Recruiter's address", Country: "ET", RaidAt: "2024-10-03T09:45",
			Forms: []string{"domestic_servitude"}, RaisedBy: "Demo officer, Ethiopia",
		},
		People: []crowd{{1, cases.PersonInput{Outcome: "suspect", Sex: "male", AgeBand: "24-26", Nationality: "ET", Arrested: true, ArrestedAt: "2024-10-03T09:45", Charges: []string{"human_trafficking"}}}, victims(7, "unknown", "unknown", "", "domestic_servitude")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "TN", Title: "Group intercepted on a pretended language-study trip to the United Kingdom",
			Summary: "27 people intercepted, 21 of them minors. The NCB in Manchester helped identify 3 suspects in the United Kingdom; no arrest is reported. Reported as referred for prosecution on smuggling charges; the referral's authority, reference and date are not published, and ocu moves a case to referral only with an arrested suspect referred, so it stays in screening.",
			Place:   "Point of departure", Country: "TN", RaidAt: "2024-09-29T14:00",
			Forms:  []string{"migrant_smuggling", "document_fraud"},
			Linked: linked(nil, nil, []string{"GB"}), RaisedBy: "Demo officer, Tunisia",
		},
		People: []crowd{migrants(21, "minor_unknown", "TN"), migrants(6, "adult_unknown", "TN"), {3, cases.PersonInput{Outcome: "suspect", Charges: []string{"migrant_smuggling"}}}},
		Steps: []step{
			{To: cases.Screening, Note: "Minors separated and interviewed with child-protection staff."},
		},
	},
	{
		Input: cases.Input{
			RaisingCountry: "KE", Title: "Ethiopian migrants confined and beaten in a four-bedroom house",
			Summary: "About 100 Ethiopian migrants confined, beaten and made to ask their families for money: victims of trafficking, not only smuggled. 2 arrested.",
			Place:   "Four-bedroom house", Country: "KE", RaidAt: "2024-10-01T03:00",
			Forms:  []string{"migrant_smuggling"},
			Linked: linked([]string{"ET"}, nil, nil), RaisedBy: "Demo officer, Kenya",
		},
		People: []crowd{arrested(2, "2024-10-01T03:00", "human_trafficking", "migrant_smuggling"), victims(100, "unknown", "unknown", "ET", "other")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "GB", Title: "Man wanted by Romania for moving migrants located",
			Summary: "A Syrian man wanted by Romania for moving migrants from Bulgaria through Romania towards the Netherlands was located and identified. No arrest is reported.",
			Place:   "Address in the United Kingdom", Country: "GB", RaidAt: "2024-10-02T16:20",
			Forms:  []string{"migrant_smuggling"},
			Linked: linked([]string{"BG"}, []string{"RO"}, []string{"NL"}), RaisedBy: "Demo officer, United Kingdom",
		},
		People: []crowd{{1, cases.PersonInput{Outcome: "suspect", Sex: "male", Nationality: "SY"}}},
	},
	{
		Input: cases.Input{
			RaisingCountry: "TR", Title: "Irregular migrants detected and safeguarded; suspected smugglers arrested",
			Summary: "About 1,500 irregular migrants detected and safeguarded; 94 suspected smugglers arrested.",
			Place:   "Migrant routes", Country: "TR", RaidAt: "2024-09-29T21:00",
			Forms: []string{"migrant_smuggling"}, RaisedBy: "Demo officer, Türkiye",
		},
		People: []crowd{migrants(1500, "unknown", ""), arrested(94, "2024-09-29T21:00", "migrant_smuggling")},
		Steps:  toScreening,
	},
	{
		Input: cases.Input{
			RaisingCountry: "ME", Title: "Organised group smuggling migrants from Asia into the EU",
			Summary: "11 arrested; 350 migrants. Cash, phones, vehicles, asylum documents and foreign passports recovered.",
			Place:   "Addresses linked to the group", Country: "ME", RaidAt: "2024-10-03T05:00",
			Forms: []string{"migrant_smuggling", "document_fraud"}, RaisedBy: "Demo officer, Montenegro",
		},
		People:   []crowd{arrested(11, "2024-10-03T05:00", "migrant_smuggling"), migrants(350, "unknown", "")},
		Seizures: []cases.SeizureInput{seized("cash", "Cash"), seized("phones_devices", "Phones"), seized("vehicles", "Vehicles"), seized("documents", "Asylum documents and foreign passports")},
		Steps:    toScreening,
	},
}
