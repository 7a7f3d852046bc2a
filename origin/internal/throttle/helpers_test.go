package throttle_test

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fakeAccounts knows one user, ana@example.com with password "right", and counts the
// calls that reach it. A non-nil fail answers every call instead.
type fakeAccounts struct {
	calls atomic.Int64
	fail  func(email string) error
}

const (
	ana   = "ana@example.com"
	right = "right"
)

func (f *fakeAccounts) Authenticate(_ context.Context, email, pw string) (auth.Principal, error) {
	f.calls.Add(1)
	if f.fail != nil {
		if err := f.fail(email); err != nil {
			return auth.Principal{}, err
		}
	}
	if email != ana || pw != right {
		return auth.Principal{}, apierr.ErrInvalidCredentials
	}
	return auth.Principal{UserID: 1, Email: ana}, nil
}

func (f *fakeAccounts) Register(_ context.Context, email, _ string) (auth.Principal, error) {
	f.calls.Add(1)
	if f.fail != nil {
		if err := f.fail(email); err != nil {
			return auth.Principal{}, err
		}
	}
	if email == ana {
		return auth.Principal{}, apierr.ErrEmailTaken
	}
	return auth.Principal{UserID: 2, Email: email}, nil
}

// from returns a context carrying client address addr.
func from(addr string) context.Context {
	return auth.WithClient(context.Background(), addr)
}

// retryAfter returns err's RetryAfter if err is too_many_attempts, and -1 otherwise.
func retryAfter(err error) time.Duration {
	e := apierr.From(err)
	if e == nil || e.Code != apierr.TooManyAttempts {
		return -1
	}
	return e.RetryAfter
}
