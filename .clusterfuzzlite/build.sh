#!/usr/bin/env bash
# Builds the cargo-fuzz targets for ClusterFuzzLite / OSS-Fuzz and puts them,
# with their seed corpora and dictionary, in $OUT. In the base-builder-rust
# image SRC, OUT and SANITIZER are set and the toolchain is nightly; on this
# machine (stable, no Docker) it runs too:
#   .clusterfuzzlite/build.sh            # OUT defaults to fuzz/artifacts/cflite-out, sanitizer none
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/fuzz-lib.sh
OUT="${OUT:-$ROOT/fuzz/artifacts/cflite-out}"
mkdir -p "$OUT"
# ClusterFuzzLite's sanitizers map onto cargo-fuzz's; coverage and plain builds use none
# (the base image's RUSTFLAGS carry the coverage instrumentation).
case "${SANITIZER:-none}" in
  address|memory|thread) FUZZ_SANITIZER="$SANITIZER" ;;
  *) FUZZ_SANITIZER=none ;;
esac
if [ "$FUZZ_SANITIZER" != none ] && ! rustc -V | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1   # -Zsanitizer on a stable toolchain
fi
ensure_cargo_fuzz
build_fuzz_targets
SEEDS="$(mktemp -d)"
write_seeds "$SEEDS"
for t in $FUZZ_TARGETS_ALL; do
  cp "$FUZZ_BIN_DIR/$t" "$OUT/$t"
  cp "$SEEDS/lambda.dict" "$OUT/$t.dict"
  if [ -d "$SEEDS/$t" ] && [ -n "$(ls -A "$SEEDS/$t")" ]; then
    (cd "$SEEDS/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
  fi
done
rm -rf "$SEEDS"
echo "built $(echo $FUZZ_TARGETS_ALL | wc -w) fuzz targets into $OUT"
