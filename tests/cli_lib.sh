# Shared by the cli_*.sh tests: sourced, with the build's bin directory as $1.
# Gives BIN, a temp dir TMP removed at exit, children killed at exit, and
# helpers to pick free ports and check exit codes.
set -euo pipefail
BIN=$(cd "${1:?usage: $0 BIN_DIR}" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/entente-cli-XXXXXX")
CHILDREN=()

cleanup() {
    local pid
    for pid in "${CHILDREN[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A loopback port nobody listens on (random, so parallel tests do not collide).
free_port() {
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    fail "no free port"
}

# expect_exit CODE CMD...: runs CMD, output in $TMP/out and $TMP/err.
expect_exit() {
    local want=$1 rc=0
    shift
    "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "--- stdout" >&2; cat "$TMP/out" >&2
        echo "--- stderr" >&2; cat "$TMP/err" >&2
        fail "'$*' exited $rc, expected $want"
    fi
}

# wait_exit PID SECONDS: waits for a child to end; sets EXIT_CODE to its
# exit code, or to "timeout". (Not in $(...): a subshell cannot wait.)
wait_exit() {
    local pid=$1 limit=$(($2 * 10))
    EXIT_CODE=timeout
    for _ in $(seq "$limit"); do
        if ! kill -0 "$pid" 2>/dev/null; then
            EXIT_CODE=0
            wait "$pid" || EXIT_CODE=$?
            return 0
        fi
        sleep 0.1
    done
}
