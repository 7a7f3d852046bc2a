package cli

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/core/token"
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
