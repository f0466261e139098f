// Command ocu is the case tracker for the operational coordination units of
// international operations against human trafficking and migrant smuggling.
//
//	ocu [serve] [--db FILE] [--addr HOST:PORT] [--demo] [--tls-cert FILE --tls-key FILE]
//	ocu migrate [--db FILE]
//	ocu seed --demo [--db FILE]
//	ocu user add|passwd|disable|enable|unlock ...
//	ocu token create --user U
//	ocu audit verify|anchor|keygen
//	ocu import EXPORT.zip
//	ocu report --out FILE
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // OCU time zones must resolve on hosts without a zone database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "ocu:", err)
		os.Exit(1)
	}
}

const usage = `ocu: case tracker for operational coordination units

Usage:
  ocu [serve] [flags]   serve the web application and API (the default);
                        HTTPS with --tls-cert FILE --tls-key FILE
  ocu migrate [flags]   apply database migrations and reference data, then exit
  ocu seed --demo       load the demo operation (Liberterra II) and demo accounts, then exit
  ocu seed --scale N [--load-users FILE]
                        generate N more cases (about six people each) for load tests
  ocu user add --username U --role R [--unit MNL] [--country PH]
                        create an account (password from standard input, or generated)
  ocu user passwd U     set a new password (from standard input, or generated)
  ocu user disable U    disable an account (enable U undoes it)
  ocu user unlock U     lift the lock after failed sign-ins on an account
  ocu token create --user U [--name N]
                        print a new API token for U
  ocu audit verify [--anchor ANCHOR]
                        check the audit trail's hash chain, and that it holds an anchor
  ocu audit anchor      print the trail's head as an anchor to keep elsewhere
  ocu audit keygen --out FILE
                        write a key that signs anchors (--anchor-key, OCU_ANCHOR_KEY)
  ocu export --format csv|zip|xlsx|json --out FILE [--unit MNL] [--country PH]
                        export the operation's records (zip is what import reads)
  ocu import EXPORT.zip take a CSV export (zip) back in: all of it or nothing
  ocu report --out FILE [--operation LIB2] [--unit MNL]
                        write the debrief report as one self-contained HTML file
  ocu requests escalate escalate requests past their deadline to both sides'
                        supervisors (the server does it every minute)

Run "ocu COMMAND -h" for a command's flags. Flags may come before or
after a command's arguments. Every flag can also be set in the
environment as OCU_ and its name in capitals: --db as OCU_DB,
--dashboard-max-age as OCU_DASHBOARD_MAX_AGE; a flag given wins.

Evidence files are kept in --files DIR (OCU_FILES), by default beside the
database (ocu.db's in ocu-files); serve, export and import use it.
`

// run is the whole program behind main, with its inputs passed in so that
// tests can start a real server the way a user does.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(stdout, usage)
		return flag.ErrHelp
	}
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, getenv, stdout, stderr)
	case "seed":
		return seed(ctx, args, getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, args, getenv, stdout, stderr)
	case "token":
		return tokenCmd(ctx, args, getenv, stdout, stderr)
	case "audit":
		return auditCmd(ctx, args, getenv, stdout, stderr)
	case "import":
		return importCmd(ctx, args, getenv, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, getenv, stdout, stderr)
	case "report":
		return reportCmd(ctx, args, getenv, stdout, stderr)
	case "requests":
		return requestsCmd(ctx, args, getenv, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// config is what every command reads from flags or the environment.
type config struct {
	db    string
	files string
	addr  string
	demo  bool
}

// flags builds a command's flag set with the flags every command shares.
func flags(name, synopsis string, getenv func(string) string, stderr io.Writer, withAddr, withDemo bool) (*flagSet, *config) {
	cfg := &config{}
	fs := newFlagSet(name, synopsis, getenv, stderr)
	fs.StringVar(&cfg.db, "db", "ocu.db", "SQLite database `file`")
	if withAddr {
		fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "`address` to listen on")
	}
	if withDemo {
		fs.BoolVar(&cfg.demo, "demo", false, "load the demo operation, Liberterra II, into the database first")
	}
	return fs, cfg
}
