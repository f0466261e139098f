package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// stdin is where `ocu user add` and `ocu user passwd` read a password;
// tests replace it.
var stdin io.Reader = os.Stdin

// readPassword takes a password from standard input when one is piped in,
// or generates one (printed once) when standard input is a terminal or
// empty.
func readPassword() (pw string, generated bool, err error) {
	if f, ok := stdin.(*os.File); ok {
		if st, serr := f.Stat(); serr == nil && st.Mode()&os.ModeCharDevice != 0 {
			return accounts.GeneratePassword(), true, nil
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	if pw = strings.TrimRight(line, "\r\n"); pw == "" {
		return accounts.GeneratePassword(), true, nil
	}
	return pw, false, nil
}

func accountStore(d *db.DB) *accounts.Store { return accounts.NewStore(d, units.NewStore(d)) }

// userCmd is `ocu user add|passwd|disable|enable|unlock`.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const synopsis = "user add --username U --role officer|supervisor|coordinator|admin [--unit MNL] [--country PH] [--name \"Display Name\"]\n" +
		"       ocu user passwd U | ocu user disable U | ocu user enable U | ocu user unlock U\n\n" +
		"A password is read from standard input; with none, one is generated and printed once."
	if len(args) == 0 {
		fmt.Fprintf(stderr, "Usage: ocu %s\n", synopsis)
		return errors.New("user: say add, passwd, disable, enable or unlock")
	}
	sub, args := args[0], args[1:]
	fs, cfg := flags("user "+sub, synopsis, getenv, stderr, false, false)
	var in accounts.UserInput
	if sub == "add" {
		fs.StringVar(&in.Username, "username", "", "the account's username")
		fs.StringVar(&in.Role, "role", "", "officer, supervisor, coordinator or admin")
		fs.StringVar(&in.Unit, "unit", "", "OCU code, for officers and supervisors")
		fs.StringVar(&in.Country, "country", "", "ISO alpha-2 country, for officers")
		fs.StringVar(&in.DisplayName, "name", "", "display name (defaults to the username)")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx = ocu.SystemContext(ctx)
	s := accountStore(d)
	switch sub {
	case "add":
		pw, generated, err := readPassword()
		if err != nil {
			return err
		}
		u, err := s.CreateUser(ctx, in, pw)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "created %s (%s)\n", u.Username, u.Role)
		if generated {
			fmt.Fprintf(stdout, "password: %s\n(shown once: give it to %s through a safe channel)\n", pw, u.Username)
		}
	case "passwd":
		if fs.NArg() != 1 {
			return errors.New("user passwd: name one username")
		}
		pw, generated, err := readPassword()
		if err != nil {
			return err
		}
		if err := s.SetPassword(ctx, fs.Arg(0), pw); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "password changed for %s; their sessions are ended\n", fs.Arg(0))
		if generated {
			fmt.Fprintf(stdout, "password: %s\n(shown once)\n", pw)
		}
	case "unlock":
		if fs.NArg() != 1 {
			return errors.New("user unlock: name one username")
		}
		if err := s.LiftLock(ctx, accounts.LockAccount, fs.Arg(0)); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "%s unlocked: its failed sign-ins are forgotten\n", fs.Arg(0))
	case "disable", "enable":
		if fs.NArg() != 1 {
			return fmt.Errorf("user %s: name one username", sub)
		}
		if err := s.SetDisabled(ctx, fs.Arg(0), sub == "disable"); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "%s %sd\n", fs.Arg(0), sub)
	default:
		return fmt.Errorf("user: unknown subcommand %q: say add, passwd, disable, enable or unlock", sub)
	}
	return nil
}

// tokenCmd is `ocu token create --user U [--name N]`.
func tokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "Usage: ocu token create --user U [--name NAME]")
		return errors.New("token: say create")
	}
	fs, cfg := flags("token create", "token create --user U [--name NAME]", getenv, stderr, false, false)
	user := fs.String("user", "", "the account the token acts as")
	name := fs.String("name", "API token", "what the token is for")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := openMigrated(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer d.Close()
	token, _, err := accountStore(d).CreateToken(ocu.SystemContext(ctx), *user, *name)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// explain turns a domain error into a plain sentence for the terminal.
func explain(err error) error {
	var e *ocu.Error
	if !errors.As(err, &e) {
		return err
	}
	msg, fields := e.Translate(func(k string, a ...any) string { return translate(k, a...) })
	for f, m := range fields {
		msg += fmt.Sprintf("\n  %s: %s", f, m)
	}
	return errors.New(msg)
}

// ensureAdmin creates the first administrator on a database with no users
// and prints its password once.
func ensureAdmin(ctx context.Context, d *db.DB, stdout io.Writer) error {
	s := accountStore(d)
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw := accounts.GeneratePassword()
	if _, err := s.CreateUser(ocu.SystemContext(ctx), accounts.UserInput{Username: "admin", DisplayName: "Administrator", Role: ocu.RoleAdmin}, pw); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "first start: created the administrator account\n  username: admin\n  password: %s\n  (shown once: sign in and create the other accounts)\n", pw)
	return nil
}

// demoUsers are one account per role, for trying ocu out.
var demoUsers = []accounts.UserInput{
	{Username: "officer.ph", DisplayName: "Demo officer (Philippines)", Role: ocu.RoleOfficer, Unit: "MNL", Country: "PH"},
	{Username: "officer.ar", DisplayName: "Demo officer (Argentina)", Role: ocu.RoleOfficer, Unit: "BUE", Country: "AR"},
	{Username: "supervisor.mnl", DisplayName: "Demo supervisor (Manila)", Role: ocu.RoleSupervisor, Unit: "MNL"},
	{Username: "supervisor.dkr", DisplayName: "Demo supervisor (Dakar)", Role: ocu.RoleSupervisor, Unit: "DKR"},
	{Username: "coordinator", DisplayName: "Demo coordinator", Role: ocu.RoleCoordinator},
	{Username: "demo.admin", DisplayName: "Demo administrator", Role: ocu.RoleAdmin},
}

// ensureDemoUsers creates the demo accounts that are missing and prints
// their passwords; existing ones are left alone.
func ensureDemoUsers(ctx context.Context, d *db.DB, stdout io.Writer) error {
	s := accountStore(d)
	ctx = ocu.SystemContext(ctx)
	var created []string
	for _, in := range demoUsers {
		if _, err := s.User(ctx, in.Username); err == nil {
			continue
		}
		pw := accounts.GeneratePassword()
		if _, err := s.CreateUser(ctx, in, pw); err != nil {
			return fmt.Errorf("demo user %s: %w", in.Username, explain(err))
		}
		created = append(created, fmt.Sprintf("  %-15s %-12s %s", in.Username, in.Role, pw))
	}
	if len(created) > 0 {
		fmt.Fprintf(stdout, "demo accounts (passwords shown once):\n%s\n", strings.Join(created, "\n"))
	} else {
		fmt.Fprintln(stdout, "demo accounts exist already; set a new password with: ocu user passwd USERNAME")
	}
	return nil
}

// translate renders a catalogue message for the terminal, in English.
func translate(key string, args ...any) string { return views.T(context.Background(), key, args...) }
