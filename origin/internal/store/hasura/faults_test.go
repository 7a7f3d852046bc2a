package hasura_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/hasuratest"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

// Hasura failing mid-signup leaves no user: the signup, through the core, answers a
// Hasura-shaped error that says nothing of Hasura's internals, and once Hasura is
// back the same email signs up as new, making exactly one row.
func TestSignupDuringHasuraFault(t *testing.T) {
	tests := []struct {
		name  string
		fault hasuratest.Fault
		code  apierr.Code
	}{
		{"database error", hasuratest.Unexpected, apierr.Internal},
		{"database down", hasuratest.PostgresDown, apierr.Unavailable},
		{"stalls", hasuratest.Stall, apierr.Unavailable},
		{"answers HTML", hasuratest.Garbage, apierr.Unavailable},
		{"proxy 502", hasuratest.BadGateway, apierr.Unavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hasuratest.New(t)
			local := auth.NewLocal(stubHasher{},
				newStore(t, srv, hasura.WithTimeout(300*time.Millisecond)), nil)
			ctx := context.Background()

			srv.SetFault(tt.fault)
			start := time.Now()
			_, err := local.Register(ctx, "eve@example.com", "pw")
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("Register answered after %v with a 300ms timeout", took)
			}
			e := apierr.From(err)
			if err == nil || e.Code != tt.code {
				t.Fatalf("Register during the fault: %v, want code %s", err, tt.code)
			}
			wantPublicBody(t, e)
			if rows := srv.Users(); len(rows) != 0 {
				t.Fatalf("rows after the failed signup: %+v", rows)
			}

			srv.SetFault(hasuratest.NoFault)
			p, err := local.Register(ctx, "eve@example.com", "pw")
			if err != nil {
				t.Fatalf("Register after recovery: %v", err)
			}
			if _, err := local.Authenticate(ctx, "eve@example.com", "pw"); err != nil {
				t.Errorf("Authenticate after recovery: %v", err)
			}
			rows := srv.Users()
			if len(rows) != 1 || rows[0].ID != p.UserID || rows[0].Password != "new$pw" {
				t.Errorf("rows %+v, want exactly user %d with its hash", rows, p.UserID)
			}
		})
	}
}

// When Hasura commits the insert but its answer is lost (the store times out first),
// the client sees a failure yet the user is whole: a complete row that logs in, and a
// second signup is a duplicate rather than a second row.
func TestSignupAnswerLostAfterCommit(t *testing.T) {
	srv := hasuratest.New(t)
	release := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free) // before the double closes, which waits for its handlers
	srv.Before("LatchInsertUser", func() { <-release })
	local := auth.NewLocal(stubHasher{},
		newStore(t, srv, hasura.WithTimeout(200*time.Millisecond)), nil)
	ctx := context.Background()

	_, err := local.Register(ctx, "lost@example.com", "pw")
	if e := apierr.From(err); err == nil || e.Code != apierr.Unavailable {
		t.Fatalf("Register with a lost answer: %v, want unavailable", err)
	}
	free() // Hasura now executes the insert the store gave up on
	row := waitForRow(t, srv, "lost@example.com")
	if row.Password != "new$pw" || row.DefaultRole != auth.DefaultRole {
		t.Fatalf("row %+v is not a whole user", row)
	}

	srv.Before("LatchInsertUser", nil)
	if _, err := local.Authenticate(ctx, "lost@example.com", "pw"); err != nil {
		t.Errorf("Authenticate: %v", err)
	}
	_, err = local.Register(ctx, "lost@example.com", "pw")
	if !errors.Is(err, apierr.ErrEmailTaken) {
		t.Errorf("second Register: %v, want email_taken", err)
	}
	if n := len(srv.Users()); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
}

// waitForRow polls the double for email's row, for at most 5 s.
func waitForRow(t *testing.T, srv *hasuratest.Server, email string) hasuratest.Row {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if row, ok := srv.User(email); ok {
			return row
		}
		if time.Now().After(deadline) {
			t.Fatalf("no row for %s within 5s", email)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// wantPublicBody checks what a client would see of e: no SQL, arguments, hashes or
// Hasura wording.
func wantPublicBody(t *testing.T, e *apierr.Error) {
	t.Helper()
	w := httptest.NewRecorder()
	apierr.Write(w, e)
	body := strings.ToLower(w.Body.String())
	for _, word := range []string{"secret-hash", "argon2", "update", "postgres",
		"hasura", "graphql", "database", "nginx", "html", "new$pw"} {
		if strings.Contains(body, word) {
			t.Errorf("client-visible body %s mentions %q", body, word)
		}
	}
}
