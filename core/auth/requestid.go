package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

// requestIDKey is the context key for the request id.
type requestIDKey struct{}

// WithRequestID returns a copy of ctx that carries id, the id of the request being
// served, so that work done on its behalf (the edge's hop to the origin) can be logged
// under the same id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id carried by ctx, or "" when none is.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// ValidRequestID reports whether id is fit to log and to pass on: 1 to 64 letters,
// digits, '-' and '_'. An id taken from a request header must pass it, so that a
// caller cannot inject log content.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// NewRequestID returns a new random request id of 16 hex digits, or "-" if the
// random source fails.
func NewRequestID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "-"
	}
	return hex.EncodeToString(b[:])
}
