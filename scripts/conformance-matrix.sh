#!/usr/bin/env bash
# The conformance matrix (docs/conformance/): runs the tool against each emulator with the same
# settings (every phase; the fixed default seed and a fixed number of generated sequences, no time
# budget, so the result depends on the emulator alone), then writes README.md and index.html from
# their JSON reports. LC_MATRIX_CASES sequences per target (default 20, so that CI can afford to
# regenerate it: ministack takes about 4 s a sequence with shrinking).
#   scripts/conformance-matrix.sh           # regenerate docs/conformance/
#   scripts/conformance-matrix.sh --check   # fail when docs/conformance/ is not what the
#                                           # emulators answer now (CI runs this)
# fakecloud is measured when FAKECLOUD_BIN names its binary (`cargo install fakecloud --version
# 0.51.0 --locked`: about an hour on 2 cores, so not in CI); otherwise its column is carried over
# from docs/conformance/matrix.json as last measured (with its date).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-}"
MOTO_VERSION="5.2.5"          # as installed by .ci/run
MINISTACK_VERSION="1.5.33"    # as installed by scripts/start-ministack.sh
OUT="${LC_MATRIX_DIR:-target/matrix}"
CASES="${LC_MATRIX_CASES:-20}"
mkdir -p "$OUT"

cargo build --quiet --bin lambda-conformance
BIN="target/debug/lambda-conformance"

# One run per target, alike: what differs between the columns is the emulator. The targets
# run at once (each emulator is one Python process; the tool mostly waits on it).
measure() {
  local name="$1" spawn="$2"
  "$BIN" run --spawn "$spawn" --prefix lc-matrix- --cases "$CASES" --time-budget 0 --max-time 900 \
    --no-progress --json "$OUT/$name.json" >"$OUT/$name.log" 2>&1
}
# 0 and 1 (findings) are results; 2 means the run could not be done.
finish() {
  local name="$1" pid="$2" code=0
  wait "$pid" || code=$?
  echo "== $name (exit $code)" >&2
  tail -n 3 "$OUT/$name.log" >&2
  if [ "$code" -gt 1 ]; then
    echo "the run against $name failed; its output ($OUT/$name.log):" >&2
    cat "$OUT/$name.log" >&2
    exit 2
  fi
}

measure moto "scripts/start-moto.sh {port} --foreground" & moto_pid=$!
MINISTACK_VERSION="$MINISTACK_VERSION" measure ministack "scripts/start-ministack.sh {port}" & ministack_pid=$!
pids=(moto "$moto_pid" ministack "$ministack_pid")
targets=("moto $MOTO_VERSION=$OUT/moto.json" "ministack $MINISTACK_VERSION=$OUT/ministack.json")
not_measured=()
if [ -n "${FAKECLOUD_BIN:-}" ]; then
  measure fakecloud "exec $FAKECLOUD_BIN --addr 127.0.0.1:{port}" & pids+=(fakecloud $!)
  targets+=("fakecloud $("$FAKECLOUD_BIN" --version 2>/dev/null | awk '{print $NF}')=$OUT/fakecloud.json")
else
  # Its column, if docs/conformance/matrix.json has one, is kept as last measured.
  not_measured=(--carry fakecloud --not-measured "fakecloud=its cargo install takes about an hour on 2 cores, so it is not built here; set FAKECLOUD_BIN to add it")
fi
for ((i = 0; i < ${#pids[@]}; i += 2)); do finish "${pids[i]}" "${pids[i+1]}"; done

if [ "$MODE" = "--check" ]; then
  "$BIN" report matrix "${targets[@]}" "${not_measured[@]}" --out docs/conformance --check
else
  "$BIN" report matrix "${targets[@]}" "${not_measured[@]}" --out docs/conformance
fi
