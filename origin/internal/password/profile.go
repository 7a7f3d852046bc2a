package password

import "fmt"

// Minimum lengths, in bytes. A stored hash may use the RFC 9106 minimums; hashes this
// package writes use at least the recommended lengths.
const (
	minSaltLen        = 8  // RFC 9106 section 3.1: salt of 8 bytes or more
	minTagLen         = 4  // RFC 9106 section 3.1: tag of 4 bytes or more
	minProfileSaltLen = 16 // RFC 9106 section 4: 128-bit salt
	minProfileKeyLen  = 16 // 128-bit tag; 32 bytes recommended
	blocksPerLane     = 8  // m must be at least 8 KiB per lane
)

// Profile is the Argon2id cost and size of the hashes Hash writes. Verify accepts
// other parameters within Limits and flags them for rehash.
type Profile struct {
	Memory  uint32 // memory cost m, in KiB
	Time    uint32 // passes over memory t
	Threads uint8  // lanes p
	SaltLen uint32 // random salt length, in bytes
	KeyLen  uint32 // tag length, in bytes
}

// DefaultProfile is RFC 9106's second recommended option (section 4): Argon2id with
// 64 MiB of memory, 3 passes, 4 lanes, a 16-byte salt and a 32-byte tag. It costs
// about 50 ms per hash on one core of the reference machine.
var DefaultProfile = Profile{
	Memory:  64 * 1024,
	Time:    3,
	Threads: 4,
	SaltLen: 16,
	KeyLen:  32,
}

// Validate reports whether p can be used to write hashes: t ≥ 1, p ≥ 1, m ≥ 8·p KiB,
// a salt and a tag of at least 16 bytes each.
func (p Profile) Validate() error {
	switch {
	case p.Time < 1:
		return fmt.Errorf("%w: time must be at least 1", ErrInvalidProfile)
	case p.Threads < 1:
		return fmt.Errorf("%w: threads must be at least 1", ErrInvalidProfile)
	case uint64(p.Memory) < blocksPerLane*uint64(p.Threads):
		return fmt.Errorf("%w: memory %d KiB is below 8 KiB per thread",
			ErrInvalidProfile, p.Memory)
	case p.SaltLen < minProfileSaltLen:
		return fmt.Errorf("%w: salt length %d is below %d bytes",
			ErrInvalidProfile, p.SaltLen, minProfileSaltLen)
	case p.KeyLen < minProfileKeyLen:
		return fmt.Errorf("%w: key length %d is below %d bytes",
			ErrInvalidProfile, p.KeyLen, minProfileKeyLen)
	}
	return nil
}

// Limits caps what a stored hash may ask for. Verify checks them while parsing, before
// any hashing, so that a corrupt or hostile row cannot make one login allocate or
// compute without bound. Every field must be set; see DefaultLimits.
type Limits struct {
	MaxMemory  uint32 // largest m, in KiB
	MaxTime    uint32 // largest t
	MaxThreads uint8  // largest p
	MaxSaltLen uint32 // longest decoded salt, in bytes
	MaxKeyLen  uint32 // longest decoded tag, in bytes
}

// DefaultLimits admits every profile argon2-cffi and libargon2 have shipped as
// defaults (at most m=100 MiB, t=3, p=8, 16-byte salt, 32-byte tag) and the RFC 9106
// and OWASP low-memory options (t ≤ 5) with headroom. The worst stored hash it lets
// through costs 256 MiB for 10 passes: on the order of one second of one core.
// Profiles above it need larger Limits.
var DefaultLimits = Limits{
	MaxMemory:  256 * 1024,
	MaxTime:    10,
	MaxThreads: 32,
	MaxSaltLen: 64,
	MaxKeyLen:  64,
}

// Validate reports whether every cap is set and leaves room for the RFC 9106 minimum
// salt and tag lengths.
func (l Limits) Validate() error {
	switch {
	case l.MaxMemory < blocksPerLane || l.MaxTime < 1 || l.MaxThreads < 1:
		return fmt.Errorf("%w: limits must allow m ≥ 8, t ≥ 1 and p ≥ 1", ErrInvalidProfile)
	case l.MaxSaltLen < minSaltLen || l.MaxKeyLen < minTagLen:
		return fmt.Errorf("%w: limits must allow salts of 8 and tags of 4 bytes",
			ErrInvalidProfile)
	}
	return nil
}

// admits reports whether hashes written with p stay within l, so that a Hasher can
// always verify its own output.
func (l Limits) admits(p Profile) error {
	switch {
	case p.Memory > l.MaxMemory:
		return fmt.Errorf("%w: memory %d KiB is above the limit %d KiB",
			ErrInvalidProfile, p.Memory, l.MaxMemory)
	case p.Time > l.MaxTime:
		return fmt.Errorf("%w: time %d is above the limit %d", ErrInvalidProfile, p.Time, l.MaxTime)
	case p.Threads > l.MaxThreads:
		return fmt.Errorf("%w: threads %d is above the limit %d",
			ErrInvalidProfile, p.Threads, l.MaxThreads)
	case p.SaltLen > l.MaxSaltLen:
		return fmt.Errorf("%w: salt length %d is above the limit %d",
			ErrInvalidProfile, p.SaltLen, l.MaxSaltLen)
	case p.KeyLen > l.MaxKeyLen:
		return fmt.Errorf("%w: key length %d is above the limit %d",
			ErrInvalidProfile, p.KeyLen, l.MaxKeyLen)
	}
	return nil
}
