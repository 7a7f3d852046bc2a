package hop

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
)

// responseLabel separates answer signatures from request signatures: neither can be
// passed off as the other, though both use the same secret.
const responseLabel = "latch-hop-v1-response"

// SignResponse sets HeaderSignature on h, the headers of an answer with this status
// and body to a request that carried nonce. It binds the Retry-After value already
// set on h, if any, so set that first. The origin's Handler signs every answer it
// writes; this is for an origin that serves the hop some other way.
func (v *Verifier) SignResponse(h http.Header, nonce string, status int, body []byte) {
	sig := responseMAC(v.secret, nonce, status, h.Get("Retry-After"), body)
	h.Set(HeaderSignature, hex.EncodeToString(sig))
}

// VerifyResponse checks the signature of an answer with headers h, this status and
// body, to the request this Signer signed with nonce. The edge calls it before it
// reads anything from the answer, Retry-After included: an answer that fails it may
// come from anyone who can reach the edge as the origin. Errors are ErrMissingHeader,
// ErrMalformed and ErrBadSignature, and never carry header values.
func (s *Signer) VerifyResponse(h http.Header, nonce string, status int, body []byte) error {
	sig, err := single(h, HeaderSignature)
	if err != nil {
		return err
	}
	retry, err := atMostOne(h, "Retry-After")
	if err != nil {
		return err
	}
	got, err := hex.DecodeString(sig)
	if err != nil || !isLowerHex(sig) || len(got) != sha256.Size {
		return ErrMalformed
	}

	if !hmac.Equal(got, responseMAC(s.secret, nonce, status, retry, body)) {
		return ErrBadSignature
	}
	return nil
}

// responseMAC computes the HMAC-SHA256 of an answer's canonical string, described in
// the package doc.
func responseMAC(secret []byte, nonce string, status int, retry string, body []byte) []byte {
	sum := sha256.Sum256(body)
	m := hmac.New(sha256.New, secret)
	for _, part := range []string{responseLabel, nonce, strconv.Itoa(status), retry} {
		io.WriteString(m, part)
		m.Write([]byte{'\n'})
	}
	io.WriteString(m, hex.EncodeToString(sum[:]))
	return m.Sum(nil)
}

// atMostOne returns the value of header name, or "" when it is absent, refusing a
// repeated header: the signer bound one value, and a reader might pick another.
func atMostOne(h http.Header, name string) (string, error) {
	vals := h.Values(name)
	if len(vals) > 1 {
		return "", ErrMalformed
	}
	if len(vals) == 0 {
		return "", nil
	}
	return vals[0], nil
}

// requestNonce returns the request's nonce when it is well formed, and "" otherwise,
// so that the origin never signs an answer over an arbitrary header value.
func requestNonce(h http.Header) string {
	nonce, err := single(h, HeaderNonce)
	if err != nil || !validNonce(nonce) {
		return ""
	}
	return nonce
}
