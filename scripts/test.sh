#!/usr/bin/env bash
# Runs the whole test suite: starts a moto server for the end-to-end test,
# installs ministack (tests/handlers.rs starts it), points the schema staleness test at the pinned service model, runs
# `cargo test --workspace -- --include-ignored` (the tests that need moto or
# the service model are #[ignore]d in a plain `cargo test`), and stops moto again.
#   scripts/test.sh            # everything
#   scripts/test.sh --test moto  # extra arguments go to cargo test
#   scripts/test.sh --test moto -- lifecycle  # arguments after -- go to the test binaries
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_PORT="${MOTO_PORT:-5001}"
BOTOCORE_VERSION="1.44.18"   # the service model the committed schemas were generated from
MODEL_DIR="${LC_CACHE:-$HOME/.cache/lambda-conformance}/botocore-$BOTOCORE_VERSION"
MODEL="$MODEL_DIR/service-2.json.gz"

if [ ! -s "$MODEL" ]; then
  mkdir -p "$MODEL_DIR"
  python3 -m pip download --quiet --no-deps "botocore==$BOTOCORE_VERSION" -d "$MODEL_DIR" >&2
  python3 - "$MODEL_DIR" "$MODEL" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/botocore-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    data = z.read("botocore/data/lambda/2015-03-31/service-2.json.gz")
open(sys.argv[2], "wb").write(data)
PY
fi
export LAMBDA_SERVICE_MODEL="$MODEL"

# ministack runs Python and Node.js handlers: tests/handlers.rs starts it on a free port.
scripts/start-ministack.sh --install-only

MOTO_PID=$(scripts/start-moto.sh "$MOTO_PORT" | tail -n 1)
# A second moto for the boundary probes: moto keeps some of the invalid
# functions it accepts and cannot delete them (a VpcConfig without
# SecurityGroupIds breaks its ListFunctions), which must not meet the other tests.
MOTO_BOUNDARY_PORT="${MOTO_BOUNDARY_PORT:-5002}"
MOTO_BOUNDARY_PID=$(scripts/start-moto.sh "$MOTO_BOUNDARY_PORT" | tail -n 1)
# A third one for tests/reproducible.rs, which resets moto (POST /moto-api/reset)
# before each of its two runs and so must not share it with the other tests.
MOTO_REPRO_PORT="${MOTO_REPRO_PORT:-5003}"
MOTO_REPRO_PID=$(scripts/start-moto.sh "$MOTO_REPRO_PORT" | tail -n 1)
trap 'kill "$MOTO_PID" "$MOTO_BOUNDARY_PID" "$MOTO_REPRO_PID" 2>/dev/null || true' EXIT
export LC_MOTO_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
export LC_MOTO_BOUNDARY_ENDPOINT="http://127.0.0.1:$MOTO_BOUNDARY_PORT"
export LC_MOTO_REPRO_ENDPOINT="http://127.0.0.1:$MOTO_REPRO_PORT"

# --include-ignored goes to the test binaries: after the caller's own `--`, or after one of ours.
args=("$@")
has_separator=0
for a in "$@"; do
  if [ "$a" = "--" ]; then has_separator=1; break; fi
done
if [ "$has_separator" = 1 ]; then args+=(--include-ignored); else args+=(-- --include-ignored); fi

LOG="$(mktemp)"
set +e
cargo test --workspace "${args[@]}" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$LOG" | tee "${LC_TEST_SUMMARY:-/dev/null}"
rm -f "$LOG"
exit "$status"
