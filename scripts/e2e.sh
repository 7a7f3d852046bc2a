#!/usr/bin/env bash
# `make e2e`: Signup and Login through the edge under `wrangler dev` and through the
# standalone origin, driven by the Go test in edge/e2e (build tag e2e), in two rounds:
#
#   1. the origin keeps its users in the embedded store (a temporary --data-dir);
#   2. the same edge, and an origin on the same port with --hasura-endpoint pointed at
#      the Hasura test double (origin/internal/hasuratest/hasura-double), seeded with
#      a user of the Flask tutorial and its argon2-cffi hash.
#
# Uses what make built (bin/latch, build/ with build/wrangler.toml) and builds only the
# double. Every server listens on a loopback port with random secrets, and is stopped
# by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
READY_TIMEOUT=${READY_TIMEOUT:-60}

for f in bin/latch build/wrangler.toml build/app.wasm node_modules/.bin/wrangler; do
	[ -e "$f" ] || { echo "e2e: $f is missing; run 'make build deps' first" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/latch-e2e.XXXXXX")
origin_pid="" edge_pid="" double_pid=""
cleanup() {
	# The edge runs in its own process group (setsid): wrangler and its workerd child.
	[ -n "$edge_pid" ] && kill -TERM -- "-$edge_pid" 2>/dev/null || true
	[ -n "$origin_pid" ] && kill -TERM "$origin_pid" 2>/dev/null || true
	[ -n "$double_pid" ] && kill -TERM "$double_pid" 2>/dev/null || true
	[ -n "$origin_pid" ] && wait "$origin_pid" 2>/dev/null || true
	[ -n "$double_pid" ] && wait "$double_pid" 2>/dev/null || true
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
"$GO" build -o "$tmp/hasura-double" ./origin/internal/hasuratest/hasura-double

# The OWASP floor rather than the default profile keeps the run short. Both origins
# read it from the environment, and the Hasura round checks rewritten hashes with it.
export LATCH_ARGON2_MEMORY=19456 LATCH_ARGON2_TIME=2 LATCH_ARGON2_THREADS=1
origin_log="$tmp/origin.log"
bin/latch serve --listen "127.0.0.1:$origin_port" --data-dir "$tmp/data" \
	--log-level warn >"$origin_log" 2>&1 &
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

# show_logs: the logs of the servers of the current round, for a failure.
show_logs() {
	local f
	for f in "$origin_log" "$tmp/edge.log" "$tmp/double.log"; do
		[ -s "$f" ] || continue
		echo "e2e: $(basename "$f") (tail):" >&2
		tail -n 40 "$f" >&2
	done
}

# wait_for URL: poll until URL answers 200, at most READY_TIMEOUT seconds.
wait_for() {
	local deadline=$((SECONDS + READY_TIMEOUT))
	until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$origin_pid" "$edge_pid" 2>/dev/null
		then
			echo "e2e: $1 is not ready" >&2
			show_logs
			exit 1
		fi
		sleep 0.25
	done
}
wait_for "$LATCH_E2E_ORIGIN_URL/healthz"
wait_for "$LATCH_E2E_EDGE_URL/healthz"
echo "e2e: origin and edge ready in $((SECONDS - start))s"

# run_tests PATTERN: the e2e tests matching PATTERN, with the logs if they fail.
run_tests() {
	local status=0
	(cd edge && "$GO" test -tags e2e -count=1 -v -run "$1" ./e2e/) || status=$?
	[ "$status" -eq 0 ] || { show_logs; exit "$status"; }
}

echo "e2e: round 1, embedded store"
run_tests '^TestEndToEnd$'
# The round's last step stopped the origin; its port is free for the next one.
wait "$origin_pid" 2>/dev/null || true

echo "e2e: round 2, users in Hasura (the test double)"
tutorial_hash=$(node -e 'console.log(require(process.argv[1])[0].phc)' \
	"$PWD/origin/internal/password/testdata/argon2-cffi-phc.json")
export LATCH_E2E_HASURA_SECRET=$(random_hex 32)
HASURA_GRAPHQL_ADMIN_SECRET=$LATCH_E2E_HASURA_SECRET "$tmp/hasura-double" \
	-listen 127.0.0.1:0 -seed-email tutorial.user@example.com -seed-hash "$tutorial_hash" \
	>"$tmp/double.url" 2>"$tmp/double.log" &
double_pid=$!
export LATCH_E2E_HASURA_PID=$double_pid

# The double prints its URL once it accepts connections.
deadline=$((SECONDS + READY_TIMEOUT))
until [ -s "$tmp/double.url" ]; do
	if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$double_pid" 2>/dev/null; then
		echo "e2e: the Hasura double did not start" >&2
		show_logs
		exit 1
	fi
	sleep 0.1
done
export LATCH_E2E_HASURA_URL=$(head -n 1 "$tmp/double.url")

origin_log="$tmp/origin-hasura.log"
LATCH_HASURA_ADMIN_SECRET=$LATCH_E2E_HASURA_SECRET bin/latch serve \
	--listen "127.0.0.1:$origin_port" --hasura-endpoint "$LATCH_E2E_HASURA_URL" \
	--log-level warn >"$origin_log" 2>&1 &
origin_pid=$!
export LATCH_E2E_ORIGIN_PID=$origin_pid
wait_for "$LATCH_E2E_ORIGIN_URL/healthz"

run_tests '^TestHasuraStore$'
echo "e2e: both rounds passed in $((SECONDS - start))s"
