package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// A client that hangs up gets no Argon2 work done for it, whatever it asked.
func TestCanceledRequestSpendsNoHashing(t *testing.T) {
	tests := []struct {
		name string
		hash string // ana's stored hash
		call func(context.Context, *auth.Local) error
	}{
		{"login, right password", "cur$" + anaPassword, login(anaEmail, anaPassword)},
		{"login, wrong password", "cur$" + anaPassword, login(anaEmail, "wrong")},
		{"login, unknown email", "cur$" + anaPassword, login("nobody@example.com", "x")},
		{"login, unusable hash", "corrupt", login(anaEmail, anaPassword)},
		{"signup", "cur$" + anaPassword, signup("new@example.com", "pw")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, h, s, _ := newAna(tt.hash)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()

			err := tt.call(ctx, l)

			e := apierr.From(err)
			if !errors.Is(err, apierr.ErrCanceled) || e.Code != apierr.Canceled ||
				e.Status != apierr.StatusClientClosedRequest {
				t.Errorf("error = %v, want canceled (499)", err)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error = %v does not wrap context.Canceled", err)
			}
			if h.work() != 0 {
				t.Errorf("hasher ran %d times, want 0", h.work())
			}
			if len(s.byEmail) != 1 {
				t.Errorf("store holds %d users, want only ana", len(s.byEmail))
			}
		})
	}
}

// A deadline is a limit Latch set, not a client leaving: no hashing either, and the
// error keeps today's mapping (internal, carrying the deadline).
func TestExpiredDeadlineSpendsNoHashing(t *testing.T) {
	for name, call := range map[string]func(context.Context, *auth.Local) error{
		"login":  login(anaEmail, anaPassword),
		"signup": signup("new@example.com", "pw"),
	} {
		t.Run(name, func(t *testing.T) {
			l, h, _, _ := newAna("cur$" + anaPassword)
			ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
			defer cancel()

			err := call(ctx, l)

			if !errors.Is(err, apierr.ErrInternal) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error = %v, want internal carrying the deadline", err)
			}
			if h.work() != 0 {
				t.Errorf("hasher ran %d times, want 0", h.work())
			}
		})
	}
}

// cancelingHasher cancels the request while it verifies, as a client hanging up
// mid-login would.
type cancelingHasher struct {
	*fakeHasher
	cancel context.CancelFunc
}

func (h cancelingHasher) Verify(password, encoded string) (auth.Verdict, error) {
	h.cancel()
	return h.fakeHasher.Verify(password, encoded)
}

func TestRehashSkippedOnceCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h, s := newFakeHasher(), newFakeStore()
	s.add(anaEmail, "old$"+anaPassword)
	l := auth.NewLocal(cancelingHasher{h, cancel}, s, nil)

	if _, err := l.Authenticate(ctx, anaEmail, anaPassword); err != nil {
		t.Fatalf("Authenticate() error = %v, want success (the password matched)", err)
	}
	if h.hashes != 0 || len(s.replaces) != 0 {
		t.Errorf("%d hashes, %d replaces after the client left; want none",
			h.hashes, len(s.replaces))
	}
}

func login(email, pw string) func(context.Context, *auth.Local) error {
	return func(ctx context.Context, l *auth.Local) error {
		_, err := l.Authenticate(ctx, email, pw)
		return err
	}
}

func signup(email, pw string) func(context.Context, *auth.Local) error {
	return func(ctx context.Context, l *auth.Local) error {
		_, err := l.Register(ctx, email, pw)
		return err
	}
}
