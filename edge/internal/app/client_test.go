package app_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
	"github.com/latchauth/latch/edge/internal/app"
)

// clientSpy is the origin's accounts: it records the client address it is called
// with and signs everyone up.
type clientSpy struct{ seen chan string }

func (s clientSpy) Register(ctx context.Context, email, _ string) (auth.Principal, error) {
	s.seen <- auth.ClientFrom(ctx)
	return auth.Principal{UserID: 1, Email: email, DefaultRole: "user",
		AllowedRoles: []string{"user"}}, nil
}

func (s clientSpy) Authenticate(ctx context.Context, email, pw string) (auth.Principal, error) {
	return s.Register(ctx, email, pw)
}

// LATCH_CLIENT_IP_HEADER names the header whose first value the origin's accounts
// see as the client address; unset, they see none.
func TestClientAddressReachesTheOrigin(t *testing.T) {
	tests := []struct {
		name   string
		header string // Config.ClientIPHeader
		value  string // X-Real-Ip sent to the edge
		want   string
	}{
		{"configured", "X-Real-IP", "203.0.113.7, 10.0.0.1", "203.0.113.7"},
		{"not configured", "", "203.0.113.7", ""},
		{"absent", "X-Real-IP", "", ""},
		{"garbage", "X-Real-IP", "not an address", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spy := clientSpy{seen: make(chan string, 1)}
			h, err := hop.NewHandler(spy, []byte(edgeSecret))
			if err != nil {
				t.Fatal(err)
			}
			origin := httptest.NewServer(h)
			defer origin.Close()
			cfg := validConfig(origin.URL)
			cfg.ClientIPHeader = tt.header
			edge := newEdge(t, cfg)

			req, err := http.NewRequest(http.MethodPost, edge.URL+"/actions",
				bytes.NewReader(actionBody("Login", "ana@example.com", "hunter22")))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Action-Secret", actionSecret)
			if tt.value != "" {
				req.Header.Set("X-Real-IP", tt.value)
			}
			if status, body := do(t, req); status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			if got := <-spy.seen; got != tt.want {
				t.Errorf("origin saw client %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClientHeaderConfig(t *testing.T) {
	vars := map[string]string{app.EnvClientHeader: "CF-Connecting-IP"}
	cfg, err := app.ConfigFrom(func(k string) string { return vars[k] })
	if err != nil || cfg.ClientIPHeader != "CF-Connecting-IP" {
		t.Fatalf("ConfigFrom = %q, %v", cfg.ClientIPHeader, err)
	}

	cfg = validConfig("http://127.0.0.1:8090")
	cfg.ClientIPHeader = "X-Real-IP: 1.2.3.4"
	if err := cfg.Validate(); err == nil {
		t.Error("Validate accepted a header name with a colon and spaces")
	}
}
