#!/usr/bin/env bash
# `make bench` (second half): the origin's enumeration and load figures, printed as a
# report. Builds bin/latch and bin/latch-load, then starts `bin/latch serve` on a free
# 127.0.0.1 port with a temporary data directory, random secrets and the default Argon2
# profile (m=65536,t=3,p=4), and drives it with latch-load:
#
#   1. enumeration: one user; then unknown-email and wrong-password logins, alternating,
#      one at a time; their latency medians and answers are compared (field case C-12);
#   2. capacity: valid logins at concurrency 1, 2, 4, 8 and 16 (then 2x and 4x of the
#      capacity if those were not among them), each for at most LEVEL_SECONDS or
#      LEVEL_MAX calls, with the origin restarted per level so that VmHWM is that
#      level's peak RSS.
#
# Everything stays on loopback and every phase is bounded in calls and time; the whole
# run takes about two to four minutes. It exits 0 with FAIL lines in the report when a
# figure misses its target, and non-zero only when it cannot measure at all.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
ENUM_CALLS=${ENUM_CALLS:-200}
LEVELS=${LEVELS:-"1 2 4 8 16"}
LEVEL_SECONDS=${LEVEL_SECONDS:-8}
LEVEL_MAX=${LEVEL_MAX:-400}
BUDGET_SECONDS=${BUDGET_SECONDS:-270} # no new capacity level starts after this
PROFILE=(--argon2-memory 65536 --argon2-time 3 --argon2-threads 4)
HASH_MIB=64

echo "bench: building bin/latch and bin/latch-load"
"$GO" build -o bin/latch ./origin/cmd/latch
"$GO" build -o bin/latch-load ./origin/cmd/latch-load

tmp=$(mktemp -d "${TMPDIR:-/tmp}/latch-bench.XXXXXX")
origin_pid=""
stop_origin() {
	if [ -n "$origin_pid" ]; then
		kill -TERM "$origin_pid" 2>/dev/null || true
		wait "$origin_pid" 2>/dev/null || true
		origin_pid=""
	fi
}
cleanup() {
	stop_origin
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
export LATCH_JWT_SECRET="{\"type\":\"HS256\",\"key\":\"$(random_hex 32)\"}"
export LATCH_ACTION_SECRET=$(random_hex 32)
export LATCH_EDGE_SECRET=$(random_hex 32)
results=$tmp/results.jsonl
creds=$tmp/user.json

# What this build of the origin offers, read from its help at run time.
help=$(bin/latch serve --help 2>&1 || true)
has_flag() { grep -qE -- "^ *--$1[ =]" <<<"$help"; }
flag_default() {
	grep -E -- "^ *--$1[ =]" <<<"$help" | sed -n 's/.*(default: \([^)]*\)).*/\1/p'
}

enum_flags=()
if has_flag max-login-failures && has_flag max-client-failures; then
	enum_flags=(--max-login-failures 0 --max-client-failures 0)
	enum_mode="throttling disabled: --max-login-failures 0 --max-client-failures 0"
else
	enum_mode="no throttling flags in this build: origin as built"
fi
slots="" budget=""
if has_flag argon2-slots; then slots=$(flag_default argon2-slots); slots=${slots:-"?"}; fi
if has_flag memory-budget; then budget=$(flag_default memory-budget); budget=${budget:-"?"}; fi
slots_num=0
if [[ $slots =~ ^[0-9]+$ ]]; then slots_num=$slots; fi

# start_origin ARGS...: serve on a fresh free port with the shared data directory.
start_origin() {
	local port
	port=$(bin/latch-load freeport)
	url="http://127.0.0.1:$port"
	bin/latch serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" --log-level info \
		"${PROFILE[@]}" "$@" >>"$tmp/origin.log" 2>&1 &
	origin_pid=$!
	if ! bin/latch-load wait -url "$url" -timeout 20s >/dev/null; then
		echo "bench: the origin did not become ready; its log:" >&2
		tail -n 40 "$tmp/origin.log" >&2
		exit 1
	fi
}

echo "bench: load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: phase 1, enumeration ($enum_mode)"
start_origin "${enum_flags[@]}"
bin/latch-load signup -url "$url" -creds "$creds"
bin/latch-load enum -url "$url" -creds "$creds" -n "$ENUM_CALLS" -mode "$enum_mode" \
	-timeout 150s -out "$results"
stop_origin

# The slots the origin chose (0 on the command line means derived from CPUs and the
# memory budget): read from its start-up line, so the RSS bound uses the real K.
if [ "$slots_num" = 0 ]; then
	derived=$(sed -n 's/.*latch origin listening.* argon2_slots=\([0-9]*\).*/\1/p' \
		"$tmp/origin.log" | head -n 1)
	if [ -n "$derived" ]; then slots_num=$derived slots=$derived; fi
fi

# run_level C: one capacity level on a freshly started origin. Throttling is off as in
# phase 1: every worker logs in as the same user, and the per-account limiter counts
# attempts in flight, so at C > 10 it, not admission control, would answer.
run_level() {
	if [ "$SECONDS" -ge "$BUDGET_SECONDS" ]; then
		echo "bench: c=$1 not run: the script's time budget is spent"
		return
	fi
	start_origin "${enum_flags[@]}"
	bin/latch-load capacity -url "$url" -creds "$creds" -c "$1" -pid "$origin_pid" \
		-duration "${LEVEL_SECONDS}s" -max "$LEVEL_MAX" -hash-mib "$HASH_MIB" \
		-slots "$slots_num" -out "$results"
	stop_origin
}

echo "bench: phase 2, capacity (${LEVEL_SECONDS}s or $LEVEL_MAX calls per level)"
for c in $LEVELS; do run_level "$c"; done
for c in $(bin/latch-load plan -in "$results"); do run_level "$c"; done

if grep -q 'level=ERROR' "$tmp/origin.log"; then
	echo "bench: the origin logged errors (first 5):"
	grep 'level=ERROR' "$tmp/origin.log" | head -n 5
fi
echo
bin/latch-load summary -in "$results" -slots "$slots" -budget "$budget" \
	-hash-mib "$HASH_MIB" -profile "m=65536,t=3,p=4"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); took ${SECONDS}s"
