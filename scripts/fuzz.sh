#!/usr/bin/env bash
# `make fuzz`: libFuzzer over the entry points that read untrusted bytes (Sources/InflioFuzz):
# `image` (an uploaded photo's header, decode and re-encode) and `multipart` (an upload streamed
# through MultipartSpool in pieces of any size). Both run side by side, one per core.
#
#   bash scripts/fuzz.sh [seconds per target]     (default 300; FUZZ_SECONDS also works)
#
# The corpora grow across runs in .build/fuzz-corpus/<target>/ (seeded by `InflioFuzz seeds`);
# a crash, a hang over 20 s or a broken invariant is written to .build/fuzz-findings/<target>/ and
# fails the run, with the command that replays it. A finding becomes a regression test (see
# docs/development.md#fuzzing). Leak reports are off: libvips keeps caches for the process's life.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-300}}"
say() { echo "fuzz: $*"; }

# The linker's notes about ASan's local symbols are noise: only errors and the result are shown.
quiet() { "$@" 2>&1 | grep -v "Cannot export local symbol" | grep -E "error|warning: .*Sources/|Compiling InflioFuzz|Build" || true; }

say "building the replay and seed command"
quiet swift build --product InflioFuzz
say "building the fuzzer (-sanitize=fuzzer,address) in .build/fuzz"
quiet swift build --build-path .build/fuzz --product InflioFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc INFLIO_FUZZING
plain=.build/debug/InflioFuzz
fuzzer=.build/fuzz/debug/InflioFuzz
[ -x "$fuzzer" ] || { say "the fuzzer did not build"; exit 1; }

pids=()
for target in image multipart; do
  corpus=".build/fuzz-corpus/$target"
  findings=".build/fuzz-findings/$target"
  mkdir -p "$corpus" "$findings"
  "$plain" seeds "$target" "$corpus" >/dev/null
  say "$target: ${seconds} s from $(ls "$corpus" | wc -l) inputs"
  INFLIO_FUZZ_TARGET="$target" "$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=20 \
    -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix="$findings/" -print_final_stats=1 \
    >".build/fuzz-findings/$target.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

failed=0
for target in image multipart; do
  log=".build/fuzz-findings/$target.log"
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  say "$target: $runs inputs run, corpus $(ls ".build/fuzz-corpus/$target" | wc -l)"
  found=$(find ".build/fuzz-findings/$target" -type f | sort)
  if [ -n "$found" ]; then
    failed=1
    say "$target: FINDINGS (log: $log); replay each with:"
    for file in $found; do echo "  $plain replay $target $file"; done
  fi
done
exit "$failed"
