package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/groups"
	"github.com/ocu-project/ocu/units"
)

// The published threads between the named cases, recorded through the
// same store functions users go through (so the Red Notice below alerts
// Romania as a user's would). What the reporting does not publish, the
// demo marks as its own: control numbers, the Orange Notice's issuing
// country, the groups' names.
//
//   - The United Kingdom located a Syrian man wanted by Romania: a Red
//     Notice issued by Romania on the UK case's suspect. Recording it
//     alerts Romania's officers and the OCU Romania reports to.
//   - Tunisia's case: the NCB in Manchester helped identify three suspects
//     in the United Kingdom. The reporting describes one case, Tunisia's,
//     with the UK's help; no UK case is reported, and nothing says British
//     officers worked the case itself. So the United Kingdom is neither a
//     partner nor a linked case: its help is what a request between
//     countries carries (Tunisia asks, the UK answers with an extract of
//     the case, nothing more), which the request pages show and the browser
//     test TestRequestBetweenCountries walks. The suspects are identified,
//     not arrested.
//   - Chile and Paraguay worked one joint case: Paraguay is a partner of
//     Chile's case. A joint_investigation link joins two cases; only one
//     is reported.
//   - The eight pyramid-scheme cases of West and Central Africa are one
//     criminal group: the Mali case and the case logging the other seven
//     (not detailed in the reporting), linked as the same network.
//   - Serbia's case: two organised groups, two criminal groups holding the
//     case. Which suspect belongs to which is not published, so the groups
//     hold the case and no suspect.
//   - The Orange Notice warning member countries of trafficking into scam
//     centres: the operation's alert, shown to every user.

// demoOwn marks what the demo adds to the published facts.
const demoOwn = "(demo's own, not published)"

const (
	ukLocatedTitle  = "Man wanted by Romania for moving migrants located"
	tunisiaTitle    = "Group intercepted on a pretended language-study trip to the United Kingdom"
	chileTitle      = "Polycriminal group: smuggling, trafficking for sexual exploitation, money laundering"
	maliTitle       = "Women recruited with false job offers forced to run a multi-level-marketing scheme"
	serbiaTitle     = "Two organised groups moving migrants through Serbia to Bosnia and Herzegovina"
	redControl      = "DEMO-RED-2024-0001"
	orangeControl   = "DEMO-ORANGE-2024-0001"
	pyramidGroup    = "West and Central African pyramid-scheme network " + demoOwn
	serbiaGroupA    = "Serbian smuggling group A " + demoOwn
	serbiaGroupB    = "Serbian smuggling group B " + demoOwn
	pyramidLinkNote = "Both are among the eight pyramid-scheme cases the reporting counts in West and Central Africa: the Mali case and the seven logged together."
)

// threads records the published threads the database does not hold yet;
// run again, it adds nothing.
func threads(ctx context.Context, d *db.DB, cs *cases.Store, us *units.Store, op units.Operation) error {
	snap, err := us.Snapshot(ctx)
	if err != nil {
		return err
	}
	refs := map[string]string{}
	clocks := map[string]timeline{}
	for _, nc := range namedCases {
		var ref string
		if err := d.Read.WithContext(ctx).Raw("SELECT reference FROM cases WHERE operation_id = ? AND title IN (?, ?)",
			op.ID, nc.Input.Title, renamed[nc.Input.Title]).Scan(&ref).Error; err != nil {
			return err
		}
		refs[nc.Input.Title] = ref
		att, ok := snap.Attachment(op.ID, nc.Input.RaisingCountry)
		if !ok {
			return fmt.Errorf("demo case %q: %s is not attached", nc.Input.Title, nc.Input.RaisingCountry)
		}
		clocks[nc.Input.Title] = newTimeline(op, snap.UnitByID(att.UnitID).Location(), nc.Input.RaidAt)
	}
	for t, r := range refs {
		if r == "" {
			return fmt.Errorf("demo thread: case %q is missing", t)
		}
	}
	// Each thread is dated a little after its case's records, within the
	// operation week.
	at := func(title string) *cases.Store { return cs.At(cases.At(clocks[title].after(3 * time.Hour))) }

	if err := redNotice(ctx, d, at(ukLocatedTitle), refs[ukLocatedTitle]); err != nil {
		return fmt.Errorf("red notice: %w", err)
	}
	if err := partner(ctx, at(chileTitle), refs[chileTitle], "PY"); err != nil {
		return fmt.Errorf("chile with paraguay: %w", err)
	}
	if err := link(ctx, at(maliTitle), refs[maliTitle], refs[renamedUmbrella], cases.LinkSameNetwork, pyramidLinkNote); err != nil {
		return fmt.Errorf("pyramid-scheme link: %w", err)
	}
	gs := groups.NewStore(d)
	if err := group(ctx, d, gs, pyramidGroup,
		"Eight separate cases of victims moved across borders, held and forced to recruit for pyramid schemes, reported in West and Central Africa; the Mali case is one of them. The reporting does not name a network: grouping the eight as one is the demo's reading, and the name is the demo's own.",
		refs[maliTitle], refs[renamedUmbrella]); err != nil {
		return fmt.Errorf("pyramid-scheme group: %w", err)
	}
	for _, name := range []string{serbiaGroupA, serbiaGroupB} {
		if err := group(ctx, d, gs, name,
			"One of the two organised groups the reporting says moved migrants through Serbia to Bosnia and Herzegovina. Its name is the demo's own; which of the 12 arrested belong to it is not published.",
			refs[serbiaTitle]); err != nil {
			return fmt.Errorf("serbian group: %w", err)
		}
	}
	if err := orangeNotice(ctx, d, cs.At(cases.At(newTimeline(op, time.UTC, "2024-09-29T08:00").raid)), op); err != nil {
		return fmt.Errorf("orange notice: %w", err)
	}
	return nil
}

// redNotice records Romania's Red Notice on the man the United Kingdom
// located, which alerts Romania's officers and OCU.
func redNotice(ctx context.Context, d *db.DB, cs *cases.Store, ref string) error {
	var pseudonym string
	if err := d.Read.WithContext(ctx).Raw(`SELECT p.pseudonym FROM people p JOIN cases c ON c.id = p.case_id
		WHERE c.reference = ? AND p.outcome = 'suspect' ORDER BY p.id LIMIT 1`, ref).Scan(&pseudonym).Error; err != nil {
		return err
	}
	if pseudonym == "" {
		return fmt.Errorf("case %s has no suspect", ref)
	}
	var n int64
	if err := d.Read.WithContext(ctx).Raw(`SELECT COUNT(*) FROM notices n JOIN people p ON p.id = n.person_id
		WHERE p.pseudonym = ? AND n.colour = 'red'`, pseudonym).Scan(&n).Error; err != nil || n > 0 {
		return err
	}
	_, err := cs.AddPersonNotice(ctx, pseudonym, cases.NoticeInput{Colour: "red", ControlNumber: redControl, IssuingCountry: "RO",
		Purpose: "Wanted by Romania for moving migrants from Bulgaria through Romania towards the Netherlands. The control number is the demo's own, not published."})
	return err
}

// orangeNotice records the Orange Notice on trafficking into online scam
// centres as the operation's alert.
func orangeNotice(ctx context.Context, d *db.DB, cs *cases.Store, op units.Operation) error {
	var n int64
	if err := d.Read.WithContext(ctx).Raw(`SELECT COUNT(*) FROM notices WHERE operation_id = ? AND person_id IS NULL AND colour = 'orange'`,
		op.ID).Scan(&n).Error; err != nil || n > 0 {
		return err
	}
	_, err := cs.AddOperationNotice(ctx, op.Code, cases.NoticeInput{Colour: "orange", ControlNumber: orangeControl, IssuingCountry: "FR",
		Purpose: "INTERPOL warned member countries of trafficking of people into online scam centres, made to run fraud under threat. The control number is the demo's own; the notice comes from INTERPOL's General Secretariat, and France, its seat, stands as the issuing country by the demo's choice (not published)."})
	return err
}

func partner(ctx context.Context, cs *cases.Store, ref, country string) error {
	c, err := cs.Get(ctx, ref)
	if err != nil {
		return err
	}
	have, err := cs.Partners(ctx, c)
	if err != nil {
		return err
	}
	for _, p := range have {
		if p == country {
			return nil
		}
	}
	return cs.AddPartner(ctx, ref, country)
}

func link(ctx context.Context, cs *cases.Store, ref, other, kind, reason string) error {
	_, err := cs.LinkCases(ctx, ref, cases.LinkInput{Other: other, Kind: kind, Reason: reason})
	if ocu.KindOf(err) == ocu.Conflict { // linked by an earlier load
		return nil
	}
	return err
}

// group creates the named group unless it exists, and adds the cases it
// does not hold yet.
func group(ctx context.Context, d *db.DB, gs *groups.Store, name, summary string, refs ...string) error {
	var id int64
	if err := d.Read.WithContext(ctx).Raw("SELECT id FROM criminal_groups WHERE name = ?", name).Scan(&id).Error; err != nil {
		return err
	}
	if id == 0 {
		g, err := gs.Create(ctx, groups.Input{Name: name, Summary: summary})
		if err != nil {
			return err
		}
		id = g.ID
	}
	for _, ref := range refs {
		var n int64
		if err := d.Read.WithContext(ctx).Raw(`SELECT COUNT(*) FROM group_cases gc JOIN cases c ON c.id = gc.case_id
			WHERE gc.group_id = ? AND c.reference = ?`, id, ref).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if err := gs.AddCase(ctx, id, ref); err != nil {
			return errors.Join(fmt.Errorf("case %s", ref), err)
		}
	}
	return nil
}
