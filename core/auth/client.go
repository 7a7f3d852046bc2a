package auth

import "context"

// clientKey is the context key for the client address.
type clientKey struct{}

// WithClient returns a copy of ctx that carries addr, the client's address as read from
// a trusted header. Only the HTTP layer that knows which header to trust should call it.
func WithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// ClientFrom returns the client address carried by ctx, or "" when none is known.
// Hasura does not forward the client's IP unless configured to, so "" is common.
func ClientFrom(ctx context.Context) string {
	addr, _ := ctx.Value(clientKey{}).(string)
	return addr
}

// MaxClientBytes caps a client address taken from a trusted header; a longer value is
// ignored. An IPv6 address with a zone fits comfortably.
const MaxClientBytes = 64

// ValidClient reports whether addr is a usable client address: 1 to MaxClientBytes
// bytes of printable ASCII with no space or comma. It does not insist on an IP
// address, so that a proxy's opaque client identifier works as well.
func ValidClient(addr string) bool {
	if addr == "" || len(addr) > MaxClientBytes {
		return false
	}
	for i := 0; i < len(addr); i++ {
		if c := addr[i]; c <= ' ' || c > '~' || c == ',' {
			return false
		}
	}
	return true
}
