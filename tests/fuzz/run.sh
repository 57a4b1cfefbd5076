#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz for a fixed time each and reports,
# per target, executions, coverage (edges), corpus size and crashes.
#
# Usage: tests/fuzz/run.sh [--seconds N | --minutes M] [--targets "envelope search ..."]
#                          [--build DIR] [--no-build] [--fresh]
#   --seconds N   time per target (default 30); --minutes M: M*60 seconds
#   --fresh       start from the seed corpus alone (CI), not the grown one
#   --targets     a subset (default: all, see TARGETS below)
#   --build DIR   fuzz build directory (default build-fuzz; configured with
#                 CC=clang -DENTENTE_FUZZ=ON when missing)
# The corpus grows in DIR/fuzz-work/TARGET/corpus (kept between runs: run again
# to continue a campaign); the seeds in tests/fuzz/corpus/TARGET stay as they are.
# A unit running over 30 s is a timeout (libFuzzer's watchdog also covers the
# exit, where fuzz_submit's ingest waits on its unreachable index). Any crash, leak, sanitizer
# report or timeout makes the script exit 1 after
# printing the input (hex) and the command that reproduces it; the report is
# also written to DIR/fuzz-report.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# submit is run on request only (--targets submit): at libFuzzer's exit its
# ingest's sender, still waiting on the unreachable index, outlives czmq's
# shutdown and aborts in czmq, which reads as a crash (see the README).
TARGETS="envelope stream append search docreader extractor keyring config"
seconds=30 build="$root/build-fuzz" do_build=1 targets=$TARGETS fresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --build) build=$(realpath -m "$2"); shift 2 ;;
    --no-build) do_build=0; shift ;;
    --fresh) fresh=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [ "$do_build" = 1 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=${FUZZ_CC:-clang} cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
      -DENTENTE_FUZZ=ON >/dev/null || exit 1
  fi
  cmake --build "$build" -j"${ENTENTE_JOBS:-2}" --target fuzz_targets >/dev/null || {
    echo "run.sh: the fuzz build failed" >&2; exit 1; }
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
report="$build/fuzz-report.txt"
failed=0 total_execs=0
printf '%-10s %8s %12s %9s %8s %8s %8s %8s  %s\n' target seconds executions exec/s edges features corpus crashes result >"$report"
for t in $targets; do
  bin="$build/bin/fuzz_$t"
  [ -x "$bin" ] || { echo "run.sh: no $bin" >&2; exit 1; }
  work="$build/fuzz-work/$t"
  [ "$fresh" = 1 ] && rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  rm -f "$work"/artifacts/*
  log="$work/last.log"
  echo "== fuzz_$t: ${seconds}s" >&2
  ( cd "$work" && "$bin" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
      "$work/corpus" "$here/corpus/$t" ) >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  execs=${execs:-0}
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last"); ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
  rate=$(( execs / (seconds > 0 ? seconds : 1) ))
  total_execs=$(( total_execs + execs ))
  result=ok
  if [ $rc -ne 0 ]; then
    failed=1
    result="FAILED (exit $rc)"
    echo "---- fuzz_$t failed; its log:" >&2
    grep -vE '^#[0-9]+.*(NEW|REDUCE|pulse|INITED)' "$log" | tail -60 >&2
    for a in "$work"/artifacts/*; do
      [ -f "$a" ] || continue
      echo "---- reproducer $a ($(stat -c %s "$a") bytes):" >&2
      xxd "$a" | head -40 >&2
      echo "replay: $bin $a    (or build/bin/fuzz_replay_$t $a)" >&2
      echo "keep it: cp $a $here/regressions/$t/  (ctest replays it)" >&2
    done
  fi
  crashes=$(find "$work/artifacts" -type f | wc -l)
  printf '%-10s %8s %12s %9s %8s %8s %8s %8s  %s\n' "$t" "$seconds" "$execs" "$rate" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$crashes" "$result" >>"$report"
done
echo "total executions: $total_execs" >>"$report"
cat "$report"
exit $failed
