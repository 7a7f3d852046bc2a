package embedded

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/latchauth/latch/core/auth"
)

func TestCreateThenFind(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	created := mustCreate(t, s, "ana@example.com", hashA)

	want := auth.User{
		ID:           1,
		Email:        "ana@example.com",
		PasswordHash: hashA,
		DefaultRole:  auth.DefaultRole,
	}
	tests := []struct {
		name    string
		email   string
		want    *auth.User
		wantErr error
	}{
		{name: "created user", email: "ana@example.com", want: &want},
		{name: "unknown email", email: "nobody@example.com", wantErr: auth.ErrUserNotFound},
		{name: "empty email", email: "", wantErr: auth.ErrUserNotFound},
		{name: "byte-exact lookup", email: "Ana@example.com", wantErr: auth.ErrUserNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.FindByEmail(ctx, tt.email)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("FindByEmail(%q) error = %v, want %v", tt.email, err, tt.wantErr)
			}
			if tt.want != nil && !equalUser(got, tt.want) {
				t.Errorf("FindByEmail(%q) = %+v, want %+v", tt.email, got, tt.want)
			}
		})
	}

	if !equalUser(created, &want) {
		t.Errorf("Create returned %+v, want %+v", created, want)
	}
}

func TestCreateDuplicate(t *testing.T) {
	tests := []struct {
		name    string
		first   string
		second  string
		wantErr error
	}{
		{name: "same email", first: "a@example.com", second: "a@example.com",
			wantErr: auth.ErrEmailTaken},
		{name: "different email", first: "a@example.com", second: "b@example.com"},
		// Normalizing (C-13) is the caller's job; the store compares bytes.
		{name: "different bytes", first: "a@example.com", second: "A@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t)
			mustCreate(t, s, tt.first, hashA)

			_, err := s.Create(context.Background(), tt.second, hashB)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("second Create error = %v, want %v", err, tt.wantErr)
			}

			wantRows := 2
			if tt.wantErr != nil {
				wantRows = 1
			}
			if n := mustCount(t, s); n != wantRows {
				t.Errorf("Count = %d, want %d", n, wantRows)
			}
			u, err := s.FindByEmail(context.Background(), tt.first)
			if err != nil || u.PasswordHash != hashA {
				t.Errorf("first user after second Create = %+v, %v; want hash kept", u, err)
			}
		})
	}
}

func TestCreateRejectsEmptyEmail(t *testing.T) {
	s, _ := openTest(t)
	if _, err := s.Create(context.Background(), "", hashA); err == nil {
		t.Fatal("Create with empty email succeeded")
	}
	if n := mustCount(t, s); n != 0 {
		t.Errorf("Count = %d, want 0", n)
	}
}

// TestCreateConcurrentSameEmail is the store's half of C-15: 20 parallel signups of one
// email make exactly one user.
func TestCreateConcurrentSameEmail(t *testing.T) {
	const n = 20
	s, _ := openTest(t)

	var (
		start = make(chan struct{})
		wg    sync.WaitGroup
		errs  = make([]error, n)
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = s.Create(context.Background(), "race@example.com", hashA)
		}()
	}
	close(start)
	wg.Wait()

	var ok, taken int
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, auth.ErrEmailTaken):
			taken++
		default:
			t.Errorf("goroutine %d: unexpected error %v", i, err)
		}
	}
	if ok != 1 || taken != n-1 {
		t.Errorf("got %d successes and %d ErrEmailTaken, want 1 and %d", ok, taken, n-1)
	}
	if rows := mustCount(t, s); rows != 1 {
		t.Errorf("Count = %d, want 1", rows)
	}
}

func TestReplaceHash(t *testing.T) {
	tests := []struct {
		name     string
		id       int64 // 0 means the created user
		old, new string
		wantErr  error
		wantHash string
	}{
		{name: "old hash matches", old: hashA, new: hashB, wantHash: hashB},
		{name: "stale old hash", old: hashC, new: hashB, wantErr: auth.ErrHashChanged,
			wantHash: hashA},
		{name: "empty old hash", old: "", new: hashB, wantErr: auth.ErrHashChanged,
			wantHash: hashA},
		{name: "unknown id", id: 99, old: hashA, new: hashB, wantErr: auth.ErrUserNotFound,
			wantHash: hashA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t)
			u := mustCreate(t, s, "ana@example.com", hashA)
			id := u.ID
			if tt.id != 0 {
				id = tt.id
			}

			err := s.ReplaceHash(context.Background(), id, tt.old, tt.new)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ReplaceHash error = %v, want %v", err, tt.wantErr)
			}
			got, err := s.FindByEmail(context.Background(), "ana@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if got.PasswordHash != tt.wantHash {
				t.Errorf("stored hash = %q, want %q", got.PasswordHash, tt.wantHash)
			}
		})
	}
}

// TestReplaceHashKeepsConcurrentChange is the store's half of C-11: a login verified
// hashA and wants to rehash it, but a password change wrote hashB in between. The
// rehash must fail and leave hashB in place.
func TestReplaceHashKeepsConcurrentChange(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustCreate(t, s, "ana@example.com", hashA)

	if err := s.ReplaceHash(ctx, u.ID, hashA, hashB); err != nil {
		t.Fatalf("password change: %v", err)
	}
	if err := s.ReplaceHash(ctx, u.ID, hashA, hashC); !errors.Is(err, auth.ErrHashChanged) {
		t.Fatalf("rehash after change: error = %v, want ErrHashChanged", err)
	}

	got, err := s.FindByEmail(ctx, "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if got.PasswordHash != hashB {
		t.Errorf("stored hash = %q, want the changed password's %q", got.PasswordHash, hashB)
	}
}
func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name string
		call func(s *Store, id int64) error
	}{
		{name: "FindByEmail", call: func(s *Store, _ int64) error {
			_, err := s.FindByEmail(ctx, "ana@example.com")
			return err
		}},
		{name: "Create", call: func(s *Store, _ int64) error {
			_, err := s.Create(ctx, "new@example.com", hashA)
			return err
		}},
		{name: "ReplaceHash", call: func(s *Store, id int64) error {
			return s.ReplaceHash(ctx, id, hashA, hashB)
		}},
		{name: "SetRoles", call: func(s *Store, id int64) error {
			return s.SetRoles(ctx, id, "admin", nil)
		}},
		{name: "Count", call: func(s *Store, _ int64) error {
			_, err := s.Count(ctx)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t)
			u := mustCreate(t, s, "ana@example.com", hashA)

			if err := tt.call(s, u.ID); !errors.Is(err, context.Canceled) {
				t.Fatalf("error = %v, want context.Canceled", err)
			}

			got, err := s.FindByEmail(context.Background(), "ana@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if !equalUser(got, u) || mustCount(t, s) != 1 {
				t.Errorf("store changed by a cancelled call: %+v", got)
			}
		})
	}
}
func TestSetRoles(t *testing.T) {
	tests := []struct {
		name        string
		id          int64 // 0 means the created user
		defaultRole string
		roles       []string
		wantErr     error
		want        []string // allowed roles in the principal
	}{
		{name: "new user", want: []string{"user"}},
		{name: "admin with extra roles", defaultRole: "admin",
			roles: []string{"user", "editor"}, want: []string{"admin", "user", "editor"}},
		{name: "duplicates dropped", defaultRole: "admin",
			roles: []string{"admin", "user", "user"}, want: []string{"admin", "user"}},
		{name: "no extra roles", defaultRole: "viewer", roles: nil,
			want: []string{"viewer"}},
		{name: "empty default role", defaultRole: "", roles: []string{"user"},
			wantErr: ErrInvalidRole, want: []string{"user"}},
		{name: "empty role", defaultRole: "admin", roles: []string{""},
			wantErr: ErrInvalidRole, want: []string{"user"}},
		{name: "unknown id", id: 42, defaultRole: "admin",
			wantErr: auth.ErrUserNotFound, want: []string{"user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			u := mustCreate(t, s, "ana@example.com", hashA)

			if tt.defaultRole != "" || tt.wantErr != nil {
				id := u.ID
				if tt.id != 0 {
					id = tt.id
				}
				err := s.SetRoles(ctx, id, tt.defaultRole, tt.roles)
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("SetRoles error = %v, want %v", err, tt.wantErr)
				}
			}

			got, err := s.FindByEmail(ctx, "ana@example.com")
			if err != nil {
				t.Fatal(err)
			}
			p := got.Principal()
			if !slices.Equal(p.AllowedRoles, tt.want) || p.DefaultRole != tt.want[0] {
				t.Errorf("principal roles = %q default %q, want %q default %q",
					p.AllowedRoles, p.DefaultRole, tt.want, tt.want[0])
			}
			if p.UserID != u.ID || p.Email != "ana@example.com" {
				t.Errorf("principal = %+v, want id %d and the user's email", p, u.ID)
			}
		})
	}
}
