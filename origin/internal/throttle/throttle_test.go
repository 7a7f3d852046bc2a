package throttle_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/origin/internal/throttle"
)

func TestAccountLockout(t *testing.T) {
	tests := []struct {
		name  string
		email string
	}{
		{"existing email, wrong password", ana},
		{"unknown email", "nobody@example.com"},
	}
	var bodies [][]byte
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk, next := newClock(), &fakeAccounts{}
			a := throttle.New(next, throttle.WithClock(clk.Now))
			ctx := context.Background()

			for i := range 10 {
				_, err := a.Authenticate(ctx, tt.email, "wrong")
				if !errors.Is(err, apierr.ErrInvalidCredentials) {
					t.Fatalf("attempt %d: err = %v, want invalid credentials", i+1, err)
				}
				clk.Advance(time.Minute)
			}

			_, err := a.Authenticate(ctx, tt.email, right)
			if got, want := retryAfter(err), 5*time.Minute; got != want {
				t.Fatalf("11th attempt: err = %v, retry after %v, want %v", err, got, want)
			}
			if got := next.calls.Load(); got != 10 {
				t.Errorf("next called %d times, want 10 (no hashing once locked)", got)
			}
			bodies = append(bodies, apierr.From(err).Body())
		})
	}
	if len(bodies) == 2 && !bytes.Equal(bodies[0], bodies[1]) {
		t.Errorf("locked answers differ: %s vs %s", bodies[0], bodies[1])
	}
}

func TestLockoutEndsWithTheWindow(t *testing.T) {
	clk, next := newClock(), &fakeAccounts{}
	a := throttle.New(next, throttle.WithClock(clk.Now))
	ctx := context.Background()
	for range 10 {
		_, _ = a.Authenticate(ctx, ana, "wrong")
		clk.Advance(time.Minute)
	}

	clk.Advance(5 * time.Minute) // the first failure leaves the window
	_, err := a.Authenticate(ctx, ana, "wrong")
	if !errors.Is(err, apierr.ErrInvalidCredentials) {
		t.Fatalf("after the oldest failure expired: err = %v, want invalid credentials", err)
	}
	_, err = a.Authenticate(ctx, ana, right)
	if got, want := retryAfter(err), time.Minute; got != want {
		t.Fatalf("locked again: retry after %v, want %v (second failure's expiry)", got, want)
	}

	clk.Advance(15 * time.Minute)
	if _, err := a.Authenticate(ctx, ana, right); err != nil {
		t.Fatalf("after a full window: err = %v, want success", err)
	}
}

func TestSuccessClearsAccountFailures(t *testing.T) {
	clk, next := newClock(), &fakeAccounts{}
	a := throttle.New(next, throttle.WithClock(clk.Now))
	ctx := context.Background()

	for round := range 3 {
		for i := range 9 {
			_, err := a.Authenticate(ctx, ana, "wrong")
			if !errors.Is(err, apierr.ErrInvalidCredentials) {
				t.Fatalf("round %d, failure %d: err = %v", round, i+1, err)
			}
		}
		if _, err := a.Authenticate(ctx, ana, right); err != nil {
			t.Fatalf("round %d: login err = %v, want success", round, err)
		}
	}
	if got := a.Tracked(); got != 0 {
		t.Errorf("Tracked = %d after a success, want 0", got)
	}
}

func TestOnlyInvalidCredentialsCount(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"overloaded", apierr.ErrOverloaded.WithRetryAfter(time.Second)},
		{"unavailable", apierr.ErrUnavailable},
		{"internal", apierr.ErrInternal},
		{"plain error", errors.New("store down")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := &fakeAccounts{fail: func(string) error { return tt.err }}
			a := throttle.New(next, throttle.WithClock(newClock().Now))
			for range 30 {
				_, err := a.Authenticate(from("198.51.100.1"), ana, "wrong")
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v passed through", err, tt.err)
				}
			}
			if got := a.Tracked(); got != 0 {
				t.Errorf("Tracked = %d, want 0", got)
			}
		})
	}
}

func TestClientLimit(t *testing.T) {
	clk, next := newClock(), &fakeAccounts{}
	a := throttle.New(next,
		throttle.WithClock(clk.Now),
		throttle.WithClientLimit(50, 15*time.Minute))

	for i := range 50 {
		email := fmt.Sprintf("user%d@example.com", i)
		_, err := a.Authenticate(from("203.0.113.9"), email, "wrong")
		if !errors.Is(err, apierr.ErrInvalidCredentials) {
			t.Fatalf("attempt %d: err = %v", i+1, err)
		}
	}

	tests := []struct {
		name   string
		ctx    context.Context
		locked bool
	}{
		{"same client, fresh email", from("203.0.113.9"), true},
		{"other client", from("203.0.113.10"), false},
		{"no client known", context.Background(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := next.calls.Load()
			_, err := a.Authenticate(tt.ctx, "fresh@example.com", "wrong")
			called := next.calls.Load() > before
			if tt.locked && (retryAfter(err) != 15*time.Minute || called) {
				t.Errorf("err = %v, called = %v; want locked for 15m without a call",
					err, called)
			}
			if !tt.locked && !errors.Is(err, apierr.ErrInvalidCredentials) {
				t.Errorf("err = %v, want invalid credentials", err)
			}
		})
	}
}

func TestLimitsCanBeTurnedOff(t *testing.T) {
	next := &fakeAccounts{}
	a := throttle.New(next,
		throttle.WithClock(newClock().Now),
		throttle.WithAccountLimit(0, time.Minute),
		throttle.WithClientLimit(5, 0),
		throttle.WithSignupLimit(0, 0))
	for range 100 {
		_, err := a.Authenticate(from("203.0.113.9"), ana, "wrong")
		if !errors.Is(err, apierr.ErrInvalidCredentials) {
			t.Fatalf("err = %v, want invalid credentials", err)
		}
		_, _ = a.Register(from("203.0.113.9"), "new@example.com", "pw")
	}
	if got := a.Tracked(); got != 0 {
		t.Errorf("Tracked = %d, want 0", got)
	}
}

func TestSignupLimit(t *testing.T) {
	clk := newClock()
	next := &fakeAccounts{fail: func(email string) error {
		if email == "busy@example.com" {
			return apierr.ErrOverloaded
		}
		return nil
	}}
	a := throttle.New(next,
		throttle.WithClock(clk.Now),
		throttle.WithSignupLimit(3, time.Hour))
	client := from("192.0.2.1")

	steps := []struct {
		email string
		want  error
	}{
		{"busy@example.com", apierr.ErrOverloaded}, // the service's fault: not counted
		{"a@example.com", nil},
		{ana, apierr.ErrEmailTaken}, // a probe for an account: counted
		{"b@example.com", nil},
		{"c@example.com", apierr.ErrTooManyAttempts},
	}
	for i, s := range steps {
		_, err := a.Register(client, s.email, "pw")
		if (s.want == nil) != (err == nil) || (s.want != nil && !errors.Is(err, s.want)) {
			t.Fatalf("step %d (%s): err = %v, want %v", i+1, s.email, err, s.want)
		}
	}
	if got := next.calls.Load(); got != 4 {
		t.Errorf("next called %d times, want 4", got)
	}

	if _, err := a.Register(context.Background(), "c@example.com", "pw"); err != nil {
		t.Errorf("without a client address: err = %v, want pass-through", err)
	}
	clk.Advance(time.Hour)
	if _, err := a.Register(client, "d@example.com", "pw"); err != nil {
		t.Errorf("after the window: err = %v, want success", err)
	}
}

// A client hanging up mid-signup may have cost a hash already, so its attempt counts;
// a login it abandons does not count as a failure.
func TestCanceledAttempts(t *testing.T) {
	next := &fakeAccounts{fail: func(string) error {
		return fmt.Errorf("store: %w", context.Canceled)
	}}
	a := throttle.New(next,
		throttle.WithClock(newClock().Now),
		throttle.WithClientLimit(1, time.Hour),
		throttle.WithAccountLimit(1, time.Hour),
		throttle.WithSignupLimit(2, time.Hour))
	client := from("192.0.2.9")

	for range 3 {
		_, err := a.Authenticate(client, ana, "wrong")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("login: err = %v, want the cancellation passed through", err)
		}
	}
	for i := range 2 {
		_, err := a.Register(client, "new@example.com", "pw")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("signup %d: err = %v, want the cancellation passed through", i+1, err)
		}
	}
	_, err := a.Register(client, "new@example.com", "pw")
	if retryAfter(err) <= 0 {
		t.Errorf("third signup: err = %v, want too many attempts", err)
	}
}

func TestRunningAttemptsAreReserved(t *testing.T) {
	entered, unblock := make(chan struct{}), make(chan struct{})
	next := &fakeAccounts{fail: func(string) error {
		entered <- struct{}{}
		<-unblock
		return nil
	}}
	a := throttle.New(next,
		throttle.WithClock(newClock().Now),
		throttle.WithAccountLimit(1, time.Minute))

	done := make(chan error)
	go func() {
		_, err := a.Authenticate(context.Background(), ana, "wrong")
		done <- err
	}()
	<-entered

	_, err := a.Authenticate(context.Background(), ana, "wrong")
	if got := retryAfter(err); got != time.Second {
		t.Errorf("while one attempt runs: retry after %v, want 1s", got)
	}
	close(unblock)
	if err := <-done; !errors.Is(err, apierr.ErrInvalidCredentials) {
		t.Errorf("running attempt: err = %v", err)
	}
	_, err = a.Authenticate(context.Background(), ana, "wrong")
	if got := retryAfter(err); got != time.Minute {
		t.Errorf("after the failure: retry after %v, want 1m", got)
	}
}

func TestPanicInNextReleasesTheReservation(t *testing.T) {
	next := &fakeAccounts{fail: func(string) error { panic("boom") }}
	a := throttle.New(next,
		throttle.WithClock(newClock().Now),
		throttle.WithAccountLimit(1, time.Minute))

	for i := range 3 {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatalf("call %d: no panic reached the caller", i+1)
				}
			}()
			_, _ = a.Authenticate(from("192.0.2.7"), ana, right)
		}()
	}
	if got := a.Tracked(); got != 0 {
		t.Errorf("Tracked = %d after panics, want 0", got)
	}
}

func TestMaxKeys(t *testing.T) {
	clk, next := newClock(), &fakeAccounts{}
	a := throttle.New(next,
		throttle.WithClock(clk.Now),
		throttle.WithAccountLimit(1, time.Hour),
		throttle.WithClientLimit(1000, time.Hour),
		throttle.WithMaxKeys(3))

	for i := range 1000 {
		email := fmt.Sprintf("user%d@example.com", i)
		_, _ = a.Authenticate(from(fmt.Sprintf("10.0.%d.%d", i/256, i%256)), email, "x")
		clk.Advance(time.Second)
		if got := a.Tracked(); got > 6 {
			t.Fatalf("after %d keys: Tracked = %d, want at most 3 per table", i+1, got)
		}
	}

	tests := []struct {
		email  string
		locked bool
	}{
		{"user999@example.com", true}, // among the 3 most recent
		{"user997@example.com", true},
		{"user996@example.com", false}, // evicted
		{"user0@example.com", false},
	}
	for _, tt := range tests {
		_, err := a.Authenticate(context.Background(), tt.email, "x")
		if locked := retryAfter(err) > 0; locked != tt.locked {
			t.Errorf("%s: err = %v, want locked = %v", tt.email, err, tt.locked)
		}
	}
}

func TestExpiredKeysAreSwept(t *testing.T) {
	clk := newClock()
	a := throttle.New(&fakeAccounts{}, throttle.WithClock(clk.Now))
	for i := range 40 {
		_, _ = a.Authenticate(from("192.0.2.1"), fmt.Sprintf("u%d@example.com", i), "x")
	}
	if got := a.Tracked(); got != 41 {
		t.Fatalf("Tracked = %d, want 41 (40 emails and 1 client)", got)
	}

	clk.Advance(15 * time.Minute)
	_, _ = a.Authenticate(from("192.0.2.2"), "late@example.com", "x")
	if got := a.Tracked(); got != 2 {
		t.Errorf("Tracked = %d after the window, want 2 (only the new keys)", got)
	}
}

func TestConcurrentAttemptsNeverOvershoot(t *testing.T) {
	next := &fakeAccounts{}
	a := throttle.New(next, throttle.WithClock(newClock().Now))

	hammer(a, 64, 20)

	// 10 for the target, 64 clients × 20 distinct emails (client limit 50 not
	// reached), 20 signups from the one signup client.
	if got, want := next.calls.Load(), int64(10+64*20+20); got != want {
		t.Errorf("next called %d times, want %d", got, want)
	}
}

func TestConcurrentEvictionHoldsTheCap(t *testing.T) {
	a := throttle.New(&fakeAccounts{},
		throttle.WithClock(newClock().Now),
		throttle.WithMaxKeys(50))

	hammer(a, 64, 20)

	if got := a.Tracked(); got > 3*50 {
		t.Errorf("Tracked = %d, want at most 150", got)
	}
}

// hammer runs g goroutines of n rounds each: a wrong login for one shared email, a
// wrong login for a fresh email from the goroutine's own client, and a signup from one
// shared client.
func hammer(a *throttle.Accounts, g, n int) {
	var wg sync.WaitGroup
	for g := range g {
		wg.Go(func() {
			for i := range n {
				_, _ = a.Authenticate(context.Background(), "target@example.com", "x")
				other := fmt.Sprintf("u%d-%d@example.com", g, i)
				_, _ = a.Authenticate(from(fmt.Sprintf("10.1.0.%d", g)), other, "x")
				_, _ = a.Register(from("10.2.0.1"), other, "pw")
				_ = a.Tracked()
			}
		})
	}
	wg.Wait()
}

func TestClientAddressesShareBuckets(t *testing.T) {
	tests := []struct {
		name        string
		first, then string
		shared      bool
	}{
		{"IPv4-mapped IPv6 is its IPv4", "203.0.113.7", "::ffff:203.0.113.7", true},
		{"IPv4 is mapped back", "::ffff:203.0.113.7", "203.0.113.7", true},
		{"same IPv6 /64", "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true},
		{"IPv6 spelled differently", "2001:DB8:1:2:0:0:0:1", "2001:db8:1:2::9", true},
		{"IPv6 zone ignored", "fe80::1%eth0", "fe80::2", true},
		{"port dropped", "203.0.113.7:51000", "203.0.113.7", true},
		{"IPv6 port dropped", "[2001:db8::1]:443", "2001:db8::2", true},
		{"next IPv6 /64", "2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"next IPv4", "203.0.113.7", "203.0.113.8", false},
		{"opaque id", "client-42", "client-42", true},
		{"opaque ids differ", "client-42", "client-43", false},
		{"opaque id is not an address", "2001:db8:1:2::/64", "2001:db8:1:2::1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := &fakeAccounts{}
			a := throttle.New(next,
				throttle.WithClock(newClock().Now),
				throttle.WithAccountLimit(0, 0),
				throttle.WithClientLimit(3, time.Minute),
				throttle.WithSignupLimit(3, time.Minute))
			for i := range 3 {
				_, _ = a.Authenticate(from(tt.first), fmt.Sprintf("u%d@example.com", i), "x")
				_, _ = a.Register(from(tt.first), fmt.Sprintf("n%d@example.com", i), "pw")
			}

			_, err := a.Authenticate(from(tt.then), "fresh@example.com", "x")
			if locked := retryAfter(err) > 0; locked != tt.shared {
				t.Errorf("login from %s after %s: err = %v, want locked = %v",
					tt.then, tt.first, err, tt.shared)
			}
			_, err = a.Register(from(tt.then), "fresh@example.com", "pw")
			if locked := retryAfter(err) > 0; locked != tt.shared {
				t.Errorf("signup from %s after %s: err = %v, want locked = %v",
					tt.then, tt.first, err, tt.shared)
			}
		})
	}
}
