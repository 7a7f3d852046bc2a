package hasura_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/hasuratest"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

func newStore(t *testing.T, srv *hasuratest.Server, opts ...hasura.Option) *hasura.Store {
	t.Helper()
	s, err := hasura.New(srv.URL, srv.Secret, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func TestSignupFindReplace(t *testing.T) {
	srv := hasuratest.New(t)
	s := newStore(t, srv)
	ctx := context.Background()

	created, err := s.Create(ctx, "ana@example.com", "hash-1")
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if created.ID == 0 || created.Email != "ana@example.com" ||
		created.DefaultRole != auth.DefaultRole || len(created.Roles) != 0 {
		t.Fatalf("Create returned %+v", created)
	}

	found, err := s.FindByEmail(ctx, "ana@example.com")
	if err != nil {
		t.Fatalf("FindByEmail: %v", err)
	}
	if found.ID != created.ID || found.PasswordHash != "hash-1" {
		t.Fatalf("FindByEmail returned %+v", found)
	}

	if err := s.ReplaceHash(ctx, found.ID, "hash-1", "hash-2"); err != nil {
		t.Fatalf("ReplaceHash: %v", err)
	}
	if row, _ := srv.User("ana@example.com"); row.Password != "hash-2" {
		t.Fatalf("stored hash = %q, want hash-2", row.Password)
	}
}

func TestFindByEmailUnknown(t *testing.T) {
	s := newStore(t, hasuratest.New(t))
	_, err := s.FindByEmail(context.Background(), "nobody@example.com")
	if !errors.Is(err, auth.ErrUserNotFound) {
		t.Fatalf("err = %v, want ErrUserNotFound", err)
	}
}

func TestEmailsAreLowerCased(t *testing.T) {
	srv := hasuratest.New(t)
	s := newStore(t, srv)
	ctx := context.Background()

	if _, err := s.Create(ctx, "Alice@Example.com", "h"); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if _, ok := srv.User("alice@example.com"); !ok {
		t.Fatal("row not stored")
	}
	if u, err := s.FindByEmail(ctx, "ALICE@EXAMPLE.COM"); err != nil ||
		u.Email != "alice@example.com" {
		t.Fatalf("FindByEmail = %+v, %v", u, err)
	}
}

func TestCreateDuplicate(t *testing.T) {
	tests := []struct{ name, email string }{
		{"same case", "bob@example.com"},
		{"other case", "BOB@Example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hasuratest.New(t)
			srv.Seed("bob@example.com", "h")
			s := newStore(t, srv)

			_, err := s.Create(context.Background(), tt.email, "h2")
			if !errors.Is(err, auth.ErrEmailTaken) {
				t.Fatalf("err = %v, want ErrEmailTaken", err)
			}
			assertNoConstraintName(t, err)
			if n := len(srv.Users()); n != 1 {
				t.Fatalf("%d rows, want 1", n)
			}
		})
	}
}

func assertNoConstraintName(t *testing.T, err error) {
	t.Helper()
	for _, leak := range []string{"user_email", "constraint", "Uniqueness", "duplicate key"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q mentions %q", err, leak)
		}
	}
}

// C-15: 20 parallel signups of one email give one user and 19 duplicates.
func TestConcurrentCreate(t *testing.T) {
	srv := hasuratest.New(t)
	s := newStore(t, srv)

	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = s.Create(context.Background(), "race@example.com",
				fmt.Sprintf("hash-%d", i))
		})
	}
	wg.Wait()

	ok, taken := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, auth.ErrEmailTaken):
			taken++
			assertNoConstraintName(t, err)
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || taken != n-1 {
		t.Fatalf("%d created, %d taken; want 1 and %d", ok, taken, n-1)
	}
	if rows := srv.Users(); len(rows) != 1 {
		t.Fatalf("%d rows, want 1", len(rows))
	}
}

// C-11: a rehash racing a password change loses.
func TestReplaceHashLosesToPasswordChange(t *testing.T) {
	srv := hasuratest.New(t)
	row := srv.Seed("carol@example.com", "old-hash")
	s := newStore(t, srv)

	srv.SetPassword(row.ID, "changed-hash")
	err := s.ReplaceHash(context.Background(), row.ID, "old-hash", "rehashed")
	if !errors.Is(err, auth.ErrHashChanged) {
		t.Fatalf("err = %v, want ErrHashChanged", err)
	}
	if got, _ := srv.User("carol@example.com"); got.Password != "changed-hash" {
		t.Fatalf("stored hash = %q, want the concurrent change kept", got.Password)
	}
}

func TestReplaceHashConcurrent(t *testing.T) {
	srv := hasuratest.New(t)
	row := srv.Seed("dan@example.com", "h0")
	s := newStore(t, srv)

	const n = 10
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = s.ReplaceHash(context.Background(), row.ID, "h0", fmt.Sprint("h", i+1))
		})
	}
	wg.Wait()

	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if !errors.Is(err, auth.ErrHashChanged) {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d replacements won, want exactly 1", won)
	}
}

func TestReplaceHashUnknownUser(t *testing.T) {
	s := newStore(t, hasuratest.New(t))
	err := s.ReplaceHash(context.Background(), 404, "a", "b")
	if !errors.Is(err, auth.ErrHashChanged) {
		t.Fatalf("err = %v, want ErrHashChanged", err)
	}
}

// C-02: roles come from the user and user_role rows, never from the email.
func TestRolesFromData(t *testing.T) {
	srv := hasuratest.New(t)
	srv.SeedRow(hasuratest.Row{Email: "ed@example.com", Password: "h",
		DefaultRole: "staff", Roles: []string{"editor", "staff", "auditor"}})
	s := newStore(t, srv)
	ctx := context.Background()

	u, err := s.FindByEmail(ctx, "ed@example.com")
	if err != nil {
		t.Fatalf("FindByEmail: %v", err)
	}
	p := u.Principal()
	want := []string{"staff", "auditor", "editor"}
	if p.DefaultRole != "staff" || !slices.Equal(p.AllowedRoles, want) {
		t.Fatalf("principal = %+v, want default staff, allowed %v", p, want)
	}

	admin, err := s.Create(ctx, "admin@site.com", "h")
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if admin.DefaultRole != auth.DefaultRole || len(admin.Roles) != 0 {
		t.Fatalf("admin@site.com got roles %q + %v", admin.DefaultRole, admin.Roles)
	}
}

// A primary key collision is not a duplicate email: the sequence is behind.
func TestCreatePrimaryKeyCollision(t *testing.T) {
	srv := hasuratest.New(t)
	srv.SeedRow(hasuratest.Row{ID: 1, Email: "imported@example.com", Password: "h"})
	s := newStore(t, srv)

	_, err := s.Create(context.Background(), "new@example.com", "h")
	if !errors.Is(err, hasura.ErrUnexpected) || errors.Is(err, auth.ErrEmailTaken) {
		t.Fatalf("err = %v, want ErrUnexpected", err)
	}
}

var sentinels = []error{
	hasura.ErrAdminSecret, hasura.ErrSchema, hasura.ErrUnavailable, hasura.ErrUnexpected,
	auth.ErrUserNotFound, auth.ErrEmailTaken, auth.ErrHashChanged,
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name  string
		opts  []hasuratest.Option
		fault hasuratest.Fault
		setup func(*hasuratest.Server) (endpoint, secret string)
		want  error
		calls []string // the calls that meet the failure; all when empty
	}{
		{name: "wrong admin secret", want: hasura.ErrAdminSecret,
			setup: func(srv *hasuratest.Server) (string, string) { return srv.URL, "wrong" }},
		{name: "table not tracked", want: hasura.ErrSchema,
			opts: []hasuratest.Option{hasuratest.WithoutTable("user")}},
		{name: "password column missing", want: hasura.ErrSchema,
			opts: []hasuratest.Option{hasuratest.WithoutColumn("user", "password")}},
		{name: "default_role column missing", want: hasura.ErrSchema,
			opts:  []hasuratest.Option{hasuratest.WithoutColumn("user", "default_role")},
			calls: []string{"FindByEmail", "Create"}},
		{name: "roles relationship missing", want: hasura.ErrSchema,
			opts:  []hasuratest.Option{hasuratest.WithoutColumn("user", "roles")},
			calls: []string{"FindByEmail"}},
		{name: "user_role table missing", want: hasura.ErrSchema,
			opts:  []hasuratest.Option{hasuratest.WithoutTable("user_role")},
			calls: []string{"FindByEmail"}},
		{name: "database error", fault: hasuratest.Unexpected, want: hasura.ErrUnexpected},
		{name: "database down", fault: hasuratest.PostgresDown, want: hasura.ErrUnavailable},
		{name: "garbage", fault: hasuratest.Garbage, want: hasura.ErrUnavailable},
		{name: "bad gateway", fault: hasuratest.BadGateway, want: hasura.ErrUnavailable},
		{name: "stall", fault: hasuratest.Stall, want: hasura.ErrUnavailable},
		{name: "unreachable", want: hasura.ErrUnavailable,
			setup: func(srv *hasuratest.Server) (string, string) {
				return closedURL(t), srv.Secret
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hasuratest.New(t, tt.opts...)
			srv.SetFault(tt.fault)
			endpoint, secret := srv.URL, srv.Secret
			if tt.setup != nil {
				endpoint, secret = tt.setup(srv)
			}
			s, err := hasura.New(endpoint, secret, hasura.WithTimeout(300*time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}

			for _, call := range storeCalls(s) {
				if len(tt.calls) > 0 && !slices.Contains(tt.calls, call.name) {
					continue
				}
				start := time.Now()
				err := call.run()
				assertOnly(t, call.name, err, tt.want)
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("%s took %v despite a 300ms timeout", call.name, d)
				}
				if strings.Contains(err.Error(), "SECRET-HASH") {
					t.Errorf("%s: error leaks Hasura's internal arguments: %v",
						call.name, err)
				}
			}
		})
	}
}

type storeCall struct {
	name string
	run  func() error
}

func storeCalls(s *hasura.Store) []storeCall {
	ctx := context.Background()
	return []storeCall{
		{"FindByEmail", func() error { _, err := s.FindByEmail(ctx, "a@example.com"); return err }},
		{"Create", func() error { _, err := s.Create(ctx, "b@example.com", "h"); return err }},
		{"ReplaceHash", func() error { return s.ReplaceHash(ctx, 1, "h", "h2") }},
	}
}

// assertOnly checks that err is want and none of the other sentinels, and that
// only unavailability reaches clients as its own apierr code.
func assertOnly(t *testing.T, call string, err, want error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %v", call, want)
	}
	for _, s := range sentinels {
		if got := errors.Is(err, s); got != (s == want) {
			t.Errorf("%s: errors.Is(%v, %v) = %v", call, err, s, got)
		}
	}
	code := apierr.From(err).Code
	wantCode := apierr.Internal
	if want == hasura.ErrUnavailable {
		wantCode = apierr.Unavailable
	}
	if code != wantCode {
		t.Errorf("%s: apierr code = %s, want %s", call, code, wantCode)
	}
}

func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// A redirect would carry the admin secret elsewhere: the store does not follow it.
func TestRedirectNotFollowed(t *testing.T) {
	var leaked sync.Map
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store("secret", r.Header.Get(hasura.AdminSecretHeader))
	}))
	defer target.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/v1/graphql", http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()

	s, err := hasura.New(redirect.URL, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.FindByEmail(context.Background(), "a@example.com")
	if !errors.Is(err, hasura.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if v, ok := leaked.Load("secret"); ok {
		t.Fatalf("redirect followed, target received secret %q", v)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct{ name, endpoint, secret string }{
		{"empty endpoint", "", "s"},
		{"no scheme", "127.0.0.1:8080", "s"},
		{"other scheme", "ftp://127.0.0.1/v1/graphql", "s"},
		{"empty secret", "http://127.0.0.1:8080", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hasura.New(tt.endpoint, tt.secret)
			if !errors.Is(err, hasura.ErrConfig) {
				t.Fatalf("err = %v, want ErrConfig", err)
			}
		})
	}
}

func TestEndpointPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/graphql"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/graphql"},
		{"https://h.example/custom/graphql", "https://h.example/custom/graphql"},
		{"http://user:pw@127.0.0.1:8080", "http://user:xxxxx@127.0.0.1:8080/v1/graphql"},
	}
	for _, tt := range tests {
		s, err := hasura.New(tt.in, "s")
		if err != nil {
			t.Fatalf("New(%q): %v", tt.in, err)
		}
		if got := s.Endpoint(); got != tt.want {
			t.Errorf("Endpoint() for %q = %q, want %q", tt.in, got, tt.want)
		}
	}
}
