package auth_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

const (
	anaEmail    = "ana@example.com"
	anaPassword = "correct horse"
)

// newAna returns a Local whose store holds ana with the given hash.
func newAna(hash string) (*auth.Local, *fakeHasher, *fakeStore, *bytes.Buffer) {
	h, s := newFakeHasher(), newFakeStore()
	s.add(anaEmail, hash)
	log, buf := captureLog()
	return auth.NewLocal(h, s, log), h, s, buf
}

func TestAuthenticate(t *testing.T) {
	tests := []struct {
		name      string
		email     string
		password  string
		wantErr   error // nil for success
		verifies  int
		dummies   int
		wantRoles []string
	}{
		{
			name: "correct password", email: anaEmail, password: anaPassword,
			verifies: 1, wantRoles: []string{auth.DefaultRole},
		},
		{
			name: "wrong password", email: anaEmail, password: "wrong",
			wantErr: apierr.ErrInvalidCredentials, verifies: 1,
		},
		{
			name: "unknown email runs one dummy verify", email: "nobody@example.com",
			password: "x", wantErr: apierr.ErrInvalidCredentials, dummies: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, h, _, _ := newAna("cur$" + anaPassword)

			p, err := l.Authenticate(context.Background(), tt.email, tt.password)

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("Authenticate() error = %v, want %v", err, tt.wantErr)
			}
			if h.verifies != tt.verifies || h.dummies != tt.dummies || h.hashes != 0 {
				t.Errorf("hasher ran %d verify, %d dummy, %d hash; want %d, %d, 0",
					h.verifies, h.dummies, h.hashes, tt.verifies, tt.dummies)
			}
			if !reflect.DeepEqual(p.AllowedRoles, tt.wantRoles) {
				t.Errorf("roles = %v, want %v", p.AllowedRoles, tt.wantRoles)
			}
			if tt.wantErr == nil && (p.Email != anaEmail || p.UserID != 1) {
				t.Errorf("principal = %+v, want ana with id 1", p)
			}
		})
	}
}

func TestAuthenticateDummyVerifiesTheGivenPassword(t *testing.T) {
	l, h, _, _ := newAna("cur$" + anaPassword)

	_, _ = l.Authenticate(context.Background(), "nobody@example.com", "guess-1")

	if !reflect.DeepEqual(h.dummyPasswords, []string{"guess-1"}) {
		t.Errorf("DummyVerify got %q, want the login's password", h.dummyPasswords)
	}
}

// C-12: a client cannot tell an unknown email from a wrong password, nor from a
// stored hash the server cannot use.
func TestAuthenticateFailuresLookAlike(t *testing.T) {
	ctx := context.Background()
	answers := map[string]error{}

	l, _, _, _ := newAna("cur$" + anaPassword)
	_, answers["unknown email"] = l.Authenticate(ctx, "nobody@example.com", "x")
	_, answers["wrong password"] = l.Authenticate(ctx, anaEmail, "wrong")
	corrupt, _, _, _ := newAna("$argon2d$v=19$garbage")
	_, answers["unusable hash"] = corrupt.Authenticate(ctx, anaEmail, anaPassword)

	want := apierr.ErrInvalidCredentials.Body()
	for name, err := range answers {
		e := apierr.From(err)
		if e.Status != http.StatusUnauthorized || !bytes.Equal(e.Body(), want) {
			t.Errorf("%s: %d %s, want 401 %s", name, e.Status, e.Body(), want)
		}
	}
}

func TestAuthenticateUnusableHashIsLogged(t *testing.T) {
	l, h, _, logs := newAna("$argon2d$v=19$garbage")

	_, err := l.Authenticate(context.Background(), anaEmail, anaPassword)

	if !errors.Is(err, apierr.ErrInvalidCredentials) {
		t.Fatalf("error = %v, want invalid credentials", err)
	}
	if !errors.Is(err, h.verifyErrForCorrupt) {
		t.Errorf("error = %v does not carry the hasher's error for the logs", err)
	}
	if h.dummies != 1 {
		t.Errorf("DummyVerify ran %d times, want 1 so the answer costs a verification", h.dummies)
	}
	line := logs.String()
	for _, want := range []string{"level=ERROR", "stored password hash is unusable", "user_id=1",
		"fake: unsupported hash"} {
		if !strings.Contains(line, want) {
			t.Errorf("log %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, anaPassword) {
		t.Errorf("log %q contains the password", line)
	}
}

func TestAuthenticateStoreFailureIsInternal(t *testing.T) {
	l, h, s, _ := newAna("cur$" + anaPassword)
	s.findErr = errors.New("connection refused")

	_, err := l.Authenticate(context.Background(), anaEmail, anaPassword)

	if !errors.Is(err, apierr.ErrInternal) || !errors.Is(err, s.findErr) {
		t.Errorf("error = %v, want internal carrying the store error", err)
	}
	if h.work() != 0 {
		t.Errorf("hasher ran %d times, want 0", h.work())
	}
}

func TestAuthenticateRehash(t *testing.T) {
	const oldHash = "old$" + anaPassword
	// changePassword runs inside ReplaceHash, with the store's lock held.
	changePassword := func(s *fakeStore) { s.byEmail[anaEmail].PasswordHash = "cur$changed" }

	tests := []struct {
		name          string
		setup         func(*fakeHasher, *fakeStore)
		wantStored    string
		wantReplaces  int
		wantLogLevel  string
		wantLogSubstr string
	}{
		{
			name:          "upgrades the hash",
			setup:         func(*fakeHasher, *fakeStore) {},
			wantStored:    "cur$" + anaPassword,
			wantReplaces:  1,
			wantLogLevel:  "level=INFO",
			wantLogSubstr: "password hash upgraded",
		},
		{
			name: "a concurrent password change wins (C-11)",
			setup: func(_ *fakeHasher, s *fakeStore) {
				s.beforeReplace = func(*auth.User) { changePassword(s) }
			},
			wantStored:    "cur$changed",
			wantReplaces:  1,
			wantLogLevel:  "level=INFO",
			wantLogSubstr: "rehash skipped",
		},
		{
			name: "a store failure does not fail the login",
			setup: func(_ *fakeHasher, s *fakeStore) {
				s.replaceErr = errors.New("timeout")
			},
			wantStored:    oldHash,
			wantReplaces:  1,
			wantLogLevel:  "level=WARN",
			wantLogSubstr: "rehash failed",
		},
		{
			name:          "a hashing failure does not fail the login",
			setup:         func(h *fakeHasher, _ *fakeStore) { h.hashErr = errors.New("oom") },
			wantStored:    oldHash,
			wantReplaces:  0,
			wantLogLevel:  "level=WARN",
			wantLogSubstr: "rehash failed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, h, s, logs := newAna(oldHash)
			tt.setup(h, s)

			p, err := l.Authenticate(context.Background(), anaEmail, anaPassword)

			if err != nil || p.UserID != 1 {
				t.Fatalf("Authenticate() = %+v, %v; want ana", p, err)
			}
			if h.hashes != 1 {
				t.Errorf("Hash ran %d times, want 1", h.hashes)
			}
			if len(s.replaces) != tt.wantReplaces {
				t.Fatalf("ReplaceHash ran %d times, want %d", len(s.replaces), tt.wantReplaces)
			}
			want := replaceCall{id: 1, oldHash: oldHash, newHash: "cur$" + anaPassword}
			if tt.wantReplaces == 1 && s.replaces[0] != want {
				t.Errorf("ReplaceHash%+v, want %+v", s.replaces[0], want)
			}
			if got := s.hashOf(anaEmail); got != tt.wantStored {
				t.Errorf("stored hash = %q, want %q", got, tt.wantStored)
			}
			line := logs.String()
			if !strings.Contains(line, tt.wantLogLevel) ||
				!strings.Contains(line, tt.wantLogSubstr) {
				t.Errorf("log %q lacks %s %q", line, tt.wantLogLevel, tt.wantLogSubstr)
			}
		})
	}
}

func TestAuthenticateWithoutRehashLeavesTheHash(t *testing.T) {
	l, h, s, _ := newAna("cur$" + anaPassword)

	if _, err := l.Authenticate(context.Background(), anaEmail, anaPassword); err != nil {
		t.Fatal(err)
	}
	if h.hashes != 0 || len(s.replaces) != 0 {
		t.Errorf("Hash ran %d times, ReplaceHash %d; want neither", h.hashes, len(s.replaces))
	}
}

func TestRegister(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(*fakeHasher, *fakeStore)
		wantErr   *apierr.Error // nil for success
		wantCause error
	}{
		{name: "new email", setup: func(*fakeHasher, *fakeStore) {}},
		{
			name:      "taken email",
			setup:     func(_ *fakeHasher, s *fakeStore) { s.add(anaEmail, "cur$x") },
			wantErr:   apierr.ErrEmailTaken,
			wantCause: auth.ErrEmailTaken,
		},
		{
			name: "taken email, wrapped by the store",
			setup: func(_ *fakeHasher, s *fakeStore) {
				s.createErr = fmt.Errorf("hasura: insert_users_one: %w", auth.ErrEmailTaken)
			},
			wantErr:   apierr.ErrEmailTaken,
			wantCause: auth.ErrEmailTaken,
		},
		{
			name:    "store failure",
			setup:   func(_ *fakeHasher, s *fakeStore) { s.createErr = errors.New("down") },
			wantErr: apierr.ErrInternal,
		},
		{
			name:    "hashing failure",
			setup:   func(h *fakeHasher, _ *fakeStore) { h.hashErr = errors.New("oom") },
			wantErr: apierr.ErrInternal,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, s := newFakeHasher(), newFakeStore()
			tt.setup(h, s)
			l := auth.NewLocal(h, s, nil)

			p, err := l.Register(context.Background(), anaEmail, anaPassword)

			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Register() error = %v", err)
				}
				if s.hashOf(anaEmail) != "cur$"+anaPassword || p.Email != anaEmail {
					t.Errorf("stored %q as %+v, want the hasher's output", s.hashOf(anaEmail), p)
				}
				return
			}
			var e *apierr.Error
			if !errors.As(err, &e) || !errors.Is(err, tt.wantErr) {
				t.Fatalf("Register() error = %v, want *apierr.Error %s", err, tt.wantErr.Code)
			}
			if tt.wantCause != nil && !errors.Is(err, tt.wantCause) {
				t.Errorf("error = %v does not carry %v", err, tt.wantCause)
			}
			if strings.Contains(string(e.Body()), "insert_users_one") {
				t.Errorf("body %s leaks the store's error", e.Body())
			}
		})
	}
}

// C-02: roles come from stored data, whatever the email says.
func TestRegisterGrantsOnlyTheDefaultRole(t *testing.T) {
	l := auth.NewLocal(newFakeHasher(), newFakeStore(), nil)

	p, err := l.Register(context.Background(), "admin@site.com", anaPassword)

	if err != nil {
		t.Fatal(err)
	}
	if p.DefaultRole != auth.DefaultRole ||
		!reflect.DeepEqual(p.AllowedRoles, []string{auth.DefaultRole}) {
		t.Errorf("principal roles = %q / %q, want only %q",
			p.DefaultRole, p.AllowedRoles, auth.DefaultRole)
	}
}
