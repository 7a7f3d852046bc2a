package token

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/latchauth/latch/core/auth"
)

func newIssuer(t *testing.T, cfg *Config, opts ...Option) *Issuer {
	t.Helper()
	opts = append([]Option{WithClock(fixedClock(epoch))}, opts...)
	iss, err := New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return iss
}

// C-01: every x-hasura-* value and sub are JSON strings; roles an array of strings.
func TestIssueStringClaims(t *testing.T) {
	tok, err := newIssuer(t, hsConfig(t, "")).Issue(context.Background(), principal42())
	if err != nil {
		t.Fatal(err)
	}
	p := payload(t, tok)

	if sub, ok := p["sub"].(string); !ok || sub != "42" {
		t.Errorf("sub = %#v, want string \"42\"", p["sub"])
	}
	ns, ok := p[DefaultNamespace].(map[string]any)
	if !ok {
		t.Fatalf("namespace %q = %#v, want an object", DefaultNamespace, p[DefaultNamespace])
	}
	for k, v := range ns {
		if k == ClaimAllowedRoles {
			continue
		}
		if _, ok := v.(string); !ok {
			t.Errorf("%s = %#v (%T), want a string", k, v, v)
		}
	}
	if ns[ClaimUserID] != "42" {
		t.Errorf("%s = %#v, want \"42\"", ClaimUserID, ns[ClaimUserID])
	}
	roles, ok := ns[ClaimAllowedRoles].([]any)
	if !ok || len(roles) != 2 || roles[0] != "user" || roles[1] != "editor" {
		t.Errorf("%s = %#v, want [\"user\" \"editor\"]", ClaimAllowedRoles, ns[ClaimAllowedRoles])
	}
}

// C-02: roles come from the principal only; the default role is allowed; there is no
// x-hasura-role claim.
func TestIssueRoles(t *testing.T) {
	iss := newIssuer(t, hsConfig(t, ""))
	tests := []struct {
		name    string
		p       auth.Principal
		wantErr error
	}{
		{"plain user", principal42(), nil},
		{"admin-looking email gets nothing extra", auth.Principal{
			UserID: 7, Email: "admin@site.com", DefaultRole: "user",
			AllowedRoles: []string{"user"},
		}, nil},
		{"no allowed roles", auth.Principal{UserID: 7, DefaultRole: "user"},
			ErrInvalidPrincipal},
		{"default not allowed", auth.Principal{
			UserID: 7, DefaultRole: "admin", AllowedRoles: []string{"user"},
		}, ErrInvalidPrincipal},
		{"empty role name", auth.Principal{
			UserID: 7, DefaultRole: "user", AllowedRoles: []string{"user", ""},
		}, ErrInvalidPrincipal},
		{"zero user id", auth.Principal{DefaultRole: "user", AllowedRoles: []string{"user"}},
			ErrInvalidPrincipal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := iss.Issue(context.Background(), tt.p)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Issue error = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if tok != "" {
					t.Errorf("Issue returned a token with an error")
				}
				return
			}

			ns := payload(t, tok)[DefaultNamespace].(map[string]any)
			if _, ok := ns["x-hasura-role"]; ok {
				t.Errorf("token carries x-hasura-role")
			}
			if ns[ClaimDefaultRole] != tt.p.DefaultRole {
				t.Errorf("default role = %v, want %v", ns[ClaimDefaultRole], tt.p.DefaultRole)
			}
			got, _ := json.Marshal(ns[ClaimAllowedRoles])
			want, _ := json.Marshal(tt.p.AllowedRoles)
			if string(got) != string(want) {
				t.Errorf("allowed roles = %s, want %s", got, want)
			}
		})
	}
}

// C-03: iat is the clock's second, exp − iat is the lifetime exactly, both integers,
// and there is no nbf.
func TestIssueTimeClaims(t *testing.T) {
	for _, lifetime := range []time.Duration{time.Second, DefaultLifetime, 24 * time.Hour} {
		t.Run(lifetime.String(), func(t *testing.T) {
			iss := newIssuer(t, hsConfig(t, ""), WithLifetime(lifetime))
			tok, err := iss.Issue(context.Background(), principal42())
			if err != nil {
				t.Fatal(err)
			}
			p := payload(t, tok)

			iat := integerClaim(t, p, "iat")
			exp := integerClaim(t, p, "exp")
			if iat != epoch.Unix() {
				t.Errorf("iat = %d, want %d (clock truncated to the second)", iat, epoch.Unix())
			}
			if exp-iat != int64(lifetime/time.Second) {
				t.Errorf("exp - iat = %d, want %d", exp-iat, int64(lifetime/time.Second))
			}
			if _, ok := p["nbf"]; ok {
				t.Errorf("token carries nbf")
			}
		})
	}
}

func integerClaim(t *testing.T, p map[string]any, name string) int64 {
	t.Helper()
	n, ok := p[name].(json.Number)
	if !ok {
		t.Fatalf("%s = %#v, want a JSON number", name, p[name])
	}
	if strings.ContainsAny(n.String(), ".eE") {
		t.Fatalf("%s = %s, want a JSON integer", name, n)
	}
	v, err := n.Int64()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// The clock is read at each Issue, never once at construction.
func TestIssueReadsClockPerCall(t *testing.T) {
	now := epoch
	iss := newIssuer(t, hsConfig(t, ""), WithClock(func() time.Time { return now }))

	first, _ := iss.Issue(context.Background(), principal42())
	now = now.Add(time.Hour)
	second, _ := iss.Issue(context.Background(), principal42())

	d := integerClaim(t, payload(t, second), "iat") - integerClaim(t, payload(t, first), "iat")
	if d != 3600 {
		t.Errorf("iat moved by %d s, want 3600", d)
	}
}

// C-18: two tokens issued in the same second differ by jti; a failing random source
// gives an error and no token.
func TestIssueJTI(t *testing.T) {
	iss := newIssuer(t, hsConfig(t, ""))
	a, err := iss.Issue(context.Background(), principal42())
	if err != nil {
		t.Fatal(err)
	}
	b, err := iss.Issue(context.Background(), principal42())
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two tokens in the same second are identical")
	}
	ja, jb := payload(t, a)["jti"].(string), payload(t, b)["jti"].(string)
	if ja == jb || len(ja) != 22 {
		t.Errorf("jti %q and %q: want two distinct 22-char base64url values", ja, jb)
	}

	for name, r := range map[string]io.Reader{
		"error":     iotest.ErrReader(errors.New("entropy gone")),
		"short":     strings.NewReader("tooshort"),
		"exhausted": strings.NewReader(""),
	} {
		t.Run("random "+name, func(t *testing.T) {
			bad := newIssuer(t, hsConfig(t, ""), WithRandom(r))
			tok, err := bad.Issue(context.Background(), principal42())
			if !errors.Is(err, ErrRandom) || tok != "" {
				t.Errorf("Issue = %q, %v; want no token and ErrRandom", tok, err)
			}
		})
	}
}

func TestIssueClaimsPlacement(t *testing.T) {
	tests := []struct {
		name string
		cfg  string
		find func(p map[string]any) any
	}{
		{"custom namespace", `,"claims_namespace":"hasura"`,
			func(p map[string]any) any { return p["hasura"] }},
		{"namespace path", `,"claims_namespace_path":"$.hasura.claims"`,
			func(p map[string]any) any {
				h, _ := p["hasura"].(map[string]any)
				return h["claims"]
			}},
		{"root path", `,"claims_namespace_path":"$"`,
			func(p map[string]any) any { return p }},
		{"stringified", `,"claims_format":"stringified_json"`,
			func(p map[string]any) any {
				s, _ := p[DefaultNamespace].(string)
				var m map[string]any
				_ = json.Unmarshal([]byte(s), &m)
				return m
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := newIssuer(t, hsConfig(t, tt.cfg)).Issue(context.Background(), principal42())
			if err != nil {
				t.Fatal(err)
			}
			ns, ok := tt.find(payload(t, tok)).(map[string]any)
			if !ok || ns[ClaimUserID] != "42" || ns[ClaimDefaultRole] != "user" {
				t.Errorf("session claims not found where configured: %#v", ns)
			}
		})
	}
}

func TestIssueRegisteredClaims(t *testing.T) {
	tests := []struct {
		name    string
		cfg     string
		wantIss string
		wantAud any // nil: absent
	}{
		{"defaults", "", DefaultIssuer, nil},
		{"issuer and audience", `,"issuer":"https://auth.example","audience":"app"`,
			"https://auth.example", "app"},
		{"one-element audience array", `,"audience":["app"]`, DefaultIssuer, "app"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := newIssuer(t, hsConfig(t, tt.cfg)).Issue(context.Background(), principal42())
			if err != nil {
				t.Fatal(err)
			}
			p := payload(t, tok)
			if p["iss"] != tt.wantIss {
				t.Errorf("iss = %#v, want %q", p["iss"], tt.wantIss)
			}
			if p["aud"] != tt.wantAud {
				t.Errorf("aud = %#v (%T), want %#v as a single string",
					p["aud"], p["aud"], tt.wantAud)
			}
			if h := header(t, tok); h["alg"] != "HS256" || h["typ"] != "JWT" {
				t.Errorf("header = %v", h)
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	cfg := hsConfig(t, "")
	tests := []struct {
		name string
		cfg  *Config
		opts []Option
	}{
		{"zero lifetime", cfg, []Option{WithLifetime(0)}},
		{"negative lifetime", cfg, []Option{WithLifetime(-time.Minute)}},
		{"fractional lifetime", cfg, []Option{WithLifetime(1500 * time.Millisecond)}},
		{"nil clock", cfg, []Option{WithClock(nil)}},
		{"nil random", cfg, []Option{WithRandom(nil)}},
		{"short key", &Config{Type: "HS256", Key: "short"}, nil},
		{"asymmetric type", &Config{Type: "RS256", Key: "-----BEGIN"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg, tt.opts...); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
}

func TestIssueCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newIssuer(t, hsConfig(t, "")).Issue(ctx, principal42()); err == nil {
		t.Error("Issue succeeded with a canceled context")
	}
}

func BenchmarkIssueHS256(b *testing.B) {
	cfg, err := ParseConfig([]byte(`{"type":"HS256","key":"` + testKey + `"}`))
	if err != nil {
		b.Fatal(err)
	}
	iss, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	p := principal42()
	ctx := context.Background()

	b.ReportAllocs()
	for b.Loop() {
		if _, err := iss.Issue(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
