package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// flagSet is a command's flags. Every setting of every command is a flag,
// and every flag can also come from the environment as OCU_ and its name in
// capitals with dashes as underscores (--dashboard-max-age is
// OCU_DASHBOARD_MAX_AGE): one path for all configuration, listed by
// "ocu COMMAND -h". A flag on the command line wins over the environment.
type flagSet struct {
	*flag.FlagSet
	getenv func(string) string
}

func newFlagSet(name, synopsis string, getenv func(string) string, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("ocu "+name, flag.ContinueOnError), getenv: getenv}
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: ocu %s\n\n", synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(f.Usage, "(env ") {
				f.Usage += " (env " + envName(f.Name) + ")"
			}
		})
		fs.PrintDefaults()
	}
	return fs
}

// envName is the environment variable that sets the flag name.
func envName(name string) string {
	return "OCU_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// Parse reads args, taking flags wherever they stand among the other
// arguments (ocu user passwd maria --db ocu.db works as --db ocu.db
// maria; after "--" everything is an argument), then sets each flag the
// command line left alone from the environment. Args() are then the
// arguments that are not flags, in order.
func (fs *flagSet) Parse(args []string) error {
	var rest []string
	for {
		if err := fs.FlagSet.Parse(args); err != nil {
			return err
		}
		left := fs.FlagSet.Args()
		if consumed := len(args) - len(left); consumed > 0 && args[consumed-1] == "--" {
			rest = append(rest, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		rest, args = append(rest, left[0]), left[1:]
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		if v := fs.getenv(envName(f.Name)); v != "" {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("%s=%q is not a valid --%s%s", envName(f.Name), v, f.Name, hint(f))
			}
		}
	})
	if err != nil {
		return err
	}
	// Parsing "--" and the arguments leaves them as Args() and sets no
	// flag.
	return fs.FlagSet.Parse(append([]string{"--"}, rest...))
}

// hint says what a flag takes, for errors about values from the
// environment (the flag package explains command-line ones itself).
func hint(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	switch g.Get().(type) {
	case time.Duration:
		return ": give a duration such as 1s or 500ms"
	case bool:
		return ": give true or false"
	case int, int64, uint, uint64:
		return ": give a whole number"
	}
	return ""
}
