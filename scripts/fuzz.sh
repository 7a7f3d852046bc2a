#!/usr/bin/env bash
# Runs every Go fuzz target in the repository for a set time each (default 20s).
# `make test` already runs each target's seed corpus; this explores beyond it.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-20s}

targets=$(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(' core edge origin |
	xargs grep -HoE '^func Fuzz[A-Za-z0-9_]+' | sed -E 's/:func /\t/' | sort)
[ -n "$targets" ] || { echo "fuzz: no targets found" >&2; exit 1; }

n=0
while IFS=$'\t' read -r file name; do
	pkg="./$(dirname "$file")"
	echo "== $name ($pkg, $fuzztime)"
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
	n=$((n + 1))
done <<<"$targets"
echo "fuzz: $n targets ran for $fuzztime each without a failure"
