#![no_main]
//! The `sequence` target; see fuzz/src/targets/sequence.rs and docs/fuzzing.md.
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: { lambda_conformance_fuzz::maybe_write_seeds_and_exit(); },
    |data: &[u8]| { lambda_conformance_fuzz::targets::sequence::run(data); }
);
