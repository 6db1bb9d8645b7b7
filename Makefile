# uring: build the WASM core, run the tests. `make help` lists the targets.
SHELL := /bin/bash
CORE_SRC := $(sort $(shell find core-c -name '*.c' ! -path 'core-c/native/*'))
CORE_HDR := $(sort $(shell find core-c -name '*.h'))
# Reproducible: no -g (it embeds the folder), fixed flags, sorted inputs. -flto: the core is one link unit, so
# prep_* and sqe_finish inline into prep_many's loop (halves prepMany's cost per SQE; docs/performance.md).
EMCC_FLAGS := -O2 -flto -std=c11 -ffreestanding -Wall -Wextra -Werror -Icore-c -Ibuild/gen \
  -sSTANDALONE_WASM --no-entry -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB \
  -sTOTAL_STACK=65536 -sINITIAL_MEMORY=1MB

.PHONY: all wasm wasm-check deps test test-offline test-kernel test-browser demo help clean lint format docs

all: wasm

help:
	@echo "make wasm        build wasm/uring.wasm from core-c/ (emscripten)"
	@echo "make wasm-check  rebuild into build/ and compare with the committed wasm/uring.wasm"
	@echo "make deps        install apt and npm dependencies (fresh Debian machine)"
	@echo "make test        every test (lint and docs checks included); last line 'N passed, N failed'"
	@echo "make lint        Biome: lint (and the format check once enabled in scripts/test.mjs)"
	@echo "make format      Biome: rewrite the sources in the house format"
	@echo "make docs        the API reference from the doc comments (TypeDoc) into build/api/index.html"
	@echo "make demo        the main job"
	@echo "make bench       the benchmarks, with fio installed for them (BENCH_ARGS=--quick for a smoke run);"
	@echo "                 the record: build/bench/results.json (docs/benchmarks.md)"

wasm: wasm/uring.wasm

# The prep exports, generated from the prototypes in core-c/ops/*.h (see core-c/wasm/export.h).
WASM_EXPORTS := build/gen/wasm_exports.h
$(WASM_EXPORTS): $(wildcard core-c/ops/*.h) scripts/wasm-exports.mjs
	node scripts/wasm-exports.mjs $@

wasm/uring.wasm: $(CORE_SRC) $(CORE_HDR) $(WASM_EXPORTS) Makefile
	emcc $(EMCC_FLAGS) -o $@ $(CORE_SRC)

build/uring.wasm: $(CORE_SRC) $(CORE_HDR) $(WASM_EXPORTS) Makefile
	@mkdir -p build
	emcc $(EMCC_FLAGS) -o $@ $(CORE_SRC)

wasm-check: build/uring.wasm
	cmp build/uring.wasm wasm/uring.wasm

deps:
	@bash scripts/deps.sh

test: deps
	node scripts/test.mjs

demo: deps
	npx tsx examples/demo.ts

# House habits (CONTRIBUTING.md): the same checks `make test` runs, alone.
lint: deps
	node scripts/test.mjs lint

format: deps
	npx biome format --write .

docs: deps
	npx typedoc
	@echo "API reference: build/api/index.html"

clean:
	rm -rf build

.PHONY: web
# The browser page (web/): bundles it into build/web/ and serves it with wasm/uring.wasm; prints the URL.
# A port already in use: serve.mjs says so in one line (exit 3), which is not echoed again as a make error.
web: deps
	@node web/serve.mjs $(if $(PORT),--port $(PORT)) || [ $$? -eq 3 ]

.PHONY: bench bench-deps
# The benchmarks, each with its baselines in the same run (under 5 minutes in all; --quick: seconds). What each
# row means and how to read build/bench/results.json: docs/benchmarks.md.
#  bench/run.ts: the record. NOPs (batch 1, 32, 256) and cached 4 KiB random reads (batch / depth 64, 256) through
#    the sync Ring (copy mode, in place, SQPOLL) and the async IoUring, against a raw-syscall C loop (bench/c/,
#    built with gcc; plain, and busy-polling SQPOLL) and fio's io_uring engine, alternating in one process tree;
#    one table, and build/bench/results.json.
#  bench/pipe-latency.ts: pipe round trip, IoUring.read against fs.read and a net.Socket.
#  bench/echo.ts: examples/echo-server.ts against a node:net echo server, 1/50/200 connections, ping-pong and
#    streamed (messages/s, round trip, server CPU per message).
# BENCH_ARGS passes options to all three (--reps N, --quick; run.ts: --ms N per run, --no-fio, --sq-cpu N;
# pipe-latency.ts: --trips N; echo.ts: --duration ms, --warmup ms, --conns 1,50,200, --depth N).
bench-deps:
	@bash scripts/deps.sh --bench

bench: bench-deps
	npx tsx bench/run.ts --out build/bench $(BENCH_ARGS)
	@echo
	npx tsx bench/pipe-latency.ts $(BENCH_ARGS)
	@echo
	npx tsx bench/echo.ts $(BENCH_ARGS)
	@echo
	npx tsx bench/fs.ts $(BENCH_ARGS)
