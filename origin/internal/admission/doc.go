// Package admission bounds how many Argon2 computations the origin runs at once, so
// that load beyond its capacity queues briefly and is then refused, instead of
// exhausting memory.
//
// A Limiter has K slots. A request takes a slot before hashing and gives it back when
// done; when all slots are taken it waits in a bounded queue (4×K waiters by default)
// for at most the queue timeout. A request that finds the queue full, waits too long or
// whose context ends while waiting gets apierr.ErrOverloaded with a RetryAfter of one
// second by default: a 429, so Hasura passes the message and Retry-After on to the
// client rather than hiding it behind an internal error.
//
// # Choosing K from a memory budget
//
// One Argon2id hash holds m KiB of blocks. Go allocates them on the heap and frees them
// only at a later collection, so each running hash is budgeted at 1.5×m, and the memory
// limit (MemoryLimit) makes the collector run before the heap outgrows the budget.
// Peak RSS should therefore stay under
//
//	K × m × 1.5 + 64 MiB
//
// where 64 MiB is the rest of the process (BaseMemory). Slots inverts this for a
// budget and caps K at the number of CPUs, beyond which more parallel hashes only add
// latency; PeakMemory computes it; MemoryLimit gives the value for
// debug.SetMemoryLimit, which makes the collector hold the heap within the budget.
//
// Wrap holds a slot for the whole Register or Authenticate call, store look-ups
// included, so the bound covers every hash, the dummy verification for unknown emails
// and the rehash after login alike.
package admission
