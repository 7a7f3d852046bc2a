package action

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// SecretHeader carries the shared secret Hasura sends on every action call, configured
// as a header of the action definition.
const SecretHeader = "X-Action-Secret"

// Handler serves Signup and Login as Hasura actions: POST / and /actions dispatch on
// action.name, POST /signup and /login serve one action whatever its name.
type Handler struct {
	svc          *auth.Service
	secret       [sha256.Size]byte
	open         bool // no secret configured: dev only
	maxBody      int64
	clientHeader string // trusted header with the client address; "" reads none
	log          *slog.Logger
	now          func() time.Time
}

// Option configures a Handler.
type Option func(*Handler)

// WithLogger sets the logger for the per-request line. The default discards.
func WithLogger(l *slog.Logger) Option { return func(h *Handler) { h.log = l } }

// WithMaxBody sets the body size cap in bytes (DefaultMaxBody by default).
func WithMaxBody(n int64) Option { return func(h *Handler) { h.maxBody = n } }

// WithClock sets the clock used to time requests.
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// NewHandler returns a Handler that requires secret in the X-Action-Secret header. An
// empty secret disables the check; only an explicitly insecure dev setup may do that.
func NewHandler(svc *auth.Service, secret string, opts ...Option) *Handler {
	h := &Handler{
		svc:     svc,
		secret:  sha256.Sum256([]byte(secret)),
		open:    secret == "",
		maxBody: DefaultMaxBody,
		log:     slog.New(slog.DiscardHandler),
		now:     time.Now,
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// ServeHTTP answers one action call and logs one line about it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := h.now()
	rec := &Record{ID: RequestID(r)}
	w.Header().Set(RequestIDHeader, rec.ID)
	defer func() { rec.Log(r.Context(), h.log, r, h.now().Sub(start)) }()
	defer Recover(w, rec)

	out, err := h.serve(r, rec)
	if err != nil {
		rec.Fail(err)
		apierr.Write(w, err)
		return
	}
	rec.Status = http.StatusOK
	writeJSON(w, out)
}

// serve runs the checks in order of cost: nothing is read or hashed for a caller that
// does not hold the action secret.
func (h *Handler) serve(r *http.Request, rec *Record) (any, error) {
	name, err := route(r.URL.Path)
	if err != nil {
		return nil, err
	}
	if r.Method != http.MethodPost {
		return nil, apierr.ErrMethodNotAllowed
	}
	if !h.authorized(r) {
		return nil, apierr.ErrUnauthorized.WithMessage("Missing or wrong action secret")
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		return nil, apierr.ErrUnsupportedMedia
	}

	body, err := ReadBody(r.Body, h.maxBody)
	if err != nil {
		return nil, err
	}
	req, err := Decode(body)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = req.Action.Name
	}
	rec.Action = canonical(name)
	if rec.Action != Signup && rec.Action != Login {
		return nil, apierr.ErrUnknownAction
	}
	creds, err := req.Credentials()
	if err != nil {
		return nil, err
	}
	ctx := auth.WithRequestID(h.withClient(r.Context(), r), rec.ID)
	return h.dispatch(ctx, rec.Action, creds)
}

func (h *Handler) dispatch(ctx context.Context, name string, c Credentials) (any, error) {
	switch name {
	case Signup:
		return h.svc.Signup(ctx, c.Email, c.Password)
	case Login:
		return h.svc.Login(ctx, c.Email, c.Password)
	}
	return nil, apierr.ErrUnknownAction
}

// route maps a path to the action it serves: "" for the dispatching paths.
func route(path string) (string, error) {
	switch strings.TrimSuffix(path, "/") {
	case "", "/actions":
		return "", nil
	case "/signup":
		return Signup, nil
	case "/login":
		return Login, nil
	}
	return "", apierr.ErrNotFound
}

// canonical returns the Latch action name matching name case-insensitively, or name.
func canonical(name string) string {
	for _, n := range []string{Signup, Login} {
		if strings.EqualFold(name, n) {
			return n
		}
	}
	return name
}

// authorized compares the action secret in constant time. Both sides are hashed first
// so that the comparison does not reveal the secret's length either. Spaces and tabs
// around the header value are optional whitespace (RFC 9110 §5.5), not part of it:
// net/http strips them and the Workers runtime may not, so they are trimmed here and
// both halves agree.
func (h *Handler) authorized(r *http.Request) bool {
	if h.open {
		return true
	}
	vals := r.Header.Values(SecretHeader)
	if len(vals) != 1 {
		return false
	}
	got := sha256.Sum256([]byte(strings.Trim(vals[0], " \t")))
	return subtle.ConstantTimeCompare(got[:], h.secret[:]) == 1
}

func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		apierr.Write(w, apierr.ErrInternal.WithCause(err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
