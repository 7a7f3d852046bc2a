package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// credentials are the benchmark user's, kept in a 0600 file between subcommands so the
// password never appears on a command line.
type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}

func readCredentials(path string) (credentials, error) {
	var c credentials
	b, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// signupCommand signs up a fresh random user and writes its credentials to -creds.
func signupCommand(args []string, w io.Writer) error {
	fs := newFlags("signup")
	target := fs.String("url", "", "origin base URL (loopback only)")
	path := fs.String("creds", "", "file to write the user's credentials to (mode 0600)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return fmt.Errorf("-creds is required")
	}
	c, err := newClient(*target, 1)
	if err != nil {
		return err
	}

	u := credentials{Email: "bench-" + randomHex(6) + "@example.com", Password: randomHex(16)}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	a := c.call(ctx, actionBody("Signup", u.Email, u.Password))
	if err := expect200("signup", a); err != nil {
		return err
	}

	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*path, b, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(w, "signed up %s in %s\n", u.Email, a.took.Round(time.Millisecond))
	return nil
}
