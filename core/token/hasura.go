package token

import (
	"encoding/json"
	"fmt"
)

// hasuraSecret is the HASURA_GRAPHQL_JWT_SECRET document, fields in Hasura's order.
type hasuraSecret struct {
	Type                string          `json:"type"`
	Key                 string          `json:"key"`
	ClaimsNamespace     string          `json:"claims_namespace,omitempty"`
	ClaimsNamespacePath string          `json:"claims_namespace_path,omitempty"`
	ClaimsFormat        ClaimsFormat    `json:"claims_format"`
	Audience            string          `json:"audience,omitempty"`
	Issuer              string          `json:"issuer"`
	AllowedSkew         int64           `json:"allowed_skew,omitempty"`
	Header              json.RawMessage `json:"header,omitempty"`
}

// HasuraSecret renders the HASURA_GRAPHQL_JWT_SECRET value that makes Hasura accept the
// tokens this configuration issues. Defaults are written out explicitly, and issuer is
// always set (to DefaultIssuer when the configuration names none), so Hasura checks it.
//
// The result contains the signing key: treat it as a secret.
func (c *Config) HasuraSecret() (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	alg := algorithms[c.Type]
	if alg.kind != kindHMAC {
		// Unreachable while Validate refuses other kinds; kept so that adding one
		// cannot leak a private key into Hasura's configuration.
		return "", fmt.Errorf("%w: rendering %s for Hasura", ErrUnsupported, alg.name)
	}

	s := hasuraSecret{
		Type:         alg.name,
		Key:          c.Key,
		ClaimsFormat: c.format(),
		Audience:     c.Audience,
		Issuer:       c.issuer(),
		AllowedSkew:  int64(c.AllowedSkew.Seconds()),
		Header:       c.Header,
	}
	if c.ClaimsNamespacePath != "" {
		s.ClaimsNamespacePath = c.ClaimsNamespacePath
	} else {
		s.ClaimsNamespace = c.namespaceLabel()
	}

	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("token: rendering hasura secret: %w", err)
	}
	return string(b), nil
}
