#!/usr/bin/env bash
# Everything the build, the demo and the tests need on a fresh Debian 12 machine, installed only where missing.
#   scripts/deps.sh          the build, the demo, the tests and the benchmarks (fio too: `make bench` runs its
#                            io_uring engine as a peer, and the bench smoke test checks that path)
#   scripts/deps.sh --bench  the same (kept for the Makefile's bench-deps target)
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(emscripten liburing-dev chromium gcc make iproute2 python3 fio)
for a in "$@"; do
  case "$a" in
    --bench) ;;
    *) echo "deps: unknown option $a (known: --bench)" >&2; exit 2 ;;
  esac
done
need=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "deps: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
