//go:build e2e

package e2e_test

import (
	"bytes"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/latchauth/latch/core/token"
)

// env is what scripts/e2e.sh passes in.
type env struct {
	edge, origin string // base URLs
	jwtSecret    string
	actionSecret string
	edgeSecret   string
	originPID    int
}

func loadEnv(t *testing.T) env {
	t.Helper()
	get := func(name string) string {
		v := os.Getenv(name)
		if v == "" {
			t.Skipf("%s is not set: run the end-to-end test with make e2e", name)
		}
		return v
	}
	e := env{
		edge:         get("LATCH_E2E_EDGE_URL"),
		origin:       get("LATCH_E2E_ORIGIN_URL"),
		jwtSecret:    get("LATCH_JWT_SECRET"),
		actionSecret: get("LATCH_ACTION_SECRET"),
		edgeSecret:   get("LATCH_EDGE_SECRET"),
	}
	pid, err := strconv.Atoi(get("LATCH_E2E_ORIGIN_PID"))
	if err != nil {
		t.Fatalf("LATCH_E2E_ORIGIN_PID: %v", err)
	}
	e.originPID = pid
	return e
}

// TestEndToEnd runs in order: each step builds on the accounts the previous ones made,
// and the last one stops the origin.
func TestEndToEnd(t *testing.T) {
	e := loadEnv(t)
	v := newVerifier(t, e.jwtSecret)

	t.Run("edge", func(t *testing.T) { testActions(t, e, e.edge, v) })
	t.Run("origin standalone", func(t *testing.T) { testStandalone(t, e, v) })
	t.Run("origin down", func(t *testing.T) { testOriginDown(t, e) })
}

// testActions drives Signup and Login through one base URL.
func testActions(t *testing.T, e env, base string, v *token.Verifier) {
	c := client{base: base, secret: e.actionSecret}

	t.Run("signup answers exactly id and email (C-05)", func(t *testing.T) {
		status, body := c.action(t, "Signup", creds("ana@example.com", "correct horse 1"))
		wantExact(t, status, body, http.StatusOK, `{"id":1,"email":"ana@example.com"}`)
	})
	t.Run("login token verifies with string claims (C-01, C-02, C-03)", func(t *testing.T) {
		tok := c.login(t, "ana@example.com", "correct horse 1")
		checkToken(t, v, tok, "1")
	})
	t.Run("wrong password and unknown email answer the same (C-04, C-12)", func(t *testing.T) {
		s1, b1 := c.action(t, "Login", creds("ana@example.com", "wrong password"))
		s2, b2 := c.action(t, "Login", creds("nobody@example.com", "wrong password"))
		wantExact(t, s1, b1, http.StatusUnauthorized,
			`{"message":"Invalid credentials","extensions":{"code":"invalid_credentials"}}`)
		if s1 != s2 || !bytes.Equal(b1, b2) {
			t.Errorf("unknown email: %d %s, wrong password: %d %s", s2, b2, s1, b1)
		}
	})
	t.Run("malformed requests are Hasura-shaped 4xx (C-16)", func(t *testing.T) {
		for _, tc := range badRequests {
			t.Run(tc.name, func(t *testing.T) {
				status, body := c.raw(t, tc.method, tc.path, tc.contentType, tc.body, true)
				wantHasuraError(t, status, body, tc.code)
			})
		}
	})
	t.Run("missing or wrong action secret is 401 (C-06)", func(t *testing.T) {
		body := actionBody("Login", creds("ana@example.com", "correct horse 1"))
		status, got := c.raw(t, http.MethodPost, "/actions", jsonType, body, false)
		wantHasuraError(t, status, got, "unauthorized")
		wrong := client{base: base, secret: strings.Repeat("x", 64)}
		status, got = wrong.raw(t, http.MethodPost, "/actions", jsonType, body, true)
		wantHasuraError(t, status, got, "unauthorized")
		if status != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", status)
		}
	})
	t.Run("a 5 MB body is refused with 413 (C-14)", func(t *testing.T) {
		big := actionBody("Login", creds("ana@example.com", strings.Repeat("a", 5<<20)))
		status, body := c.raw(t, http.MethodPost, "/actions", jsonType, big, true)
		wantHasuraError(t, status, body, "request_too_large")
		if status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", status)
		}
	})
	t.Run("emails are case-insensitive (C-13)", func(t *testing.T) {
		status, body := c.action(t, "Signup", creds(" Alice@Example.COM ", "alice password"))
		wantExact(t, status, body, http.StatusOK, `{"id":2,"email":"alice@example.com"}`)
		tok := c.login(t, "ALICE@EXAMPLE.COM", "alice password")
		checkToken(t, v, tok, "2")
	})
	t.Run("a duplicate signup is email_taken", func(t *testing.T) {
		status, body := c.action(t, "Signup", creds("alice@example.com", "other password"))
		wantHasuraError(t, status, body, "email_taken")
	})
}

// testStandalone signs up and logs in against the origin's own action handler, which
// shares the store with the hop and signs with the same configuration.
func testStandalone(t *testing.T, e env, v *token.Verifier) {
	c := client{base: e.origin, secret: e.actionSecret}
	status, body := c.action(t, "Signup", creds("ben@example.com", "ben password"))
	wantExact(t, status, body, http.StatusOK, `{"id":3,"email":"ben@example.com"}`)
	checkToken(t, v, c.login(t, "ben@example.com", "ben password"), "3")
	checkToken(t, v, c.login(t, "ana@example.com", "correct horse 1"), "1")
}

// testOriginDown stops the origin and expects the edge to answer promptly with a
// Hasura-shaped 4xx that names neither the origin nor any secret (C-20).
func testOriginDown(t *testing.T, e env) {
	stopOrigin(t, e)

	c := client{base: e.edge, secret: e.actionSecret}
	start := time.Now()
	status, body := c.action(t, "Login", creds("ana@example.com", "correct horse 1"))
	took := time.Since(start)

	wantHasuraError(t, status, body, "unavailable")
	if took > 5*time.Second {
		t.Errorf("answered after %v, want promptly", took)
	}
	for _, leak := range []string{
		e.origin, strings.TrimPrefix(e.origin, "http://"), "127.0.0.1",
		e.jwtSecret, e.actionSecret, e.edgeSecret,
	} {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("body %s leaks %q", body, leak)
		}
	}
}

// stopOrigin stops the origin scripts/e2e.sh started.
func stopOrigin(t *testing.T, e env) {
	t.Helper()
	stopProcess(t, e.originPID, e.origin+"/healthz")
}

// stopProcess sends SIGTERM to pid, a server scripts/e2e.sh started, and waits,
// bounded, until probe no longer answers.
func stopProcess(t *testing.T, pid int, probe string) {
	t.Helper()
	p, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("stopping process %d: %v", pid, err)
	}

	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		res, err := c.Get(probe)
		if err != nil {
			return
		}
		_ = res.Body.Close()
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("process %d still answers 15 s after SIGTERM", pid)
}

// badRequests are the malformed calls of C-16 and the input rules of signup.
var badRequests = []struct {
	name, method, path, contentType string
	body                            []byte
	code                            string
}{
	{"no body", http.MethodPost, "/actions", jsonType, nil, "bad_request"},
	{"GET", http.MethodGet, "/actions", "", nil, "method_not_allowed"},
	{"text/plain", http.MethodPost, "/actions", "text/plain",
		actionBody("Login", creds("ana@example.com", "x")), "unsupported_media_type"},
	{"truncated JSON", http.MethodPost, "/actions", jsonType,
		[]byte(`{"action":{"name":"Login"},"input":{"email":"a`), "bad_request"},
	{"missing input", http.MethodPost, "/actions", jsonType,
		[]byte(`{"action":{"name":"Login"}}`), "bad_request"},
	{"missing password", http.MethodPost, "/actions", jsonType,
		actionBody("Login", map[string]any{"email": "ana@example.com"}), "bad_request"},
	{"non-string password", http.MethodPost, "/actions", jsonType,
		actionBody("Login", map[string]any{"email": "ana@example.com", "password": 12345678}),
		"bad_request"},
	{"unknown action", http.MethodPost, "/actions", jsonType,
		actionBody("DropUsers", creds("ana@example.com", "x")), "unknown_action"},
	{"signup with empty email", http.MethodPost, "/signup", jsonType,
		actionBody("Signup", creds("", "long enough password")), "invalid_email"},
	{"signup with invalid email", http.MethodPost, "/signup", jsonType,
		actionBody("Signup", creds("not-an-email", "long enough password")), "invalid_email"},
	{"signup with empty password", http.MethodPost, "/signup", jsonType,
		actionBody("Signup", creds("new@example.com", "")), "weak_password"},
	{"signup with short password", http.MethodPost, "/signup", jsonType,
		actionBody("Signup", creds("new@example.com", "short")), "weak_password"},
	{"unknown path", http.MethodPost, "/nowhere", jsonType,
		actionBody("Login", creds("ana@example.com", "x")), "not_found"},
}

func newVerifier(t *testing.T, secret string) *token.Verifier {
	t.Helper()
	cfg, err := token.ParseConfig([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	v, err := token.NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func wantExact(t *testing.T, status int, body []byte, wantStatus int, want string) {
	t.Helper()
	if status != wantStatus || string(body) != want {
		t.Errorf("got %d %s, want %d %s", status, body, wantStatus, want)
	}
}
