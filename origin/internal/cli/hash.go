package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/core/input"
	"github.com/latchauth/latch/origin/internal/config"
	"github.com/latchauth/latch/origin/internal/password"
)

func hashCommand() *cli.Command {
	return &cli.Command{
		Name:      "hash",
		Usage:     "read a password from stdin and print its Argon2id PHC string",
		UsageText: "printf '%s' \"$PASSWORD\" | latch hash [--argon2-memory KiB ...]",
		Description: "The password is normalized as at login (NFKC), so the hash verifies " +
			"when the user logs in with the same password.",
		Flags:  argon2Flags(),
		Action: hash,
	}
}

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "read a password from stdin and check it against a PHC string",
		UsageText: "printf '%s' \"$PASSWORD\" | latch verify '<phc>'",
		Description: "Exits 0 on a match, 1 on a mismatch and 2 on an error, such as a " +
			"malformed or unsupported hash. Quote the PHC string: it contains '$'.",
		Action: verify,
	}
}

func hash(c *cli.Context) error {
	h, err := hasherFrom(c)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	pw, err := readPassword(c.App.Reader)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	phc, err := h.Hash(pw)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	fmt.Fprintln(c.App.Writer, phc)
	warnIfWeak(c.App.ErrWriter, h.Profile())
	return nil
}

// warnIfWeak tells the user on w when p is below the OWASP floor that latch serve
// enforces. The hash is printed anyway: tests and fixtures want cheap hashes.
func warnIfWeak(w io.Writer, p password.Profile) {
	if p.Memory >= config.OWASPMemory && p.Time >= config.OWASPTime {
		return
	}
	fmt.Fprintf(w, "latch: warning: Argon2 m=%d,t=%d is below the OWASP floor m=%d,t=%d; "+
		"latch serve refuses this profile unless --insecure-dev is set\n",
		p.Memory, p.Time, config.OWASPMemory, config.OWASPTime)
}

func verify(c *cli.Context) error {
	if c.NArg() != 1 {
		return cli.Exit("verify takes exactly one argument, the PHC string", ExitError)
	}
	h, err := password.New(password.DefaultProfile, password.DefaultLimits)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	pw, err := readPassword(c.App.Reader)
	if err != nil {
		return cli.Exit(err, ExitError)
	}
	v, err := h.Verify(pw, c.Args().First())
	switch {
	case err != nil:
		return cli.Exit(err, ExitError)
	case !v.Match:
		return cli.Exit("password does not match", ExitMismatch)
	}
	msg := "password matches"
	if v.Rehash {
		msg += " (hash parameters differ from the default profile: Latch rehashes at login)"
	}
	fmt.Fprintln(c.App.ErrWriter, msg)
	return nil
}

func hasherFrom(c *cli.Context) (*password.Hasher, error) {
	p := password.DefaultProfile
	m, t, th := c.Uint("argon2-memory"), c.Uint("argon2-time"), c.Uint("argon2-threads")
	if m > math.MaxUint32 || t > math.MaxUint32 || th > math.MaxUint8 {
		return nil, errors.New("argon2 parameters out of range")
	}
	p.Memory, p.Time, p.Threads = uint32(m), uint32(t), uint8(th)
	return password.New(p, password.DefaultLimits)
}

// readPassword reads one password from r: everything up to the first newline, or to
// the end of input, normalized as at login.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, input.MaxPasswordBytes+2)).
		ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading password from stdin: %w", err)
	}
	if len(line) > 0 && line[len(line)-1] == '\n' {
		line = line[:len(line)-1]
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	pw, ok := input.LoginPassword(line)
	if !ok {
		return "", fmt.Errorf("password on stdin is empty or longer than %d bytes",
			input.MaxPasswordBytes)
	}
	return pw, nil
}
