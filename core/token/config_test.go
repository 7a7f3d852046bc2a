package token

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	key := `"key":"` + testKey + `"`
	tests := []struct {
		name    string
		json    string
		wantErr error // nil: must parse
		field   string
	}{
		{"minimal", `{"type":"HS256",` + key + `}`, nil, ""},
		{"HS384", `{"type":"HS384","key":"` + testKey384 + `"}`, nil, ""},
		{"HS512", `{"type":"HS512","key":"` + testKey512 + `"}`, nil, ""},
		{"everything", `{"type":"HS256",` + key + `,"claims_namespace":"ns",
			"claims_format":"stringified_json","audience":"app","issuer":"me",
			"allowed_skew":5,"header":{"type":"Cookie","name":"jwt"}}`, nil, ""},
		{"namespace path", `{"type":"HS256",` + key + `,"claims_namespace_path":"$.a.b"}`,
			nil, ""},
		{"audience array of one", `{"type":"HS256",` + key + `,"audience":["app"]}`, nil, ""},

		{"not JSON", `type=HS256`, ErrInvalidConfig, ""},
		{"trailing data", `{"type":"HS256",` + key + `}{}`, ErrInvalidConfig, ""},
		{"unknown field", `{"type":"HS256",` + key + `,"kid":"x"}`, ErrInvalidConfig, ""},
		{"missing type", `{` + key + `}`, ErrInvalidConfig, "type"},
		{"unknown type", `{"type":"HS1024",` + key + `}`, ErrInvalidConfig, "type"},
		{"lowercase type", `{"type":"hs256",` + key + `}`, ErrInvalidConfig, "type"},
		{"missing key", `{"type":"HS256"}`, ErrInvalidConfig, "key"},
		{"31-byte key", `{"type":"HS256","key":"` + testKey[1:] + `"}`, ErrWeakKey, "key"},
		{"HS384, 32-byte key", `{"type":"HS384",` + key + `}`, ErrWeakKey, "key"},
		{"HS512, 32-byte key", `{"type":"HS512",` + key + `}`, ErrWeakKey, "key"},
		{"RS256 not yet", `{"type":"RS256","key":"-----BEGIN PUBLIC KEY-----"}`,
			ErrUnsupported, "type"},
		{"ES256 not yet", `{"type":"ES256","key":"pem"}`, ErrUnsupported, "type"},
		{"Ed25519 not yet", `{"type":"Ed25519","key":"pem"}`, ErrUnsupported, "type"},
		{"jwk_url", `{"jwk_url":"https://example.com/jwks.json"}`, ErrJWKURL, "jwk_url"},
		{"both namespaces", `{"type":"HS256",` + key +
			`,"claims_namespace":"a","claims_namespace_path":"$.b"}`,
			ErrInvalidConfig, "claims_namespace_path"},
		{"bracket path", `{"type":"HS256",` + key + `,"claims_namespace_path":"$['a']"}`,
			ErrInvalidConfig, "claims_namespace_path"},
		{"path without $", `{"type":"HS256",` + key + `,"claims_namespace_path":"a.b"}`,
			ErrInvalidConfig, "claims_namespace_path"},
		{"empty path segment", `{"type":"HS256",` + key + `,"claims_namespace_path":"$.a..b"}`,
			ErrInvalidConfig, "claims_namespace_path"},
		{"path over sub", `{"type":"HS256",` + key + `,"claims_namespace_path":"$.sub"}`,
			ErrInvalidConfig, "claims_namespace_path"},
		{"namespace iss", `{"type":"HS256",` + key + `,"claims_namespace":"iss"}`,
			ErrInvalidConfig, "claims_namespace"},
		{"empty namespace", `{"type":"HS256",` + key + `,"claims_namespace":""}`,
			ErrInvalidConfig, "claims_namespace"},
		{"stringified at root", `{"type":"HS256",` + key +
			`,"claims_namespace_path":"$","claims_format":"stringified_json"}`,
			ErrInvalidConfig, "claims_format"},
		{"unknown format", `{"type":"HS256",` + key + `,"claims_format":"yaml"}`,
			ErrInvalidConfig, "claims_format"},
		{"audience array of two", `{"type":"HS256",` + key + `,"audience":["a","b"]}`,
			ErrUnsupported, "audience"},
		{"audience empty array", `{"type":"HS256",` + key + `,"audience":[]}`,
			ErrUnsupported, "audience"},
		{"audience number", `{"type":"HS256",` + key + `,"audience":7}`,
			ErrInvalidConfig, "audience"},
		{"empty issuer", `{"type":"HS256",` + key + `,"issuer":""}`,
			ErrInvalidConfig, "issuer"},
		{"negative skew", `{"type":"HS256",` + key + `,"allowed_skew":-1}`,
			ErrInvalidConfig, "allowed_skew"},
		{"fractional skew", `{"type":"HS256",` + key + `,"allowed_skew":1.5}`,
			ErrInvalidConfig, ""},
		{"header not object", `{"type":"HS256",` + key + `,"header":"Authorization"}`,
			ErrInvalidConfig, "header"},

		// Hasura matches keys case-sensitively; encoding/json would not.
		{"upper-case keys", `{"TYPE":"HS256","KEY":"` + testKey + `"}`,
			ErrInvalidConfig, "TYPE"},
		{"miscased namespace", `{"type":"HS256",` + key + `,"Claims_Namespace":"ns"}`,
			ErrInvalidConfig, "Claims_Namespace"},
		{"Kelvin sign in key", `{"type":"HS256","\u212aey":"` + testKey + `"}`,
			ErrInvalidConfig, "\u212aey"},
		// encoding/json lets the last value win; Hasura might not.
		{"repeated type", `{"type":"HS256",` + key + `,"type":"HS512"}`,
			ErrInvalidConfig, "type"},
		{"repeated key", `{"type":"HS256","key":"` + testKey512 + `",` + key + `}`,
			ErrInvalidConfig, "key"},
		{"repeated namespace", `{"type":"HS256",` + key +
			`,"claims_namespace":"a","claims_namespace":"b"}`,
			ErrInvalidConfig, "claims_namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(tt.json))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ParseConfig: %v", err)
				}
				return
			}

			if !errors.Is(err, tt.wantErr) || cfg != nil {
				t.Fatalf("ParseConfig = %v, %v; want error %v", cfg, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), testKey[1:]) {
				t.Errorf("error %q reveals the key", err)
			}
			var ce *ConfigError
			if tt.field != "" && (!errors.As(err, &ce) || ce.Field != tt.field) {
				t.Errorf("error %q does not name field %q", err, tt.field)
			}
		})
	}
}

// RFC 7518 §3.2: an HMAC key at least as long as the hash output. Hasura refuses
// shorter keys at start-up, counting the key's UTF-8 bytes.
func TestHMACKeyLengthPerAlgorithm(t *testing.T) {
	tests := []struct {
		alg string
		min int
	}{
		{"HS256", 32},
		{"HS384", 48},
		{"HS512", 64},
	}
	for _, tt := range tests {
		t.Run(tt.alg, func(t *testing.T) {
			short := &Config{Type: tt.alg, Key: strings.Repeat("k", tt.min-1)}
			err := short.Validate()
			want := fmt.Sprintf("%s key has %d bytes, need at least %d",
				tt.alg, tt.min-1, tt.min)
			if !errors.Is(err, ErrWeakKey) || !strings.Contains(err.Error(), want) {
				t.Errorf("%d-byte key: Validate() = %v, want %q", tt.min-1, err, want)
			}

			ok := &Config{Type: tt.alg, Key: strings.Repeat("k", tt.min)}
			if err := ok.Validate(); err != nil {
				t.Errorf("%d-byte key: Validate() = %v, want nil", tt.min, err)
			}
		})
	}
}

func TestHMACKeyLengthCountsBytes(t *testing.T) {
	// 16 characters, 32 bytes in UTF-8: enough for HS256, as for Hasura.
	cfg := &Config{Type: "HS256", Key: strings.Repeat("é", 16)}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
	// 32 characters, 64 bytes: enough for HS512 too.
	cfg = &Config{Type: "HS512", Key: strings.Repeat("é", 32)}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}

// The message names the key as written and, for a miscased one, the spelling Hasura
// reads; never the signing key.
func TestParseConfigKeyMessages(t *testing.T) {
	tests := []struct{ json, want string }{
		{`{"TYPE":"HS256","key":"` + testKey + `"}`,
			`token: config TYPE: must be spelled "type": Hasura reads keys case-sensitively`},
		{`{"type":"HS256","key":"` + testKey + `","type":"HS256"}`,
			"token: config type: appears more than once: " +
				"Hasura and Latch could read different values"},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.json))
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseConfig(%s) = %v, want %q", tt.json, err, tt.want)
		}
	}
}

func TestParseConfigValues(t *testing.T) {
	cfg := hsConfig(t, `,"allowed_skew":5,"audience":["app"]`)
	if cfg.AllowedSkew != 5*time.Second || cfg.Audience != "app" {
		t.Errorf("skew %v, audience %q", cfg.AllowedSkew, cfg.Audience)
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	cfg := &Config{Type: "HS256", Key: "short", ClaimsFormat: "xml", AllowedSkew: -time.Second}
	err := cfg.Validate()
	for _, field := range []string{"key", "claims_format", "allowed_skew"} {
		if err == nil || !strings.Contains(err.Error(), "config "+field+":") {
			t.Errorf("Validate() = %v, want a complaint about %s", err, field)
		}
	}
}

func TestConfigStringHidesKey(t *testing.T) {
	cfg := hsConfig(t, "")
	if s := cfg.String(); strings.Contains(s, testKey) {
		t.Errorf("String() = %q reveals the key", s)
	}
	if s := cfg.LogValue().String(); strings.Contains(s, testKey) {
		t.Errorf("LogValue() = %q reveals the key", s)
	}
}

func TestHasuraSecret(t *testing.T) {
	tests := []struct {
		name string
		cfg  string
		want map[string]any
	}{
		{"defaults written out", "", map[string]any{
			"type": "HS256", "key": testKey, "claims_namespace": DefaultNamespace,
			"claims_format": "json", "issuer": DefaultIssuer,
		}},
		{"everything", `,"claims_namespace_path":"$.h","claims_format":"stringified_json",` +
			`"audience":["app"],"issuer":"me","allowed_skew":3,"header":{"type":"Authorization"}`,
			map[string]any{
				"type": "HS256", "key": testKey, "claims_namespace_path": "$.h",
				"claims_format": "stringified_json", "audience": "app", "issuer": "me",
				"allowed_skew": 3.0, "header": map[string]any{"type": "Authorization"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := hsConfig(t, tt.cfg).HasuraSecret()
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(s), &got); err != nil {
				t.Fatal(err)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) {
				t.Errorf("HasuraSecret() = %s\nwant %s", g, w)
			}

			// The rendered value configures Latch identically.
			again, err := ParseConfig([]byte(s))
			if err != nil {
				t.Fatalf("HasuraSecret output does not parse back: %v", err)
			}
			if again.String() != hsConfig(t, tt.cfg).String() {
				t.Errorf("round trip changed the config: %v", again)
			}
		})
	}
}
