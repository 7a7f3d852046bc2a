# Latch: `make run` serves the dev setup, `make test` runs every test.
# Everything these targets need is installed by them (Go modules, pinned npm packages).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
MODULES   := ./core/... ./edge/... ./origin/...
WASM_PATH := $(shell $(GO) env GOROOT)/lib/wasm
BIN       := bin/latch

.PHONY: help deps build latch worker run test check unit wasm-test worker-size \
	pg-test e2e bench fuzz clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

deps: node_modules/.package-lock.json ## download Go modules and the pinned npm packages
	for m in core edge origin; do (cd $$m && $(GO) mod download); done

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

build: latch worker ## build the origin binary and the worker

latch: ## build bin/latch
	$(GO) build -trimpath -o $(BIN) ./origin/cmd/latch

worker: ## build the worker into build/ and check its size budget
	scripts/build-worker.sh

run: deps build ## run the origin (embedded store) and wrangler dev on 127.0.0.1
	scripts/run.sh

test: deps check unit wasm-test worker-size pg-test e2e ## run every test
	@echo "make test: all suites passed"

check: ## gofmt, and go vet natively and for js/wasm
	@unformatted=$$(gofmt -l core edge origin); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(MODULES)
	GOOS=js GOARCH=wasm $(GO) vet ./core/... ./edge/...

unit: ## unit tests (race detector), fuzz seed corpora included
	$(GO) test -race -count=1 $(MODULES)

wasm-test: ## the portable core's tests compiled to js/wasm and run under node
	PATH="$(WASM_PATH):$$PATH" GOOS=js GOARCH=wasm $(GO) test -count=1 ./core/...

worker-size: worker ## fail when the gzip'd worker is over budget (done by build-worker.sh)

pg-test: ## Hasura migrations against a throwaway PostgreSQL (skipped without one)
	scripts/pg-migrations-test.sh

e2e: node_modules/.package-lock.json latch worker ## Signup/Login through wrangler dev and the origin
	scripts/e2e.sh

bench: latch ## benchmarks: Argon2, token signing, store, enumeration and load figures
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(MODULES)
	scripts/bench.sh

fuzz: ## run each fuzz target for FUZZTIME (default 20s)
	scripts/fuzz.sh $${FUZZTIME:-20s}

clean: ## remove build output
	rm -rf bin build
