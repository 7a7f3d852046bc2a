#!/usr/bin/env bash
# Builds the edge worker into build/ (worker.mjs, wasm_exec.js, runtime.mjs, app.wasm,
# and wrangler.toml for prebuilt runs) and fails when it breaks one of two hard limits:
#   - gzip'd app.wasm above WORKER_BUDGET bytes (default 2 MiB, Cloudflare's free plan
#     limit for the compressed worker);
#   - net/http's Client linked in: it panics under workerd ("Illegal invocation") and
#     adds about 1 MiB gzip. The stripped binary has no names, so a second link keeps
#     the wasm name section and is searched for the Client's methods.
# Run from anywhere; it works in the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

# TODO: the worker sits about 75 KB under its budget (2,021,574 bytes on 2026-12-04).
# golang-jwt registers every signing method at init, linking RSA/ECDSA/EdDSA code the
# HMAC-only edge never calls, and x/text's NFKC tables (about 53 KB gzip) duplicate the
# copy std vendors for IDNA. New edge features need room found first: an HMAC-only JWT
# path or NFKC moved to the origin are the two known levers.
GO=${GO:-go}
BUILD=build
BUDGET=${WORKER_BUDGET:-2097152}
export GOOS=js GOARCH=wasm

# workers-assets-gen empties build/ and writes the JS glue; -mode=go selects the glue
# for Go's own wasm port (the default is TinyGo's).
GOOS= GOARCH= "$GO" run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o "$BUILD"

"$GO" build -trimpath -ldflags='-s -w' -o "$BUILD/app.wasm" ./edge

names=$(mktemp "${TMPDIR:-/tmp}/latch-worker-names.XXXXXX")
trap 'rm -f "$names"' EXIT
"$GO" build -trimpath -ldflags='-w' -o "$names" ./edge
if grep -a -q -F -e 'net/http.(*Client).do' -e 'net/http.(*Client).send' "$names"; then
	echo "worker: FAIL: net/http's Client is linked into the worker; use syumai's fetch" >&2
	exit 1
fi

# build/wrangler.toml: the root config without [build], for runs that have built first
# (make run, make e2e); otherwise wrangler would build again. Paths are relative to it.
awk '
	/^\[/ { skip = ($0 == "[build]") }
	skip { next }
	/^main *=/ { print "main = \"./worker.mjs\""; next }
	{ print }
' wrangler.toml >"$BUILD/wrangler.toml"

size=$(gzip -9 -c "$BUILD/app.wasm" | wc -c | tr -d ' ')
echo "worker: $size bytes gzip (budget $BUDGET)"
if [ "$size" -gt "$BUDGET" ]; then
	echo "worker: FAIL: over budget by $((size - BUDGET)) bytes" >&2
	exit 1
fi
