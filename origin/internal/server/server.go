// Package server wires the origin: the user store, the password hasher, the standalone
// Hasura action handler, the signed hop endpoints for the edge, and /healthz, behind
// an action.Router that answers every other request Hasura-shaped.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
	"github.com/latchauth/latch/core/token"
	"github.com/latchauth/latch/origin/internal/config"
)

// WriteTimeout bounds one response. It stays under Hasura's 30 s action timeout while
// leaving room for the longest request: a queue wait, two Hasura calls and the hashing.
const WriteTimeout = 25 * time.Second

// Server is a configured origin, ready to serve.
type Server struct {
	cfg     config.Config
	log     *slog.Logger
	handler http.Handler
	closers []io.Closer
	slots   int // Argon2 hashes allowed in flight
}

// New builds a Server from a validated configuration. It opens the store; Close or Run
// releases it.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg, log: log}

	hasher, err := newHasher(cfg)
	if err != nil {
		return nil, err
	}
	store, err := s.openStore(ctx)
	if err != nil {
		return nil, err
	}
	accounts := s.guard(auth.NewLocal(hasher, store, log))

	actions, err := s.actions(accounts)
	if err != nil {
		s.Close()
		return nil, err
	}
	router := action.NewRouter(actions, log)
	if err := s.mountHop(router, accounts); err != nil {
		s.Close()
		return nil, err
	}
	s.handler = router
	return s, nil
}

// actions returns the Hasura action handler when a signing key is configured;
// otherwise one that answers the action paths with a Hasura-shaped 404 that says why.
func (s *Server) actions(accounts auth.Accounts) (http.Handler, error) {
	if !s.cfg.Standalone() {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			apierr.Write(w, apierr.ErrNotFound.WithMessage(
				"Standalone actions are disabled: the origin has no JWT secret"))
		}), nil
	}
	tc, err := token.ParseConfig([]byte(s.cfg.JWTSecret))
	if err != nil {
		return nil, fmt.Errorf("--jwt-secret: %w", err)
	}
	signer, err := token.New(tc, token.WithLifetime(s.cfg.TokenLifetime))
	if err != nil {
		return nil, fmt.Errorf("--jwt-secret: %w", err)
	}
	svc := auth.NewService(accounts, signer)
	return action.NewHandler(svc, s.cfg.ActionSecret, action.WithLogger(s.log),
		action.WithClientHeader(s.cfg.ClientIPHeader)), nil
}

// mountHop serves the signed hop for the edge under /hop/ when an edge secret is
// configured.
func (s *Server) mountHop(router *action.Router, accounts auth.Accounts) error {
	if s.cfg.EdgeSecret == "" {
		return nil
	}
	h, err := hop.NewHandler(accounts, []byte(s.cfg.EdgeSecret), hop.WithLogger(s.log))
	if err != nil {
		return fmt.Errorf("--edge-secret: %w", err)
	}
	router.Mount("/hop/", h)
	return nil
}

// Handler returns the origin's HTTP handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// Close releases the store.
func (s *Server) Close() error {
	var errs []error
	for _, c := range s.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// Run serves on the configured address until ctx is done, then shuts down gracefully,
// letting requests in flight finish within the shutdown timeout.
func (s *Server) Run(ctx context.Context) error {
	defer s.Close()
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("latch origin listening", "addr", ln.Addr().String(),
		"store", s.storeName(), "standalone_actions", s.cfg.Standalone(),
		"hop", s.cfg.EdgeSecret != "", "argon2_slots", s.slots,
		"memory_budget_mib", s.cfg.MemoryBudget>>20)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
