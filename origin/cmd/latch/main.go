// Command latch is Latch's origin: Argon2id hashing and the user store behind the edge
// worker, or a standalone Hasura action handler. Run `latch --help`.
package main

import (
	"os"

	"github.com/latchauth/latch/origin/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
