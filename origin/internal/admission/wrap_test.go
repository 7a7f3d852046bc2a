package admission_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/admission"
)

// blockingAccounts stands in for hashing: each call reports that it entered, then
// waits on proceed (if set) and runs then (if set). It records the most calls that
// ran at once.
type blockingAccounts struct {
	entered chan struct{}
	proceed chan struct{}
	then    func()

	running, peak atomic.Int64
}

func (b *blockingAccounts) call() (auth.Principal, error) {
	b.notePeak(b.running.Add(1))
	defer b.running.Add(-1)
	if b.entered != nil {
		b.entered <- struct{}{}
	}
	if b.proceed != nil {
		<-b.proceed
	}
	if b.then != nil {
		b.then()
	}
	return auth.Principal{UserID: 1}, nil
}

// notePeak raises the recorded peak to n if n is higher.
func (b *blockingAccounts) notePeak(n int64) {
	for {
		p := b.peak.Load()
		if n <= p || b.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (b *blockingAccounts) Register(context.Context, string, string) (auth.Principal, error) {
	return b.call()
}

func (b *blockingAccounts) Authenticate(context.Context, string, string) (auth.Principal, error) {
	return b.call()
}

func TestWrapQueuesTheCallBeyondTheSlots(t *testing.T) {
	next := &blockingAccounts{entered: make(chan struct{}, 3), proceed: make(chan struct{})}
	l := admission.New(2, 20*time.Millisecond)
	a := admission.Wrap(next, l)

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { _, _ = a.Authenticate(context.Background(), "a@example.com", "pw") })
		<-next.entered
	}

	_, err := a.Register(context.Background(), "b@example.com", "pw")
	wantOverloaded(t, err, admission.ErrQueueTimeout)
	_, err = a.Authenticate(context.Background(), "c@example.com", "pw")
	wantOverloaded(t, err, admission.ErrQueueTimeout)

	close(next.proceed)
	wg.Wait()
	if _, err := a.Authenticate(context.Background(), "c@example.com", "pw"); err != nil {
		t.Fatalf("with free slots: %v", err)
	}
	if got := l.InFlight(); got != 0 {
		t.Errorf("InFlight = %d, want 0", got)
	}
}

func TestWrapReleasesTheSlotOnPanic(t *testing.T) {
	next := &blockingAccounts{then: func() { panic("boom") }}
	l := admission.New(1, 0)
	a := admission.Wrap(next, l)

	calls := []func(context.Context, string, string) (auth.Principal, error){
		a.Register, a.Authenticate, a.Register, a.Authenticate,
	}
	for i, call := range calls {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatalf("call %d: the panic did not reach the caller", i+1)
				}
			}()
			_, err := call(context.Background(), "a@example.com", "pw")
			t.Fatalf("call %d: returned %v instead of panicking", i+1, err)
		}()
		if got := l.InFlight(); got != 0 {
			t.Fatalf("after panic %d: InFlight = %d, want 0", i+1, got)
		}
	}
}

func TestWrapNeverExceedsTheSlots(t *testing.T) {
	next := &blockingAccounts{}
	l := admission.New(3, time.Hour, admission.WithMaxWaiters(1000))
	a := admission.Wrap(next, l)

	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 64 {
		wg.Go(func() {
			for range 50 {
				if _, err := a.Authenticate(context.Background(), "a@x.com", "pw"); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()

	if got := next.peak.Load(); got > 3 {
		t.Errorf("peak concurrency %d, want at most 3", got)
	}
	if got := failed.Load(); got != 0 {
		t.Errorf("%d calls failed, want 0 (the queue holds them all)", got)
	}
	if l.InFlight() != 0 || l.Queued() != 0 {
		t.Errorf("in flight %d, queued %d; want 0, 0", l.InFlight(), l.Queued())
	}
}

func TestWrapPassesErrorsThrough(t *testing.T) {
	a := admission.Wrap(failing{apierr.ErrEmailTaken}, admission.New(1, time.Second))
	_, err := a.Register(context.Background(), "a@example.com", "pw")
	if !errors.Is(err, apierr.ErrEmailTaken) {
		t.Errorf("Register err = %v, want email taken", err)
	}
}

type failing struct{ err error }

func (f failing) Register(context.Context, string, string) (auth.Principal, error) {
	return auth.Principal{}, f.err
}

func (f failing) Authenticate(context.Context, string, string) (auth.Principal, error) {
	return auth.Principal{}, f.err
}
