package hop

import (
	"crypto/rand"
	"io"
	"log/slog"
	"time"
)

// MinSecretBytes is the shortest shared secret accepted.
const MinSecretBytes = 32

// DefaultWindow is how far a request's timestamp may be from the verifier's clock,
// either way.
const DefaultWindow = 30 * time.Second

type settings struct {
	clock  func() time.Time
	window time.Duration
	nonces NonceCache
	random io.Reader
	log    *slog.Logger
}

// Option configures a Signer, a Verifier or a handler; each reads what it needs.
type Option func(*settings)

// WithClock sets the clock for timestamps (signing) and the window check
// (verifying). The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) { s.clock = now }
}

// WithWindow sets how far a timestamp may be from the verifier's clock, either way.
// It must be positive; the default is DefaultWindow.
func WithWindow(d time.Duration) Option {
	return func(s *settings) { s.window = d }
}

// WithNonceCache sets where a Verifier remembers used nonces. The default is a
// MemoryNonceCache of DefaultNonceCapacity entries, which protects one process only.
func WithNonceCache(c NonceCache) Option {
	return func(s *settings) { s.nonces = c }
}

// WithRandom sets the source of nonces for a Signer. The default is crypto/rand.
func WithRandom(r io.Reader) Option {
	return func(s *settings) { s.random = r }
}

// WithLogger sets the handler's logger. It logs one line per request with the path,
// outcome code, status and duration — never bodies, headers or secrets.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) { s.log = l }
}

func newSettings(secret []byte, opts []Option) (settings, error) {
	s := settings{clock: time.Now, window: DefaultWindow, random: rand.Reader}
	for _, o := range opts {
		o(&s)
	}

	if len(secret) < MinSecretBytes {
		return s, ErrShortSecret
	}
	if s.clock == nil || s.random == nil || s.window <= 0 {
		return s, ErrBadOption
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}
