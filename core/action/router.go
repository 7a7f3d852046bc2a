package action

import (
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/latchauth/latch/core/apierr"
)

// HealthPath is the path of the liveness check, answered by GET and HEAD.
const HealthPath = "/healthz"

// actionPaths are the paths the action handler serves; Hasura's action URL may name any
// of them.
var actionPaths = [...]string{"/", "/actions", "/signup", "/login"}

// Router is the front of each half. It sends /, /actions, /signup and /login to the
// action handler, HealthPath
// to a liveness answer and mounted prefixes to their handlers, and answers everything
// else itself with a Hasura-shaped error, so that no path or method gets a plain-text
// body or a redirect:
//
//   - a path not in clean form (//actions, /./actions, /x/../actions) gets 404, where
//     net/http's ServeMux would redirect to the cleaned path;
//   - any other unknown path (/ACTIONS, /actions;x) gets 404;
//   - a method other than GET or HEAD on HealthPath gets 405.
//
// Paths match exactly and case-sensitively. The answers Router gives itself are logged
// as the action handler logs its own.
type Router struct {
	actions http.Handler
	mounts  []mount
	log     *slog.Logger
}

type mount struct {
	prefix string
	h      http.Handler
}

// NewRouter returns a Router that sends the action paths to actions and logs its own answers to
// log (nil discards).
func NewRouter(actions http.Handler, log *slog.Logger) *Router {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Router{actions: actions, log: log}
}

// Mount sends every clean path that starts with prefix, which ends in "/", to h.
func (rt *Router) Mount(prefix string, h http.Handler) {
	rt.mounts = append(rt.mounts, mount{prefix: prefix, h: h})
}

// ServeHTTP implements http.Handler.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if !isClean(p) {
		rt.refuse(w, r, apierr.ErrNotFound)
		return
	}
	if p == HealthPath {
		rt.health(w, r)
		return
	}
	for _, m := range rt.mounts {
		if strings.HasPrefix(p, m.prefix) {
			m.h.ServeHTTP(w, r)
			return
		}
	}
	for _, a := range actionPaths {
		if p == a {
			rt.actions.ServeHTTP(w, r)
			return
		}
	}
	rt.refuse(w, r, apierr.ErrNotFound)
}

// health says the process is up. It calls nothing behind it.
func (rt *Router) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		rt.refuse(w, r, apierr.ErrMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, `{"status":"ok"}`)
}

// refuse answers err and logs the request's one line.
func (rt *Router) refuse(w http.ResponseWriter, r *http.Request, err error) {
	rec := &Record{ID: RequestID(r)}
	w.Header().Set(RequestIDHeader, rec.ID)
	rec.Fail(err)
	apierr.Write(w, err)
	rec.Log(r.Context(), rt.log, r, 0)
}

// isClean reports whether p is an absolute path in the form path.Clean gives it, but
// for a trailing slash, which is kept.
func isClean(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	c := path.Clean(p)
	if p[len(p)-1] == '/' && c != "/" {
		c += "/"
	}
	return c == p
}
