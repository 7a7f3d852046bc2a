package token

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/latchauth/latch/core/internal/jsonkey"
)

// ClaimsFormat says how the x-hasura-* claims object is written under its namespace.
type ClaimsFormat string

// The claims formats Hasura reads.
const (
	// FormatJSON writes the claims as a JSON object (Hasura's default).
	FormatJSON ClaimsFormat = "json"
	// FormatStringifiedJSON writes the claims object as a JSON-encoded string.
	FormatStringifiedJSON ClaimsFormat = "stringified_json"
)

// DefaultIssuer is the iss claim when the configuration names no issuer. Latch always
// emits iss, because Hasura accepts a token without iss even when it expects one.
const DefaultIssuer = "latch"

// Config is the signing configuration, in the shape of HASURA_GRAPHQL_JWT_SECRET. Empty
// fields take Hasura's defaults. Build it with ParseConfig, or fill it and call
// Validate.
type Config struct {
	Type string // "HS256", "HS384" or "HS512"
	// Key is the shared HMAC secret, at least as many bytes as the hash's output: 32
	// for HS256, 48 for HS384, 64 for HS512. It is a secret: the String and LogValue
	// methods leave it out.
	Key                 string
	ClaimsNamespace     string // default DefaultNamespace; excludes ClaimsNamespacePath
	ClaimsNamespacePath string // "$" or "$.a.b"
	ClaimsFormat        ClaimsFormat
	Audience            string // emitted as a single aud string when set
	Issuer              string // default DefaultIssuer
	// AllowedSkew is the leeway for exp when verifying, in whole seconds.
	AllowedSkew time.Duration
	// Header is Hasura's "header" setting (where Hasura reads the token). Latch does
	// not use it, but keeps it for HasuraSecret.
	Header json.RawMessage
}

// wireConfig is the JSON document. Pointer fields tell "absent" from "empty".
type wireConfig struct {
	Type                string          `json:"type"`
	Key                 string          `json:"key"`
	JWKURL              *string         `json:"jwk_url"`
	ClaimsNamespace     *string         `json:"claims_namespace"`
	ClaimsNamespacePath *string         `json:"claims_namespace_path"`
	ClaimsFormat        *string         `json:"claims_format"`
	Audience            json.RawMessage `json:"audience"`
	Issuer              *string         `json:"issuer"`
	AllowedSkew         *int64          `json:"allowed_skew"`
	Header              json.RawMessage `json:"header"`
}

// ParseConfig reads a HASURA_GRAPHQL_JWT_SECRET-shaped JSON object and validates it.
// Unknown fields are refused, and so is jwk_url: Latch needs a key to sign with. So
// are a key spelled in another case ("TYPE") and a key given twice, which
// encoding/json would accept (matching case-insensitively, the last value winning)
// while Hasura, which matches case-sensitively, could read the value differently.
func ParseConfig(data []byte) (*Config, error) {
	var w wireConfig
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		// A syntax error quotes the offending character, which may belong to the key.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%w: not valid JSON (at byte %d)", ErrInvalidConfig, se.Offset)
		}
		return nil, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrInvalidConfig)
	}
	if err := checkKeys(data); err != nil {
		return nil, err
	}
	if w.JWKURL != nil {
		return nil, configErr("jwk_url", ErrJWKURL,
			"is not supported for signing: set type and key")
	}

	cfg := &Config{
		Type:                w.Type,
		Key:                 w.Key,
		ClaimsNamespace:     deref(w.ClaimsNamespace),
		ClaimsNamespacePath: deref(w.ClaimsNamespacePath),
		ClaimsFormat:        ClaimsFormat(deref(w.ClaimsFormat)),
		Issuer:              deref(w.Issuer),
		Header:              w.Header,
	}
	errs := []error{
		presentNotEmpty("claims_namespace", w.ClaimsNamespace),
		presentNotEmpty("claims_namespace_path", w.ClaimsNamespacePath),
		presentNotEmpty("claims_format", w.ClaimsFormat),
		presentNotEmpty("issuer", w.Issuer),
	}

	aud, err := parseAudience(w.Audience)
	cfg.Audience = aud
	errs = append(errs, err)

	if w.AllowedSkew != nil {
		cfg.AllowedSkew = time.Duration(*w.AllowedSkew) * time.Second
		if *w.AllowedSkew < 0 || cfg.AllowedSkew/time.Second != time.Duration(*w.AllowedSkew) {
			errs = append(errs, configErr("allowed_skew", ErrInvalidConfig,
				"must be a non-negative number of seconds"))
		}
	}

	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// configKeys are the keys of the JSON document, as Hasura spells them.
var configKeys = &jsonkey.Rules{
	Keys: []string{"type", "key", "jwk_url", "claims_namespace", "claims_namespace_path",
		"claims_format", "audience", "issuer", "allowed_skew", "header"},
}

// checkKeys refuses a key of the document that is repeated or differs from a known
// key only by case. It runs after decoding has refused unknown keys, so the key the
// error names is a known one but for case, never a value.
func checkKeys(data []byte) error {
	var ke *jsonkey.Error
	if !errors.As(jsonkey.Check(data, configKeys), &ke) {
		return nil
	}
	if ke.Problem == jsonkey.Miscased {
		return configErr(ke.Key, ErrInvalidConfig, fmt.Sprintf(
			"must be spelled %q: Hasura reads keys case-sensitively", ke.Known))
	}
	return configErr(ke.Key, ErrInvalidConfig,
		"appears more than once: Hasura and Latch could read different values")
}

// parseAudience accepts a string, or an array holding exactly one string: Latch emits
// aud as one string, and several audiences would need a choice it cannot make.
func parseAudience(raw json.RawMessage) (string, error) {
	if raw == nil {
		return "", nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		if one == "" {
			return "", configErr("audience", ErrInvalidConfig, "must not be empty")
		}
		return one, nil
	}

	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return "", configErr("audience", ErrInvalidConfig,
			"must be a string or an array of one string")
	}
	if len(list) != 1 || list[0] == "" {
		return "", configErr("audience", ErrUnsupported, fmt.Sprintf(
			"has %d values: Latch emits exactly one non-empty audience", len(list)))
	}
	return list[0], nil
}

// Validate checks every field and reports all problems at once, each as a
// *ConfigError.
func (c *Config) Validate() error {
	var errs []error
	alg, err := lookupAlgorithm(c.Type)
	errs = append(errs, err)
	if err == nil {
		_, err = loadKeys(alg, c.Key)
		errs = append(errs, err)
	}

	ns, err := parseNamespace(c.ClaimsNamespace, c.ClaimsNamespacePath)
	errs = append(errs, err)

	switch c.format() {
	case FormatJSON:
	case FormatStringifiedJSON:
		if err == nil && len(ns) == 0 {
			errs = append(errs, configErr("claims_format", ErrInvalidConfig,
				`stringified_json cannot be used with claims_namespace_path "$"`))
		}
	default:
		errs = append(errs, configErr("claims_format", ErrInvalidConfig,
			fmt.Sprintf("unknown format %q (want json or stringified_json)", c.ClaimsFormat)))
	}

	if c.AllowedSkew < 0 || c.AllowedSkew%time.Second != 0 {
		errs = append(errs, configErr("allowed_skew", ErrInvalidConfig,
			"must be a non-negative number of seconds"))
	}
	if c.Header != nil && !isJSONObject(c.Header) {
		errs = append(errs, configErr("header", ErrInvalidConfig, "must be a JSON object"))
	}
	return errors.Join(errs...)
}

// format returns the effective claims format.
func (c *Config) format() ClaimsFormat {
	if c.ClaimsFormat == "" {
		return FormatJSON
	}
	return c.ClaimsFormat
}

// issuer returns the effective iss claim.
func (c *Config) issuer() string {
	if c.Issuer == "" {
		return DefaultIssuer
	}
	return c.Issuer
}

// String describes the configuration without its key.
func (c *Config) String() string {
	return fmt.Sprintf("token.Config{type=%s namespace=%s format=%s audience=%q issuer=%q}",
		c.Type, c.namespaceLabel(), c.format(), c.Audience, c.issuer())
}

// LogValue describes the configuration for log/slog without its key.
func (c *Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("type", c.Type),
		slog.String("namespace", c.namespaceLabel()),
		slog.String("format", string(c.format())),
		slog.String("audience", c.Audience),
		slog.String("issuer", c.issuer()),
	)
}

func (c *Config) namespaceLabel() string {
	if c.ClaimsNamespacePath != "" {
		return c.ClaimsNamespacePath
	}
	if c.ClaimsNamespace != "" {
		return c.ClaimsNamespace
	}
	return DefaultNamespace
}

func presentNotEmpty(field string, v *string) error {
	if v != nil && *v == "" {
		return configErr(field, ErrInvalidConfig, "must not be empty when present")
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func isJSONObject(raw json.RawMessage) bool {
	var obj map[string]any
	return json.Unmarshal(raw, &obj) == nil && obj != nil
}
