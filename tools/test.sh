#!/usr/bin/env bash
# README command 2: install what is needed, build with ASan + UBSan, run the whole test suite
# (unit tests, vectors, fuzz-corpus replays, every scenario under each variant it names).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh asan
cd build-asan
ctest --output-on-failure -j "${IMSSIM_JOBS:-$(nproc)}" "$@"
