package hopclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
)

var testSecret = []byte("edge-and-origin-share-this-32-b!")

var ana = auth.Principal{UserID: 42, Email: "ana@example.com", DefaultRole: "user",
	AllowedRoles: []string{"user"}}

// fakeAccounts answers from its fields and counts its calls.
type fakeAccounts struct {
	calls atomic.Int32
	p     auth.Principal
	err   error
}

func (f *fakeAccounts) Register(context.Context, string, string) (auth.Principal, error) {
	f.calls.Add(1)
	return f.p, f.err
}

func (f *fakeAccounts) Authenticate(context.Context, string, string) (auth.Principal, error) {
	f.calls.Add(1)
	return f.p, f.err
}

// doer sends with a native client that, like the Worker's fetch in manual mode,
// does not follow redirects.
func doer(srv *httptest.Server) Doer {
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c.Do
}

// origin starts the real hop handler in front of acc, on loopback.
func origin(t *testing.T, acc auth.Accounts) *httptest.Server {
	t.Helper()
	h, err := hop.NewHandler(acc, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	c, err := New(srv.URL, testSecret, doer(srv), opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	acc := &fakeAccounts{p: ana}
	c := newClient(t, origin(t, acc))
	ctx := context.Background()

	type call func(context.Context, string, string) (auth.Principal, error)
	for name, do := range map[string]call{"register": c.Register, "authenticate": c.Authenticate} {
		t.Run(name, func(t *testing.T) {
			p, err := do(ctx, "ana@example.com", "hunter22")
			if err != nil {
				t.Fatal(err)
			}
			if p.UserID != 42 || p.DefaultRole != "user" || p.Email != "ana@example.com" {
				t.Errorf("principal = %+v", p)
			}
		})
	}
	if acc.calls.Load() != 2 {
		t.Errorf("accounts called %d times, want 2", acc.calls.Load())
	}
}

// The origin's outcomes come back as the edge's own sentinels, with the edge's public
// messages.
func TestOriginErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		want      *apierr.Error
		wantRetry time.Duration
	}{
		{"invalid credentials", apierr.ErrInvalidCredentials, apierr.ErrInvalidCredentials, 0},
		{"email taken", apierr.ErrEmailTaken.WithMessage("origin wording"),
			apierr.ErrEmailTaken, 0},
		{"weak password", apierr.ErrWeakPassword, apierr.ErrWeakPassword, 0},
		{"too many attempts", apierr.ErrTooManyAttempts.WithRetryAfter(90 * time.Second),
			apierr.ErrTooManyAttempts, 90 * time.Second},
		{"origin store down", errors.New("dial tcp: refused"), apierr.ErrUnavailable, 0},
		{"origin unavailable", apierr.ErrUnavailable, apierr.ErrUnavailable, 0},
		{"protocol code", apierr.ErrUnknownAction, apierr.ErrInternal, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, origin(t, &fakeAccounts{err: tt.err}))
			_, err := c.Authenticate(context.Background(), "ana@example.com", "x")

			e := apierr.From(err)
			if !errors.Is(err, tt.want) || e.Status != tt.want.Status ||
				e.Message != tt.want.Message {
				t.Fatalf("got %d %s %q, want %d %s %q", e.Status, e.Code, e.Message,
					tt.want.Status, tt.want.Code, tt.want.Message)
			}
			if e.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, tt.wantRetry)
			}
		})
	}
}

func TestWrongSecret(t *testing.T) {
	acc := &fakeAccounts{p: ana}
	srv := origin(t, acc)
	c, err := New(srv.URL, []byte(strings.Repeat("w", 32)), doer(srv))
	if err != nil {
		t.Fatal(err)
	}

	// The origin's 401 is signed with its secret, so the edge cannot tell it from a
	// forgery: the origin is unusable, and the log points at the secret.
	_, err = c.Authenticate(context.Background(), "ana@example.com", "x")
	if !errors.Is(err, apierr.ErrUnavailable) || !strings.Contains(err.Error(), "hop secret") {
		t.Errorf("error = %v, want ErrUnavailable pointing at the hop secret", err)
	}
	if acc.calls.Load() != 0 {
		t.Error("origin accounts ran for a badly signed request")
	}
}

// Signed answers the hop does not produce all mean the origin is not usable right now.
func TestUnusableAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   *apierr.Error
	}{
		{"html 502 from a proxy", 502, "<html>Bad Gateway</html>", apierr.ErrUnavailable},
		{"hop 500", 500, `{"code":"internal","message":"Internal error"}`,
			apierr.ErrUnavailable},
		{"200 not JSON", 200, "OK", apierr.ErrUnavailable},
		{"200 empty principal", 200, `{"principal":{}}`, apierr.ErrUnavailable},
		{"200 default role not allowed", 200,
			`{"principal":{"id":1,"default_role":"admin","allowed_roles":["user"]}}`,
			apierr.ErrUnavailable},
		{"204", 204, "", apierr.ErrUnavailable},
		{"redirect", 302, "", apierr.ErrUnavailable},
		{"4xx not JSON", 404, "404 page not found", apierr.ErrUnavailable},
		{"4xx without code", 400, `{"message":"no"}`, apierr.ErrUnavailable},
		{"unknown code", 418, `{"code":"teapot","message":"short and stout"}`,
			apierr.ErrInternal},
		{"huge body", 200, `{"principal":{"id":1,"email":"` +
			strings.Repeat("a", MaxResponseBytes) + `"}}`, apierr.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter,
				r *http.Request) {
				if tt.status == 302 {
					w.Header().Set("Location", "http://127.0.0.1:1/elsewhere")
				}
				writeSigned(t, w, r.Header.Get(hop.HeaderNonce), tt.status, []byte(tt.body))
			}))
			defer srv.Close()

			_, err := newClient(t, srv).Register(context.Background(), "a@b.c", "x")
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %s", err, tt.want.Code)
			}
		})
	}
}

// C-20: with the origin stopped, the edge answers promptly, and what a client sees
// names neither the origin nor the secret.
func TestOriginDown(t *testing.T) {
	srv := origin(t, &fakeAccounts{p: ana})
	c := newClient(t, srv)
	srv.Close()

	start := time.Now()
	_, err := c.Authenticate(context.Background(), "ana@example.com", "x")
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v with the origin down", elapsed)
	}
	if !errors.Is(err, apierr.ErrUnavailable) {
		t.Fatalf("error = %v, want ErrUnavailable", err)
	}
	assertNoLeak(t, err, srv.URL)
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)

	c := newClient(t, srv, WithTimeout(100*time.Millisecond))
	start := time.Now()
	_, err := c.Authenticate(context.Background(), "ana@example.com", "x")
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v with a 100 ms timeout", elapsed)
	}
	if !errors.Is(err, apierr.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want ErrUnavailable caused by the deadline", err)
	}
	assertNoLeak(t, err, srv.URL)
}

// assertNoLeak checks what apierr renders for err: the generic public message, and
// neither the origin URL, its host nor the secret.
func assertNoLeak(t *testing.T, err error, originURL string) {
	t.Helper()
	w := httptest.NewRecorder()
	apierr.Write(w, err)
	out := w.Body.String()
	host := strings.TrimPrefix(originURL, "http://")
	for _, secret := range []string{originURL, host, string(testSecret), "127.0.0.1"} {
		if strings.Contains(out, secret) {
			t.Errorf("client-visible body %s contains %q", out, secret)
		}
	}
	if !strings.Contains(out, apierr.ErrUnavailable.Message) {
		t.Errorf("body %s lacks the generic message", out)
	}
}

func TestTooLargeNeverSent(t *testing.T) {
	var sent atomic.Bool
	do := func(*http.Request) (*http.Response, error) {
		sent.Store(true)
		return nil, errors.New("unreachable")
	}
	c, err := New("http://127.0.0.1:8090", testSecret, do)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Register(context.Background(), "a@b.c", strings.Repeat("x", hop.MaxBodyBytes))
	if !errors.Is(err, apierr.ErrTooLarge) || sent.Load() {
		t.Errorf("error = %v, sent = %v; want ErrTooLarge and nothing sent", err, sent.Load())
	}
}

func TestNew(t *testing.T) {
	do := func(*http.Request) (*http.Response, error) { return nil, errors.New("unused") }
	tests := []struct {
		name   string
		url    string
		secret []byte
		do     Doer
		opts   []Option
		ok     bool
	}{
		{"http with port", "http://127.0.0.1:8090", testSecret, do, nil, true},
		{"https, trailing slash", "https://origin.example/", testSecret, do, nil, true},
		{"empty", "", testSecret, do, nil, false},
		{"no scheme", "127.0.0.1:8090", testSecret, do, nil, false},
		{"ftp", "ftp://origin.example", testSecret, do, nil, false},
		{"http to localhost", "http://localhost:8090", testSecret, do, nil, true},
		{"http to a remote host", "http://origin.example", testSecret, do, nil, false},
		{"userinfo", "https://admin:s3cr3t@origin.example", testSecret, do, nil, false},
		{"path", "https://origin.example/latch", testSecret, do, nil, false},
		{"query", "https://origin.example/?x=1", testSecret, do, nil, false},
		{"fragment", "https://origin.example/#f", testSecret, do, nil, false},
		{"no host", "http:///hop", testSecret, do, nil, false},
		{"short secret", "http://127.0.0.1:8090", testSecret[:31], do, nil, false},
		{"nil doer", "http://127.0.0.1:8090", testSecret, nil, nil, false},
		{"zero timeout", "http://127.0.0.1:8090", testSecret, do,
			[]Option{WithTimeout(0)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.url, tt.secret, tt.do, tt.opts...)
			if (err == nil) != tt.ok {
				t.Fatalf("New = %v, %v; want ok=%v", c, err, tt.ok)
			}
			if err != nil && strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error %q repeats the URL's password", err)
			}
		})
	}
}

func TestPlainHTTPAllowed(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8090", true},
		{"http://127.200.3.4", true},
		{"http://[::1]:8090", true},
		{"http://[::ffff:127.0.0.1]", true},
		{"http://localhost:8090", true},
		{"http://LocalHost", true},
		{"https://origin.example", true},
		{"https://203.0.113.7", true},
		{"http://origin.example", false},
		{"http://203.0.113.7:8090", false},
		{"http://10.0.0.1", false},
		{"http://[::2]", false},
		{"http://[fe80::1%25eth0]", false},
		{"http://0.0.0.0", false},
		{"http://localhost.origin.example", false},
		{"http://app.localhost", false},
		{"http://127.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := PlainHTTPAllowed(u); got != tt.want {
				t.Errorf("PlainHTTPAllowed(%s) = %v, want %v", tt.url, got, tt.want)
			}
		})
	}
}

// The request id of the action being served goes along in hop.HeaderRequestID, so
// that the origin logs the call under the edge's id; a malformed one does not.
func TestRequestIDHeader(t *testing.T) {
	tests := []struct{ name, id, want string }{
		{"edge id", "0123456789abcdef", "0123456789abcdef"},
		{"none", "", ""},
		{"malformed", "a\nb", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			do := func(r *http.Request) (*http.Response, error) {
				got = r.Header.Values(hop.HeaderRequestID)
				return nil, errors.New("not sent")
			}
			c, err := New("http://127.0.0.1:8090", testSecret, do)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tt.id != "" {
				ctx = auth.WithRequestID(ctx, tt.id)
			}
			_, _ = c.Authenticate(ctx, "ana@example.com", "hunter22")

			if tt.want == "" && len(got) != 0 || tt.want != "" &&
				(len(got) != 1 || got[0] != tt.want) {
				t.Errorf("%s = %q, want %q", hop.HeaderRequestID, got, tt.want)
			}
		})
	}
}
