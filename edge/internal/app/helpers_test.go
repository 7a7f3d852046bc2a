package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
	"github.com/latchauth/latch/edge/internal/app"
)

// Test secrets: long enough for every check, and recognizable if they leak.
var (
	jwtKey       = strings.Repeat("k", 40) + "jwt-key"
	jwtSecret    = `{"type":"HS256","key":"` + jwtKey + `"}`
	edgeSecret   = strings.Repeat("e", 40) + "edge-secret"
	actionSecret = strings.Repeat("a", 40) + "action-secret"
)

// fakeHasher stands in for Argon2: the edge never sees hashes, so any reversible
// scheme exercises the same paths.
type fakeHasher struct{}

func (fakeHasher) Hash(p string) (string, error) { return "fake$" + p, nil }
func (fakeHasher) Verify(p, enc string) (auth.Verdict, error) {
	return auth.Verdict{Match: enc == "fake$"+p}, nil
}
func (fakeHasher) DummyVerify(string) {}

// memStore is an in-memory auth.Store.
type memStore struct {
	mu    sync.Mutex
	users map[string]*auth.User
}

func (s *memStore) FindByEmail(_ context.Context, email string) (*auth.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[email]
	if !ok {
		return nil, auth.ErrUserNotFound
	}
	c := *u
	return &c, nil
}

func (s *memStore) Create(_ context.Context, email, hash string) (*auth.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[email]; ok {
		return nil, auth.ErrEmailTaken
	}
	u := &auth.User{ID: int64(len(s.users) + 1), Email: email, PasswordHash: hash,
		DefaultRole: auth.DefaultRole}
	s.users[email] = u
	c := *u
	return &c, nil
}

func (s *memStore) ReplaceHash(context.Context, int64, string, string) error { return nil }

// origin is a real hop handler over a fake Local, counting the requests it gets.
type origin struct {
	*httptest.Server
	calls atomic.Int64
}

func newOrigin(t *testing.T) *origin {
	t.Helper()
	local := auth.NewLocal(fakeHasher{}, &memStore{users: map[string]*auth.User{}}, nil)
	h, err := hop.NewHandler(local, []byte(edgeSecret))
	if err != nil {
		t.Fatal(err)
	}
	o := &origin{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.calls.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(o.Close)
	return o
}

func validConfig(originURL string) app.Config {
	return app.Config{
		OriginURL:    originURL,
		JWTSecret:    jwtSecret,
		EdgeSecret:   edgeSecret,
		ActionSecret: actionSecret,
	}
}

// newEdge serves app.New for cfg, with an http.Client as the Worker's fetch.
func newEdge(t *testing.T, cfg app.Config, opts ...app.Option) *httptest.Server {
	t.Helper()
	h, err := app.New(cfg, http.DefaultClient.Do, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
