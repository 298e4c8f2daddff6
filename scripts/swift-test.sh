#!/usr/bin/env bash
# Runs `swift test "$@"`; when it fails, repeats the failing tests' lines at the very end of the
# output. CI keeps only the tail of a run, and among 458 tests run in parallel the one that failed
# is otherwise buried thousands of lines up (a CI run once failed "with 1 issue" and nothing else).
set -uo pipefail
log="$(mktemp)"
swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "==== swift test $* failed (exit $status). The failures, repeated:"
  grep -E "✘|recorded an issue|Expectation failed|error:|Fatal error|unexpected signal" "$log" | tail -n 80
fi
rm -f "$log"
exit "$status"
