# uring: build the WASM core, run the tests. `make help` lists the targets.
SHELL := /bin/bash
CORE_SRC := $(sort $(shell find core-c -name '*.c' ! -path 'core-c/native/*'))
CORE_HDR := $(sort $(shell find core-c -name '*.h'))
# Reproducible: no -g (it embeds the folder), fixed flags, sorted inputs.
EMCC_FLAGS := -O2 -std=c11 -ffreestanding -Wall -Wextra -Werror -Icore-c \
  -sSTANDALONE_WASM --no-entry -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB \
  -sTOTAL_STACK=65536 -sINITIAL_MEMORY=1MB

.PHONY: all wasm wasm-check deps test test-offline test-kernel test-browser demo help clean

all: wasm

help:
	@echo "make wasm        build wasm/uring.wasm from core-c/ (emscripten)"
	@echo "make wasm-check  rebuild into build/ and compare with the committed wasm/uring.wasm"
	@echo "make deps        install apt and npm dependencies (fresh Debian machine)"
	@echo "make test        every test; last line 'N passed, N failed'"
	@echo "make demo        the main job"

wasm: wasm/uring.wasm

wasm/uring.wasm: $(CORE_SRC) $(CORE_HDR) Makefile
	emcc $(EMCC_FLAGS) -o $@ $(CORE_SRC)

build/uring.wasm: $(CORE_SRC) $(CORE_HDR) Makefile
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

clean:
	rm -rf build

.PHONY: web
# The browser page (web/): bundles it into build/web/ and serves it with wasm/uring.wasm; prints the URL.
# A port already in use: serve.mjs says so in one line (exit 3), which is not echoed again as a make error.
web: deps
	@node web/serve.mjs $(if $(PORT),--port $(PORT)) || [ $$? -eq 3 ]

.PHONY: bench
# The ring benchmark: builds the C raw-syscall baseline (bench/c/) with gcc and runs it beside the JS Ring
# (NOPs and cached 4 KiB reads, batch 1/32/256) and Node's fs; prints ops/s, ratios, kernel and ring flags.
# BENCH_ARGS passes options (--reps N, --nop-ops N, --read-ops N, --quick).
bench: deps
	@mkdir -p build/bench
	gcc -O2 -Wall -Wextra -o build/bench/uring_bench bench/c/uring_bench.c
	npx tsx bench/run.ts --out build/bench $(BENCH_ARGS)
