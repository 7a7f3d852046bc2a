package app

import (
	"context"
	"net/http"

	"github.com/latchauth/latch/edge/internal/hopclient"
)

// honourContext makes do return as soon as the request's context ends, even if do
// itself ignores the context: the Workers fetch API cannot be cancelled from Go, and
// the hop's timeout must still hold when the origin hangs.
func honourContext(do hopclient.Doer) hopclient.Doer {
	return func(r *http.Request) (*http.Response, error) {
		done := make(chan result, 1)
		go func() {
			res, err := do(r)
			done <- result{res, err}
		}()

		select {
		case out := <-done:
			return out.res, out.err
		case <-r.Context().Done():
			go discardLate(done)
			return nil, context.Cause(r.Context())
		}
	}
}

// result is the outcome of one call of a Doer.
type result struct {
	res *http.Response
	err error
}

// discardLate closes the body of a response that arrived after its deadline.
func discardLate(done <-chan result) {
	if out := <-done; out.res != nil {
		_ = out.res.Body.Close()
	}
}
