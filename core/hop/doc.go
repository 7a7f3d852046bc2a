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
// The package has no HTTP client: the edge brings its own transport (fetch in the
// Worker), and this package builds for js/wasm as well as natively.
package hop
