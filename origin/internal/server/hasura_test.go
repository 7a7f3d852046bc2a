package server_test

import (
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/origin/internal/config"
	"github.com/latchauth/latch/origin/internal/hasuratest"
	"github.com/latchauth/latch/origin/internal/password"
)

// The origin with its users in Hasura (played by hasuratest): the same actions as
// with the embedded store, answered through Hasura's GraphQL API.

// tutorialEmail is a user of the Flask tutorial. The tutorial stored the address as
// typed, Tutorial.User@Example.com; Latch's migrations lower-cased it.
const tutorialEmail = "tutorial.user@example.com"

// currentPrefix is the start of every hash written with testConfig's profile.
const currentPrefix = "$argon2id$v=19$m=64,t=1,p=1$"

// hasuraConfig is testConfig with the users in a fresh Hasura double instead of a
// data directory.
func hasuraConfig(t *testing.T, opts ...hasuratest.Option) (config.Config,
	*hasuratest.Server) {
	t.Helper()
	srv := hasuratest.New(t, opts...)
	cfg := testConfig(t)
	cfg.DataDir = ""
	cfg.HasuraEndpoint = srv.URL
	cfg.HasuraAdminSecret = srv.Secret
	return cfg, srv
}

// storedHash reads a user's hash back from the double.
func storedHash(t *testing.T, srv *hasuratest.Server, email string) string {
	t.Helper()
	row, ok := srv.User(email)
	if !ok {
		t.Fatalf("no row for %s in Hasura", email)
	}
	return row.Password
}

// wantNoDatabaseWords checks that an answer names no database object (C-15).
func wantNoDatabaseWords(t *testing.T, body []byte) {
	t.Helper()
	for _, word := range []string{"constraint", "user_email", "Uniqueness", "violat",
		"pkey", "graphql", "hasura"} {
		if strings.Contains(strings.ToLower(string(body)), strings.ToLower(word)) {
			t.Errorf("answer %s mentions %q", body, word)
		}
	}
}

// The path of issue 3's "done when", standalone: signup, login, a tutorial user's
// login and rehash, a duplicate signup in another case, a login in another case.
func TestHasuraSignupLoginRehash(t *testing.T) {
	cfg, srv := hasuraConfig(t)
	oldHash, pw := tutorialVector(t)
	tutorial := srv.Seed(tutorialEmail, oldHash)
	o := start(t, cfg, nil)

	status, body := o.call("Signup", "ben@example.com", "correct horse 21")
	if status != http.StatusOK || string(body) != `{"id":2,"email":"ben@example.com"}` {
		t.Fatalf("Signup: %d %s", status, body)
	}
	c := verifyToken(t, loginToken(t, o, "ben@example.com", "correct horse 21"))
	if c.Subject != "2" {
		t.Errorf("Login(ben): sub %q, want 2", c.Subject)
	}

	// C-11: the tutorial's argon2-cffi hash verifies and is rewritten.
	c = verifyToken(t, loginToken(t, o, "Tutorial.User@Example.com", pw))
	if c.Subject != "1" || c.Hasura.DefaultRole != "user" {
		t.Errorf("Login(tutorial): sub %q role %q, want 1 user", c.Subject, c.Hasura.DefaultRole)
	}
	newHash := storedHash(t, srv, tutorialEmail)
	if !strings.HasPrefix(newHash, currentPrefix) {
		t.Fatalf("tutorial hash after login %.32s..., want %s...", newHash, currentPrefix)
	}
	verifyCurrent(t, pw, newHash)

	// The rewritten hash needs no second rewrite.
	loginToken(t, o, tutorialEmail, pw)
	if n := srv.Requests("LatchReplaceHash"); n != 1 {
		t.Errorf("%d hash replacements, want 1", n)
	}

	// C-13: another letter case is the same account, at signup and at login.
	for _, email := range []string{"BEN@Example.com", "Tutorial.User@EXAMPLE.com"} {
		status, body = o.call("Signup", email, "another horse 21")
		wantError(t, status, body, http.StatusConflict, "email_taken")
		wantNoDatabaseWords(t, body)
	}
	c = verifyToken(t, loginToken(t, o, "Ben@EXAMPLE.COM", "correct horse 21"))
	if c.Subject != "2" {
		t.Errorf("Login(Ben@EXAMPLE.COM): sub %q, want 2", c.Subject)
	}

	if rows := srv.Users(); len(rows) != 2 || rows[0].ID != tutorial.ID {
		t.Errorf("rows %+v, want the tutorial user and ben", rows)
	}
}

// verifyCurrent checks that hash matches pw and is already at testConfig's profile.
func verifyCurrent(t *testing.T, pw, hash string) {
	t.Helper()
	h := testHasher(t)
	v, err := h.Verify(pw, hash)
	if err != nil || !v.Match || v.Rehash {
		t.Errorf("verdict %+v, err %v; want a match needing no rehash", v, err)
	}
}

// testHasher hashes with testConfig's tiny profile.
func testHasher(t *testing.T) *password.Hasher {
	t.Helper()
	p := password.DefaultProfile
	p.Memory, p.Time, p.Threads = 64, 1, 1
	h, err := password.New(p, password.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// C-15 with Hasura: parallel signups of one email make one row; the database's
// unique index, not the origin, decides, and the losers get a clean 409.
func TestHasuraConcurrentSignup(t *testing.T) {
	cfg, srv := hasuraConfig(t)
	o := start(t, cfg, nil)

	const n = 20
	var mu sync.Mutex
	created, taken := 0, 0
	var wg sync.WaitGroup
	for i := range n {
		email := "race@example.com"
		if i%2 == 1 {
			email = "Race@Example.com"
		}
		wg.Go(func() {
			status, body := o.call("Signup", email, "correct horse 22")
			mu.Lock()
			defer mu.Unlock()
			if status == http.StatusOK {
				created++
				return
			}
			wantError(t, status, body, http.StatusConflict, "email_taken")
			wantNoDatabaseWords(t, body)
			taken++
		})
	}
	wg.Wait()

	if created != 1 || taken != n-1 {
		t.Errorf("%d created, %d email_taken; want 1 and %d", created, taken, n-1)
	}
	if rows := srv.Users(); len(rows) != 1 || rows[0].Email != "race@example.com" {
		t.Errorf("rows %+v, want one race@example.com", rows)
	}
}

// C-11 with Hasura: a password change that lands between the verify and the rewrite
// wins; the login that verified the old hash still succeeds.
func TestHasuraRehashLosesToPasswordChange(t *testing.T) {
	cfg, srv := hasuraConfig(t)
	oldHash, pw := tutorialVector(t)
	row := srv.Seed(tutorialEmail, oldHash)

	changed, err := testHasher(t).Hash("changed horse 23")
	if err != nil {
		t.Fatal(err)
	}
	srv.Before("LatchReplaceHash", func() { srv.SetPassword(row.ID, changed) })
	log, logs := captureLogs()
	o := start(t, cfg, log)

	loginToken(t, o, tutorialEmail, pw)
	if got := storedHash(t, srv, tutorialEmail); got != changed {
		t.Fatalf("stored hash %.32s..., want the concurrent change kept", got)
	}
	if !strings.Contains(logs.String(), "password changed meanwhile") {
		t.Errorf("the lost rehash was not logged:\n%s", logs)
	}

	status, body := o.call("Login", tutorialEmail, pw)
	if status != http.StatusUnauthorized || string(body) != invalidCredentials {
		t.Errorf("Login with the old password: %d %s, want 401", status, body)
	}
	loginToken(t, o, tutorialEmail, "changed horse 23")
	if n := srv.Requests("LatchReplaceHash"); n != 1 {
		t.Errorf("%d hash replacements tried, want 1", n)
	}
}

// C-02 with Hasura: roles come from column default_role and table user_role.
func TestHasuraRolesFromData(t *testing.T) {
	cfg, srv := hasuraConfig(t)
	o := start(t, cfg, nil)

	status, body := o.call("Signup", "admin@site.com", "correct horse 24")
	if status != http.StatusOK {
		t.Fatalf("Signup: %d %s", status, body)
	}
	c := verifyToken(t, loginToken(t, o, "admin@site.com", "correct horse 24"))
	if !slices.Equal(c.Hasura.AllowedRoles, []string{"user"}) {
		t.Errorf("new user's roles %q, want [user]", c.Hasura.AllowedRoles)
	}

	srv.AddRole(1, "editor")
	c = verifyToken(t, loginToken(t, o, "admin@site.com", "correct horse 24"))
	if c.Hasura.DefaultRole != "user" ||
		!slices.Equal(slices.Sorted(slices.Values(c.Hasura.AllowedRoles)),
			[]string{"editor", "user"}) {
		t.Errorf("roles %q default %q, want editor and user, default user",
			c.Hasura.AllowedRoles, c.Hasura.DefaultRole)
	}

	hash, err := testHasher(t).Hash("correct horse 25")
	if err != nil {
		t.Fatal(err)
	}
	srv.SeedRow(hasuratest.Row{Email: "auditor@site.com", Password: hash,
		DefaultRole: "auditor", Roles: []string{"user"}})
	c = verifyToken(t, loginToken(t, o, "auditor@site.com", "correct horse 25"))
	if c.Hasura.DefaultRole != "auditor" || !slices.Contains(c.Hasura.AllowedRoles, "user") {
		t.Errorf("roles %q default %q, want auditor and user, default auditor",
			c.Hasura.AllowedRoles, c.Hasura.DefaultRole)
	}
}

// An unreachable, stalling or broken Hasura answers 424 unavailable within the
// configured timeout, for signup and login alike, and leaves no row behind.
func TestHasuraUnavailable(t *testing.T) {
	tests := []struct {
		name   string
		fault  hasuratest.Fault
		closed bool // Hasura's port refuses connections
	}{
		{name: "down", closed: true},
		{name: "stalls", fault: hasuratest.Stall},
		{name: "database down", fault: hasuratest.PostgresDown},
		{name: "answers HTML", fault: hasuratest.Garbage},
		{name: "proxy 502", fault: hasuratest.BadGateway},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, srv := hasuraConfig(t)
			if tt.closed {
				cfg.HasuraEndpoint = closedURL(t)
			}
			srv.SetFault(tt.fault)
			cfg.HasuraTimeout = 500 * time.Millisecond // --hasura-timeout reaches the store
			o := start(t, cfg, nil)

			var wg sync.WaitGroup
			for _, name := range []string{"Signup", "Login"} {
				wg.Go(func() {
					begin := time.Now()
					status, body := o.call(name, "cleo@example.com", "correct horse 26")
					if took := time.Since(begin); took > cfg.HasuraTimeout+2*time.Second {
						t.Errorf("%s answered after %v", name, took)
					}
					wantError(t, status, body, http.StatusFailedDependency, "unavailable")
					wantNoDatabaseWords(t, body)
				})
			}
			wg.Wait()

			srv.SetFault(hasuratest.NoFault)
			if rows := srv.Users(); len(rows) != 0 {
				t.Errorf("rows %+v after the failed signup, want none", rows)
			}
		})
	}
}

// A Hasura that refuses the admin secret or lacks Latch's schema is the operator's
// problem: clients get a plain internal error, and the log says what is wrong
// without the admin secret.
func TestHasuraMisconfigured(t *testing.T) {
	const wrongSecret = "wrong-admin-secret-7d2f01"
	tests := []struct {
		name    string
		opts    []hasuratest.Option
		secret  string
		wantLog string
	}{
		{name: "admin secret refused", secret: wrongSecret, wantLog: "admin secret rejected"},
		{name: "table not tracked", wantLog: "schema lacks",
			opts: []hasuratest.Option{hasuratest.WithoutTable("user")}},
		{name: "migrations not applied", wantLog: "schema lacks",
			opts: []hasuratest.Option{hasuratest.WithoutColumn("user", "default_role")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _ := hasuraConfig(t, tt.opts...)
			if tt.secret != "" {
				cfg.HasuraAdminSecret = tt.secret
			}
			log, logs := captureLogs()
			o := start(t, cfg, log)

			for _, name := range []string{"Signup", "Login"} {
				status, body := o.call(name, "dan@example.com", "correct horse 27")
				wantError(t, status, body, http.StatusInternalServerError, "internal")
				wantNoDatabaseWords(t, body)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, logs)
			}
			for _, secret := range []string{cfg.HasuraAdminSecret, hasuratest.DefaultSecret} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("log holds an admin secret:\n%s", logs)
				}
			}
		})
	}
}

// closedURL returns the URL of a loopback port that was just closed, so connections
// to it are refused.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}
