package throttle

import "time"

// Defaults, documented in the package comment.
const (
	DefaultAccountFailures = 10
	DefaultAccountWindow   = 15 * time.Minute
	DefaultClientFailures  = 50
	DefaultClientWindow    = 15 * time.Minute
	DefaultSignups         = 20
	DefaultSignupWindow    = time.Hour
	DefaultMaxKeys         = 100_000
)

// limit allows n events per window; n ≤ 0 or window ≤ 0 disables it.
type limit struct {
	n      int
	window time.Duration
}

func (l limit) enabled() bool { return l.n > 0 && l.window > 0 }

type config struct {
	now     func() time.Time
	account limit
	client  limit
	signup  limit
	maxKeys int
}

// Option configures New.
type Option func(*config)

// WithClock sets the clock; tests pass a fake one. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithAccountLimit allows n failed logins per email within window. n ≤ 0 or window ≤ 0
// turns the per-account limit off.
func WithAccountLimit(n int, window time.Duration) Option {
	return func(c *config) { c.account = limit{n, window} }
}

// WithClientLimit allows n failed logins per client address within window, across all
// emails. n ≤ 0 or window ≤ 0 turns the per-client limit off.
func WithClientLimit(n int, window time.Duration) Option {
	return func(c *config) { c.client = limit{n, window} }
}

// WithSignupLimit allows n signup attempts per client address within window. n ≤ 0 or
// window ≤ 0 turns the signup limit off.
func WithSignupLimit(n int, window time.Duration) Option {
	return func(c *config) { c.signup = limit{n, window} }
}

// WithMaxKeys caps how many keys each counter table tracks (at least 1). When a table
// is full, its least recently used key is evicted.
func WithMaxKeys(n int) Option {
	return func(c *config) { c.maxKeys = max(n, 1) }
}

func defaults() config {
	return config{
		now:     time.Now,
		account: limit{DefaultAccountFailures, DefaultAccountWindow},
		client:  limit{DefaultClientFailures, DefaultClientWindow},
		signup:  limit{DefaultSignups, DefaultSignupWindow},
		maxKeys: DefaultMaxKeys,
	}
}
