package app

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
)

// Guard wraps next with the edge's outer defences:
//
//   - a request whose declared Content-Length exceeds maxBody is refused with 413
//     before next runs, and any body is cut off one byte past maxBody, so nothing
//     downstream can read more (the byte of slack lets a handler that caps at maxBody
//     itself see the excess and answer 413 rather than a read error);
//   - a panic anywhere in next answers a Hasura-shaped 500 and is logged. In a Worker
//     an unrecovered panic would leave the request hanging.
//
// A nil log discards.
func Guard(next http.Handler, maxBody int64, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &action.Record{ID: action.RequestID(r)}
		finished := false
		defer func() {
			if !finished { // next panicked: Recover below has answered
				rec.Log(r.Context(), log, r, time.Since(start))
			}
		}()
		defer action.Recover(w, rec)

		if r.ContentLength > maxBody {
			refuse(w, r, rec, log, apierr.ErrTooLarge)
			finished = true
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody+1)
		}
		next.ServeHTTP(w, r)
		finished = true
	})
}

// refuse answers err and logs the request's one line, as the action handler would.
func refuse(w http.ResponseWriter, r *http.Request, rec *action.Record, log *slog.Logger,
	err error) {
	w.Header().Set(action.RequestIDHeader, rec.ID)
	rec.Fail(err)
	apierr.Write(w, err)
	rec.Log(r.Context(), log, r, 0)
}
