package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/token"
	"github.com/latchauth/latch/edge/internal/hopclient"
)

// DefaultHopTimeout bounds one hop to the origin, well inside Hasura's 30 s action
// timeout, so that a hung origin still gets the client a prompt, readable error.
const DefaultHopTimeout = hopclient.DefaultTimeout

// Option configures New.
type Option func(*options)

type options struct {
	hopTimeout time.Duration
	tokenOpts  []token.Option
}

// WithHopTimeout sets how long one hop to the origin may take (DefaultHopTimeout).
func WithHopTimeout(d time.Duration) Option {
	return func(o *options) { o.hopTimeout = d }
}

// WithTokenOptions passes options to the token issuer, e.g. a fake clock in tests.
func WithTokenOptions(opts ...token.Option) Option {
	return func(o *options) { o.tokenOpts = append(o.tokenOpts, opts...) }
}

// New returns the edge's handler for cfg: the Hasura action routes and GET /healthz,
// routed by action.Router (every other request gets a Hasura-shaped error), behind
// Guard. Requests to the origin go through do. It fails if cfg is invalid; a
// nil log discards.
func New(cfg Config, do hopclient.Doer, log *slog.Logger, opts ...Option) (http.Handler, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	o := options{hopTimeout: DefaultHopTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}

	signer, err := newSigner(cfg, o.tokenOpts)
	if err != nil {
		return nil, err
	}
	accounts, err := hopclient.New(cfg.OriginURL, []byte(cfg.EdgeSecret),
		honourContext(do), hopclient.WithTimeout(o.hopTimeout))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidConfig, EnvOriginURL, err)
	}
	svc := auth.NewService(accounts, signer)

	actions := action.NewHandler(svc, cfg.ActionSecret, action.WithLogger(log),
		action.WithClientHeader(cfg.ClientIPHeader))
	return Guard(action.NewRouter(actions, log), action.DefaultMaxBody, log), nil
}

func newSigner(cfg Config, opts []token.Option) (*token.Issuer, error) {
	tc, err := cfg.tokenConfig()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidConfig, EnvJWTSecret, err)
	}
	opts = append([]token.Option{token.WithLifetime(cfg.lifetime())}, opts...)
	signer, err := token.New(tc, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidConfig, EnvJWTSecret, err)
	}
	return signer, nil
}
