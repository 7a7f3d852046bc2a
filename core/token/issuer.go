package token

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/latchauth/latch/core/auth"
)

// Hasura's session claim names.
const (
	ClaimAllowedRoles = "x-hasura-allowed-roles"
	ClaimDefaultRole  = "x-hasura-default-role"
	ClaimUserID       = "x-hasura-user-id"
)

// jtiBytes is the size of the random token id: 128 bits.
const jtiBytes = 16

// Issuer signs access tokens for Hasura. It implements auth.Signer and is safe for
// concurrent use.
type Issuer struct {
	alg      algorithm
	key      any
	ns       namespace
	format   ClaimsFormat
	issuer   string
	audience string
	lifetime time.Duration
	clock    func() time.Time
	random   io.Reader
}

var _ auth.Signer = (*Issuer)(nil)

// New returns an Issuer for cfg. It validates cfg, so a bad key fails here and not on
// the first login.
func New(cfg *Config, opts ...Option) (*Issuer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := newSettings(opts)
	if s.lifetime <= 0 || s.lifetime%time.Second != 0 {
		return nil, fmt.Errorf("%w: lifetime %v is not a positive number of seconds",
			ErrInvalidConfig, s.lifetime)
	}
	if s.clock == nil || s.random == nil {
		return nil, fmt.Errorf("%w: nil clock or random source", ErrInvalidConfig)
	}

	alg, k, ns, err := cfg.prepare()
	if err != nil {
		return nil, err
	}
	return &Issuer{
		alg:      alg,
		key:      k.sign,
		ns:       ns,
		format:   cfg.format(),
		issuer:   cfg.issuer(),
		audience: cfg.Audience,
		lifetime: s.lifetime,
		clock:    s.clock,
		random:   s.random,
	}, nil
}

// Lifetime returns exp − iat of the tokens i issues.
func (i *Issuer) Lifetime() time.Duration { return i.lifetime }

// Issue signs a token for p. It reads the clock and the random source on every call,
// and issues nothing if either the principal is unfit for Hasura or randomness fails.
func (i *Issuer) Issue(ctx context.Context, p auth.Principal) (string, error) {
	if err := checkPrincipal(p); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}

	jti, err := i.newID()
	if err != nil {
		return "", err
	}
	claims, err := i.claims(p, jti, i.clock().Unix())
	if err != nil {
		return "", err
	}

	signed, err := jwt.NewWithClaims(i.alg.method, claims).SignedString(i.key)
	if err != nil {
		return "", fmt.Errorf("token: signing: %w", err)
	}
	return signed, nil
}

// claims builds the payload. iat and exp are whole seconds, so exp − iat is exactly
// the lifetime and both encode as JSON integers.
func (i *Issuer) claims(p auth.Principal, jti string, iat int64) (jwt.MapClaims, error) {
	userID := strconv.FormatInt(p.UserID, 10)
	claims := jwt.MapClaims{
		"iss": i.issuer,
		"sub": userID,
		"iat": iat,
		"exp": iat + int64(i.lifetime/time.Second),
		"jti": jti,
	}
	if i.audience != "" {
		claims["aud"] = i.audience
	}

	session := map[string]any{
		ClaimAllowedRoles: slices.Clone(p.AllowedRoles),
		ClaimDefaultRole:  p.DefaultRole,
		ClaimUserID:       userID,
	}
	if i.format == FormatStringifiedJSON {
		b, err := json.Marshal(session)
		if err != nil {
			return nil, fmt.Errorf("token: encoding claims: %w", err)
		}
		i.ns.place(claims, string(b))
	} else {
		i.ns.place(claims, session)
	}
	return claims, nil
}

// newID returns 128 random bits, base64url without padding.
func (i *Issuer) newID() (string, error) {
	b := make([]byte, jtiBytes)
	if _, err := io.ReadFull(i.random, b); err != nil {
		return "", fmt.Errorf("%w: %w", ErrRandom, err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// checkPrincipal refuses what Hasura would refuse, or what would be a bug to sign.
func checkPrincipal(p auth.Principal) error {
	switch {
	case p.UserID <= 0:
		return fmt.Errorf("%w: user id %d is not positive", ErrInvalidPrincipal, p.UserID)
	case len(p.AllowedRoles) == 0:
		return fmt.Errorf("%w: no allowed roles", ErrInvalidPrincipal)
	case slices.Contains(p.AllowedRoles, ""):
		return fmt.Errorf("%w: empty role name", ErrInvalidPrincipal)
	case !slices.Contains(p.AllowedRoles, p.DefaultRole):
		return fmt.Errorf("%w: default role %q is not an allowed role",
			ErrInvalidPrincipal, p.DefaultRole)
	}
	return nil
}
