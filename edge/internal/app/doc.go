// Package app is the edge worker's HTTP handler, written once for both builds: the
// Cloudflare Worker (js/wasm, main_js.go) and its native twin (main_native.go).
//
// It answers the Hasura action routes (POST /, /actions, /signup, /login; see
// https://hasura.io/docs/latest/actions/action-handlers/) with the core action handler,
// forwarding account work to the origin over the signed hop and signing tokens here,
// and GET /healthz. Around them it adds what a Worker needs: a body size cap enforced
// before anything reads the body, a recover that turns any panic into a Hasura-shaped
// 500 (a panic in a Worker hangs the request), and a configuration error answered as a
// Hasura-shaped error that names the problem in the log only.
//
// The package never makes requests itself: the caller passes a Doer, which is syumai's
// fetch in the Worker and an http.Client natively.
package app
