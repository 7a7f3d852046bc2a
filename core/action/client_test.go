package action_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/auth"
)

const clientHeader = "X-Client-Ip"

// The configured header's first value reaches Accounts as auth.ClientFrom; anything
// unusable is dropped, and the call goes ahead without a client.
func TestClientHeader(t *testing.T) {
	tests := []struct {
		name   string
		option string   // the WithClientHeader name; "" leaves it unset
		values []string // values of X-Client-Ip, one per header line
		want   string
	}{
		{"off by default", "", []string{"203.0.113.7"}, ""},
		{"absent", clientHeader, nil, ""},
		{"ipv4", clientHeader, []string{"203.0.113.7"}, "203.0.113.7"},
		{"ipv6", clientHeader, []string{"2001:db8::1"}, "2001:db8::1"},
		{"name is case-insensitive", "x-client-ip", []string{"203.0.113.7"}, "203.0.113.7"},
		{"first of a list, trimmed", clientHeader, []string{" 203.0.113.7 ,\t10.0.0.1"},
			"203.0.113.7"},
		{"first header line", clientHeader, []string{"203.0.113.7", "10.0.0.1"},
			"203.0.113.7"},
		{"empty", clientHeader, []string{""}, ""},
		{"empty first element", clientHeader, []string{",203.0.113.7"}, ""},
		{"inner space", clientHeader, []string{"203.0.113.7 junk"}, ""},
		{"too long", clientHeader, []string{strings.Repeat("a", auth.MaxClientBytes+1)},
			""},
		{"at the cap", clientHeader, []string{strings.Repeat("a", auth.MaxClientBytes)},
			strings.Repeat("a", auth.MaxClientBytes)},
		{"not ascii", clientHeader, []string{"203.0.113.7\u00e9"}, ""},
		{"control byte", clientHeader, []string{"203.0.113.7\x7f"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []action.Option
			if tt.option != "" {
				opts = append(opts, action.WithClientHeader(tt.option))
			}
			f := newFixture(opts...)
			c := authorized(body("Login", creds))
			c.header = http.Header{clientHeader: tt.values}

			w, _ := f.do(t, c)

			if w.Code != http.StatusOK || len(f.accounts.clients) != 1 {
				t.Fatalf("status %d, %d Accounts calls; want 200 and 1", w.Code,
					len(f.accounts.clients))
			}
			if got := f.accounts.clients[0]; got != tt.want {
				t.Errorf("Accounts saw client %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidHeaderName(t *testing.T) {
	for name, want := range map[string]bool{
		"X-Forwarded-For":  true,
		"CF-Connecting-IP": true,
		"x_real_ip":        true,
		"":                 false,
		"X Client":         false,
		"X-Client:":        false,
		"X-Clíent":         false,
	} {
		if got := action.ValidHeaderName(name); got != want {
			t.Errorf("ValidHeaderName(%q) = %v, want %v", name, got, want)
		}
	}
}
