#!/usr/bin/env bash
# The conformance matrix (docs/conformance/): runs the tool against each emulator with the same
# settings (fixed seed, fixed number of sequences, no time budget, so the result depends on the
# emulator alone), then writes README.md and index.html from their JSON reports.
#   scripts/conformance-matrix.sh           # regenerate docs/conformance/
#   scripts/conformance-matrix.sh --check   # fail when docs/conformance/ is not what the
#                                           # emulators answer now (CI runs this)
# fakecloud is added when FAKECLOUD_BIN names its binary (`cargo install fakecloud`: about an
# hour on 2 cores, so not in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-}"
MOTO_VERSION="5.2.5"          # as installed by .ci/run
MINISTACK_VERSION="1.5.33"    # as installed by scripts/start-ministack.sh
OUT="${LC_MATRIX_DIR:-target/matrix}"
mkdir -p "$OUT"

cargo build --quiet --bin lambda-conformance
BIN="target/debug/lambda-conformance"

# One run per target, alike: what differs between the columns is the emulator.
measure() {
  local name="$1" spawn="$2"
  echo "== $name" >&2
  set +e
  "$BIN" run --spawn "$spawn" --prefix lc-matrix- --cases 150 --time-budget 0 --max-time 900 \
    --no-progress --json "$OUT/$name.json" >"$OUT/$name.log" 2>&1
  local code=$?
  set -e
  tail -n 3 "$OUT/$name.log" >&2
  # 0 and 1 (findings) are results; 2 means the run could not be done.
  if [ "$code" -gt 1 ]; then
    echo "the run against $name failed (exit $code); its output: $OUT/$name.log" >&2
    cat "$OUT/$name.log" >&2
    exit 2
  fi
}

measure moto "scripts/start-moto.sh {port} --foreground"
MINISTACK_VERSION="$MINISTACK_VERSION" measure ministack "scripts/start-ministack.sh {port}"
targets=("moto $MOTO_VERSION=$OUT/moto.json" "ministack $MINISTACK_VERSION=$OUT/ministack.json")
not_measured=()
if [ -n "${FAKECLOUD_BIN:-}" ]; then
  measure fakecloud "exec $FAKECLOUD_BIN --addr 127.0.0.1:{port}"
  targets+=("fakecloud $("$FAKECLOUD_BIN" --version 2>/dev/null | awk '{print $NF}')=$OUT/fakecloud.json")
else
  not_measured=(--not-measured "fakecloud=its cargo install takes about an hour on 2 cores, so it is not built here; set FAKECLOUD_BIN to add it")
fi

if [ "$MODE" = "--check" ]; then
  "$BIN" report matrix "${targets[@]}" "${not_measured[@]}" --out docs/conformance --check
else
  "$BIN" report matrix "${targets[@]}" "${not_measured[@]}" --out docs/conformance
fi
