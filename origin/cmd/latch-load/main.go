// Command latch-load measures a Latch origin running on this machine: whether an
// unknown email and a wrong password are told apart by latency (field case C-12), and
// login throughput, latency and memory at rising concurrency (the hardening issue's
// capacity figures). It refuses every target that is not a loopback address.
//
// scripts/bench.sh starts the origin and drives the subcommands:
//
//	latch-load freeport                     print a free TCP port on 127.0.0.1
//	latch-load wait -url URL                poll URL/healthz until it answers 200
//	latch-load signup -url URL -creds FILE  sign up a fresh user, keep it in FILE
//	latch-load enum -url URL -creds FILE    unknown email vs wrong password latency
//	latch-load capacity -url URL -creds FILE -c N -pid PID
//	                                        valid logins at concurrency N, with RSS
//	latch-load plan -in FILE                the 2x and 4x levels still to measure
//	latch-load summary -in FILE             the table of every result in FILE
//
// The action secret is read from LATCH_ACTION_SECRET, never from the command line.
// Results are appended to the -out file as JSON lines for plan and summary.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// command is one subcommand: it parses its own flags and writes its report to w.
type command func(args []string, w io.Writer) error

var commands = map[string]command{
	"freeport": freeportCommand,
	"wait":     waitCommand,
	"signup":   signupCommand,
	"enum":     enumCommand,
	"capacity": capacityCommand,
	"plan":     planCommand,
	"summary":  summaryCommand,
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: latch-load freeport|wait|signup|enum|capacity|plan|summary "+
			"[flags]; see the package doc")
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "latch-load: unknown command %q\n", args[0])
		return 2
	}
	if err := cmd(args[1:], stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "latch-load:", err)
		return 1
	}
	return 0
}

// newFlags returns a flag set for a subcommand that reports parse errors to stderr.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("latch-load "+name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	return fs
}
