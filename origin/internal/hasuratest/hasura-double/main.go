// Command hasura-double serves the in-memory Hasura test double (package hasuratest)
// as a process, so that end-to-end runs can point `latch serve --hasura-endpoint` at
// it. It is a test tool, never a store: data lives in memory and is gone on exit.
//
// Usage:
//
//	HASURA_GRAPHQL_ADMIN_SECRET=... hasura-double [-listen 127.0.0.1:0]
//	    [-seed-email EMAIL -seed-hash PHC [-seed-role ROLE]...]
//	    [-without TABLE[.COLUMN]]... [-select ROLE=COL,COL]...
//
// It listens on loopback only, prints its base URL (add /v1/graphql for GraphQL) as
// the first line on stdout once it accepts connections, and exits on SIGINT or
// SIGTERM. The admin secret comes from HASURA_GRAPHQL_ADMIN_SECRET, the variable
// Hasura itself reads.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// secretEnv names the variable holding the admin secret.
const secretEnv = "HASURA_GRAPHQL_ADMIN_SECRET"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	err := run(ctx, os.Args[1:], os.Getenv(secretEnv), os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hasura-double:", err)
		os.Exit(2)
	}
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, secret string, stdout io.Writer) error {
	o, err := parseArgs(args)
	if err != nil {
		return err
	}
	if secret == "" {
		return fmt.Errorf("%s is empty: set the admin secret the double expects", secretEnv)
	}

	srv, err := hasuratest.Start(o.listen, append(o.schema, hasuratest.WithSecret(secret))...)
	if err != nil {
		return err
	}
	defer srv.Close()
	if o.seedEmail != "" {
		srv.Seed(o.seedEmail, o.seedHash, o.seedRoles...)
	}

	fmt.Fprintln(stdout, srv.URL)
	<-ctx.Done()
	return nil
}
