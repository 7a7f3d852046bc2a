package token

import (
	"strings"
	"testing"
)

// FuzzParseConfig feeds arbitrary documents to ParseConfig: it must never panic, and
// whatever it accepts must validate and render for Hasura.
func FuzzParseConfig(f *testing.F) {
	for _, seed := range []string{
		`{"type":"HS256","key":"` + testKey + `"}`,
		`{"type":"HS512","key":"` + testKey512 + `","claims_namespace_path":"$.a.b",` +
			`"claims_format":"stringified_json","audience":["x"],"allowed_skew":3}`,
		`{"jwk_url":"https://example.com/jwks"}`,
		`{"type":"RS256","key":"-----BEGIN PUBLIC KEY-----"}`,
		`{"type":"HS256","key":"` + testKey + `","header":{"type":"Cookie","name":"t"}}`,
		`{"audience":null,"header":null}`,
		`{"TYPE":"HS256","KEY":"` + testKey + `","Claims_Namespace":"ns"}`,
		`{"type":"HS256","key":"` + testKey + `","key":"` + testKey512 + `"}`,
		`{"type":"HS256","key":"` + testKey + `","header":{"name":"a","name":"b"}}`,
		`[]`, `null`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data)
		if err != nil {
			if cfg != nil {
				t.Fatal("config returned with an error")
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("accepted config fails Validate: %v", err)
		}
		s, err := cfg.HasuraSecret()
		if err != nil {
			t.Fatalf("accepted config does not render: %v", err)
		}
		if _, err := ParseConfig([]byte(s)); err != nil {
			t.Fatalf("rendered %s does not parse back: %v", strings.TrimSpace(s), err)
		}
	})
}
