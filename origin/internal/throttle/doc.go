// Package throttle limits failed logins and signups before any password hashing.
//
// Accounts wraps an auth.Accounts and keeps three sliding-window counters:
//
//   - per account (the normalized email): after 10 failed logins within 15 minutes,
//     further logins for that email answer apierr.ErrTooManyAttempts without calling
//     the wrapped Accounts, so no Argon2 work is done. Unknown and existing emails are
//     counted alike, so a lockout reveals nothing about who has an account;
//   - per client (the address from auth.ClientFrom, when the HTTP layer knows one):
//     50 failed logins within 15 minutes, across any emails;
//   - per client for signups: 20 signup attempts within an hour. A signup costs one
//     hash whatever its outcome, and email_taken answers can probe for accounts, so
//     every attempt counts, not only failures. One whose client hung up (canceled)
//     counts too: its hash may already have run. Without a known client address
//     signups pass through.
//
// The answer carries a RetryAfter: the time until the oldest counted event leaves the
// window, after which one more attempt is allowed. Lockouts therefore end by themselves;
// nothing locks an account for good. A successful login clears that account's failures
// (not the client's). Only invalid_credentials outcomes count as login failures:
// overloaded, unavailable and internal errors are the service's fault, not the
// client's. Attempts still running are reserved against the limits, so concurrent
// requests cannot overshoot them.
//
// A per-account limit lets anyone keep an account locked by spending 10 wrong guesses
// per window; that is the price of stopping online guessing, and the per-client limit
// bounds how many accounts one address can lock this way.
//
// # Keys and memory
//
// Emails and addresses are never kept: a key is a SHA-256 digest of a random
// per-process salt and the value, truncated to 128 bits. Passwords are never seen by
// this package beyond passing them on.
//
// A client's value is its address made canonical, so that one client cannot spread
// its attempts over many buckets: an IPv4-mapped IPv6 address counts as its IPv4
// address, any other IPv6 address counts by its /64 (one host can hold a whole /64),
// and a port is dropped. A value that is not an IP address is an opaque client id,
// used as it is: the trusted proxy may send its own identifier instead of an address.
//
// Each counter table tracks at most 100,000 keys by default (WithMaxKeys): expired
// keys are dropped lazily on each call, and when a table is full the least recently
// used key is evicted, losing its history. A key costs about 150 bytes plus 8 bytes
// per event it holds (at most its limit), and every counted event cost one hash, so
// hashing throughput, not attackers, bounds the memory.
//
// # Several replicas
//
// Counters live in the memory of one origin process. With N replicas behind a load
// balancer an attacker can make up to N times each limit, and a restart forgets every
// counter. Exact limits across replicas need sticky routing by email and client, or a
// shared store, which this package does not provide.
//
// Put Accounts outside admission control (throttle, then admission, then the real
// Accounts) so that throttled requests never wait for a hashing slot.
package throttle
