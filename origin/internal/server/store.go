package server

import (
	"context"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/store/embedded"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

// openStore opens the configured user store: Hasura when an endpoint is set, the
// embedded store in the data directory otherwise.
func (s *Server) openStore(ctx context.Context) (auth.Store, error) {
	if s.cfg.HasuraEndpoint != "" {
		var opts []hasura.Option
		if s.cfg.HasuraTimeout > 0 {
			opts = append(opts, hasura.WithTimeout(s.cfg.HasuraTimeout))
		}
		return hasura.New(s.cfg.HasuraEndpoint, s.cfg.HasuraAdminSecret, opts...)
	}
	st, err := embedded.Open(s.cfg.DataDir)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, st)
	return st, nil
}

func (s *Server) storeName() string {
	if s.cfg.HasuraEndpoint != "" {
		return "hasura"
	}
	return "embedded"
}
