package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// options is the parsed command line.
type options struct {
	listen    string
	seedEmail string
	seedHash  string
	seedRoles []string
	schema    []hasuratest.Option
}

// repeated is a flag that may be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, " ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func parseArgs(args []string) (options, error) {
	var o options
	var roles, without, selects repeated

	fs := flag.NewFlagSet("hasura-double", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0",
		"loopback address to serve on; port 0 picks a free one")
	fs.StringVar(&o.seedEmail, "seed-email", "",
		"email of a user to create at start, lower-case as the migrations store it")
	fs.StringVar(&o.seedHash, "seed-hash", "", "password hash (PHC string) of the seeded user")
	fs.Var(&roles, "seed-role", "extra role of the seeded user, in table user_role (repeatable)")
	fs.Var(&without, "without",
		"play a Hasura lacking TABLE or TABLE.COLUMN, e.g. user.default_role (repeatable)")
	fs.Var(&selects, "select",
		"ROLE=COL,COL: the columns of table user that ROLE may select (repeatable)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(nil)
			fs.PrintDefaults()
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	if err := o.setSeed(roles); err != nil {
		return o, err
	}
	for _, w := range without {
		table, column, _ := strings.Cut(w, ".")
		if column == "" {
			o.schema = append(o.schema, hasuratest.WithoutTable(table))
		} else {
			o.schema = append(o.schema, hasuratest.WithoutColumn(table, column))
		}
	}
	for _, s := range selects {
		role, cols, ok := strings.Cut(s, "=")
		if !ok || role == "" {
			return o, fmt.Errorf("-select %q: want ROLE=COL,COL", s)
		}
		o.schema = append(o.schema,
			hasuratest.WithSelectColumns(role, strings.Split(cols, ",")...))
	}
	return o, nil
}

// setSeed checks the seed flags: both or neither of email and hash, and an email
// that the shipped migrations' check constraint would accept.
func (o *options) setSeed(roles []string) error {
	switch {
	case (o.seedEmail == "") != (o.seedHash == ""):
		return errors.New("-seed-email and -seed-hash go together")
	case o.seedEmail == "" && len(roles) > 0:
		return errors.New("-seed-role needs -seed-email")
	case o.seedEmail != strings.ToLower(o.seedEmail):
		return fmt.Errorf("-seed-email %q: the migrations store emails lower-case "+
			"(check user_email_lowercase)", o.seedEmail)
	}
	o.seedRoles = roles
	return nil
}
