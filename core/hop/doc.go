// Package hop is the signed protocol between the edge and the origin.
//
// The edge has validated and normalized the input; it asks the origin, which holds
// the password hashes, to register or authenticate a user, and gets back a principal
// or a stable error code. The origin is reachable over the network, so every request
// is authenticated with HMAC-SHA256 (RFC 2104) under a secret only the two halves
// share, and a random nonce makes each signed request usable once.
//
// A request is signed over this canonical string, lines joined by "\n" with no
// trailing newline:
//
//	latch-hop-v1
//	<method, e.g. POST>
//	<path, e.g. /hop/v1/login>
//	<timestamp: unix seconds, decimal, as sent in X-Latch-Timestamp>
//	<nonce: 32 to 128 lowercase hex digits, as sent in X-Latch-Nonce>
//	<SHA-256 of the body, lowercase hex>
//
// and the lowercase hex HMAC goes in X-Latch-Signature. The query string is neither
// signed nor read. The origin refuses a request whose headers are missing or
// garbled, whose signature does not match (compared in constant time), whose
// timestamp is more than the window (default 30 s) away from its clock, or whose nonce
// it has seen within the window — all before decoding the body or touching accounts.
//
// The body is a Credentials object. Its optional "client" field carries the client
// address the edge read from its trusted header; being in the body, it is signed.
//
// Every answer is signed too, error or not, so that whoever can pose as the origin
// (say, on a plain-http ORIGIN_URL) cannot hand the edge a principal to mint a token
// for. The origin signs, with the same secret, this canonical string:
//
//	latch-hop-v1-response
//	<the request's nonce, or empty if the request had no well-formed one>
//	<status code, decimal, e.g. 200>
//	<the Retry-After header value, or empty>
//	<SHA-256 of the body, lowercase hex>
//
// and puts the lowercase hex HMAC in the answer's X-Latch-Signature. The distinct
// first line keeps a request signature from passing for an answer's. The edge checks
// the signature, in constant time and against the nonce it sent, before it reads
// anything else of the answer, so an answer cannot be altered, given another status,
// or replayed from another request.
//
// The package has no HTTP client: the edge brings its own transport (fetch in the
// Worker), and this package builds for js/wasm as well as natively.
package hop
