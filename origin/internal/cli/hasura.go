package cli

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/core/token"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

func hasuraCommand() *cli.Command {
	return &cli.Command{
		Name:  "hasura",
		Usage: "helpers for configuring Hasura",
		Subcommands: []*cli.Command{
			{
				Name:  "jwt-config",
				Usage: "print the HASURA_GRAPHQL_JWT_SECRET value matching --jwt-secret",
				Flags: []cli.Flag{secretFlag("jwt-secret",
					"signing config in HASURA_GRAPHQL_JWT_SECRET's JSON shape")},
				Action: jwtConfig,
			},
			{
				Name: "check",
				Usage: "check that Hasura has the tables, columns and permissions Latch " +
					"needs (exit 0 ok, 1 problems found, 2 error)",
				Flags: []cli.Flag{
					stringFlag("hasura-endpoint", "", "Hasura GraphQL endpoint"),
					secretFlag("hasura-admin-secret", "Hasura admin secret"),
					&cli.DurationFlag{Name: "hasura-timeout", Value: hasura.DefaultTimeout,
						EnvVars: env("hasura-timeout"), Usage: "bound on one call to Hasura"},
				},
				Action: hasuraCheck,
			},
		},
	}
}

func jwtConfig(c *cli.Context) error {
	raw := c.String("jwt-secret")
	if raw == "" {
		return cli.Exit("--jwt-secret (or LATCH_JWT_SECRET) is required", ExitError)
	}
	cfg, err := token.ParseConfig([]byte(raw))
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	out, err := cfg.HasuraSecret()
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	fmt.Fprintln(c.App.Writer, out)
	return nil
}

func hasuraCheck(c *cli.Context) error {
	endpoint, secret := c.String("hasura-endpoint"), c.String("hasura-admin-secret")
	if endpoint == "" || secret == "" {
		return cli.Exit("--hasura-endpoint and --hasura-admin-secret "+
			"(or LATCH_HASURA_ENDPOINT and LATCH_HASURA_ADMIN_SECRET) are required", ExitError)
	}
	st, err := hasura.New(endpoint, secret, hasura.WithTimeout(c.Duration("hasura-timeout")))
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	report, err := st.Check(c.Context)
	if len(report.Findings) > 0 {
		fmt.Fprint(c.App.Writer, report.String())
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, hasura.ErrSchema):
		return cli.Exit("", ExitMismatch) // the report says what to fix
	case len(report.Findings) > 0:
		return cli.Exit("", ExitError) // the report says why Hasura could not be asked
	default:
		return cli.Exit(err, ExitError)
	}
}
