//! Shared code of the lambda-conformance fuzz targets (see docs/fuzzing.md).
//!
//! Every target is a plain function here (`targets::*::run(&[u8])`), so the
//! `fuzz_targets/*.rs` binaries are one-liners and the regression tests
//! (`tests/regressions.rs`) can replay saved crashes without libFuzzer.
//!
//! Input format of `model`, `raw_request` and `responses` ([`records`]): a
//! sequence of records, each an operation byte, a flags byte and either a
//! length-prefixed JSON text (what the seed corpora use) or bytes from which
//! a JSON value is generated from the operation's schema ([`generate`]).
//! `sequence` decodes `stateful::Transition`s with `arbitrary`.

pub mod env;
pub mod generate;
pub mod records;
pub mod reproducer;
pub mod seeds;
pub mod targets;

/// Where a fuzz binary writes the seed corpora and the dictionary when asked
/// to (`LC_FUZZ_WRITE_SEEDS=DIR <fuzz binary>`), instead of fuzzing.
pub fn maybe_write_seeds_and_exit() {
    if let Ok(dir) = std::env::var("LC_FUZZ_WRITE_SEEDS")
        && !dir.is_empty()
    {
        match seeds::write_all(std::path::Path::new(&dir)) {
            Ok(n) => {
                eprintln!("wrote {n} seed files and lambda.dict under {dir}");
                std::process::exit(0);
            }
            Err(e) => {
                eprintln!("cannot write seeds to {dir}: {e}");
                std::process::exit(2);
            }
        }
    }
}
