package action_test

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

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/auth"
)

const (
	secret   = "s3cret-action-header-value"
	token    = "eyJhbGciOiJIUzI1NiJ9.payload.signature"
	email    = "ben@example.com"
	password = "hunter22-horse"
)

// fakeAccounts records calls and answers as a test sets; it can panic to test Recover.
type fakeAccounts struct {
	mu      sync.Mutex
	calls   []string
	clients []string // auth.ClientFrom of each call's context
	err     error
	panic   bool
}

func (a *fakeAccounts) record(ctx context.Context, call string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, call)
	a.clients = append(a.clients, auth.ClientFrom(ctx))
	if a.panic {
		panic("accounts: nil map")
	}
}

func (a *fakeAccounts) n() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.calls)
}

func (a *fakeAccounts) Register(ctx context.Context, e, _ string) (auth.Principal, error) {
	a.record(ctx, "Signup")
	return auth.Principal{UserID: 7, Email: e, DefaultRole: "user",
		AllowedRoles: []string{"user"}}, a.err
}

func (a *fakeAccounts) Authenticate(ctx context.Context, e, _ string) (auth.Principal, error) {
	a.record(ctx, "Login")
	return auth.Principal{UserID: 7, Email: e, DefaultRole: "user",
		AllowedRoles: []string{"user"}}, a.err
}

// fakeSigner returns token and records whom it signed for.
type fakeSigner struct{ issued []auth.Principal }

func (s *fakeSigner) Issue(_ context.Context, p auth.Principal) (string, error) {
	s.issued = append(s.issued, p)
	return token, nil
}

// spyBody is a request body that remembers whether and how much it was read.
type spyBody struct {
	r    io.Reader
	read int64
	used bool
}

func (b *spyBody) Read(p []byte) (int, error) {
	b.used = true
	n, err := b.r.Read(p)
	b.read += int64(n)
	return n, err
}

func (b *spyBody) Close() error { return nil }

// fixture is a Handler over fakes with its log captured.
type fixture struct {
	h        *action.Handler
	accounts *fakeAccounts
	signer   *fakeSigner
	logs     *bytes.Buffer
}

func newFixture(opts ...action.Option) *fixture {
	f := &fixture{accounts: &fakeAccounts{}, signer: &fakeSigner{}, logs: &bytes.Buffer{}}
	log := slog.New(slog.NewJSONHandler(f.logs, nil))
	svc := auth.NewService(f.accounts, f.signer)
	opts = append([]action.Option{action.WithLogger(log)}, opts...)
	f.h = action.NewHandler(svc, secret, opts...)
	return f
}

// call is one request to the handler.
type call struct {
	method  string // POST when empty
	path    string // /actions when empty
	ctype   string // application/json when empty; "-" for none
	secrets []string
	body    io.Reader
	header  http.Header
}

// authorized returns a JSON POST to /actions with the right secret and body.
func authorized(body string) call {
	return call{secrets: []string{secret}, body: strings.NewReader(body)}
}

func (f *fixture) do(t *testing.T, c call) (*httptest.ResponseRecorder, *spyBody) {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	if c.path == "" {
		c.path = "/actions"
	}
	if c.body == nil {
		c.body = strings.NewReader("")
	}
	spy := &spyBody{r: c.body}
	r := httptest.NewRequest(c.method, c.path, nil)
	r.Body = spy
	for k, vs := range c.header {
		r.Header[k] = vs
	}
	switch c.ctype {
	case "":
		r.Header.Set("Content-Type", "application/json")
	case "-":
	default:
		r.Header.Set("Content-Type", c.ctype)
	}
	for _, s := range c.secrets {
		r.Header.Add(action.SecretHeader, s)
	}

	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w, spy
}

// body builds a Hasura action call for name with the given input JSON.
func body(name, input string) string {
	return `{"action":{"name":"` + name + `"},"input":` + input +
		`,"session_variables":{"x-hasura-role":"anonymous"},"request_query":"mutation{x}"}`
}

// creds is the input of a well-formed call.
var creds = `{"email":"` + email + `","password":"` + password + `"}`

// hasuraError decodes an error body and checks that Hasura would pass it on: a
// non-empty message and a string code. It returns the code.
func hasuraError(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("error body %q is not JSON: %v", w.Body.String(), err)
	}
	if msg, ok := doc["message"].(string); !ok || msg == "" {
		t.Errorf("message = %#v, want a non-empty string", doc["message"])
	}
	ext, _ := doc["extensions"].(map[string]any)
	code, ok := ext["code"].(string)
	if !ok || code == "" {
		t.Errorf("extensions.code = %#v, want a non-empty string", ext["code"])
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	return code
}

// logLines decodes the captured JSON log lines.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("log %q: %v", buf.String(), err)
		}
		lines = append(lines, m)
	}
	return lines
}
