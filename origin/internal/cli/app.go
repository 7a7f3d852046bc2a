// Package cli is the `latch` command line: serve, hash, verify and the Hasura helpers.
package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/urfave/cli/v2"
)

// Exit codes shared by every command. verify uses all three.
const (
	ExitOK       = 0
	ExitMismatch = 1
	ExitError    = 2
)

// Run executes the latch command line and returns its exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &cli.App{
		Name:  "latch",
		Usage: "email/password authentication for Hasura, served as Hasura actions",
		Description: "latch serve runs the origin: Argon2id hashing, the user store and, " +
			"standalone, the Hasura action handler itself.",
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Commands: []*cli.Command{
			serveCommand(),
			hashCommand(),
			verifyCommand(),
			hasuraCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {}, // Run maps errors to codes
	}
	err := app.Run(args)
	if err == nil {
		return ExitOK
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(stderr, "latch:", msg)
		}
		if code := ec.ExitCode(); code == ExitMismatch {
			return code
		}
		return ExitError // including urfave's own codes, e.g. 3 for an unknown command
	}
	fmt.Fprintln(stderr, "latch:", err)
	return ExitError
}

// newLogger returns the process logger writing to w in the given format and level.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}
