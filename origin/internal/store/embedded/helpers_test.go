package embedded

import (
	"context"
	"slices"
	"testing"

	"github.com/latchauth/latch/core/auth"
)

// Hashes the store only stores and compares; they are well-formed but never verified.
const (
	hashA = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$aGFzaEE"
	hashB = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$aGFzaEI"
	hashC = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaEM"
)

// openTest opens a store in a fresh directory and closes it when the test ends.
func openTest(t testing.TB, opts ...Option) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func mustCreate(t testing.TB, s *Store, email, hash string) *auth.User {
	t.Helper()
	u, err := s.Create(context.Background(), email, hash)
	if err != nil {
		t.Fatalf("Create(%q): %v", email, err)
	}
	return u
}

func mustCount(t testing.TB, s *Store) int {
	t.Helper()
	n, err := s.Count(context.Background())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	return n
}
func equalUser(a, b *auth.User) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.Email == b.Email && a.PasswordHash == b.PasswordHash &&
		a.DefaultRole == b.DefaultRole && slices.Equal(a.Roles, b.Roles)
}
