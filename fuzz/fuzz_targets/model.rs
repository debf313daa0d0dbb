#![no_main]
//! The `model` target; see fuzz/src/targets/model.rs and docs/fuzzing.md.
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: { lambda_conformance_fuzz::maybe_write_seeds_and_exit(); },
    |data: &[u8]| { lambda_conformance_fuzz::targets::model::run(data); }
);
