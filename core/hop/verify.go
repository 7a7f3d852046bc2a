package hop

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Verifier checks hop request signatures on the origin. It is safe for concurrent use.
type Verifier struct {
	secret []byte
	clock  func() time.Time
	window time.Duration
	nonces NonceCache
}

// NewVerifier returns a Verifier for secret, which must be at least MinSecretBytes
// long. WithClock, WithWindow and WithNonceCache apply.
func NewVerifier(secret []byte, opts ...Option) (*Verifier, error) {
	s, err := newSettings(secret, opts)
	if err != nil {
		return nil, err
	}
	return newVerifier(secret, s), nil
}

func newVerifier(secret []byte, s settings) *Verifier {
	if s.nonces == nil {
		s.nonces = NewMemoryNonceCache(DefaultNonceCapacity)
	}
	return &Verifier{
		secret: slices.Clone(secret),
		clock:  s.clock,
		window: s.window,
		nonces: s.nonces,
	}
}

// Verify checks the signature headers in h against method, path and body. The cheap
// checks run first; the nonce is recorded only once the signature is known to be good,
// so unsigned traffic cannot fill the cache. Errors are the sentinels of this package
// and never carry header values.
func (v *Verifier) Verify(h http.Header, method, path string, body []byte) error {
	ts, err := single(h, HeaderTimestamp)
	if err != nil {
		return err
	}
	nonce, err := single(h, HeaderNonce)
	if err != nil {
		return err
	}
	sig, err := single(h, HeaderSignature)
	if err != nil {
		return err
	}

	sent, err := parseTimestamp(ts)
	if err != nil {
		return err
	}
	if !validNonce(nonce) {
		return ErrMalformed
	}
	got, err := hex.DecodeString(sig)
	if err != nil || !isLowerHex(sig) || len(got) != sha256.Size {
		return ErrMalformed
	}

	now := v.clock()
	if d := now.Sub(sent); d > v.window || d < -v.window {
		return ErrStale
	}
	if !hmac.Equal(got, mac(v.secret, method, path, ts, nonce, body)) {
		return ErrBadSignature
	}
	// Past sent+window the timestamp check refuses the request anyway; a second of
	// margin covers the truncation of timestamps to whole seconds.
	return v.nonces.Remember(nonce, now, sent.Add(v.window+time.Second))
}

// single returns the one value of header name, refusing absent or repeated headers.
func single(h http.Header, name string) (string, error) {
	vals := h.Values(name)
	switch {
	case len(vals) == 0 || vals[0] == "":
		return "", ErrMissingHeader
	case len(vals) > 1:
		return "", ErrMalformed
	}
	return vals[0], nil
}

// parseTimestamp reads unix seconds written canonically: digits only, no sign, no
// leading zero.
func parseTimestamp(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return time.Time{}, ErrMalformed
	}
	return time.Unix(n, 0), nil
}

// validNonce reports whether nonce is 32 to 128 lowercase hex digits.
func validNonce(nonce string) bool {
	return isLowerHex(nonce) && len(nonce) >= 2*nonceBytes && len(nonce) <= 128
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
