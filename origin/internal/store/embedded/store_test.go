package embedded

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestIDsIncreaseAndPersist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "latch") // Open creates both levels
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if u := mustCreate(t, s, email, hashA); u.ID != int64(i+1) {
			t.Errorf("Create(%q).ID = %d, want %d", email, u.ID, i+1)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	checkMode(t, dir, 0o700)
	checkMode(t, filepath.Join(dir, FileName), 0o600)

	s, err = Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	u, err := s.FindByEmail(context.Background(), "b@example.com")
	if err != nil || u.ID != 2 {
		t.Fatalf("after reopen FindByEmail = %+v, %v; want id 2", u, err)
	}
	if u := mustCreate(t, s, "d@example.com", hashA); u.ID != 4 {
		t.Errorf("after reopen Create.ID = %d, want 4", u.ID)
	}
	if n := mustCount(t, s); n != 4 {
		t.Errorf("Count = %d, want 4", n)
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("mode of %s = %v, want %v", path, got, want)
	}
}

func TestOpenWhileOpen(t *testing.T) {
	_, dir := openTest(t)

	start := time.Now()
	s2, err := Open(dir, WithLockTimeout(100*time.Millisecond))
	elapsed := time.Since(start)
	if err == nil {
		s2.Close()
		t.Fatal("second Open of a held directory succeeded")
	}
	if !errors.Is(err, ErrInUse) {
		t.Errorf("error = %v, want ErrInUse", err)
	}
	msg := err.Error()
	for _, want := range []string{"in use by another latch process", dir} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if elapsed > time.Second {
		t.Errorf("second Open took %v, want it to fail fast", elapsed)
	}
}

func TestOpenAfterClose(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, WithLockTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s.Close()
}

func TestOpenRejectsBadOptions(t *testing.T) {
	if s, err := Open(t.TempDir(), WithLockTimeout(0)); err == nil {
		s.Close()
		t.Fatal("Open with a zero lock timeout succeeded")
	}
}
