#!/usr/bin/env bash
# Build a native test program from core-c (without the wasm-only heap/mem files) and the given sources.
# Usage: test/native/build.sh OUT SOURCE... ; compiler errors go to stderr, exit status is gcc's.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$1; shift
core=$(find core-c -name '*.c' ! -name heap.c ! -name mem.c | sort)
mkdir -p "$(dirname "$out")"
gcc -std=gnu11 -O1 -Wall -Wextra -Werror -Wno-unused-parameter -Icore-c -Itest/native/diff -o "$out" "$@" $core
