package server

import (
	"context"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/admission"
	"github.com/latchauth/latch/origin/internal/throttle"
)

// DefaultQueueTimeout is how long a request waits for a hashing slot when the
// configuration leaves it unset: well under the edge's 10 s hop timeout and Hasura's
// 30 s action timeout.
const DefaultQueueTimeout = 5 * time.Second

// MaxWaiters caps the requests queued for a hashing slot. A waiter costs a goroutine,
// not Argon2 memory, and the queue timeout bounds how long each waits; the cap is high
// enough that a burst of signups for one email (field case C-15) queues rather than
// failing.
const MaxWaiters = 256

// guard stacks the abuse and overload defences around the accounts that hash:
// throttling first, so a locked-out guess never waits for a hashing slot, then
// admission control, which bounds the Argon2 work (and so the memory) in flight.
func (s *Server) guard(local auth.Accounts) auth.Accounts {
	slots := s.cfg.Argon2Slots
	if slots == 0 {
		slots = admission.Slots(s.cfg.MemoryBudget, s.cfg.Argon2Memory, runtime.NumCPU())
	}
	if s.cfg.MemoryBudget > 0 {
		peak := min(admission.PeakMemory(slots, s.cfg.Argon2Memory), s.cfg.MemoryBudget)
		debug.SetMemoryLimit(admission.MemoryLimit(peak))
		local = reclaiming{local}
	}
	s.slots = slots

	wait := s.cfg.QueueTimeout
	if wait <= 0 {
		wait = DefaultQueueTimeout
	}
	lim := admission.New(slots, wait, admission.WithMaxWaiters(MaxWaiters))
	const signupWindow = time.Hour
	return throttle.New(admission.Wrap(local, lim),
		throttle.WithAccountLimit(s.cfg.MaxLoginFailures, s.cfg.FailureWindow),
		throttle.WithClientLimit(s.cfg.MaxClientFailures, s.cfg.FailureWindow),
		throttle.WithSignupLimit(s.cfg.MaxClientSignups, signupWindow),
	)
}

// reclaiming collects garbage after each call, while the caller still holds its
// hashing slot. Argon2's blocks are one large pointer-free allocation per hash, so the
// collection is quick, and it frees a finished hash's blocks before the next holder
// allocates: the next hash reuses those pages instead of faulting in new ones, and RSS
// stays near the work in flight (the collector's own pacing lets it reach twice that).
type reclaiming struct{ auth.Accounts }

func (r reclaiming) Register(ctx context.Context, email, pw string) (auth.Principal, error) {
	defer runtime.GC()
	return r.Accounts.Register(ctx, email, pw)
}

func (r reclaiming) Authenticate(ctx context.Context, email, pw string) (auth.Principal, error) {
	defer runtime.GC()
	return r.Accounts.Authenticate(ctx, email, pw)
}
