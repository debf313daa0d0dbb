# Shared by scripts/fuzz-smoke.sh and scripts/fuzz-nightly.sh (sourced, not run).
# Builds the cargo-fuzz targets on the STABLE toolchain: `--sanitizer none`
# leaves out the only nightly-only rustc flag cargo-fuzz passes
# (-Zsanitizer=...); everything else it passes (-Cpasses=sancov-module,
# -Cllvm-args=-sanitizer-coverage-*, --cfg fuzzing) is stable.
# LC_FUZZ_SANITIZER=address switches AddressSanitizer on (needs RUSTC_BOOTSTRAP=1
# on stable, which this sets; slower, rarely useful for safe Rust).

FUZZ_TARGETS_ALL="model responses raw_request sequence"
FUZZ_SANITIZER="${LC_FUZZ_SANITIZER:-none}"
FUZZ_TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
FUZZ_TARGET_DIR="${LC_FUZZ_TARGET_DIR:-fuzz/target}"
FUZZ_BIN_DIR="$FUZZ_TARGET_DIR/$FUZZ_TRIPLE/release"

ensure_cargo_fuzz() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz (cargo install cargo-fuzz --locked)"
    cargo install cargo-fuzz --locked
  fi
}

# build_fuzz_targets [extra cargo-fuzz build flags...]
build_fuzz_targets() {
  local env=()
  if [ "$FUZZ_SANITIZER" != none ]; then env=(RUSTC_BOOTSTRAP=1); fi
  env "${env[@]}" CARGO_TERM_COLOR=never cargo fuzz build --sanitizer "$FUZZ_SANITIZER" -O \
    --target-dir "$FUZZ_TARGET_DIR" "$@"
}

# write_seeds DIR: the seed corpora of every target and DIR/lambda.dict (any target binary writes them all).
write_seeds() {
  LC_FUZZ_WRITE_SEEDS="$1" "$FUZZ_BIN_DIR/model"
}
