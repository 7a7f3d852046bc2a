package admission_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/origin/internal/admission"
)

// eventually waits until cond holds. It waits for a state, never asserts a speed: the
// deadline only turns a hang into a failure.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// hold takes n slots of l and returns the function that gives them all back.
func hold(t *testing.T, l *admission.Limiter, n int) func() {
	t.Helper()
	var releases []func()
	for i := range n {
		r, err := l.Acquire(context.Background())
		if err != nil {
			t.Fatalf("slot %d: %v", i+1, err)
		}
		releases = append(releases, r)
	}
	return func() {
		for _, r := range releases {
			r()
		}
	}
}

// acquireAsync calls Acquire in a goroutine and delivers its error; a won slot is
// released at once.
func acquireAsync(ctx context.Context, l *admission.Limiter) <-chan error {
	done := make(chan error, 1)
	go func() {
		release, err := l.Acquire(ctx)
		if err == nil {
			release()
		}
		done <- err
	}()
	return done
}

// wantOverloaded fails unless err is overloaded with a positive RetryAfter and cause.
func wantOverloaded(t *testing.T, err, cause error) {
	t.Helper()
	e := apierr.From(err)
	if !errors.Is(err, apierr.ErrOverloaded) || e.RetryAfter <= 0 || e.Status >= 500 {
		t.Fatalf("err = %v, want a 4xx overloaded answer with a retry time", err)
	}
	if !errors.Is(err, cause) {
		t.Fatalf("err = %v, want cause %v", err, cause)
	}
}

func TestWaiterTimesOut(t *testing.T) {
	l := admission.New(2, 20*time.Millisecond)
	defer hold(t, l, 2)()

	_, err := l.Acquire(context.Background())
	wantOverloaded(t, err, admission.ErrQueueTimeout)
	if got := apierr.From(err).RetryAfter; got != admission.DefaultRetryAfter {
		t.Errorf("RetryAfter = %v, want %v", got, admission.DefaultRetryAfter)
	}
	if l.InFlight() != 2 || l.Queued() != 0 {
		t.Errorf("in flight %d, queued %d; want 2, 0", l.InFlight(), l.Queued())
	}
}

func TestWaiterProceedsWhenASlotFrees(t *testing.T) {
	l := admission.New(1, time.Hour)
	release := hold(t, l, 1)

	done := acquireAsync(context.Background(), l)
	eventually(t, "one waiter", func() bool { return l.Queued() == 1 })
	release()

	if err := <-done; err != nil {
		t.Fatalf("waiter: %v", err)
	}
	eventually(t, "an idle limiter", func() bool { return l.InFlight() == 0 })
}

func TestCancelWhileWaiting(t *testing.T) {
	l := admission.New(1, time.Hour)
	defer hold(t, l, 1)()

	ctx, cancel := context.WithCancel(context.Background())
	done := acquireAsync(ctx, l)
	eventually(t, "one waiter", func() bool { return l.Queued() == 1 })
	cancel()

	wantCanceled(t, <-done)
	if got := l.Queued(); got != 0 {
		t.Errorf("Queued = %d after cancel, want 0", got)
	}
}

func TestDoneContextIsRefusedAtOnce(t *testing.T) {
	l := admission.New(1, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := l.Acquire(ctx)
	wantCanceled(t, err)
	if got := l.InFlight(); got != 0 {
		t.Errorf("InFlight = %d, want 0", got)
	}
}

// A deadline running out while waiting is the wait being too long: overloaded.
func TestDeadlineWhileWaiting(t *testing.T) {
	l := admission.New(1, time.Hour)
	defer hold(t, l, 1)()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := l.Acquire(ctx)
	wantOverloaded(t, err, context.DeadlineExceeded)
}

// wantCanceled checks err is the answer to a client that left: canceled, wrapping
// context.Canceled, without a retry hint nobody will read.
func wantCanceled(t *testing.T, err error) {
	t.Helper()
	e := apierr.From(err)
	if !errors.Is(err, apierr.ErrCanceled) || !errors.Is(err, context.Canceled) ||
		e.RetryAfter != 0 {
		t.Fatalf("err = %v, want canceled carrying context.Canceled", err)
	}
}

func TestQueueCap(t *testing.T) {
	tests := []struct {
		name    string
		slots   int
		opts    []admission.Option
		waiters int
	}{
		{"default is 4 per slot", 2, nil, 8},
		{"explicit cap", 1, []admission.Option{admission.WithMaxWaiters(3)}, 3},
		{"no queue", 1, []admission.Option{admission.WithMaxWaiters(0)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := admission.New(tt.slots, time.Hour, tt.opts...)
			release := hold(t, l, tt.slots)
			var waiters []<-chan error
			for range tt.waiters {
				waiters = append(waiters, acquireAsync(context.Background(), l))
			}
			eventually(t, "a full queue", func() bool { return l.Queued() == tt.waiters })

			// The queued waiters have an hour left, so an answer here is immediate.
			_, err := l.Acquire(context.Background())
			wantOverloaded(t, err, admission.ErrQueueFull)

			release()
			for i, w := range waiters {
				if err := <-w; err != nil {
					t.Errorf("waiter %d: %v", i+1, err)
				}
			}
		})
	}
}

func TestZeroQueueTimeoutNeverWaits(t *testing.T) {
	l := admission.New(1, 0, admission.WithMaxWaiters(10))
	defer hold(t, l, 1)()

	_, err := l.Acquire(context.Background())
	wantOverloaded(t, err, admission.ErrQueueFull)
}

func TestReleaseIsIdempotent(t *testing.T) {
	l := admission.New(2, time.Hour)
	defer hold(t, l, 1)()

	release, err := l.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	release()
	release()
	if got := l.InFlight(); got != 1 {
		t.Errorf("InFlight = %d after a double release, want 1 (the other holder)", got)
	}
}

func TestRetryAfterOption(t *testing.T) {
	l := admission.New(1, 0, admission.WithRetryAfter(3*time.Second))
	defer hold(t, l, 1)()

	_, err := l.Acquire(context.Background())
	if got := apierr.From(err).RetryAfter; got != 3*time.Second {
		t.Errorf("RetryAfter = %v, want 3s", got)
	}
}

func TestAtLeastOneSlot(t *testing.T) {
	if got := admission.New(0, time.Second).Capacity(); got != 1 {
		t.Errorf("Capacity = %d, want 1", got)
	}
}
