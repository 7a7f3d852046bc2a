package hop

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// fakeAccounts records its calls and answers from its fields.
type fakeAccounts struct {
	mu      sync.Mutex
	calls   []string
	clients []string // auth.ClientFrom of each call's context
	ids     []string // auth.RequestIDFrom of each call's context
	p       auth.Principal
	err     error
}

func (f *fakeAccounts) record(
	ctx context.Context, call, email, password string,
) (auth.Principal, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call+" "+email+" "+password)
	f.clients = append(f.clients, auth.ClientFrom(ctx))
	f.ids = append(f.ids, auth.RequestIDFrom(ctx))
	return f.p, f.err
}

func (f *fakeAccounts) Register(ctx context.Context, email, pw string) (auth.Principal, error) {
	return f.record(ctx, "register", email, pw)
}

func (f *fakeAccounts) Authenticate(
	ctx context.Context, email, pw string,
) (auth.Principal, error) {
	return f.record(ctx, "authenticate", email, pw)
}

func (f *fakeAccounts) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

var ana = auth.Principal{UserID: 42, Email: "ana@example.com", DefaultRole: "user",
	AllowedRoles: []string{"user"}}

// signedRequest builds a request signed by the test signer for path and body.
func signedRequest(t *testing.T, method, path string, body []byte) *http.Request {
	t.Helper()
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	if err := mustSigner(t).Sign(r.Header, method, path, body); err != nil {
		t.Fatal(err)
	}
	return r
}

func newTestHandler(t *testing.T, acc auth.Accounts, opts ...Option) *Handler {
	t.Helper()
	h, err := NewHandler(acc, testSecret,
		append([]Option{WithClock(fixedClock(epoch))}, opts...)...)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	return h
}

func TestHandlerSuccess(t *testing.T) {
	tests := []struct {
		path string
		call string
	}{
		{SignupPath, "register ana@example.com hunter22"},
		{LoginPath, "authenticate ana@example.com hunter22"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			acc := &fakeAccounts{p: ana}
			w := httptest.NewRecorder()
			newTestHandler(t, acc).ServeHTTP(w, signedRequest(t, "POST", tt.path, testBody))

			if w.Code != http.StatusOK {
				t.Fatalf("status %d, body %s", w.Code, w.Body)
			}
			var got PrincipalResponse
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Principal.UserID != 42 || got.Principal.AllowedRoles[0] != "user" {
				t.Errorf("principal = %+v", got.Principal)
			}
			if calls := acc.called(); len(calls) != 1 || calls[0] != tt.call {
				t.Errorf("accounts calls = %q, want [%q]", calls, tt.call)
			}
		})
	}
}

func TestHandlerAccountsErrors(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   apierr.Code
		wantMsg    string
	}{
		{"invalid credentials", apierr.ErrInvalidCredentials, 401, apierr.InvalidCredentials,
			"Invalid credentials"},
		{"email taken with cause", apierr.ErrEmailTaken.WithCause(auth.ErrEmailTaken), 409,
			apierr.EmailTaken, apierr.ErrEmailTaken.Message},
		{"plain error", context.DeadlineExceeded, 500, apierr.Internal, "Internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h := newTestHandler(t, &fakeAccounts{err: tt.err})
			h.ServeHTTP(w, signedRequest(t, "POST", LoginPath, testBody))

			var got ErrorResponse
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("body %s: %v", w.Body, err)
			}
			if w.Code != tt.wantStatus || got.Code != tt.wantCode || got.Message != tt.wantMsg {
				t.Errorf("got %d %+v, want %d %s %q",
					w.Code, got, tt.wantStatus, tt.wantCode, tt.wantMsg)
			}
			if strings.Contains(w.Body.String(), "deadline") ||
				strings.Contains(w.Body.String(), "auth:") {
				t.Errorf("body %s leaks an internal cause", w.Body)
			}
		})
	}
}

// Requests that must never reach accounts, with the status each gets.
func TestHandlerRefusesBeforeAccounts(t *testing.T) {
	big := []byte(`{"email":"a@b.c","password":"` + strings.Repeat("x", MaxBodyBytes) + `"}`)
	tests := []struct {
		name     string
		req      func(t *testing.T) *http.Request
		opts     []Option
		wantCode apierr.Code
		status   int
	}{
		{"unsigned", func(t *testing.T) *http.Request {
			return httptest.NewRequest("POST", LoginPath, bytes.NewReader(testBody))
		}, nil, apierr.Unauthorized, 401},
		{"wrong secret", func(t *testing.T) *http.Request {
			r := httptest.NewRequest("POST", LoginPath, bytes.NewReader(testBody))
			other, _ := NewSigner(bytes.Repeat([]byte("x"), 32), WithClock(fixedClock(epoch)))
			_ = other.Sign(r.Header, "POST", LoginPath, testBody)
			return r
		}, nil, apierr.Unauthorized, 401},
		{"signed for login, sent to signup", func(t *testing.T) *http.Request {
			r := signedRequest(t, "POST", LoginPath, testBody)
			r.URL.Path = SignupPath
			return r
		}, nil, apierr.Unauthorized, 401},
		{"body swapped", func(t *testing.T) *http.Request {
			r := signedRequest(t, "POST", LoginPath, testBody)
			r.Body = http.NoBody
			r.ContentLength = 0
			return r
		}, nil, apierr.Unauthorized, 401},
		{"stale", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, testBody)
		}, []Option{WithClock(fixedClock(epoch.Add(DefaultWindow + 2*time.Second)))},
			apierr.Unauthorized, 401},
		{"too large, declared", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, big)
		}, nil, apierr.TooLarge, 413},
		{"too large, undeclared", func(t *testing.T) *http.Request {
			r := signedRequest(t, "POST", LoginPath, big)
			r.ContentLength = -1
			return r
		}, nil, apierr.TooLarge, 413},
		{"GET", func(t *testing.T) *http.Request {
			return signedRequest(t, "GET", LoginPath, nil)
		}, nil, apierr.MethodNotAllowed, 405},
		{"unknown path", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", "/hop/v1/logout", testBody)
		}, nil, apierr.NotFound, 404},
		{"signed but unknown field", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath,
				[]byte(`{"email":"a@b.c","password":"x","admin":true}`))
		}, nil, apierr.BadRequest, 400},
		{"signed but truncated", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, []byte(`{"email":"a@b.c"`))
		}, nil, apierr.BadRequest, 400},
		{"signed but two objects", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, append(bytes.Clone(testBody), testBody...))
		}, nil, apierr.BadRequest, 400},
		{"signed but no password", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, []byte(`{"email":"a@b.c"}`))
		}, nil, apierr.BadRequest, 400},
		{"signed but password repeated", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath,
				[]byte(`{"email":"a@b.c","password":"wrong","password":"hunter22"}`))
		}, nil, apierr.BadRequest, 400},
		{"signed but client repeated", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, []byte(`{"email":"a@b.c",`+
				`"password":"hunter22","client":"192.0.2.1","client":"192.0.2.2"}`))
		}, nil, apierr.BadRequest, 400},
		{"signed but Password capitalized", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath,
				[]byte(`{"email":"a@b.c","Password":"hunter22"}`))
		}, nil, apierr.BadRequest, 400},
		{"signed but EMAIL upper-case", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", SignupPath,
				[]byte(`{"EMAIL":"a@b.c","password":"hunter22"}`))
		}, nil, apierr.BadRequest, 400},
		{"signed but password not a string", func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, []byte(`{"email":"a@b.c","password":1}`))
		}, nil, apierr.BadRequest, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := &fakeAccounts{p: ana}
			w := httptest.NewRecorder()
			newTestHandler(t, acc, tt.opts...).ServeHTTP(w, tt.req(t))

			var got ErrorResponse
			_ = json.Unmarshal(w.Body.Bytes(), &got)
			if w.Code != tt.status || got.Code != tt.wantCode {
				t.Errorf("got %d %s (%s), want %d %s", w.Code, got.Code, w.Body, tt.status,
					tt.wantCode)
			}
			if calls := acc.called(); len(calls) != 0 {
				t.Errorf("accounts was called: %q", calls)
			}
			if got.Code == apierr.Unauthorized && got.Message != apierr.ErrUnauthorized.Message {
				t.Errorf("signature failure message %q is not the generic one", got.Message)
			}
		})
	}
}

func TestHandlerRefusesReplay(t *testing.T) {
	acc := &fakeAccounts{p: ana}
	h := newTestHandler(t, acc)
	r := signedRequest(t, "POST", LoginPath, testBody)
	replay := signedCopy(r, testBody)

	h.ServeHTTP(httptest.NewRecorder(), r)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, replay)

	if w.Code != http.StatusUnauthorized || len(acc.called()) != 1 {
		t.Errorf("replay: status %d, accounts calls %d; want 401 and 1", w.Code,
			len(acc.called()))
	}
}

// signedCopy returns a new request with r's method, path and headers, and body.
func signedCopy(r *http.Request, body []byte) *http.Request {
	c := httptest.NewRequest(r.Method, r.URL.Path, bytes.NewReader(body))
	c.Header = r.Header.Clone()
	return c
}

// Nothing secret reaches the log: not the secret, the password, or a header value.
func TestHandlerLogs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := newTestHandler(t, &fakeAccounts{err: apierr.ErrInvalidCredentials}, WithLogger(log))

	ok := signedRequest(t, "POST", LoginPath, testBody)
	h.ServeHTTP(httptest.NewRecorder(), ok)
	bad := signedRequest(t, "POST", LoginPath, testBody)
	bad.Header.Set(HeaderSignature, strings.Repeat("ab", 32))
	h.ServeHTTP(httptest.NewRecorder(), bad)

	out := buf.String()
	for _, secret := range []string{string(testSecret), "hunter22", ok.Header.Get(HeaderNonce),
		ok.Header.Get(HeaderSignature), "ana@example.com"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, `"code":"invalid_credentials"`) ||
		!strings.Contains(out, `"level":"WARN"`) {
		t.Errorf("log lacks the outcome lines:\n%s", out)
	}
}

// The log line carries the edge's request id, so that it can be matched with the
// edge's line for the same call, and its duration in milliseconds, as the action
// handler's line does. A missing or malformed id is replaced by a new one.
func TestHandlerLogsRequestID(t *testing.T) {
	tests := []struct {
		name, header string
		want         string // "" for a newly made id
	}{
		{"from the edge", "0123456789abcdef", "0123456789abcdef"},
		{"Hasura's", "req_Hasura-42", "req_Hasura-42"},
		{"absent", "", ""},
		{"with a space", "a b", ""},
		{"with a quote", `a"level":"ERROR`, ""},
		{"too long", strings.Repeat("a", 65), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			acc := &fakeAccounts{p: ana}
			h := newTestHandler(t, acc, WithLogger(slog.New(slog.NewJSONHandler(&buf, nil))))
			r := signedRequest(t, "POST", LoginPath, testBody)
			if tt.header != "" {
				r.Header.Set(HeaderRequestID, tt.header)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)

			var line struct {
				ID         string   `json:"request_id"`
				DurationMS *float64 `json:"duration_ms"`
				Duration   any      `json:"duration"`
			}
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatalf("log line %q: %v", buf.String(), err)
			}
			if line.DurationMS == nil || line.Duration != nil {
				t.Errorf("log line %s: want duration_ms and no duration", buf.String())
			}
			want := tt.want
			if want == "" {
				want = line.ID
				if len(want) != 16 || !auth.ValidRequestID(want) || want == tt.header {
					t.Errorf("request_id = %q, want a new 16-digit id", want)
				}
			}
			if line.ID != want {
				t.Errorf("request_id = %q, want %q", line.ID, want)
			}
			if len(acc.ids) != 1 || acc.ids[0] != want {
				t.Errorf("accounts saw request ids %q, want [%q]", acc.ids, want)
			}
		})
	}
}

func TestNewHandlerRefuses(t *testing.T) {
	if _, err := NewHandler(&fakeAccounts{}, testSecret[:20]); err == nil {
		t.Error("NewHandler accepted a short secret")
	}
	if _, err := NewHandler(nil, testSecret); err == nil {
		t.Error("NewHandler accepted nil accounts")
	}
}

// The client address in a signed body reaches accounts through the context, when it
// is one auth.ValidClient accepts.
func TestHandlerRestoresClient(t *testing.T) {
	tests := []struct {
		name   string
		client string
		want   string
	}{
		{"absent", "", ""},
		{"ipv4", "203.0.113.7", "203.0.113.7"},
		{"ipv6", "2001:db8::1", "2001:db8::1"},
		{"with a space", "203.0.113.7 x", ""},
		{"a list", "203.0.113.7,10.0.0.1", ""},
		{"too long", strings.Repeat("1", 65), ""},
		{"not ascii", "203.0.113.7\u00e9", ""},
		{"control byte", "203.0.113.7\x00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := json.Marshal(Credentials{Email: "ana@example.com",
				Password: "hunter22", Client: tt.client})
			if err != nil {
				t.Fatal(err)
			}
			acc := &fakeAccounts{p: ana}
			w := httptest.NewRecorder()
			newTestHandler(t, acc).ServeHTTP(w, signedRequest(t, "POST", LoginPath, body))

			if w.Code != http.StatusOK || len(acc.clients) != 1 {
				t.Fatalf("status %d, %d accounts calls", w.Code, len(acc.clients))
			}
			if acc.clients[0] != tt.want {
				t.Errorf("accounts saw client %q, want %q", acc.clients[0], tt.want)
			}
		})
	}
}

// The origin applies core/input's rules to a signed body again: holding the edge
// secret is not enough to store an address or a password the edge would refuse.
func TestHandlerRechecksInput(t *testing.T) {
	long := strings.Repeat("p", 513)
	tests := []struct {
		name     string
		path     string
		email    string
		password string
		status   int
		code     apierr.Code // "" for success
		call     string      // the accounts call, "" for none
	}{
		{"signup email is normalized", SignupPath, " HOPY@Example.com", "hunter22",
			200, "", "register hopy@example.com hunter22"},
		{"signup password is normalized", SignupPath, "ana@example.com", "ｈｕｎｔｅｒ２２",
			200, "", "register ana@example.com hunter22"},
		{"signup short password", SignupPath, "ana@example.com", "five5",
			400, apierr.WeakPassword, ""},
		{"signup long password", SignupPath, "ana@example.com", long,
			400, apierr.WeakPassword, ""},
		{"signup malformed email", SignupPath, "ana@localhost", "hunter22",
			400, apierr.InvalidEmail, ""},
		{"login email is normalized", LoginPath, "ANA@EXAMPLE.COM", "hunter22",
			200, "", "authenticate ana@example.com hunter22"},
		{"login short password still checked", LoginPath, "ana@example.com", "five5",
			200, "", "authenticate ana@example.com five5"},
		{"login malformed email", LoginPath, "ana@@example.com", "hunter22",
			401, apierr.InvalidCredentials, ""},
		{"login long password", LoginPath, "ana@example.com", long,
			401, apierr.InvalidCredentials, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := json.Marshal(Credentials{Email: tt.email, Password: tt.password})
			if err != nil {
				t.Fatal(err)
			}
			acc := &fakeAccounts{p: ana}
			w := httptest.NewRecorder()
			newTestHandler(t, acc).ServeHTTP(w, signedRequest(t, "POST", tt.path, body))

			var got ErrorResponse
			_ = json.Unmarshal(w.Body.Bytes(), &got)
			if w.Code != tt.status || got.Code != tt.code {
				t.Errorf("got %d %q (%s), want %d %q", w.Code, got.Code, w.Body,
					tt.status, tt.code)
			}
			calls := acc.called()
			switch {
			case tt.call == "" && len(calls) != 0:
				t.Errorf("accounts was called: %q", calls)
			case tt.call != "" && (len(calls) != 1 || calls[0] != tt.call):
				t.Errorf("accounts calls = %q, want [%q]", calls, tt.call)
			}
		})
	}
}
