package admission

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latchauth/latch/core/apierr"
)

// DefaultRetryAfter is the retry hint given with an overloaded answer.
const DefaultRetryAfter = time.Second

// Limiter admits at most a fixed number of holders at once, with a bounded queue of
// waiters. It is safe for concurrent use.
type Limiter struct {
	slots      chan struct{} // one token per holder
	timeout    time.Duration
	maxWaiters int64
	retry      time.Duration
	waiting    atomic.Int64
}

// Option configures New.
type Option func(*Limiter)

// WithMaxWaiters caps the queue at n waiters; n ≤ 0 means never wait. The default is
// 4 per slot.
func WithMaxWaiters(n int) Option {
	return func(l *Limiter) { l.maxWaiters = int64(max(n, 0)) }
}

// WithRetryAfter sets the retry hint of overloaded answers (DefaultRetryAfter unless
// set; at least one second is sent, as Retry-After counts whole seconds).
func WithRetryAfter(d time.Duration) Option {
	return func(l *Limiter) { l.retry = d }
}

// New returns a Limiter with slots holders at most (at least 1) whose waiters give up
// after queueTimeout. A queueTimeout ≤ 0 refuses at once when every slot is taken.
func New(slots int, queueTimeout time.Duration, opts ...Option) *Limiter {
	slots = max(slots, 1)
	l := &Limiter{
		slots:      make(chan struct{}, slots),
		timeout:    queueTimeout,
		maxWaiters: 4 * int64(slots),
		retry:      DefaultRetryAfter,
	}
	for _, o := range opts {
		o(l)
	}
	if queueTimeout <= 0 {
		l.maxWaiters = 0
	}
	return l
}

// Acquire takes a slot, waiting for one if needed, and returns the function that gives
// it back; call it exactly once, with defer, so that a panic cannot leak the slot
// (extra calls do nothing). The error is apierr.ErrOverloaded, with a RetryAfter, when
// the queue is full, no slot frees within the queue timeout, or ctx's deadline passes
// first; it is apierr.ErrCanceled when ctx is canceled first (the client left).
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, l.ended(err)
	}
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), nil
	default:
	}

	if l.waiting.Add(1) > l.maxWaiters {
		l.waiting.Add(-1)
		return nil, l.overloaded(ErrQueueFull)
	}
	defer l.waiting.Add(-1)

	timer := time.NewTimer(l.timeout)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), nil
	case <-timer.C:
		return nil, l.overloaded(ErrQueueTimeout)
	case <-ctx.Done():
		return nil, l.ended(ctx.Err())
	}
}

// InFlight returns how many slots are held now.
func (l *Limiter) InFlight() int { return len(l.slots) }

// Queued returns how many callers are waiting for a slot now.
func (l *Limiter) Queued() int { return int(l.waiting.Load()) }

// Capacity returns the number of slots.
func (l *Limiter) Capacity() int { return cap(l.slots) }

func (l *Limiter) releaser() func() {
	var once sync.Once
	return func() { once.Do(func() { <-l.slots }) }
}

func (l *Limiter) overloaded(cause error) error {
	return apierr.ErrOverloaded.WithRetryAfter(l.retry).WithCause(cause)
}

// ended answers a caller whose ctx ended before it got a slot: canceled when the
// client left, overloaded when a deadline ran out while it waited.
func (l *Limiter) ended(err error) error {
	if errors.Is(err, context.Canceled) {
		return apierr.ErrCanceled.WithCause(err)
	}
	return l.overloaded(err)
}
