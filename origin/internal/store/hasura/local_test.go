package hasura_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// stubHasher stands in for Argon2: "old$pw" verifies pw and asks for a rehash,
// "new$pw" verifies pw as current.
type stubHasher struct{}

func (stubHasher) Hash(pw string) (string, error) { return "new$" + pw, nil }

func (stubHasher) Verify(pw, enc string) (auth.Verdict, error) {
	kind, stored, ok := strings.Cut(enc, "$")
	if !ok {
		return auth.Verdict{}, errors.New("stub: bad hash")
	}
	match := stored == pw
	return auth.Verdict{Match: match, Rehash: match && kind == "old"}, nil
}

func (stubHasher) DummyVerify(string) {}

// Through the core: a duplicate signup is email_taken, with a public message that
// names no database object.
func TestRegisterDuplicateThroughCore(t *testing.T) {
	srv := hasuratest.New(t)
	local := auth.NewLocal(stubHasher{}, newStore(t, srv), nil)
	ctx := context.Background()

	if _, err := local.Register(ctx, "alice@example.com", "pw"); err != nil {
		t.Fatalf("first Register: %v", err)
	}
	_, err := local.Register(ctx, "Alice@Example.com", "pw")
	e := apierr.From(err)
	if e.Code != apierr.EmailTaken || e.Status >= 500 {
		t.Fatalf("second Register: %v, want email_taken 4xx", err)
	}
	if body := string(e.Body()); strings.Contains(body, "user_email") ||
		strings.Contains(body, "constraint") {
		t.Fatalf("public body leaks the constraint: %s", body)
	}
}

// C-11 through the core: the tutorial's hash is rewritten on login, unless the
// password changed between the verify and the rewrite.
func TestLoginRehash(t *testing.T) {
	t.Run("rewrites an old hash", func(t *testing.T) {
		srv := hasuratest.New(t)
		srv.Seed("tut@example.com", "old$pw")
		local := auth.NewLocal(stubHasher{}, newStore(t, srv), nil)

		if _, err := local.Authenticate(context.Background(), "tut@example.com", "pw"); err != nil {
			t.Fatalf("Authenticate: %v", err)
		}
		if row, _ := srv.User("tut@example.com"); row.Password != "new$pw" {
			t.Fatalf("stored hash = %q, want new$pw", row.Password)
		}
	})

	t.Run("loses to a concurrent password change", func(t *testing.T) {
		srv := hasuratest.New(t)
		row := srv.Seed("tut@example.com", "old$pw")
		srv.Before("LatchReplaceHash", func() { srv.SetPassword(row.ID, "new$changed") })
		local := auth.NewLocal(stubHasher{}, newStore(t, srv), nil)

		if _, err := local.Authenticate(context.Background(), "tut@example.com", "pw"); err != nil {
			t.Fatalf("Authenticate: %v", err)
		}
		if got, _ := srv.User("tut@example.com"); got.Password != "new$changed" {
			t.Fatalf("stored hash = %q, want the concurrent change kept", got.Password)
		}
		if n := srv.Requests("LatchReplaceHash"); n != 1 {
			t.Fatalf("%d rehash requests, want 1", n)
		}
	})
}
