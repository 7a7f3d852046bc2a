package hopclient

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
)

// writeSigned writes an answer signed as the origin would sign it for nonce.
func writeSigned(t *testing.T, w http.ResponseWriter, nonce string, status int, body []byte) {
	t.Helper()
	v, err := hop.NewVerifier(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	v.SignResponse(w.Header(), nonce, status, body)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// answer is a recorded origin answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// forger sits where the origin should be. It passes each request to the real origin
// and lets edit rewrite the answer before the edge sees it.
func forger(
	t *testing.T, origin http.Handler, edit func(*http.Request, *answer),
) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		origin.ServeHTTP(rec, r)
		a := &answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		edit(r, a)
		for k, vs := range a.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func hopHandler(t *testing.T, acc auth.Accounts) http.Handler {
	t.Helper()
	h, err := hop.NewHandler(acc, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The edge trusts nothing in an answer whose signature does not hold for its own
// request: every forgery is ErrUnavailable, and never a principal.
func TestForgedAnswers(t *testing.T) {
	principal := []byte(`{"principal":{"id":1,"email":"eve@example.com",` +
		`"default_role":"admin","allowed_roles":["admin"]}}`)
	var (
		mu    sync.Mutex
		saved *answer // a genuine answer to an earlier request
	)
	tests := []struct {
		name   string
		acc    *fakeAccounts
		edit   func(*http.Request, *answer)
		warmup bool // send a request first, whose answer edit may keep
	}{
		{"unsigned principal", &fakeAccounts{err: apierr.ErrInvalidCredentials},
			func(_ *http.Request, a *answer) {
				a.status, a.body = http.StatusOK, principal
				a.header.Del(hop.HeaderSignature)
			}, false},
		{"principal swapped in", &fakeAccounts{p: ana}, func(_ *http.Request, a *answer) {
			a.body = principal
		}, false},
		{"body altered", &fakeAccounts{p: ana}, func(_ *http.Request, a *answer) {
			a.body = bytes.Replace(a.body, []byte(`"id":42`), []byte(`"id":43`), 1)
		}, false},
		{"status swapped", &fakeAccounts{err: apierr.ErrInvalidCredentials},
			func(_ *http.Request, a *answer) { a.status = http.StatusConflict }, false},
		{"retry-after stretched", &fakeAccounts{err: apierr.ErrTooManyAttempts},
			func(_ *http.Request, a *answer) { a.header.Set("Retry-After", "86400") },
			false},
		{"replayed from another request", &fakeAccounts{p: ana},
			func(_ *http.Request, a *answer) {
				mu.Lock()
				defer mu.Unlock()
				if saved == nil {
					saved = a // the first request gets its own answer
					return
				}
				*a = *saved
			}, true},
		{"request signature reflected", &fakeAccounts{p: ana},
			func(r *http.Request, a *answer) {
				a.header.Set(hop.HeaderSignature, r.Header.Get(hop.HeaderSignature))
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := forger(t, hopHandler(t, tt.acc), tt.edit)
			c := newClient(t, srv)
			ctx := context.Background()
			if tt.warmup {
				if _, err := c.Authenticate(ctx, "ana@example.com", "x"); err != nil {
					t.Fatalf("first, genuine answer: %v", err)
				}
			}

			p, err := c.Authenticate(ctx, "ana@example.com", "x")
			if !errors.Is(err, apierr.ErrUnavailable) || p.UserID != 0 {
				t.Fatalf("got %+v, %v; want ErrUnavailable and no principal", p, err)
			}
			if e := apierr.From(err); e.RetryAfter != 0 {
				t.Errorf("RetryAfter = %v from a forged answer", e.RetryAfter)
			}
			assertNoLeak(t, err, srv.URL)
		})
	}
}

// issuer counts the tokens it would have issued.
type issuer struct{ issued int }

func (i *issuer) Issue(context.Context, auth.Principal) (string, error) {
	i.issued++
	return "token", nil
}

// A fake origin that answers an unsigned 200 with a principal gets no token minted.
func TestFakeOriginGetsNoToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"principal":{"id":1,"email":"eve@example.com",`+
			`"default_role":"admin","allowed_roles":["admin"]}}`)
	}))
	defer srv.Close()
	iss := &issuer{}
	svc := auth.NewService(newClient(t, srv), iss)

	_, err := svc.Login(context.Background(), "eve@example.com", "x")
	if !errors.Is(err, apierr.ErrUnavailable) || iss.issued != 0 {
		t.Errorf("Login = %v with %d tokens issued; want ErrUnavailable and none", err,
			iss.issued)
	}
	if !strings.Contains(err.Error(), "missing signature") {
		t.Errorf("cause %q does not say why", err)
	}
	assertNoLeak(t, err, srv.URL)
}

// clientSpy is an auth.Accounts that records the client address it is called with.
type clientSpy struct{ client chan string }

func (s clientSpy) Register(ctx context.Context, _, _ string) (auth.Principal, error) {
	s.client <- auth.ClientFrom(ctx)
	return ana, nil
}

func (s clientSpy) Authenticate(ctx context.Context, _, _ string) (auth.Principal, error) {
	s.client <- auth.ClientFrom(ctx)
	return ana, nil
}

// The client address in the edge's context reaches the origin's accounts.
func TestCarriesClient(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"none", context.Background(), ""},
		{"ipv4", auth.WithClient(context.Background(), "203.0.113.7"), "203.0.113.7"},
		{"ipv6", auth.WithClient(context.Background(), "2001:db8::1"), "2001:db8::1"},
		{"garbage is not sent", auth.WithClient(context.Background(), "a b"), ""},
		{"too long is not sent",
			auth.WithClient(context.Background(), strings.Repeat("9", 65)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spy := clientSpy{client: make(chan string, 1)}
			c := newClient(t, origin(t, spy))
			if _, err := c.Register(tt.ctx, "ana@example.com", "hunter22"); err != nil {
				t.Fatal(err)
			}
			if got := <-spy.client; got != tt.want {
				t.Errorf("origin saw client %q, want %q", got, tt.want)
			}
		})
	}
}
