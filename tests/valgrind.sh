#!/usr/bin/env bash
# The unit tests and the fuzz corpus replays under valgrind memcheck: any
# memory error or definite leak fails (issue 8, "memory discipline").
# Usage: tests/valgrind.sh BUILD_DIR   (a plain build: no ASan)
set -uo pipefail
build=${1:?usage: valgrind.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
bin="$build/bin"
failed=0
export ENTENTE_TEST_TIME_FACTOR=${ENTENTE_TEST_TIME_FACTOR:-10} # see tu_ms
run() {
  local log
  log=$(mktemp)
  if valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      --show-leak-kinds=definite --num-callers=30 "$@" >"$log" 2>&1; then
    echo "ok    $(basename "$1")"
  else
    echo "FAIL  $*"
    tail -80 "$log"
    failed=1
  fi
  rm -f "$log"
}
for t in "$bin"/test_* ; do
  case "$(basename "$t")" in
    test_service_tcp) continue ;; # drives other processes: covered by the RSS benchmark
  esac
  run "$t"
done
for r in "$bin"/fuzz_replay_*; do
  t=${r##*/fuzz_replay_}
  dirs=("$here/fuzz/corpus/$t")
  [ -d "$here/fuzz/regressions/$t" ] && dirs+=("$here/fuzz/regressions/$t")
  run "$r" "${dirs[@]}"
done
exit $failed
