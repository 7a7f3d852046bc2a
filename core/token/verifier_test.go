package token

import (
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func newVerifier(t *testing.T, cfg *Config, now time.Time) *Verifier {
	t.Helper()
	v, err := NewVerifier(cfg, WithClock(fixedClock(now)))
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return v
}

func TestVerifyRoundTrip(t *testing.T) {
	for _, extra := range []string{
		"",
		`,"audience":"app","issuer":"me"`,
		`,"claims_namespace_path":"$.h.c","claims_format":"stringified_json"`,
		`,"claims_namespace_path":"$"`,
	} {
		t.Run(extra, func(t *testing.T) {
			cfg := hsConfig(t, extra)
			tok, err := newIssuer(t, cfg).Issue(context.Background(), principal42())
			if err != nil {
				t.Fatal(err)
			}

			c, err := newVerifier(t, cfg, epoch).Verify(tok)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if c.Subject != "42" || c.Hasura.UserID != "42" || c.Hasura.DefaultRole != "user" {
				t.Errorf("claims = %+v", c)
			}
			if c.ExpiresAt.Sub(c.IssuedAt) != DefaultLifetime || c.ID == "" {
				t.Errorf("times %v..%v, jti %q", c.IssuedAt, c.ExpiresAt, c.ID)
			}
		})
	}
}

// forge signs claims from a real token with another method and key.
func forge(t *testing.T, tok string, m jwt.SigningMethod, key any) string {
	t.Helper()
	claims := jwt.MapClaims(payload(t, tok))
	s, err := jwt.NewWithClaims(m, claims).SignedString(key)
	if err != nil {
		t.Fatalf("forging: %v", err)
	}
	return s
}

// C-17 and the other refusals: the algorithm is pinned; iss, aud and exp are checked.
func TestVerifyRefuses(t *testing.T) {
	cfg := hsConfig(t, `,"audience":"app","allowed_skew":10`)
	good, err := newIssuer(t, cfg).Issue(context.Background(), principal42())
	if err != nil {
		t.Fatal(err)
	}
	edKey := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	otherIssuer := newIssuer(t, hsConfig(t, `,"audience":"app","issuer":"someone-else"`))
	wrongIss, _ := otherIssuer.Issue(context.Background(), principal42())
	noAud, _ := newIssuer(t, hsConfig(t, "")).Issue(context.Background(), principal42())

	tests := []struct {
		name  string
		token string
		now   time.Time
	}{
		{"alg none", forge(t, good, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType),
			epoch},
		{"HS384 where HS256 configured", forge(t, good, jwt.SigningMethodHS384,
			[]byte(testKey)), epoch},
		{"EdDSA where HMAC configured", forge(t, good, jwt.SigningMethodEdDSA, edKey), epoch},
		{"other key", forge(t, good, jwt.SigningMethodHS256,
			[]byte(strings.Repeat("k", 32))), epoch},
		{"tampered payload", good[:len(good)-1] + flip(good[len(good)-1]), epoch},
		{"wrong issuer", wrongIss, epoch},
		{"missing audience", noAud, epoch},
		{"expired beyond skew", good, epoch.Add(DefaultLifetime + 11*time.Second)},
		{"issued in the future", good, epoch.Add(-time.Minute)},
		{"garbage", "not.a.token", epoch},
		{"empty", "", epoch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := newVerifier(t, cfg, tt.now).Verify(tt.token)
			if !errors.Is(err, ErrInvalidToken) || c != nil {
				t.Errorf("Verify = %+v, %v; want ErrInvalidToken", c, err)
			}
		})
	}

	t.Run("within skew", func(t *testing.T) {
		now := epoch.Add(DefaultLifetime + 9*time.Second)
		if _, err := newVerifier(t, cfg, now).Verify(good); err != nil {
			t.Errorf("Verify inside allowed_skew: %v", err)
		}
	})
}

// Tokens whose session claims break Hasura's types are refused even when signed.
func TestVerifySessionTypes(t *testing.T) {
	cfg := hsConfig(t, "")
	base := func() jwt.MapClaims {
		return jwt.MapClaims{
			"iss": DefaultIssuer, "sub": "42", "iat": epoch.Unix(),
			"exp": epoch.Unix() + 60, "jti": "x",
		}
	}
	tests := []struct {
		name    string
		session any
	}{
		{"integer user id", map[string]any{
			ClaimAllowedRoles: []string{"user"}, ClaimDefaultRole: "user", ClaimUserID: 42}},
		{"empty roles", map[string]any{
			ClaimAllowedRoles: []string{}, ClaimDefaultRole: "user", ClaimUserID: "42"}},
		{"default not allowed", map[string]any{
			ClaimAllowedRoles: []string{"user"}, ClaimDefaultRole: "admin", ClaimUserID: "42"}},
		{"user id differs from sub", map[string]any{
			ClaimAllowedRoles: []string{"user"}, ClaimDefaultRole: "user", ClaimUserID: "7"}},
		{"namespace missing", nil},
		{"namespace a string", "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := base()
			if tt.session != nil {
				claims[DefaultNamespace] = tt.session
			}
			tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).
				SignedString([]byte(testKey))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := newVerifier(t, cfg, epoch).Verify(tok); !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Verify error = %v, want ErrInvalidToken", err)
			}
		})
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
