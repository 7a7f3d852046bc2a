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
