package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/hop"
	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// logAdminSecret is the double's admin secret in the log scenario: distinctive, so
// that the logs can be searched for it.
const logAdminSecret = "hasura-admin-secret-never-logged-4e8d"

// The origin half of "secrets never leak", with its users in Hasura: a whole scenario
// (signup, login with a rehash, every kind of refusal, a replayed and a forged hop
// request, Hasura failing with its SQL arguments in the answer) logged as JSON at
// debug level holds no password, stored hash or part of one, token, hop signature,
// action secret (right or mistyped), edge secret, JWT key, nor Hasura's admin secret.
// The edge half is checked in edge/internal/app.
func TestLogsHoldNoSecretsWithHasura(t *testing.T) {
	const (
		pw      = "hasura-logged-password-c1a5"
		wrongPw = "hasura-wrong-password-07bd"
	)
	oldHash, tutorialPw := tutorialVector(t)
	mistyped := actionSecret[:len(actionSecret)-1] + "X"

	srv := hasuratest.New(t, hasuratest.WithSecret(logAdminSecret))
	srv.Seed("tutorial@example.com", oldHash)
	cfg := testConfig(t)
	cfg.DataDir, cfg.HasuraEndpoint, cfg.HasuraAdminSecret = "", srv.URL, logAdminSecret
	log, logs := captureLogs()
	o := start(t, cfg, log)

	expect := func(what string, status, want int, body []byte) {
		t.Helper()
		if status != want {
			t.Fatalf("%s: got %d %s, want %d", what, status, body, want)
		}
	}
	status, body := o.call("Signup", "ben@example.com", pw)
	expect("signup", status, http.StatusOK, body)
	tok := loginToken(t, o, "ben@example.com", pw)
	loginToken(t, o, "tutorial@example.com", tutorialPw) // rewrites the old hash
	status, body = o.call("Login", "ben@example.com", wrongPw)
	expect("wrong password", status, http.StatusUnauthorized, body)
	status, body = o.call("Login", "nobody@example.com", pw)
	expect("unknown email", status, http.StatusUnauthorized, body)
	status, body = o.call("Signup", "BEN@example.com", pw)
	expect("duplicate", status, http.StatusConflict, body)
	status, body = o.call("Signup", "not an email", pw)
	expect("invalid email", status, http.StatusBadRequest, body)
	status, body = o.post("/actions", actionHeaders(actionSecret),
		[]byte(`{"action":{"name":"Login"},"input":{"email":"ben@example.com",`+
			`"password":"`+pw))
	expect("truncated body", status, http.StatusBadRequest, body)
	status, body = o.post("/actions", http.Header{"Content-Type": {"application/json"}},
		actionBody(t, "Login", "ben@example.com", pw))
	expect("no action secret", status, http.StatusUnauthorized, body)
	status, body = o.callWith(actionHeaders(mistyped), "Login", "ben@example.com", pw)
	expect("mistyped action secret", status, http.StatusUnauthorized, body)

	login := signedCall(t, edgeSecret, hop.LoginPath, "ben@example.com", pw)
	status, body = o.hop(login)
	ben, _ := srv.User("ben@example.com")
	wantPrincipal(t, status, body, ben.ID, "ben@example.com")
	status, body = o.hop(login)
	expect("replayed hop request", status, http.StatusUnauthorized, body)
	status, body = o.hop(signedCall(t, edgeSecret+"-forged", hop.LoginPath,
		"ben@example.com", pw))
	expect("forged hop request", status, http.StatusUnauthorized, body)

	srv.SetFault(hasuratest.Unexpected) // its answer holds SQL arguments: a hash
	status, body = o.call("Signup", "cleo@example.com", pw)
	expect("signup, database error", status, http.StatusInternalServerError, body)
	srv.SetFault(hasuratest.PostgresDown)
	status, body = o.call("Login", "ben@example.com", pw)
	expect("login, database down", status, http.StatusFailedDependency, body)
	srv.SetFault(hasuratest.NoFault)
	o.stop()

	out := logs.String()
	for _, want := range []string{"password hash upgraded", `"code":"unavailable"`,
		`"code":"internal"`, "hop request", `"code":"unauthorized"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the logs lack %s; the scenario did not run:\n%s", want, out)
		}
	}

	secrets := map[string]string{
		"password":               pw,
		"wrong password":         wrongPw,
		"tutorial password":      tutorialPw,
		"Hasura's SQL arguments": "SECRET-HASH",
		"token":                  tok,
		"token signature":        tok[strings.LastIndexByte(tok, '.')+1:],
		"hop signature":          login.hdr.Get(hop.HeaderSignature),
		"action secret":          actionSecret,
		"mistyped action secret": mistyped,
		"edge secret":            edgeSecret,
		"JWT key":                jwtKey,
		"admin secret":           logAdminSecret,
	}
	for _, email := range []string{"ben@example.com", "tutorial@example.com"} {
		addHash(secrets, email, storedHash(t, srv, email))
	}
	addHash(secrets, "tutorial@example.com (old)", oldHash)
	for name, secret := range secrets {
		if strings.Contains(out, secret) {
			t.Errorf("the logs contain the %s", name)
		}
	}
}

// addHash adds a PHC string and its salt and tag to secrets.
func addHash(secrets map[string]string, owner, phc string) {
	parts := strings.Split(phc, "$") // "", type, version, params, salt, tag
	secrets["hash of "+owner] = phc
	secrets["salt of "+owner] = parts[len(parts)-2]
	secrets["tag of "+owner] = parts[len(parts)-1]
}
