package cli

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/origin/internal/password"
	"github.com/latchauth/latch/origin/internal/throttle"
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
		&cli.DurationFlag{Name: "hasura-timeout", Value: 5 * time.Second,
			EnvVars: env("hasura-timeout"), Usage: "bound on one call to Hasura"},
		secretFlag("jwt-secret", "signing config in HASURA_GRAPHQL_JWT_SECRET's JSON shape; "+
			"enables the standalone action handler"),
		&cli.DurationFlag{Name: "token-lifetime", Value: 15 * time.Minute,
			EnvVars: env("token-lifetime"), Usage: "access token lifetime (at most 24h)"},
		secretFlag("action-secret", "value Hasura sends in the X-Action-Secret header"),
		secretFlag("edge-secret", "HMAC secret shared with the edge worker; enables /hop/"),
		&cli.BoolFlag{Name: "insecure-dev", EnvVars: env("insecure-dev"),
			Usage: "allow unsafe settings (no action secret, weak keys or Argon2); dev only"},
		&cli.IntFlag{Name: "max-login-failures", Value: throttle.DefaultAccountFailures,
			EnvVars: env("max-login-failures"),
			Usage:   "failed logins per email within the window before 429s (0: off)"},
		&cli.IntFlag{Name: "max-client-failures", Value: throttle.DefaultClientFailures,
			EnvVars: env("max-client-failures"),
			Usage:   "failed logins per client address within the window (0: off)"},
		&cli.DurationFlag{Name: "login-failure-window", Value: throttle.DefaultAccountWindow,
			EnvVars: env("login-failure-window"), Usage: "window the failure limits count in"},
		&cli.IntFlag{Name: "max-client-signups", Value: throttle.DefaultSignups,
			EnvVars: env("max-client-signups"),
			Usage:   "signup attempts per client address per hour (0: off)"},
		stringFlag("client-ip-header", "",
			"trusted header with the client address, e.g. one Hasura forwards or a proxy "+
				"sets (overwrites); empty: per-client limits off for the actions"),
		&cli.UintFlag{Name: "memory-budget", Value: 1024, EnvVars: env("memory-budget"),
			Usage: "MiB the origin may use; bounds concurrent Argon2 hashes and sets " +
				"the Go memory limit (0: no bound)"},
		&cli.IntFlag{Name: "argon2-slots", EnvVars: env("argon2-slots"),
			Usage: "hashes run at once (0: min(CPUs, what --memory-budget holds))"},
		&cli.DurationFlag{Name: "queue-timeout", Value: 5 * time.Second,
			EnvVars: env("queue-timeout"),
			Usage:   "how long a request waits for a hashing slot before 429 overloaded"},
		&cli.DurationFlag{Name: "shutdown-timeout", Value: 10 * time.Second,
			EnvVars: env("shutdown-timeout"), Usage: "grace period for requests in flight"},
		stringFlag("log-format", "text", "log format: text or json"),
		stringFlag("log-level", "info", "log level: debug, info, warn or error"),
	}
	return append(flags, argon2Flags()...)
}
