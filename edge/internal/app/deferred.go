package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
)

// ErrMisconfigured is what a client sees while the edge's configuration is invalid:
// the cause is logged, never sent, so no variable value can leak.
var ErrMisconfigured = apierr.ErrInternal.WithMessage("Authentication is misconfigured")

// Deferred returns a handler that calls build on its first request and serves what it
// returns from then on. In a Worker the configuration is readable only while a request
// is being handled, and nothing heavy may run at start-up, so this is where the edge
// is assembled.
//
// If build fails or panics, the error is logged once and every request answers
// ErrMisconfigured, a Hasura-shaped 500.
func Deferred(build func() (http.Handler, error), log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		once sync.Once
		h    http.Handler
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() {
			built, err := safeBuild(build)
			if err != nil {
				log.Error("edge configuration is invalid", "err", err)
				built = misconfigured(log)
			}
			h = built
		})
		h.ServeHTTP(w, r)
	})
}

// safeBuild calls build, turning a panic into an error.
func safeBuild(build func() (http.Handler, error)) (h http.Handler, err error) {
	defer func() {
		if v := recover(); v != nil {
			h, err = nil, fmt.Errorf("edge: building the handler panicked: %v", v)
		}
	}()
	return build()
}

// misconfigured answers every request with ErrMisconfigured.
func misconfigured(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &action.Record{ID: action.RequestID(r)}
		w.Header().Set(action.RequestIDHeader, rec.ID)
		rec.Fail(ErrMisconfigured)
		apierr.Write(w, ErrMisconfigured)
		rec.Log(r.Context(), log, r, time.Duration(0))
	})
}
