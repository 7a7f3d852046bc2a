package cli

import (
	"fmt"
	"math"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/origin/internal/config"
	"github.com/latchauth/latch/origin/internal/server"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run the origin server",
		Description: "Serves Hasura actions standalone (with --jwt-secret), the signed hop " +
			"for the edge worker (with --edge-secret), and GET /healthz. Every flag can be " +
			"set from LATCH_<FLAG>, e.g. LATCH_ACTION_SECRET.",
		Flags:  serveFlags(),
		Action: serve,
	}
}

func serve(c *cli.Context) error {
	cfg, err := configFrom(c)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	if err := cfg.Validate(); err != nil {
		return cli.Exit(err, ExitError)
	}
	log, err := newLogger(c.App.ErrWriter, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	if cfg.InsecureDev {
		log.Warn("--insecure-dev is set: unsafe settings are allowed; never use it in production")
	}

	ctx, stop := signal.NotifyContext(c.Context, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	srv, err := server.New(ctx, cfg, log)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	if err := srv.Run(ctx); err != nil {
		return cli.Exit(err, ExitError)
	}
	return nil
}

// configFrom reads the serve flags into a Config.
func configFrom(c *cli.Context) (config.Config, error) {
	threads := c.Uint("argon2-threads")
	if threads > math.MaxUint8 {
		return config.Config{}, fmt.Errorf("--argon2-threads %d is above 255", threads)
	}
	mem, passes := c.Uint("argon2-memory"), c.Uint("argon2-time")
	if mem > math.MaxUint32 || passes > math.MaxUint32 {
		return config.Config{}, fmt.Errorf("--argon2-memory or --argon2-time is too large")
	}
	return config.Config{
		Listen:            c.String("listen"),
		DataDir:           c.String("data-dir"),
		HasuraEndpoint:    c.String("hasura-endpoint"),
		HasuraAdminSecret: c.String("hasura-admin-secret"),
		HasuraTimeout:     c.Duration("hasura-timeout"),
		JWTSecret:         c.String("jwt-secret"),
		TokenLifetime:     c.Duration("token-lifetime"),
		ActionSecret:      c.String("action-secret"),
		EdgeSecret:        c.String("edge-secret"),
		Argon2Memory:      uint32(mem),
		Argon2Time:        uint32(passes),
		Argon2Threads:     uint8(threads),
		MaxLoginFailures:  c.Int("max-login-failures"),
		MaxClientFailures: c.Int("max-client-failures"),
		FailureWindow:     c.Duration("login-failure-window"),
		MaxClientSignups:  c.Int("max-client-signups"),
		ClientIPHeader:    c.String("client-ip-header"),
		MemoryBudget:      uint64(c.Uint("memory-budget")) << 20,
		Argon2Slots:       c.Int("argon2-slots"),
		QueueTimeout:      c.Duration("queue-timeout"),
		ShutdownTimeout:   c.Duration("shutdown-timeout"),
		LogFormat:         c.String("log-format"),
		LogLevel:          c.String("log-level"),
		InsecureDev:       c.Bool("insecure-dev"),
	}, nil
}
