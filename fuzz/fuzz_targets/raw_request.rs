#![no_main]
//! The `raw_request` target; see fuzz/src/targets/raw_request.rs and docs/fuzzing.md.
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: { lambda_conformance_fuzz::maybe_write_seeds_and_exit(); },
    |data: &[u8]| { lambda_conformance_fuzz::targets::raw_request::run(data); }
);
