package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/origin/internal/config"
	"github.com/latchauth/latch/origin/internal/server"
	"github.com/latchauth/latch/origin/internal/store/embedded"
)

// Secrets of the test configuration. Each is distinctive, so that a test can search
// the logs and the responses for it.
const (
	actionSecret = "test-action-secret-5c1d9e7a2b4f6083"
	edgeSecret   = "test-edge-secret-e3b0c44298fc1c14"
	jwtKey       = "test-jwt-key-9a7f3e21c5d84b06aa17"
	jwtSecret    = `{"type":"HS256","key":"` + jwtKey + `"}`
)

// testConfig is a standalone, hop-enabled origin over an embedded store in a fresh
// directory. Argon2 is tiny where its cost does not matter; server.New does not apply
// the OWASP floor that config.Validate enforces at start-up.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	return config.Config{
		Listen:          "127.0.0.1:0",
		DataDir:         t.TempDir(),
		JWTSecret:       jwtSecret,
		TokenLifetime:   15 * time.Minute,
		ActionSecret:    actionSecret,
		EdgeSecret:      edgeSecret,
		Argon2Memory:    64,
		Argon2Time:      1,
		Argon2Threads:   1,
		ShutdownTimeout: 5 * time.Second,
		LogFormat:       "text",
		LogLevel:        "debug",
	}
}

// origin is a running Server behind an httptest server.
type origin struct {
	t    *testing.T
	cfg  config.Config
	srv  *server.Server
	http *httptest.Server
	once sync.Once
}

// start runs a Server for cfg, logging to log (discarded when nil). It is stopped at
// the end of the test unless stopped before.
func start(t *testing.T, cfg config.Config, log *slog.Logger) *origin {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv, err := server.New(t.Context(), cfg, log)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	o := &origin{t: t, cfg: cfg, srv: srv, http: httptest.NewServer(srv.Handler())}
	t.Cleanup(o.stop)
	return o
}

// stop closes the listener and the store, so that the data directory can be opened
// again.
func (o *origin) stop() {
	o.once.Do(func() {
		o.http.Close()
		if err := o.srv.Close(); err != nil {
			o.t.Errorf("Server.Close: %v", err)
		}
	})
}

// post sends body to path with the given headers and returns the status and body.
func (o *origin) post(path string, hdr http.Header, body []byte) (int, []byte) {
	o.t.Helper()
	ctx, cancel := context.WithTimeout(o.t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.http.URL+path,
		bytes.NewReader(body))
	if err != nil {
		o.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	return o.do(req)
}

func (o *origin) get(path string) (int, []byte) {
	o.t.Helper()
	req, err := http.NewRequestWithContext(o.t.Context(), http.MethodGet, o.http.URL+path,
		nil)
	if err != nil {
		o.t.Fatal(err)
	}
	return o.do(req)
}

func (o *origin) do(req *http.Request) (int, []byte) {
	o.t.Helper()
	resp, err := o.http.Client().Do(req)
	if err != nil {
		o.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		o.t.Fatalf("reading %s: %v", req.URL.Path, err)
	}
	return resp.StatusCode, b
}

// call sends a Hasura action call for name with the action secret.
func (o *origin) call(name, email, password string) (int, []byte) {
	o.t.Helper()
	return o.callWith(actionHeaders(actionSecret), name, email, password)
}

func (o *origin) callWith(hdr http.Header, name, email, password string) (int, []byte) {
	o.t.Helper()
	return o.post("/actions", hdr, actionBody(o.t, name, email, password))
}

func actionHeaders(secret string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(action.SecretHeader, secret)
	return h
}

// actionBody is what Hasura POSTs for an action with email and password arguments.
func actionBody(t *testing.T, name, email, password string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"action":            map[string]string{"name": name},
		"input":             map[string]string{"email": email, "password": password},
		"session_variables": map[string]string{"x-hasura-role": "anonymous"},
		"request_query":     "mutation { " + strings.ToLower(name) + " }",
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openStore opens the data directory of a stopped origin. The caller closes it.
func openStore(t *testing.T, dir string) *embedded.Store {
	t.Helper()
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatalf("embedded.Open: %v", err)
	}
	return st
}

func countUsers(t *testing.T, dir string) int {
	t.Helper()
	st := openStore(t, dir)
	defer st.Close()
	n, err := st.Count(t.Context())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	return n
}

// wantError checks a Hasura-shaped error answer: its status and its extensions.code,
// with a non-empty message.
func wantError(t *testing.T, status int, body []byte, wantStatus int, wantCode string) {
	t.Helper()
	var e struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %s is not JSON: %v", body, err)
	}
	if status != wantStatus || e.Extensions.Code != wantCode || e.Message == "" {
		t.Fatalf("got %d %s, want %d with code %q and a message",
			status, body, wantStatus, wantCode)
	}
}

// syncBuffer is a bytes.Buffer safe for a logger shared by concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// captureLogs returns a debug-level logger writing JSON lines into the returned
// buffer.
func captureLogs() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	h := slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	return slog.New(h), buf
}
