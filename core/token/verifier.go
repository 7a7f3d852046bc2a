package token

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Claims are the verified contents of a token.
type Claims struct {
	Issuer    string
	Subject   string
	Audience  []string
	ID        string // jti
	IssuedAt  time.Time
	ExpiresAt time.Time
	Hasura    SessionClaims
}

// SessionClaims are the x-hasura-* claims found under the namespace.
type SessionClaims struct {
	AllowedRoles []string
	DefaultRole  string
	UserID       string
}

// Verifier checks tokens made with a configuration: the one configured algorithm
// only, the issuer, the audience when one is configured, and expiry against its clock
// with the configured skew. It is safe for concurrent use.
type Verifier struct {
	alg    algorithm
	key    any
	ns     namespace
	format ClaimsFormat
	parser *jwt.Parser
}

// NewVerifier returns a Verifier for cfg. Only WithClock applies to it.
func NewVerifier(cfg *Config, opts ...Option) (*Verifier, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := newSettings(opts)
	if s.clock == nil {
		return nil, fmt.Errorf("%w: nil clock", ErrInvalidConfig)
	}

	alg, k, ns, err := cfg.prepare()
	if err != nil {
		return nil, err
	}

	popts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{alg.method.Alg()}),
		jwt.WithTimeFunc(s.clock),
		jwt.WithLeeway(cfg.AllowedSkew),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(cfg.issuer()),
		jwt.WithStrictDecoding(),
	}
	if cfg.Audience != "" {
		popts = append(popts, jwt.WithAudience(cfg.Audience))
	}
	return &Verifier{
		alg:    alg,
		key:    k.verify,
		ns:     ns,
		format: cfg.format(),
		parser: jwt.NewParser(popts...),
	}, nil
}

// Verify checks the signature and claims of a token and returns its contents. Every
// refusal wraps ErrInvalidToken.
func (v *Verifier) Verify(token string) (*Claims, error) {
	var mc jwt.MapClaims
	_, err := v.parser.ParseWithClaims(token, &mc, v.keyFor)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}

	c, err := v.read(mc)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	return c, nil
}

// keyFor hands out the key only for the pinned algorithm. The parser already refuses
// other algorithms; this keeps a second lock on the door.
func (v *Verifier) keyFor(t *jwt.Token) (any, error) {
	if t.Method == nil || t.Method.Alg() != v.alg.method.Alg() {
		return nil, fmt.Errorf("unexpected algorithm %v", t.Header["alg"])
	}
	return v.key, nil
}

// read extracts the registered and session claims from a verified token.
func (v *Verifier) read(mc jwt.MapClaims) (*Claims, error) {
	c := &Claims{}
	c.Issuer, _ = mc.GetIssuer()
	c.Subject, _ = mc.GetSubject()
	c.Audience, _ = mc.GetAudience()
	c.ID, _ = mc["jti"].(string)
	if iat, _ := mc.GetIssuedAt(); iat != nil {
		c.IssuedAt = iat.Time
	}
	if exp, _ := mc.GetExpirationTime(); exp != nil {
		c.ExpiresAt = exp.Time
	}

	session, err := v.session(mc)
	if err != nil {
		return nil, err
	}
	if session.UserID != c.Subject {
		return nil, fmt.Errorf("%s %q does not match sub %q",
			ClaimUserID, session.UserID, c.Subject)
	}
	c.Hasura = session
	return c, nil
}

// session finds the namespace and decodes it, insisting on Hasura's types.
func (v *Verifier) session(mc jwt.MapClaims) (SessionClaims, error) {
	raw, ok := v.ns.find(mc)
	if !ok {
		return SessionClaims{}, fmt.Errorf("no claims at namespace %s", v.ns)
	}
	if v.format == FormatStringifiedJSON {
		s, ok := raw.(string)
		if !ok {
			return SessionClaims{}, fmt.Errorf("claims at %s are not a string", v.ns)
		}
		var obj map[string]any
		if err := json.Unmarshal([]byte(s), &obj); err != nil {
			return SessionClaims{}, fmt.Errorf("claims at %s: %w", v.ns, err)
		}
		raw = obj
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return SessionClaims{}, fmt.Errorf("claims at %s are not an object", v.ns)
	}
	return decodeSession(obj)
}

func decodeSession(obj map[string]any) (SessionClaims, error) {
	var s SessionClaims
	var ok bool
	if s.DefaultRole, ok = obj[ClaimDefaultRole].(string); !ok {
		return s, fmt.Errorf("%s is missing or not a string", ClaimDefaultRole)
	}
	if s.UserID, ok = obj[ClaimUserID].(string); !ok {
		return s, fmt.Errorf("%s is missing or not a string", ClaimUserID)
	}

	list, _ := obj[ClaimAllowedRoles].([]any)
	for _, r := range list {
		role, ok := r.(string)
		if !ok {
			return s, fmt.Errorf("%s holds a non-string", ClaimAllowedRoles)
		}
		s.AllowedRoles = append(s.AllowedRoles, role)
	}
	if len(s.AllowedRoles) == 0 {
		return s, fmt.Errorf("%s is missing or empty", ClaimAllowedRoles)
	}
	if !slices.Contains(s.AllowedRoles, s.DefaultRole) {
		return s, fmt.Errorf("%s is not among %s", ClaimDefaultRole, ClaimAllowedRoles)
	}
	return s, nil
}
