#!/usr/bin/env bash
# CI smoke test of the fuzz targets (docs/fuzzing.md): installs cargo-fuzz if
# missing, builds every target on stable Rust, writes the seed corpora, then
# runs each target for FUZZ_SMOKE_SECS seconds (default 15) against the
# embedded reference endpoint. Fails on any finding or build error.
#   scripts/fuzz-smoke.sh
#   FUZZ_SMOKE_SECS=60 scripts/fuzz-smoke.sh model responses   # some targets, longer
set -euo pipefail
cd "$(dirname "$0")/.."
# A separate target dir, and 16 codegen units instead of cargo-fuzz's 1: the
# build takes about half as long, the targets run somewhat slower.
export LC_FUZZ_TARGET_DIR="${LC_FUZZ_TARGET_DIR:-fuzz/target/smoke-build}"
# Line tables only (the nightly keeps fuzz/Cargo.toml's fuller debug info): enough for a
# crash's backtrace, and much less for the linker.
export CARGO_PROFILE_RELEASE_DEBUG="${CARGO_PROFILE_RELEASE_DEBUG:-line-tables-only}"
. scripts/fuzz-lib.sh
# Open findings listed there (with why) do not fail the smoke run.
export LC_FUZZ_KNOWN_DEVIATIONS="${LC_FUZZ_KNOWN_DEVIATIONS:-fuzz/known-findings.json}"

SECS="${FUZZ_SMOKE_SECS:-15}"
TARGETS="${*:-$FUZZ_TARGETS_ALL}"
unset LAMBDA_ENDPOINT   # always the embedded endpoint
WORK="fuzz/target/smoke"
rm -rf "$WORK"
mkdir -p "$WORK"

ensure_cargo_fuzz
echo "== building the fuzz targets (stable, --sanitizer $FUZZ_SANITIZER)"
start=$(date +%s)
build_fuzz_targets --codegen-units 16
echo "   built in $(( $(date +%s) - start ))s"
write_seeds "$WORK/corpus"

status=0
for t in $TARGETS; do
  mkdir -p "$WORK/artifacts/$t"
  log="$WORK/$t.log"
  # The seed corpus is read-only input here; new inputs go to a scratch dir.
  mkdir -p "$WORK/new/$t"
  if "$FUZZ_BIN_DIR/$t" "$WORK/new/$t" "$WORK/corpus/$t" \
      -max_total_time="$SECS" -timeout=30 -rss_limit_mb=2048 \
      -dict="$WORK/corpus/lambda.dict" -artifact_prefix="$WORK/artifacts/$t/" \
      -print_final_stats=1 >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    echo "== $t: ok, ${execs:-?} executions, ${rate:-?}/s"
  else
    status=1
    echo "== $t: FINDING (or the target failed); log $log, artifacts $WORK/artifacts/$t/"
    grep -v '^#' "$log" | tail -60
  fi
done
exit $status
