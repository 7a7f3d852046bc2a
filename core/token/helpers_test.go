package token

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/auth"
)

// testKey is a 32-byte HMAC key, the shortest HS256 accepts.
const testKey = "0123456789abcdef0123456789abcdef"

// testKey384 and testKey512 are the shortest keys HS384 and HS512 accept.
const (
	testKey384 = testKey + "0123456789abcdef"
	testKey512 = testKey + testKey
)

// epoch is the fake clock's reading: 2026-01-02T03:04:05.678Z. The fraction checks
// that iat is truncated to whole seconds.
var epoch = time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func hsConfig(t *testing.T, extra string) *Config {
	t.Helper()
	cfg, err := ParseConfig([]byte(`{"type":"HS256","key":"` + testKey + `"` + extra + `}`))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	return cfg
}

func principal42() auth.Principal {
	return auth.Principal{
		UserID:       42,
		Email:        "ana@example.com",
		DefaultRole:  "user",
		AllowedRoles: []string{"user", "editor"},
	}
}

// payload decodes a token's claims without verifying it, keeping JSON types visible:
// numbers stay json.Number so that a float can be told from an integer.
func payload(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("payload encoding: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("payload JSON: %v", err)
	}
	return m
}

// header decodes a token's JOSE header.
func header(t *testing.T, token string) map[string]any {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
	if err != nil {
		t.Fatalf("header encoding: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("header JSON: %v", err)
	}
	return m
}
