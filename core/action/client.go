package action

import (
	"context"
	"net/http"
	"strings"

	"github.com/latchauth/latch/core/auth"
)

// WithClientHeader makes the handler read the client's address from the request
// header name and hand it to the service with auth.WithClient, so that limits can key
// on it. Hasura sends no client address unless configured to (forward_client_headers
// on the action, or a header a proxy in front of Hasura sets), and anyone who can
// reach the handler can send any header: name only a header that the deployment
// overwrites, never one a proxy merely appends to. An empty name, the default, reads
// nothing and leaves per-client limits off.
func WithClientHeader(name string) Option {
	return func(h *Handler) { h.clientHeader = name }
}

// withClient returns ctx carrying the client address from r's trusted header, or ctx
// unchanged when no header is configured or its value is unusable.
func (h *Handler) withClient(ctx context.Context, r *http.Request) context.Context {
	if h.clientHeader == "" {
		return ctx
	}
	if addr := ClientAddress(r.Header.Get(h.clientHeader)); addr != "" {
		return auth.WithClient(ctx, addr)
	}
	return ctx
}

// ClientAddress returns the address in value, a trusted header's value: its first
// comma-separated element with surrounding spaces and tabs trimmed, if auth.ValidClient
// accepts it, and "" otherwise.
func ClientAddress(value string) string {
	first, _, _ := strings.Cut(value, ",")
	first = strings.Trim(first, " \t")
	if !auth.ValidClient(first) {
		return ""
	}
	return first
}

// ValidHeaderName reports whether name is a valid HTTP header field name (an RFC 9110
// token), for configurations that name the client header.
func ValidHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
