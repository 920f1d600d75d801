#!/usr/bin/env bash
# Configures and builds one imssim build tree. Usage: tools/build.sh [release|asan|fuzz]
#   release -> build/         optimised, the binary the README runs and benchmarks use
#   asan    -> build-asan/    ASan + UBSan, what the test suite runs
#   fuzz    -> build-fuzz/    clang + libFuzzer targets (tools/fuzz.sh runs them)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
jobs=${IMSSIM_JOBS:-$(nproc)}
case "$kind" in
  release) dir=build;      flags=(-DCMAKE_BUILD_TYPE=Release) ;;
  # -O1 -g1: what ASan's documentation suggests, with line tables for its reports; a third
  # less compile time than -O2 -g, which keeps CI's clean build within its budget.
  asan)    dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMSSIM_SANITIZE=ON -DIMSSIM_BENCH=OFF
                                  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
                                  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG") ;;
  fuzz)    dir=build-fuzz; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMSSIM_FUZZ=ON -DIMSSIM_BENCH=OFF
                                  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "usage: $0 [release|asan|fuzz]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
