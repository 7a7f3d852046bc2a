package hop

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// nonceBytes is the size of a fresh nonce: 128 random bits.
const nonceBytes = 16

// Signer signs hop requests on the edge. It is safe for concurrent use.
type Signer struct {
	secret []byte
	clock  func() time.Time
	random io.Reader
}

// NewSigner returns a Signer for secret, which must be at least MinSecretBytes long.
// WithClock and WithRandom apply.
func NewSigner(secret []byte, opts ...Option) (*Signer, error) {
	s, err := newSettings(secret, opts)
	if err != nil {
		return nil, err
	}
	return &Signer{secret: slices.Clone(secret), clock: s.clock, random: s.random}, nil
}

// Sign sets the timestamp, nonce and signature headers on h for a request with this
// method, path and body. It reads the clock and draws a nonce on every call.
func (s *Signer) Sign(h http.Header, method, path string, body []byte) error {
	raw := make([]byte, nonceBytes)
	if _, err := io.ReadFull(s.random, raw); err != nil {
		return fmt.Errorf("hop: drawing a nonce: %w", err)
	}
	nonce := hex.EncodeToString(raw)
	ts := strconv.FormatInt(s.clock().Unix(), 10)

	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderNonce, nonce)
	h.Set(HeaderSignature, hex.EncodeToString(mac(s.secret, method, path, ts, nonce, body)))
	return nil
}

// mac computes the HMAC-SHA256 of the canonical string described in the package doc.
func mac(secret []byte, method, path, ts, nonce string, body []byte) []byte {
	sum := sha256.Sum256(body)
	m := hmac.New(sha256.New, secret)
	for _, part := range []string{"latch-hop-v1", method, path, ts, nonce} {
		io.WriteString(m, part)
		m.Write([]byte{'\n'})
	}
	io.WriteString(m, hex.EncodeToString(sum[:]))
	return m.Sum(nil)
}
