package server_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/latchauth/latch/core/hop"
)

// hopCall is a hop request: a Credentials body and its signature headers.
type hopCall struct {
	path string
	body []byte
	hdr  http.Header
}

// signedCall signs a Credentials body for path with secret, at the signer's clock.
func signedCall(t *testing.T, secret, path, email, password string,
	opts ...hop.Option) hopCall {
	t.Helper()
	body, err := json.Marshal(hop.Credentials{Email: email, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	c := hopCall{path: path, body: body, hdr: http.Header{}}
	c.hdr.Set("Content-Type", "application/json")
	if secret == "" {
		return c
	}

	s, err := hop.NewSigner([]byte(secret), opts...)
	if err != nil {
		t.Fatalf("hop.NewSigner: %v", err)
	}
	if err := s.Sign(c.hdr, http.MethodPost, path, body); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return c
}

func (o *origin) hop(c hopCall) (int, []byte) {
	o.t.Helper()
	return o.post(c.path, c.hdr, c.body)
}

// wantPrincipal checks a successful hop answer.
func wantPrincipal(t *testing.T, status int, body []byte, id int64, email string) {
	t.Helper()
	var r hop.PrincipalResponse
	if status != http.StatusOK || json.Unmarshal(body, &r) != nil {
		t.Fatalf("got %d %s, want 200 and a principal", status, body)
	}
	p := r.Principal
	if p.UserID != id || p.Email != email || p.DefaultRole != "user" ||
		!slices.Equal(p.AllowedRoles, []string{"user"}) {
		t.Fatalf("principal %+v, want user %d %s with role user", p, id, email)
	}
}

// wantHopError checks a failed hop answer: the status and the code.
func wantHopError(t *testing.T, status int, body []byte, wantStatus int, code string) {
	t.Helper()
	var r hop.ErrorResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("hop error body %s: %v", body, err)
	}
	if status != wantStatus || string(r.Code) != code || r.Message == "" {
		t.Fatalf("got %d %s, want %d with code %q", status, body, wantStatus, code)
	}
}

func TestHopSignupThenLogin(t *testing.T) {
	o := start(t, testConfig(t), nil)

	status, body := o.hop(signedCall(t, edgeSecret, hop.SignupPath,
		"ben@example.com", "correct horse 8"))
	wantPrincipal(t, status, body, 1, "ben@example.com")

	status, body = o.hop(signedCall(t, edgeSecret, hop.LoginPath,
		"ben@example.com", "correct horse 8"))
	wantPrincipal(t, status, body, 1, "ben@example.com")

	status, body = o.hop(signedCall(t, edgeSecret, hop.LoginPath,
		"ben@example.com", "wrong horse 8"))
	wantHopError(t, status, body, http.StatusUnauthorized, "invalid_credentials")

	status, body = o.hop(signedCall(t, edgeSecret, hop.SignupPath,
		"ben@example.com", "correct horse 8"))
	wantHopError(t, status, body, http.StatusConflict, "email_taken")
}

// Requests that are unsigned, signed with another secret, stale or replayed are
// refused with 401 before any account work: no user is created.
func TestHopRefusesBadSignatures(t *testing.T) {
	cfg := testConfig(t)
	o := start(t, cfg, nil)
	stale := hop.WithClock(func() time.Time { return time.Now().Add(-2 * hop.DefaultWindow) })
	future := hop.WithClock(func() time.Time { return time.Now().Add(2 * hop.DefaultWindow) })
	other := "another-edge-secret-0f9e8d7c6b5a4930"

	tamper := signedCall(t, edgeSecret, hop.SignupPath, "mal@example.com", "correct horse 9")
	tamper.body = []byte(`{"email":"mal@example.com","password":"another horse 9"}`)
	moved := signedCall(t, edgeSecret, hop.LoginPath, "mal@example.com", "correct horse 9")
	moved.path = hop.SignupPath

	tests := []struct {
		name string
		call hopCall
	}{
		{"unsigned", signedCall(t, "", hop.SignupPath, "mal@example.com", "correct horse 9")},
		{"wrong secret", signedCall(t, other, hop.SignupPath,
			"mal@example.com", "correct horse 9")},
		{"stale", signedCall(t, edgeSecret, hop.SignupPath,
			"mal@example.com", "correct horse 9", stale)},
		{"future", signedCall(t, edgeSecret, hop.SignupPath,
			"mal@example.com", "correct horse 9", future)},
		{"body changed", tamper},
		{"path changed", moved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := o.hop(tt.call)
			wantHopError(t, status, body, http.StatusUnauthorized, "unauthorized")
		})
	}

	// A replayed request is refused even though its signature is good.
	first := signedCall(t, edgeSecret, hop.SignupPath, "rep@example.com", "correct horse 9")
	status, body := o.hop(first)
	wantPrincipal(t, status, body, 1, "rep@example.com")
	status, body = o.hop(first)
	wantHopError(t, status, body, http.StatusUnauthorized, "unauthorized")

	o.stop()
	if n := countUsers(t, cfg.DataDir); n != 1 {
		t.Errorf("%d users stored, want only the one properly signed signup", n)
	}
}

func TestHopDisabledWithoutEdgeSecret(t *testing.T) {
	cfg := testConfig(t)
	cfg.EdgeSecret = ""
	o := start(t, cfg, nil)

	for _, path := range []string{hop.SignupPath, hop.LoginPath} {
		status, body := o.hop(signedCall(t, edgeSecret, path,
			"ben@example.com", "correct horse 10"))
		if status != http.StatusNotFound {
			t.Errorf("POST %s without an edge secret: %d %s, want 404", path, status, body)
		}
	}
}
