package hasura

import (
	"io"
	"net/http"
)

// maxResponseBytes caps what the store reads of one answer. Latch's answers are a
// few hundred bytes; a larger body is cut and then fails to decode.
const maxResponseBytes = 1 << 20

// limitedBody is a RoundTripper that caps response bodies at maxResponseBytes.
type limitedBody struct{ next http.RoundTripper }

// RoundTrip sends r and wraps the response body in a limit.
func (l limitedBody) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, maxResponseBytes), resp.Body}
	return resp, nil
}
