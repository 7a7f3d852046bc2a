// Package e2e holds the end-to-end test of Latch: Hasura action calls through the edge
// worker under `wrangler dev` and through the standalone origin, both started by
// scripts/e2e.sh. The test is behind the e2e build tag; run it with `make e2e`.
package e2e
