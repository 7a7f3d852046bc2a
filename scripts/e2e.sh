#!/usr/bin/env bash
# `make e2e`: Signup and Login through the edge under `wrangler dev` and through the
# standalone origin, driven by the Go test in edge/e2e (build tag e2e).
#
# Uses what make built (bin/latch, build/ with build/wrangler.toml) and builds nothing
# else. Both servers listen on free loopback ports with a temporary data directory and
# random secrets, and are stopped by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
READY_TIMEOUT=${READY_TIMEOUT:-60}

for f in bin/latch build/wrangler.toml build/app.wasm node_modules/.bin/wrangler; do
	[ -e "$f" ] || { echo "e2e: $f is missing; run 'make build deps' first" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/latch-e2e.XXXXXX")
origin_pid="" edge_pid=""
cleanup() {
	# The edge runs in its own process group (setsid): wrangler and its workerd child.
	[ -n "$edge_pid" ] && kill -TERM -- "-$edge_pid" 2>/dev/null || true
	[ -n "$origin_pid" ] && kill -TERM "$origin_pid" 2>/dev/null || true
	[ -n "$origin_pid" ] && wait "$origin_pid" 2>/dev/null || true
	[ -n "$edge_pid" ] && wait "$edge_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a TCP port that was free on 127.0.0.1 a moment ago.
free_port() {
	node -e 'const s=require("net").createServer();
		s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

origin_port=$(free_port)
edge_port=$(free_port)
inspector_port=$(free_port)
export LATCH_JWT_SECRET="{\"type\":\"HS256\",\"key\":\"$(random_hex 32)\"}"
export LATCH_EDGE_SECRET=$(random_hex 32)
export LATCH_ACTION_SECRET=$(random_hex 32)
export LATCH_E2E_ORIGIN_URL="http://127.0.0.1:$origin_port"
export LATCH_E2E_EDGE_URL="http://127.0.0.1:$edge_port"

# Secrets reach wrangler through a temporary env file, not the command line.
umask 077
printf "LATCH_JWT_SECRET='%s'\nLATCH_EDGE_SECRET='%s'\nLATCH_ACTION_SECRET='%s'\n" \
	"$LATCH_JWT_SECRET" "$LATCH_EDGE_SECRET" "$LATCH_ACTION_SECRET" >"$tmp/dev.vars"
umask 022

start=$SECONDS
# The OWASP floor rather than the default profile keeps the run short.
bin/latch serve --listen "127.0.0.1:$origin_port" --data-dir "$tmp/data" \
	--argon2-memory 19456 --argon2-time 2 --argon2-threads 1 --log-level warn \
	>"$tmp/origin.log" 2>&1 &
origin_pid=$!
export LATCH_E2E_ORIGIN_PID=$origin_pid

# Offline: no metrics, no error reports, no fetch of Cloudflare's Request.cf data.
WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
	CLOUDFLARE_CF_FETCH_ENABLED=false CI=true \
	setsid node_modules/.bin/wrangler dev --config build/wrangler.toml \
	--env-file "$tmp/dev.vars" --var "ORIGIN_URL:$LATCH_E2E_ORIGIN_URL" \
	--ip 127.0.0.1 --port "$edge_port" \
	--inspector-ip 127.0.0.1 --inspector-port "$inspector_port" \
	--persist-to "$tmp/state" --log-level warn >"$tmp/edge.log" 2>&1 &
edge_pid=$!

# wait_for URL: poll until URL answers 200, at most READY_TIMEOUT seconds.
wait_for() {
	local deadline=$((SECONDS + READY_TIMEOUT))
	until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$origin_pid" "$edge_pid" 2>/dev/null
		then
			echo "e2e: $1 is not ready; origin log:" >&2
			cat "$tmp/origin.log" >&2
			echo "e2e: edge log:" >&2
			cat "$tmp/edge.log" >&2
			exit 1
		fi
		sleep 0.25
	done
}
wait_for "$LATCH_E2E_ORIGIN_URL/healthz"
wait_for "$LATCH_E2E_EDGE_URL/healthz"
echo "e2e: origin and edge ready in $((SECONDS - start))s"

status=0
(cd edge && "$GO" test -tags e2e -count=1 -v ./e2e/) || status=$?
if [ "$status" -ne 0 ]; then
	echo "e2e: edge log (tail):" >&2
	tail -n 40 "$tmp/edge.log" >&2
	echo "e2e: origin log (tail):" >&2
	tail -n 40 "$tmp/origin.log" >&2
fi
exit "$status"
