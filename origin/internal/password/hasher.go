package password

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"

	"github.com/latchauth/latch/core/auth"
)

var _ auth.Hasher = (*Hasher)(nil)

// Hasher writes Argon2id hashes with one Profile and verifies stored Argon2 hashes
// within its Limits. It is safe for concurrent use.
type Hasher struct {
	profile Profile
	limits  Limits
	rand    io.Reader

	// Inputs of DummyVerify, fixed at New so that it allocates only what Verify does.
	dummySalt []byte
	dummyTag  []byte
}

// Option configures a Hasher in New.
type Option func(*Hasher)

// WithRand makes Hash read salts from r instead of crypto/rand. Tests use it for
// known answers and failures; r must be safe for concurrent use if Hash is called
// concurrently.
func WithRand(r io.Reader) Option {
	return func(h *Hasher) { h.rand = r }
}

// New returns a Hasher that writes hashes with p and refuses stored hashes beyond lim.
// It fails if either is invalid or if p itself is beyond lim.
func New(p Profile, lim Limits, opts ...Option) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := lim.Validate(); err != nil {
		return nil, err
	}
	if err := lim.admits(p); err != nil {
		return nil, err
	}

	h := &Hasher{
		profile:   p,
		limits:    lim,
		rand:      rand.Reader,
		dummySalt: make([]byte, p.SaltLen),
		dummyTag:  make([]byte, p.KeyLen),
	}
	for _, opt := range opts {
		opt(h)
	}
	return h, nil
}

// Profile returns the parameters Hash writes with.
func (h *Hasher) Profile() Profile {
	return h.profile
}

// Hash derives an Argon2id tag for password with a fresh random salt and returns it as
// a PHC string. The password is taken as bytes, already normalized by the caller.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.profile.SaltLen)
	if _, err := io.ReadFull(h.rand, salt); err != nil {
		return "", fmt.Errorf("password: reading salt: %w", err)
	}

	p := phc{
		variant: argon2id,
		memory:  h.profile.Memory,
		time:    h.profile.Time,
		threads: h.profile.Threads,
		salt:    salt,
	}
	p.tag = p.derive([]byte(password), h.profile.KeyLen)
	return p.String(), nil
}

// Verify checks password against a stored PHC string. A wrong password is a Verdict
// without Match and a nil error; a string that cannot be parsed, computed or that is
// beyond Limits is an error (ErrInvalidHash, ErrUnsupportedHash, ErrLimitExceeded),
// found before any hashing. On a match, Rehash says whether the string differs from
// what Hash would write now.
func (h *Hasher) Verify(password, encoded string) (auth.Verdict, error) {
	stored, err := parsePHC(encoded, h.limits)
	if err != nil {
		return auth.Verdict{}, err
	}

	got := stored.derive([]byte(password), uint32(len(stored.tag)))
	if subtle.ConstantTimeCompare(got, stored.tag) != 1 {
		return auth.Verdict{}, nil
	}
	return auth.Verdict{Match: true, Rehash: h.outdated(stored)}, nil
}

// DummyVerify does the Argon2 work of one Verify of a hash written with the current
// profile and discards the result, so that an unknown account costs what a wrong
// password costs. Its cost is fixed by the profile and the password length.
func (h *Hasher) DummyVerify(password string) {
	p := phc{
		variant: argon2id,
		memory:  h.profile.Memory,
		time:    h.profile.Time,
		threads: h.profile.Threads,
		salt:    h.dummySalt,
	}
	got := p.derive([]byte(password), h.profile.KeyLen)
	subtle.ConstantTimeCompare(got, h.dummyTag)
}

// outdated reports whether a verified hash differs from what Hash writes now.
func (h *Hasher) outdated(p phc) bool {
	want := h.profile
	return p.variant != argon2id ||
		p.memory != want.Memory ||
		p.time != want.Time ||
		p.threads != want.Threads ||
		uint32(len(p.salt)) != want.SaltLen ||
		uint32(len(p.tag)) != want.KeyLen ||
		p.padded
}

// derive computes a keyLen-byte tag for password with p's variant, parameters and salt.
func (p phc) derive(password []byte, keyLen uint32) []byte {
	if p.variant == argon2i {
		return argon2.Key(password, p.salt, p.time, p.memory, p.threads, keyLen)
	}
	return argon2.IDKey(password, p.salt, p.time, p.memory, p.threads, keyLen)
}
