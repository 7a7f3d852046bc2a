package cli

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/origin/internal/password"
)

// env returns the environment variable for a flag: LATCH_ and the flag in capitals.
func env(flag string) []string {
	b := []byte("LATCH_" + flag)
	for i, c := range b {
		switch {
		case c == '-':
			b[i] = '_'
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return []string{string(b)}
}

func stringFlag(name, value, usage string) *cli.StringFlag {
	return &cli.StringFlag{Name: name, Value: value, Usage: usage, EnvVars: env(name)}
}

// secretFlag is a string flag whose value is never shown in help output.
func secretFlag(name, usage string) *cli.StringFlag {
	f := stringFlag(name, "", usage)
	f.DefaultText = "none"
	return f
}

// argon2Flags are shared by serve and hash, so that `latch hash` writes what the
// server would.
func argon2Flags() []cli.Flag {
	p := password.DefaultProfile
	return []cli.Flag{
		&cli.UintFlag{Name: "argon2-memory", Value: uint(p.Memory), EnvVars: env("argon2-memory"),
			Usage: "Argon2id memory cost in KiB"},
		&cli.UintFlag{Name: "argon2-time", Value: uint(p.Time), EnvVars: env("argon2-time"),
			Usage: "Argon2id passes over memory"},
		&cli.UintFlag{Name: "argon2-threads", Value: uint(p.Threads),
			EnvVars: env("argon2-threads"), Usage: "Argon2id lanes (1-255)"},
	}
}

func serveFlags() []cli.Flag {
	flags := []cli.Flag{
		stringFlag("listen", "127.0.0.1:8090", "address to listen on (host:port)"),
		stringFlag("data-dir", "data",
			"embedded user store directory, used when no --hasura-endpoint is set"),
		stringFlag("hasura-endpoint", "",
			"Hasura GraphQL endpoint, e.g. http://127.0.0.1:8080/v1/graphql; "+
				"selects Hasura as the user store"),
		secretFlag("hasura-admin-secret", "Hasura admin secret (set it from the environment)"),
		secretFlag("jwt-secret", "signing config in HASURA_GRAPHQL_JWT_SECRET's JSON shape; "+
			"enables the standalone action handler"),
		&cli.DurationFlag{Name: "token-lifetime", Value: 15 * time.Minute,
			EnvVars: env("token-lifetime"), Usage: "access token lifetime"},
		secretFlag("action-secret", "value Hasura sends in the X-Action-Secret header"),
		secretFlag("edge-secret", "HMAC secret shared with the edge worker; enables /hop/"),
		&cli.BoolFlag{Name: "insecure-dev", EnvVars: env("insecure-dev"),
			Usage: "allow unsafe settings (no action secret, weak keys or Argon2); dev only"},
		&cli.DurationFlag{Name: "shutdown-timeout", Value: 10 * time.Second,
			EnvVars: env("shutdown-timeout"), Usage: "grace period for requests in flight"},
		stringFlag("log-format", "text", "log format: text or json"),
		stringFlag("log-level", "info", "log level: debug, info, warn or error"),
	}
	return append(flags, argon2Flags()...)
}
