package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/hop"
)

// The logs of a whole scenario, at debug level, hold no credential: not the password,
// the stored hash, the token, nor any configured secret (STYLE.md habit 8, C-06).
func TestLogsHoldNoSecrets(t *testing.T) {
	const pw = "logged-password-never-7f3a"
	cfg := testConfig(t)
	log, logs := captureLogs()
	o := start(t, cfg, log)

	if status, body := o.call("Signup", "ben@example.com", pw); status != http.StatusOK {
		t.Fatalf("Signup: %d %s", status, body)
	}
	tok := loginToken(t, o, "ben@example.com", pw)
	o.call("Login", "ben@example.com", pw+"-wrong")
	o.call("Login", "nobody@example.com", pw)
	o.call("Signup", "BEN@example.com", pw)
	o.callWith(actionHeaders(actionSecret+"-wrong"), "Login", "ben@example.com", pw)

	status, body := o.hop(signedCall(t, edgeSecret, hop.LoginPath, "ben@example.com", pw))
	wantPrincipal(t, status, body, 1, "ben@example.com")
	o.hop(signedCall(t, edgeSecret+"-wrong", hop.LoginPath, "ben@example.com", pw))
	o.hop(signedCall(t, edgeSecret, hop.SignupPath, "hop@example.com", pw))
	o.get("/healthz")
	o.stop()

	st := openStore(t, cfg.DataDir)
	u, err := st.FindByEmail(t.Context(), "ben@example.com")
	st.Close()
	if err != nil {
		t.Fatalf("FindByEmail: %v", err)
	}
	tag := u.PasswordHash[strings.LastIndexByte(u.PasswordHash, '$')+1:]
	sig := tok[strings.LastIndexByte(tok, '.')+1:]

	out := logs.String()
	if !strings.Contains(out, `"path":"/actions"`) || !strings.Contains(out, "hop request") {
		t.Fatalf("the scenario logged no request lines:\n%s", out)
	}
	for name, secret := range map[string]string{
		"password":        pw,
		"password hash":   u.PasswordHash,
		"hash tag":        tag,
		"token":           tok,
		"token signature": sig,
		"action secret":   actionSecret,
		"edge secret":     edgeSecret,
		"JWT key":         jwtKey,
	} {
		if strings.Contains(out, secret) {
			t.Errorf("the logs contain the %s", name)
		}
	}
}
