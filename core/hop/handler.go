package hop

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/internal/jsonkey"
)

// Handler serves the hop endpoints on the origin in front of an auth.Accounts.
type Handler struct {
	accounts auth.Accounts
	verifier *Verifier
	log      *slog.Logger
}

// NewHandler returns the origin's hop handler. It serves POST SignupPath and
// LoginPath: it caps the body at MaxBodyBytes, verifies the signature before decoding
// anything, applies core/input's rules again (auth.Checked: the edge has applied
// them, but the origin does not take its word for it) before calling accounts, and
// answers a PrincipalResponse or an ErrorResponse with the status of the
// *apierr.Error. Every signature failure answers 401 "unauthorized" with the same
// generic message. Every answer, error or not, is signed for the request's nonce (see
// the package doc). It logs one line per request under the edge's request id
// (HeaderRequestID, or a new id), which it also passes to accounts with
// auth.WithRequestID. WithClock, WithWindow, WithNonceCache and WithLogger apply.
func NewHandler(accounts auth.Accounts, secret []byte, opts ...Option) (*Handler, error) {
	if accounts == nil {
		return nil, ErrBadOption
	}
	s, err := newSettings(secret, opts)
	if err != nil {
		return nil, err
	}
	return &Handler{
		accounts: auth.Checked(accounts),
		verifier: newVerifier(secret, s),
		log:      s.log,
	}, nil
}

// operation is what an endpoint does once the request is authentic.
type operation func(ctx context.Context, email, password string) (auth.Principal, error)

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID(r.Header)
	p, err := h.serve(r.WithContext(auth.WithRequestID(r.Context(), id)))
	nonce := requestNonce(r.Header)
	if err != nil {
		h.writeError(w, nonce, err)
	} else {
		h.writeJSON(w, nonce, http.StatusOK, PrincipalResponse{Principal: p})
	}
	h.logLine(r, id, err, time.Since(start))
}

// requestID returns the edge's request id from HeaderRequestID when it is well
// formed, and a new one otherwise.
func requestID(hdr http.Header) string {
	if id := hdr.Get(HeaderRequestID); auth.ValidRequestID(id) {
		return id
	}
	return auth.NewRequestID()
}

func (h *Handler) serve(r *http.Request) (auth.Principal, error) {
	act, err := h.route(r)
	if err != nil {
		return auth.Principal{}, err
	}

	body, err := readCapped(r)
	if err != nil {
		return auth.Principal{}, err
	}
	if err := h.verifier.Verify(r.Header, r.Method, r.URL.Path, body); err != nil {
		if errors.Is(err, ErrNonceCacheFull) {
			return auth.Principal{}, apierr.ErrOverloaded.WithCause(err)
		}
		return auth.Principal{}, apierr.ErrUnauthorized.WithCause(err)
	}

	c, err := decode(body)
	if err != nil {
		return auth.Principal{}, err
	}
	ctx := r.Context()
	if auth.ValidClient(c.Client) {
		ctx = auth.WithClient(ctx, c.Client)
	}
	return act(ctx, c.Email, c.Password)
}

func (h *Handler) route(r *http.Request) (operation, error) {
	var act operation
	switch r.URL.Path {
	case SignupPath:
		act = h.accounts.Register
	case LoginPath:
		act = h.accounts.Authenticate
	default:
		return nil, apierr.ErrNotFound
	}
	if r.Method != http.MethodPost {
		return nil, apierr.ErrMethodNotAllowed
	}
	return act, nil
}

// readCapped reads at most MaxBodyBytes, refusing a larger declared or actual body
// without reading past the cap.
func readCapped(r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBodyBytes {
		return nil, apierr.ErrTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, apierr.ErrBadRequest.WithCause(err)
	}
	if len(body) > MaxBodyBytes {
		return nil, apierr.ErrTooLarge
	}
	return body, nil
}

// credentialKeys are the keys of a Credentials body: exactly these, case-sensitive,
// none repeated.
var credentialKeys = &jsonkey.Rules{
	Keys:   []string{"email", "password", "client"},
	Closed: true,
}

// decode reads exactly one Credentials object with no unknown, repeated or
// differently cased keys, and both fields present and non-empty.
func decode(body []byte) (Credentials, error) {
	var c Credentials
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, apierr.ErrBadRequest.WithCause(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return c, apierr.ErrBadRequest.WithCause(errors.New("data after the JSON object"))
	}
	if err := jsonkey.Check(body, credentialKeys); err != nil {
		return c, apierr.ErrBadRequest.WithCause(err)
	}
	if c.Email == "" || c.Password == "" {
		return c, apierr.ErrBadRequest.WithCause(errors.New("empty email or password"))
	}
	return c, nil
}

func (h *Handler) writeError(w http.ResponseWriter, nonce string, err error) {
	e := apierr.From(err)
	if e.Code == apierr.MethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	if e.RetryAfter > 0 {
		secs := int64((e.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	h.writeJSON(w, nonce, e.Status, ErrorResponse{Code: e.Code, Message: e.Message})
}

// writeJSON writes v as the answer, signed for nonce. Headers the signature binds,
// such as Retry-After, must be set before.
func (h *Handler) writeJSON(w http.ResponseWriter, nonce string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(ErrorResponse{Code: apierr.Internal, Message: "Internal error"})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	h.verifier.SignResponse(w.Header(), nonce, status, b)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// logLine logs the request's outcome under the request id id, at a level from its
// status, with the attributes of the action handler's line (see action.Record). The
// cause of an error is logged as err; it never holds a body or a secret.
func (h *Handler) logLine(r *http.Request, id string, err error, d time.Duration) {
	status, code := http.StatusOK, "ok"
	var cause error
	if e := apierr.From(err); e != nil {
		status, code, cause = e.Status, string(e.Code), e.Cause
	}
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("code", code),
	}
	if cause != nil {
		attrs = append(attrs, slog.String("err", cause.Error()))
	}

	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case status == http.StatusUnauthorized && code == string(apierr.Unauthorized):
		level = slog.LevelWarn // a bad signature: misconfiguration or an attacker
	}
	h.log.LogAttrs(r.Context(), level, "hop request", attrs...)
}
