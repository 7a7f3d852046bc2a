package throttle

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"sync"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// Accounts is an auth.Accounts that refuses logins and signups over their limits
// before calling the Accounts it wraps. It is safe for concurrent use.
type Accounts struct {
	next  auth.Accounts
	now   func() time.Time
	epoch time.Time
	salt  [32]byte

	mu      sync.Mutex
	account *table // login failures per email; a success clears them
	client  *table // login failures per client address
	signup  *table // signup attempts per client address
}

var _ auth.Accounts = (*Accounts)(nil)

// New returns an Accounts that throttles next with the package defaults, changed by
// opts.
func New(next auth.Accounts, opts ...Option) *Accounts {
	c := defaults()
	for _, o := range opts {
		o(&c)
	}

	a := &Accounts{
		next:    next,
		now:     c.now,
		epoch:   c.now(),
		account: newTable(c.account, true, c.maxKeys),
		client:  newTable(c.client, false, c.maxKeys),
		signup:  newTable(c.signup, false, c.maxKeys),
	}
	rand.Read(a.salt[:]) // never fails; see crypto/rand.Read
	return a
}

// Authenticate answers apierr.ErrTooManyAttempts with a RetryAfter when the email or
// the client is over its failure limit, and otherwise calls the wrapped Accounts and
// counts an invalid_credentials answer against both.
func (a *Accounts) Authenticate(ctx context.Context, email, pw string) (auth.Principal, error) {
	claims := make([]claim, 0, 2)
	claims = a.claim(claims, a.account, email)
	if addr := auth.ClientFrom(ctx); addr != "" {
		claims = a.claim(claims, a.client, clientID(addr))
	}
	if err := a.admit(claims); err != nil {
		return auth.Principal{}, err
	}

	o := ignored
	defer func() { a.finish(claims, o) }()
	p, err := a.next.Authenticate(ctx, email, pw)
	o = loginOutcome(err)
	return p, err
}

// Register answers apierr.ErrTooManyAttempts with a RetryAfter when the client is over
// its signup limit, and otherwise calls the wrapped Accounts. Without a known client
// address it only passes the call on.
func (a *Accounts) Register(ctx context.Context, email, pw string) (auth.Principal, error) {
	addr := auth.ClientFrom(ctx)
	if addr == "" {
		return a.next.Register(ctx, email, pw)
	}
	claims := a.claim(make([]claim, 0, 1), a.signup, clientID(addr))
	if err := a.admit(claims); err != nil {
		return auth.Principal{}, err
	}

	o := ignored
	defer func() { a.finish(claims, o) }()
	p, err := a.next.Register(ctx, email, pw)
	o = signupOutcome(err)
	return p, err
}

// Tracked returns how many keys the counters hold in all, for tests and logs.
func (a *Accounts) Tracked() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.account.entries) + len(a.client.entries) + len(a.signup.entries)
}

// claim is one table's stake in an attempt.
type claim struct {
	t *table
	k key
	e *entry // set by admit
}

// claim appends t's claim on value unless t's limit is off.
func (a *Accounts) claim(cs []claim, t *table, value string) []claim {
	if !t.enabled() {
		return cs
	}
	return append(cs, claim{t: t, k: a.key(value)})
}

// admit refuses the attempt if any claim's key is blocked, with the longest wait, and
// otherwise reserves it in every table.
func (a *Accounts) admit(cs []claim) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.clock()

	var wait time.Duration
	for _, c := range cs {
		c.t.sweep(now)
		wait = max(wait, c.t.blocked(c.k, now))
	}
	if wait > 0 {
		return apierr.ErrTooManyAttempts.WithRetryAfter(wait)
	}

	for i := range cs {
		cs[i].e = cs[i].t.reserve(cs[i].k, now)
	}
	return nil
}

func (a *Accounts) finish(cs []claim, o outcome) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.clock()
	for _, c := range cs {
		c.t.finish(c.e, now, o)
	}
}

// clock returns the time since New, monotonic when the clock is time.Now.
func (a *Accounts) clock() time.Duration { return a.now().Sub(a.epoch) }

func (a *Accounts) key(value string) key {
	h := sha256.New()
	h.Write(a.salt[:])
	h.Write([]byte(value))
	var k key
	copy(k[:], h.Sum(nil))
	return k
}

// loginOutcome counts wrong credentials and clears on success. Other errors are the
// service's, not the client's.
func loginOutcome(err error) outcome {
	switch {
	case err == nil:
		return succeeded
	case errors.Is(err, apierr.ErrInvalidCredentials):
		return counted
	}
	return ignored
}

// signupOutcome counts every attempt that reached the hasher, whatever it answered,
// and ignores the service's own failures.
func signupOutcome(err error) outcome {
	e := apierr.From(err)
	switch {
	case e == nil:
		return counted
	case e.Status >= 500,
		errors.Is(e, apierr.ErrOverloaded),
		errors.Is(e, apierr.ErrUnavailable):
		return ignored
	}
	return counted
}
