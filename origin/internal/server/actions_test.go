package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/latchauth/latch/core/token"
)

// invalidCredentials is the exact body of every failed login (C-04, C-12).
const invalidCredentials = `{"message":"Invalid credentials",` +
	`"extensions":{"code":"invalid_credentials"}}`

// loginToken logs in and returns the token, failing the test on anything but a 200
// whose body is exactly {"token": "..."}.
func loginToken(t *testing.T, o *origin, email, password string) string {
	t.Helper()
	status, body := o.call("Login", email, password)
	if status != http.StatusOK {
		t.Fatalf("Login(%s): %d %s", email, status, body)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("Login body %s: %v", body, err)
	}
	var tok string
	if len(out) != 1 || json.Unmarshal(out["token"], &tok) != nil || tok == "" {
		t.Fatalf("Login body %s, want exactly a string token", body)
	}
	return tok
}

// verifyToken checks tok with a Verifier for the test JWT secret.
func verifyToken(t *testing.T, tok string) *token.Claims {
	t.Helper()
	cfg, err := token.ParseConfig([]byte(jwtSecret))
	if err != nil {
		t.Fatal(err)
	}
	v, err := token.NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.Verify(tok)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return c
}

// rawClaims decodes the token's payload without verifying it, keeping each value's
// JSON text, so that a test can see whether a claim is a string or a number.
func rawClaims(t *testing.T, tok string) (top, hasura map[string]json.RawMessage) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("payload: %v", err)
	}
	if err := json.Unmarshal(payload, &top); err != nil {
		t.Fatalf("payload: %v", err)
	}
	if err := json.Unmarshal(top[token.DefaultNamespace], &hasura); err != nil {
		t.Fatalf("claims at %s: %v", token.DefaultNamespace, err)
	}
	return top, hasura
}

func TestSignupThenLogin(t *testing.T) {
	o := start(t, testConfig(t), nil)

	status, body := o.call("Signup", "ben@example.com", "correct horse 1")
	// C-05: exactly the declared output, id a JSON number, never the hash.
	if status != http.StatusOK || string(body) != `{"id":1,"email":"ben@example.com"}` {
		t.Fatalf("Signup: %d %s", status, body)
	}

	tok := loginToken(t, o, "ben@example.com", "correct horse 1")
	c := verifyToken(t, tok)
	if c.Subject != "1" || c.Hasura.UserID != "1" {
		t.Errorf("sub %q, user id %q, want \"1\"", c.Subject, c.Hasura.UserID)
	}
	if c.Hasura.DefaultRole != "user" || !slices.Equal(c.Hasura.AllowedRoles, []string{"user"}) {
		t.Errorf("roles %q default %q, want [user] user",
			c.Hasura.AllowedRoles, c.Hasura.DefaultRole)
	}

	// C-01: the ids are JSON strings, not numbers.
	top, hasura := rawClaims(t, tok)
	if got := string(top["sub"]); got != `"1"` {
		t.Errorf("sub is %s, want the JSON string \"1\"", got)
	}
	if got := string(hasura["x-hasura-user-id"]); got != `"1"` {
		t.Errorf("x-hasura-user-id is %s, want the JSON string \"1\"", got)
	}
}

func TestPerActionURLs(t *testing.T) {
	o := start(t, testConfig(t), nil)
	hdr := actionHeaders(actionSecret)

	// The per-action URLs serve their action whatever name the metadata gives it.
	status, body := o.post("/signup", hdr, actionBody(t, "register", "ana@example.com",
		"correct horse 2"))
	if status != http.StatusOK || string(body) != `{"id":1,"email":"ana@example.com"}` {
		t.Fatalf("POST /signup: %d %s", status, body)
	}
	status, body = o.post("/login", hdr, actionBody(t, "signin", "ana@example.com",
		"correct horse 2"))
	if status != http.StatusOK || !bytes.HasPrefix(body, []byte(`{"token":"`)) {
		t.Fatalf("POST /login: %d %s", status, body)
	}
}

// C-02: roles come from stored data, never from the email or the session variables.
func TestRolesComeFromData(t *testing.T) {
	cfg := testConfig(t)
	o := start(t, cfg, nil)

	hdr := actionHeaders(actionSecret)
	body := []byte(`{"action":{"name":"Signup"},` +
		`"input":{"email":"admin@site.com","password":"correct horse 3"},` +
		`"session_variables":{"x-hasura-role":"admin","x-hasura-user-id":"99"}}`)
	if status, b := o.post("/actions", hdr, body); status != http.StatusOK ||
		string(b) != `{"id":1,"email":"admin@site.com"}` {
		t.Fatalf("Signup: %d %s", status, b)
	}

	tok := loginToken(t, o, "admin@site.com", "correct horse 3")
	c := verifyToken(t, tok)
	if c.Hasura.DefaultRole != "user" || !slices.Equal(c.Hasura.AllowedRoles, []string{"user"}) {
		t.Errorf("new user has roles %q default %q, want [user] user",
			c.Hasura.AllowedRoles, c.Hasura.DefaultRole)
	}
	if _, hasura := rawClaims(t, tok); hasura["x-hasura-role"] != nil {
		t.Errorf("token carries x-hasura-role %s", hasura["x-hasura-role"])
	}
	o.stop()

	st := openStore(t, cfg.DataDir)
	err := st.SetRoles(t.Context(), 1, "editor", []string{"user", "editor"})
	st.Close()
	if err != nil {
		t.Fatalf("SetRoles: %v", err)
	}

	o = start(t, cfg, nil)
	c = verifyToken(t, loginToken(t, o, "admin@site.com", "correct horse 3"))
	if c.Hasura.DefaultRole != "editor" ||
		!slices.Equal(c.Hasura.AllowedRoles, []string{"editor", "user"}) {
		t.Errorf("roles %q default %q, want [editor user] editor",
			c.Hasura.AllowedRoles, c.Hasura.DefaultRole)
	}
}

// C-12: a wrong password and an unknown email answer byte-identical errors.
func TestLoginFailuresLookAlike(t *testing.T) {
	o := start(t, testConfig(t), nil)
	if status, body := o.call("Signup", "ana@example.com", "correct horse 4"); status != 200 {
		t.Fatalf("Signup: %d %s", status, body)
	}

	wrongStatus, wrongBody := o.call("Login", "ana@example.com", "wrong")
	unknownStatus, unknownBody := o.call("Login", "nobody@example.com", "x")

	if wrongStatus != http.StatusUnauthorized || string(wrongBody) != invalidCredentials {
		t.Errorf("wrong password: %d %s, want 401 %s",
			wrongStatus, wrongBody, invalidCredentials)
	}
	if unknownStatus != wrongStatus || !bytes.Equal(unknownBody, wrongBody) {
		t.Errorf("unknown email: %d %s, wrong password: %d %s",
			unknownStatus, unknownBody, wrongStatus, wrongBody)
	}
}

// C-13: emails differing only in case are one account, for signup and for login.
func TestEmailCase(t *testing.T) {
	cfg := testConfig(t)
	o := start(t, cfg, nil)

	status, body := o.call("Signup", "Alice@Example.com", "correct horse 5")
	if status != http.StatusOK || string(body) != `{"id":1,"email":"alice@example.com"}` {
		t.Fatalf("Signup: %d %s", status, body)
	}
	status, body = o.call("Signup", "alice@example.com", "another horse 5")
	wantError(t, status, body, http.StatusConflict, "email_taken")

	c := verifyToken(t, loginToken(t, o, "ALICE@EXAMPLE.COM", "correct horse 5"))
	if c.Subject != "1" {
		t.Errorf("logged in as %q, want 1", c.Subject)
	}

	o.stop()
	if n := countUsers(t, cfg.DataDir); n != 1 {
		t.Errorf("%d users stored, want 1", n)
	}
}

// C-06: no action secret, or a wrong one, is refused before any store work.
func TestActionSecretRequired(t *testing.T) {
	cfg := testConfig(t)
	o := start(t, cfg, nil)

	noSecret := http.Header{}
	noSecret.Set("Content-Type", "application/json")
	for name, hdr := range map[string]http.Header{
		"missing": noSecret,
		"wrong":   actionHeaders(actionSecret + "x"),
		"empty":   actionHeaders(""),
	} {
		t.Run(name, func(t *testing.T) {
			status, body := o.callWith(hdr, "Signup", "eve@example.com", "correct horse 6")
			wantError(t, status, body, http.StatusUnauthorized, "unauthorized")
			if bytes.Contains(body, []byte(actionSecret)) {
				t.Errorf("answer %s contains the action secret", body)
			}
		})
	}

	o.stop()
	if n := countUsers(t, cfg.DataDir); n != 0 {
		t.Errorf("%d users stored, want 0", n)
	}
}

func TestActionsDisabledWithoutJWTSecret(t *testing.T) {
	cfg := testConfig(t)
	cfg.JWTSecret = ""
	o := start(t, cfg, nil)

	want := `{"message":"Standalone actions are disabled: the origin has no JWT secret",` +
		`"extensions":{"code":"not_found"}}`
	for _, path := range []string{"/", "/actions", "/signup", "/login"} {
		status, body := o.post(path, actionHeaders(actionSecret),
			actionBody(t, "Signup", "ben@example.com", "correct horse 7"))
		if status != http.StatusNotFound || string(body) != want {
			t.Errorf("POST %s: %d %s, want 404 %s", path, status, body, want)
		}
	}
}

func TestHealthz(t *testing.T) {
	o := start(t, testConfig(t), nil)

	status, body := o.get("/healthz")
	if status != http.StatusOK || string(body) != `{"status":"ok"}` {
		t.Errorf("GET /healthz: %d %s", status, body)
	}
}

// C-15: parallel signups of one email make one user; the others get a stable 409.
func TestConcurrentSignup(t *testing.T) {
	cfg := testConfig(t)
	o := start(t, cfg, nil)

	const n = 20
	type answer struct {
		status int
		body   []byte
	}
	answers := make(chan answer, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			status, body := o.call("Signup", "race@example.com", "correct horse 11")
			answers <- answer{status, body}
		})
	}
	wg.Wait()
	close(answers)

	created := 0
	for a := range answers {
		if a.status == http.StatusOK {
			created++
			continue
		}
		wantError(t, a.status, a.body, http.StatusConflict, "email_taken")
	}
	if created != 1 {
		t.Errorf("%d signups succeeded, want 1", created)
	}

	o.stop()
	if got := countUsers(t, cfg.DataDir); got != 1 {
		t.Errorf("%d users stored, want 1", got)
	}
}
