#!/usr/bin/env bash
# Long fuzzing by hand: builds the libFuzzer targets (clang, ASan+UBSan) and runs each one for
# SECONDS (default 300) on a copy of its seed corpus. Prints executions and coverage per target.
# Usage: tools/fuzz.sh [SECONDS] [TARGET...]   (targets: build-fuzz/tests/**/<name>_fuzzer)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
tools/build.sh fuzz >/dev/null
mapfile -t all < <(find build-fuzz -name '*_fuzzer' -type f -executable | sort)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && for t in "${all[@]}"; do targets+=("$(basename "$t" _fuzzer)"); done
mkdir -p fuzz-out
for name in "${targets[@]}"; do
  bin=$(printf '%s\n' "${all[@]}" | grep "/${name}_fuzzer$" | head -1)
  [ -n "$bin" ] || { echo "no fuzz target $name" >&2; exit 2; }
  corpus=fuzz-out/$name
  mkdir -p "$corpus"
  cp -n "$(cat "$bin.corpus")"/* "$corpus"/ 2>/dev/null || true
  echo "== $name: ${seconds}s"
  "$bin" "$corpus" -max_total_time="$seconds" -print_final_stats=1 -jobs=1 -workers=1 \
    2>&1 | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|.*(ERROR|crash))' || true
done
