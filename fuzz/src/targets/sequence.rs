//! `sequence`: fuzz bytes decoded (with `arbitrary`) into a sequence of
//! `stateful::Transition`s, run against the endpoint named by
//! `LAMBDA_ENDPOINT` (default: the embedded reference endpoint, in-process)
//! by the stateful executor, `stateful::Harness::run_case`, which checks every
//! exchange as `run` does and compares it with the reference model. Any
//! finding that would fail `run` (new and verified; `LC_FUZZ_KNOWN_DEVIATIONS`
//! lists known ones) aborts with its reproducer.

use crate::env;
use crate::reproducer::fail;
use arbitrary::{Arbitrary, Unstructured};
use lambda_conformance::runner::RunPlan;
use lambda_conformance::stateful::{Harness, Transition};
use serde_json::{Value, json};
use std::cell::{Cell, OnceCell};

/// Most transitions one input decodes to.
pub const MAX_TRANSITIONS: usize = 32;

/// Decodes an input into transitions (each `Transition::arbitrary` in turn until the bytes run out).
pub fn decode(data: &[u8]) -> Vec<Transition> {
    let mut u = Unstructured::new(data);
    let mut out = Vec::new();
    while !u.is_empty() && out.len() < MAX_TRANSITIONS {
        match Transition::arbitrary(&mut u) {
            // Into the slots a sequence uses, so that operations meet each other's resources.
            Ok(t) => out.push(t.within_slots()),
            Err(_) => break,
        }
    }
    out
}

thread_local! {
    static HARNESS: OnceCell<&'static Harness> = const { OnceCell::new() };
    static CASE: Cell<u32> = const { Cell::new(0) };
}

fn plan() -> RunPlan {
    let mut plan = RunPlan::new(env::endpoint(), "lc-fz0000-");
    plan.target.timeout = env::request_timeout();
    plan.target.wait_timeout = env::request_timeout();
    plan.target.role_arn = std::env::var("LC_FUZZ_ROLE_ARN").ok();
    plan.target.event_source_arn = std::env::var("LC_FUZZ_EVENT_SOURCE_ARN").ok();
    plan
}

/// The stateful harness of this thread, started on first use (it lives as long as the process).
fn harness() -> &'static Harness {
    HARNESS.with(|cell| {
        *cell.get_or_init(|| {
            let h = env::runtime()
                .block_on(Harness::start(&plan()))
                .unwrap_or_else(|e| panic!("sequence: cannot start the stateful harness: {e:#}"));
            Box::leak(Box::new(h))
        })
    })
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let transitions = decode(data);
    if transitions.is_empty() {
        return;
    }
    let n = CASE.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let prefix = format!("lc-fz{:04x}{n:06x}-", std::process::id() & 0xffff);
    let outcome = env::runtime().block_on(harness().run_case(&prefix, &transitions));
    let mut findings = outcome.findings;
    if let Some(known) = env::known_deviations() {
        known.apply(&mut findings);
    }
    if let Some(f) = findings
        .iter()
        .find(|f| lambda_conformance::report::is_failure(f))
    {
        let history: Vec<Value> = transitions.iter().map(|t| json!(t)).collect();
        fail(
            "sequence",
            &format!(
                "{} [{}] {}: expected {}, got {}\n{}\nevidence: {} ({:?})",
                f.operation,
                f.check.name(),
                f.step,
                f.expected,
                f.actual,
                f.detail,
                f.evidence.source,
                f.evidence.kind
            ),
            &history,
            &outcome.steps,
        );
    }
}
