package auth_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"

	"github.com/latchauth/latch/core/auth"
)

// fakeHasher stands in for Argon2id. Its hashes are readable on purpose:
//
//	"cur$<password>"  a hash at the current profile
//	"old$<password>"  a matching hash that should be rewritten
//	anything else     a hash it cannot parse
type fakeHasher struct {
	mu                  sync.Mutex
	hashes, verifies    int
	dummies             int
	dummyPasswords      []string
	hashErr             error
	verifyErrForCorrupt error
}

func newFakeHasher() *fakeHasher {
	return &fakeHasher{verifyErrForCorrupt: errors.New("fake: unsupported hash")}
}

func (h *fakeHasher) Hash(password string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hashes++
	if h.hashErr != nil {
		return "", h.hashErr
	}
	return "cur$" + password, nil
}

func (h *fakeHasher) Verify(password, encoded string) (auth.Verdict, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.verifies++
	kind, want, ok := strings.Cut(encoded, "$")
	if !ok || (kind != "cur" && kind != "old") {
		return auth.Verdict{}, h.verifyErrForCorrupt
	}
	match := want == password
	return auth.Verdict{Match: match, Rehash: match && kind == "old"}, nil
}

func (h *fakeHasher) DummyVerify(password string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dummies++
	h.dummyPasswords = append(h.dummyPasswords, password)
}

// work is the number of password computations done, whatever their kind.
func (h *fakeHasher) work() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hashes + h.verifies + h.dummies
}

type replaceCall struct {
	id               int64
	oldHash, newHash string
}

// fakeStore is an in-memory Store with hooks for the failures tests need.
type fakeStore struct {
	mu       sync.Mutex
	byEmail  map[string]*auth.User
	nextID   int64
	replaces []replaceCall

	findErr    error
	createErr  error
	replaceErr error
	// beforeReplace runs inside ReplaceHash before the compare-and-swap, to simulate
	// a password change racing with a rehash.
	beforeReplace func(u *auth.User)
}

func newFakeStore() *fakeStore {
	return &fakeStore{byEmail: map[string]*auth.User{}, nextID: 1}
}

// add stores a user with the given hash and returns its id.
func (s *fakeStore) add(email, hash string, roles ...string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.insert(email, hash, roles).ID
}

// insert adds a user; s.mu must be held.
func (s *fakeStore) insert(email, hash string, roles []string) *auth.User {
	u := &auth.User{
		ID:           s.nextID,
		Email:        email,
		PasswordHash: hash,
		DefaultRole:  auth.DefaultRole,
		Roles:        roles,
	}
	s.nextID++
	s.byEmail[email] = u
	return u
}

func (s *fakeStore) hashOf(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byEmail[email].PasswordHash
}

func (s *fakeStore) FindByEmail(_ context.Context, email string) (*auth.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.findErr != nil {
		return nil, s.findErr
	}
	u, ok := s.byEmail[email]
	if !ok {
		return nil, auth.ErrUserNotFound
	}
	c := *u
	return &c, nil
}

func (s *fakeStore) Create(_ context.Context, email, hash string) (*auth.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.createErr != nil {
		return nil, s.createErr
	}
	if _, taken := s.byEmail[email]; taken {
		return nil, auth.ErrEmailTaken
	}
	c := *s.insert(email, hash, nil)
	return &c, nil
}

func (s *fakeStore) ReplaceHash(_ context.Context, id int64, oldHash, newHash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replaces = append(s.replaces, replaceCall{id, oldHash, newHash})
	if s.replaceErr != nil {
		return s.replaceErr
	}
	for _, u := range s.byEmail {
		if u.ID != id {
			continue
		}
		if s.beforeReplace != nil {
			s.beforeReplace(u)
		}
		if u.PasswordHash != oldHash {
			return auth.ErrHashChanged
		}
		u.PasswordHash = newHash
		return nil
	}
	return auth.ErrUserNotFound
}

// fakeAccounts records what reaches Accounts and answers what a test sets.
type fakeAccounts struct {
	calls     []string // "register email password" or "authenticate email password"
	principal auth.Principal
	err       error
}

func (a *fakeAccounts) Register(_ context.Context, email, pw string) (auth.Principal, error) {
	a.calls = append(a.calls, "register "+email+" "+pw)
	if a.err != nil {
		return auth.Principal{}, a.err
	}
	p := a.principal
	p.Email = email
	return p, nil
}

func (a *fakeAccounts) Authenticate(_ context.Context, email, pw string) (auth.Principal, error) {
	a.calls = append(a.calls, "authenticate "+email+" "+pw)
	if a.err != nil {
		return auth.Principal{}, a.err
	}
	p := a.principal
	p.Email = email
	return p, nil
}

// fakeSigner returns a fixed token and records whom it was issued for.
type fakeSigner struct {
	issued []auth.Principal
	err    error
}

func (s *fakeSigner) Issue(_ context.Context, p auth.Principal) (string, error) {
	s.issued = append(s.issued, p)
	if s.err != nil {
		return "", s.err
	}
	return "tok.en.sig", nil
}

// captureLog returns a logger writing text lines into the returned buffer.
func captureLog() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	h := slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	return slog.New(h), &buf
}
