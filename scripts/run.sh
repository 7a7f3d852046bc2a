#!/usr/bin/env bash
# `make run`: the origin (`latch serve`, embedded store in ./data) on 127.0.0.1:8090 and
# the edge under `wrangler dev` on 127.0.0.1:8787, with dev secrets kept in .dev.vars
# (ignored by git; created on first run). Expects bin/latch and build/ from `make build`.
# Prints ready-to-paste curl calls; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

ORIGIN_ADDR=127.0.0.1:8090
EDGE_IP=127.0.0.1
EDGE_PORT=8787
SECRETS=.dev.vars
READY_TIMEOUT=${READY_TIMEOUT:-60}

for f in bin/latch build/wrangler.toml build/app.wasm; do
	[ -e "$f" ] || { echo "run: $f is missing; run 'make build' first" >&2; exit 1; }
done

# random_hex N prints N random bytes as hex.
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# One file holds the dev secrets for both halves: wrangler reads it as .dev.vars, and
# the origin reads the same LATCH_* names from its environment.
if [ ! -f "$SECRETS" ]; then
	umask 077
	cat >"$SECRETS" <<VARS
# Latch dev secrets, made by scripts/run.sh. Never commit; delete to regenerate.
LATCH_JWT_SECRET='{"type":"HS256","key":"$(random_hex 32)"}'
LATCH_EDGE_SECRET='$(random_hex 32)'
LATCH_ACTION_SECRET='$(random_hex 32)'
VARS
	umask 022
	echo "run: created $SECRETS with new dev secrets"
fi
set -a
# shellcheck source=/dev/null
. "./$SECRETS"
set +a

origin_pid="" edge_pid=""
state=$(mktemp -d "${TMPDIR:-/tmp}/latch-run.XXXXXX")
cleanup() {
	trap - EXIT INT TERM
	# The edge runs in its own process group (setsid): wrangler and its workerd child.
	[ -n "$edge_pid" ] && kill -TERM -- "-$edge_pid" 2>/dev/null || true
	[ -n "$origin_pid" ] && kill -TERM "$origin_pid" 2>/dev/null || true
	[ -n "$origin_pid" ] && wait "$origin_pid" 2>/dev/null || true
	[ -n "$edge_pid" ] && wait "$edge_pid" 2>/dev/null || true
	rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The origin: embedded store, hop for the edge, and standalone actions too.
bin/latch serve --listen "$ORIGIN_ADDR" --data-dir ./data &
origin_pid=$!

# The edge, from build/wrangler.toml: the root config without [build], as make built.
# Offline: no metrics, no error reports, no fetch of Cloudflare's Request.cf data.
WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
	CLOUDFLARE_CF_FETCH_ENABLED=false CI=true \
	setsid npx --no-install wrangler dev --config build/wrangler.toml \
	--env-file "$PWD/$SECRETS" --var "ORIGIN_URL:http://$ORIGIN_ADDR" \
	--ip "$EDGE_IP" --port "$EDGE_PORT" --persist-to "$state" &
edge_pid=$!

# wait_for URL: poll until URL answers 200, for at most READY_TIMEOUT seconds.
wait_for() {
	local deadline=$((SECONDS + READY_TIMEOUT))
	until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "run: $1 did not answer within ${READY_TIMEOUT}s" >&2
			exit 1
		fi
		if ! kill -0 "$origin_pid" "$edge_pid" 2>/dev/null; then
			echo "run: a server exited" >&2
			exit 1
		fi
		sleep 0.5
	done
}
wait_for "http://$ORIGIN_ADDR/healthz"
wait_for "http://$EDGE_IP:$EDGE_PORT/healthz"

hasura_jwt=$(bin/latch hasura jwt-config 2>/dev/null || printf '%s' "$LATCH_JWT_SECRET")

# curl_call BASE ACTION EMAIL FIELDS: a ready-to-paste Hasura action call, as Hasura
# sends it (JSON may span lines inside the single quotes).
curl_call() {
	cat <<CURL
curl -sS -X POST '$1/actions' \\
  -H 'Content-Type: application/json' \\
  -H 'X-Action-Secret: $LATCH_ACTION_SECRET' \\
  -d '{"action": {"name": "$2"},
       "input": {"email": "$3", "password": "correct horse battery"},
       "session_variables": {"x-hasura-role": "anonymous"},
       "request_query": "mutation { $2(email: \\"$3\\", password: \\"...\\") { $4 } }"}'
CURL
}

edge="http://$EDGE_IP:$EDGE_PORT"
origin="http://$ORIGIN_ADDR"
cat <<INFO

Latch is running (Ctrl-C stops both).
  edge   (wrangler dev) $edge
  origin (latch serve)  $origin   store: ./data

Signup, then Login, through the edge:

$(curl_call "$edge" Signup ana@example.com "id email")

$(curl_call "$edge" Login ana@example.com token)

The same against the standalone origin (same store, so another email):

$(curl_call "$origin" Signup ben@example.com "id email")

$(curl_call "$origin" Login ben@example.com token)

Hasura needs:
  HASURA_GRAPHQL_JWT_SECRET='$hasura_jwt'
  LATCH_ACTION_SECRET='$LATCH_ACTION_SECRET'   (sent as the X-Action-Secret header)

INFO

wait -n "$origin_pid" "$edge_pid" || true
echo "run: a server stopped; stopping the other" >&2
