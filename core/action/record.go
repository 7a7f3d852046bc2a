package action

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// Record collects what the per-request log line says. It holds no request data beyond
// the action name: never bodies, credentials, tokens or headers.
type Record struct {
	ID     string
	Action string
	Status int
	Code   apierr.Code
	Err    error // internal cause, logged only
}

// Fail records err as the outcome.
func (rec *Record) Fail(err error) {
	e := apierr.From(err)
	rec.Status, rec.Code, rec.Err = e.Status, e.Code, e.Cause
}

// Log writes the request's one line, at a level chosen from its outcome.
func (rec *Record) Log(ctx context.Context, l *slog.Logger, r *http.Request, d time.Duration) {
	level := slog.LevelInfo
	switch {
	case rec.Status >= 500 || rec.Code == apierr.Unavailable:
		level = slog.LevelError
	case rec.Status >= 400:
		// Includes canceled (499): the client hung up, which is not Latch failing.
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("request_id", rec.ID),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("action", rec.Action),
		slog.Int("status", rec.Status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
	}
	if rec.Code != "" {
		attrs = append(attrs, slog.String("code", string(rec.Code)))
	}
	if rec.Err != nil {
		attrs = append(attrs, slog.String("err", rec.Err.Error()))
	}
	l.LogAttrs(ctx, level, "request", attrs...)
}

// Recover turns a panic in the rest of the handler into a Hasura-shaped 500, so that a
// bug answers an error instead of a dropped connection or, in a Worker, a hung request.
// Call it deferred.
func Recover(w http.ResponseWriter, rec *Record) {
	v := recover()
	if v == nil {
		return
	}
	err := apierr.ErrInternal.WithCause(fmt.Errorf("panic: %v", v))
	rec.Fail(err)
	apierr.Write(w, err)
}

// RequestIDHeader is the header a request id is read from and echoed in.
const RequestIDHeader = "X-Request-Id"

// RequestID returns the request's id: a well-formed incoming X-Request-Id (see
// auth.ValidRequestID), or a new random one.
func RequestID(r *http.Request) string {
	if id := r.Header.Get(RequestIDHeader); auth.ValidRequestID(id) {
		return id
	}
	return auth.NewRequestID()
}
