//go:build e2e

package e2e_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/token"
)

const jsonType = "application/json"

// httpClient bounds every call: a hang is a failure, not a stuck test.
var httpClient = &http.Client{Timeout: 20 * time.Second}

// client calls one base URL with the action secret.
type client struct {
	base, secret string
}

// action POSTs a Hasura action call for name to /actions.
func (c client) action(t *testing.T, name string, input any) (int, []byte) {
	t.Helper()
	return c.raw(t, http.MethodPost, "/actions", jsonType, actionBody(name, input), true)
}

// login calls Login and returns the token of a successful answer.
func (c client) login(t *testing.T, email, password string) string {
	t.Helper()
	status, body := c.action(t, "Login", creds(email, password))
	if status != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, status, body)
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("login body %s: %v", body, err)
	}
	tok, ok := out["token"].(string)
	if !ok || len(out) != 1 {
		t.Fatalf("login body %s, want exactly {\"token\":string}", body)
	}
	return tok
}

func (c client) raw(t *testing.T, method, path, contentType string, body []byte,
	withSecret bool) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if withSecret {
		req.Header.Set("X-Action-Secret", c.secret)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return res.StatusCode, got
}

func creds(email, password string) map[string]any {
	return map[string]any{"email": email, "password": password}
}

// actionBody is a Hasura action call as Hasura sends it.
func actionBody(name string, input any) []byte {
	b, err := json.Marshal(map[string]any{
		"action":            map[string]string{"name": name},
		"input":             input,
		"session_variables": map[string]string{"x-hasura-role": "anonymous"},
		"request_query":     "mutation { " + name + "(email: $email, password: $password) }",
	})
	if err != nil {
		panic(err)
	}
	return b
}

// wantHasuraError checks a 4xx with {"message": non-empty, "extensions": {"code"}}.
func wantHasuraError(t *testing.T, status int, body []byte, code string) {
	t.Helper()
	var e struct {
		Message    *string `json:"message"`
		Extensions struct {
			Code *string `json:"code"`
		} `json:"extensions"`
	}
	err := json.Unmarshal(body, &e)
	switch {
	case status < 400 || status > 499:
		t.Errorf("status %d (%s), want 4xx", status, body)
	case err != nil || e.Message == nil || *e.Message == "" || e.Extensions.Code == nil:
		t.Errorf("body %s is not a Hasura action error", body)
	case *e.Extensions.Code != code:
		t.Errorf("code %q (%s), want %q", *e.Extensions.Code, body, code)
	}
}

// checkToken verifies tok and checks the claims Hasura relies on, in their JSON types.
func checkToken(t *testing.T, v *token.Verifier, tok, userID string) {
	t.Helper()
	c, err := v.Verify(tok)
	if err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	if c.Issuer != token.DefaultIssuer || c.Subject != userID || c.Hasura.UserID != userID {
		t.Errorf("iss %q sub %q user %q, want %q, %q", c.Issuer, c.Subject, c.Hasura.UserID,
			token.DefaultIssuer, userID)
	}
	if d := c.ExpiresAt.Sub(c.IssuedAt); d != 15*time.Minute {
		t.Errorf("exp - iat = %v, want 15m", d)
	}
	if c.IssuedAt.After(time.Now().Add(2 * time.Second)) {
		t.Errorf("iat %v is in the future", c.IssuedAt)
	}
	checkPayloadTypes(t, tok)
}

// checkPayloadTypes reads the raw payload: every x-hasura-* value a string (C-01),
// roles an array of strings with the default among them and no x-hasura-role (C-02),
// iat and exp integers with no nbf (C-03).
func checkPayloadTypes(t *testing.T, tok string) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Sub    json.RawMessage            `json:"sub"`
		Iat    json.RawMessage            `json:"iat"`
		Exp    json.RawMessage            `json:"exp"`
		Nbf    json.RawMessage            `json:"nbf"`
		Hasura map[string]json.RawMessage `json:"https://hasura.io/jwt/claims"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	isString := func(r json.RawMessage) bool { return len(r) > 0 && r[0] == '"' }
	isInt := func(r json.RawMessage) bool { _, err := strconvInt(r); return err == nil }

	if !isString(p.Sub) || !isInt(p.Iat) || !isInt(p.Exp) || p.Nbf != nil {
		t.Errorf("payload %s: want string sub, integer iat and exp, no nbf", raw)
	}
	if _, ok := p.Hasura["x-hasura-role"]; ok {
		t.Errorf("payload %s carries x-hasura-role", raw)
	}
	var roles []string
	if err := json.Unmarshal(p.Hasura["x-hasura-allowed-roles"], &roles); err != nil ||
		len(roles) == 0 {
		t.Errorf("allowed roles in %s: want a non-empty array of strings", raw)
	}
	for k, val := range p.Hasura {
		if k != "x-hasura-allowed-roles" && !isString(val) {
			t.Errorf("%s is %s, want a string", k, val)
		}
	}
}

func strconvInt(r json.RawMessage) (int64, error) {
	var n int64
	err := json.Unmarshal(r, &n)
	return n, err
}
