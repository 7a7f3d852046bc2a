package hasuratest_test

import (
	"net"
	"strings"
	"testing"

	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// Start serves on loopback only; any other address is refused before anything
// listens.
func TestStartListensOnLoopbackOnly(t *testing.T) {
	tests := []struct {
		addr     string
		wantHost string // empty: refused
	}{
		{addr: "127.0.0.1:0", wantHost: "127.0.0.1"},
		{addr: ":0", wantHost: "127.0.0.1"},
		{addr: "127.0.0.2:0", wantHost: "127.0.0.2"},
		{addr: "0.0.0.0:0"},
		{addr: "[::]:0"},
		{addr: "192.0.2.1:0"},
		{addr: "localhost:0"},
		{addr: "hasura.example.com:8080"},
		{addr: "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			s, err := hasuratest.Start(tt.addr)
			if tt.wantHost == "" {
				if err == nil {
					s.Close()
					t.Fatalf("Start(%q) listens on %s, want it refused", tt.addr, s.URL)
				}
				return
			}
			if err != nil {
				t.Fatalf("Start(%q): %v", tt.addr, err)
			}
			defer s.Close()
			host, _, err := net.SplitHostPort(strings.TrimPrefix(s.URL, "http://"))
			if err != nil || host != tt.wantHost {
				t.Fatalf("URL %s, want host %s", s.URL, tt.wantHost)
			}
		})
	}
}

// A started Server answers like one made by New, until it is closed.
func TestStartServes(t *testing.T) {
	s, err := hasuratest.Start("127.0.0.1:0", hasuratest.WithSecret("s3"))
	if err != nil {
		t.Fatal(err)
	}
	s.Seed("a@x.com", "h")
	_, body := post(t, s, "s3", `{"query":"query { user { email } }"}`)
	if body != `{"data":{"user":[{"email":"a@x.com"}]}}` {
		t.Fatalf("body %s", body)
	}

	s.Close()
	s.Close() // idempotent
	if _, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://")); err == nil {
		t.Fatal("still listening after Close")
	}
}
