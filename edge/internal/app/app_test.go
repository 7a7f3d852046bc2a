package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/token"
	"github.com/latchauth/latch/edge/internal/app"
)

func TestSignupThenLoginIssuesAVerifiableToken(t *testing.T) {
	edge := newEdge(t, validConfig(newOrigin(t).URL))

	status, body := call(t, edge.URL+"/signup", actionSecret, "Signup",
		"Ana@Example.com", "correct horse 1")
	if status != http.StatusOK || body != `{"id":1,"email":"ana@example.com"}` {
		t.Fatalf("signup: %d %s (C-05)", status, body)
	}

	status, body = call(t, edge.URL+"/actions", actionSecret, "Login",
		"ana@example.com", "correct horse 1")
	if status != http.StatusOK {
		t.Fatalf("login: %d %s", status, body)
	}
	claims := verify(t, body)
	if claims.Subject != "1" || claims.Hasura.UserID != "1" { // C-01: strings
		t.Errorf("sub %q, user id %q, want \"1\"", claims.Subject, claims.Hasura.UserID)
	}
	if d := claims.ExpiresAt.Sub(claims.IssuedAt); d != token.DefaultLifetime {
		t.Errorf("exp - iat = %v, want %v", d, token.DefaultLifetime)
	}
}

func TestTokenLifetimeFromConfig(t *testing.T) {
	cfg := validConfig(newOrigin(t).URL)
	cfg.TokenLifetime = time.Hour
	edge := newEdge(t, cfg)

	call(t, edge.URL+"/signup", actionSecret, "Signup", "ben@example.com", "long password")
	_, body := call(t, edge.URL+"/login", actionSecret, "Login", "ben@example.com",
		"long password")
	claims := verify(t, body)
	if d := claims.ExpiresAt.Sub(claims.IssuedAt); d != time.Hour {
		t.Errorf("exp - iat = %v, want 1h", d)
	}
}

func TestActionSecretIsRequired(t *testing.T) {
	origin := newOrigin(t)
	edge := newEdge(t, validConfig(origin.URL))

	for _, tc := range []struct{ name, secret string }{
		{"missing", ""},
		{"wrong", strings.Repeat("x", 64)},
		{"prefix", actionSecret[:len(actionSecret)-1]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := call(t, edge.URL+"/login", tc.secret, "Login",
				"ana@example.com", "correct horse 1")
			if status != http.StatusUnauthorized || code(t, body) != "unauthorized" {
				t.Errorf("got %d %s, want 401 unauthorized (C-06)", status, body)
			}
		})
	}
	if n := origin.calls.Load(); n != 0 {
		t.Errorf("origin called %d times", n)
	}
}

func TestLargeBodyIsRefusedBeforeTheOrigin(t *testing.T) {
	origin := newOrigin(t)
	edge := newEdge(t, validConfig(origin.URL))
	big := actionBody("Login", "ana@example.com", strings.Repeat("p", 5<<20))

	for _, tc := range []struct {
		name string
		body io.Reader
	}{
		{"declared length", bytes.NewReader(big)},
		{"chunked", io.MultiReader(bytes.NewReader(big))}, // unknown length
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, edge.URL+"/login", tc.body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Action-Secret", actionSecret)
			status, body := do(t, req)
			if status != http.StatusRequestEntityTooLarge ||
				code(t, body) != "request_too_large" {
				t.Errorf("got %d %s, want 413 request_too_large (C-14)", status, body)
			}
		})
	}
	if n := origin.calls.Load(); n != 0 {
		t.Errorf("origin called %d times (C-14)", n)
	}
}

func TestOriginDownAnswersPromptlyWithoutLeaks(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // a URL nothing listens on any more

	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the client leave
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hung.Close)
	t.Cleanup(func() { close(release) })

	for _, tc := range []struct{ name, url string }{
		{"refused", down.URL},
		{"hung", hung.URL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edge := newEdge(t, validConfig(tc.url), app.WithHopTimeout(300*time.Millisecond))
			start := time.Now()
			status, body := call(t, edge.URL+"/login", actionSecret, "Login",
				"ana@example.com", "correct horse 1")

			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("answered after %v (C-20)", took)
			}
			if status < 400 || status > 499 || code(t, body) == "" {
				t.Errorf("got %d %s, want a Hasura-shaped 4xx (C-20)", status, body)
			}
			noLeaks(t, body, tc.url, strings.TrimPrefix(tc.url, "http://"))
		})
	}
}

func TestHealthz(t *testing.T) {
	edge := newEdge(t, validConfig(newOrigin(t).URL))
	res, err := http.Get(edge.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || string(b) != `{"status":"ok"}` {
		t.Errorf("got %d %s", res.StatusCode, b)
	}
}

func TestGuardRecoversPanics(t *testing.T) {
	h := app.Guard(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom " + edgeSecret)
	}), 1024, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/login", nil))

	if w.Code != http.StatusInternalServerError || code(t, w.Body.String()) != "internal" {
		t.Errorf("got %d %s, want a Hasura-shaped 500", w.Code, w.Body)
	}
	noLeaks(t, w.Body.String(), "boom")
}

// call POSTs a Hasura action call and returns the status and body.
func call(t *testing.T, url, secret, action, email, password string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url,
		bytes.NewReader(actionBody(action, email, password)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Action-Secret", secret)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

func actionBody(action, email, password string) []byte {
	b, _ := json.Marshal(map[string]any{
		"action":            map[string]string{"name": action},
		"input":             map[string]string{"email": email, "password": password},
		"session_variables": map[string]string{"x-hasura-role": "anonymous"},
		"request_query":     "mutation { " + action + " }",
	})
	return b
}

// code returns extensions.code of a Hasura action error body, failing the test if the
// body lacks a message.
func code(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Message == "" {
		t.Errorf("body %s is not a Hasura action error", body)
	}
	return e.Extensions.Code
}

func verify(t *testing.T, body string) *token.Claims {
	t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Token == "" {
		t.Fatalf("login body %s", body)
	}
	cfg, err := token.ParseConfig([]byte(jwtSecret))
	if err != nil {
		t.Fatal(err)
	}
	v, err := token.NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := v.Verify(out.Token)
	if err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	return claims
}

// noLeaks fails if body contains any secret or any of extra.
func noLeaks(t *testing.T, body string, extra ...string) {
	t.Helper()
	for _, s := range append([]string{jwtKey, edgeSecret, actionSecret}, extra...) {
		if strings.Contains(body, s) {
			t.Errorf("body %s leaks %q", body, s)
		}
	}
}
