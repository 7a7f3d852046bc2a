// Package hopclient is the edge's side of the signed hop: an auth.Accounts that
// forwards Register and Authenticate to the origin (see package core/hop for the
// protocol).
//
// The package makes no requests of its own. The caller passes a Doer: in the Worker
// it wraps the Workers fetch API, natively (tests, the edge's native twin) any
// net/http transport. Whatever goes wrong between the edge and the origin —
// transport failure, timeout, a 5xx, an answer that is not the hop's JSON, an answer
// whose signature does not hold for the request just sent — becomes
// apierr.ErrUnavailable; the cause, which may name the origin, is kept for logs and
// never rendered. Nothing in an answer, its status included, is read before its
// signature is checked.
//
// The client address in the caller's context (auth.ClientFrom) travels in the signed
// body, so that the origin's per-client limits see the client and not the edge.
package hopclient
