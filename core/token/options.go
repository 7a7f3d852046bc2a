package token

import (
	"crypto/rand"
	"io"
	"time"
)

// DefaultLifetime is how long an issued token is valid unless WithLifetime says
// otherwise.
const DefaultLifetime = 15 * time.Minute

// settings are what options set. Each constructor reads the ones it needs.
type settings struct {
	clock    func() time.Time
	lifetime time.Duration
	random   io.Reader
}

// Option configures an Issuer or a Verifier.
type Option func(*settings)

// WithClock sets the clock used for iat and exp (Issuer) and for expiry checks
// (Verifier). The default is time.Now, read at each call.
func WithClock(now func() time.Time) Option {
	return func(s *settings) { s.clock = now }
}

// WithLifetime sets exp − iat for issued tokens: a positive whole number of seconds.
// The default is DefaultLifetime.
func WithLifetime(d time.Duration) Option {
	return func(s *settings) { s.lifetime = d }
}

// WithRandom sets the source of jti values. The default is crypto/rand.Reader; use
// anything else only in tests.
func WithRandom(r io.Reader) Option {
	return func(s *settings) { s.random = r }
}

func newSettings(opts []Option) settings {
	s := settings{clock: time.Now, lifetime: DefaultLifetime, random: rand.Reader}
	for _, o := range opts {
		o(&s)
	}
	return s
}
