//! Isolation between boundary probes (issue 11, item 7): a value AWS rejects
//! that the endpoint accepted does not stay on the shared fixtures (function,
//! alias, mapping), so it shows as a finding on its own probe only, never
//! under a later, unrelated probe, and the fixture the next probe meets is
//! the one the reference model holds.
//!
//! The embedded endpoint with `accepts-out-of-range` accepts out-of-range
//! numbers (clamped to the limit they break, as the model then stores them).

use lambda_conformance::findings::Finding;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_conformance::session::Step;
use lambda_conformance::stateful::Budget;
use lambda_model::Fault;
use serde_json::Value;
use std::sync::Arc;

async fn run(prefix: &str, faults: Vec<Fault>) -> RunResult {
    let mut plan = RunPlan::new(None, prefix);
    plan.target.faults = faults;
    plan.budget = Budget {
        cases: 0,
        ..Budget::default()
    };
    execute(plan, Arc::new(Silent))
        .await
        .expect("the embedded endpoint runs")
}

fn in_boundary_phase(step: &str) -> bool {
    step.starts_with("boundary") || step.starts_with("malformed")
}

/// Whether `f` is on a probe whose own request carried the invalid value:
/// the invalid side of the very constraint the finding names.
fn on_its_own_invalid_probe(f: &Finding) -> bool {
    f.constraint
        .as_deref()
        .is_some_and(|c| f.step == format!("boundary {} {c} (invalid)", f.operation))
}

fn describe(fs: &[&Finding]) -> Vec<String> {
    fs.iter()
        .map(|f| {
            format!(
                "{} | {} [{}] constraint {:?}: expected {}, actual {} ({})",
                f.step,
                f.operation,
                f.check.name(),
                f.constraint,
                f.expected,
                f.actual,
                f.detail
            )
        })
        .collect()
}

/// Whether a recorded step is a probe (not a set-up request or a wait).
fn is_probe(s: &Step) -> bool {
    s.step.starts_with("boundary ") && s.step != "boundary wait" && s.step != "boundary setup"
}

/// The fixture as a recorded wait of the boundary phase read it from the
/// endpoint: the function's configuration (GetFunction) or the mapping.
fn fixture_read<'a>(s: &'a Step, function: &str, uuid: &str) -> Option<(&'static str, &'a Value)> {
    if s.step != "boundary wait" || s.exchange.status() != Some(200) {
        return None;
    }
    let body = s.exchange.response()?.json.as_ref()?;
    let input = &s.exchange.input;
    match s.exchange.operation.as_str() {
        "GetFunction" if input["FunctionName"] == function => {
            Some(("function", body.get("Configuration")?))
        }
        "GetEventSourceMapping" if input["UUID"] == uuid => Some(("mapping", body)),
        _ => None,
    }
}

/// The top-level member a probe's step names: `boundary Op EphemeralStorage.Size minimum 512 (invalid)`
/// -> `EphemeralStorage`.
fn member_of(s: &Step) -> &str {
    let rest = s
        .step
        .strip_prefix("boundary ")
        .and_then(|r| r.strip_prefix(&s.exchange.operation))
        .unwrap_or_default()
        .trim_start();
    let end = rest.find([' ', '.', '[']).unwrap_or(rest.len());
    &rest[..end]
}

/// Invalid values that stayed on the fixture: every invalid-side probe the
/// endpoint accepted whose answer shows the member with another value than
/// the fixture had before, and after which the fixture, as the endpoint
/// last reported it before the next probe, still has that value. Also the
/// number of such probes checked.
fn leaks(r: &RunResult) -> (usize, Vec<String>) {
    let function = format!("{}bfix", r.prefix);
    let uuid = r
        .steps
        .iter()
        .find(|s| s.step == "boundary setup" && s.exchange.operation == "CreateEventSourceMapping")
        .and_then(|s| s.exchange.response()?.json.as_ref()?.get("UUID")?.as_str())
        .unwrap_or_default()
        .to_string();
    let probes: Vec<usize> = (0..r.steps.len())
        .filter(|&i| is_probe(&r.steps[i]))
        .collect();
    let (mut checked, mut left_behind) = (0, Vec::new());
    for (k, &i) in probes.iter().enumerate() {
        let probe = &r.steps[i];
        if !probe.step.ends_with(" (invalid)") || probe.exchange.status().is_none_or(|s| s >= 300) {
            continue;
        }
        let next = probes.get(k + 1).copied().unwrap_or(r.steps.len());
        let Some((kind, after)) = r.steps[i + 1..next]
            .iter()
            .filter_map(|s| fixture_read(s, &function, &uuid))
            .next_back()
        else {
            continue; // no read of a fixture after this probe
        };
        let member = member_of(probe);
        let Some(left) = probe
            .exchange
            .response()
            .and_then(|resp| resp.json.as_ref())
            .and_then(|b| b.get(member))
        else {
            continue; // the answer does not show what the endpoint kept
        };
        let before = r.steps[..i]
            .iter()
            .filter_map(|s| fixture_read(s, &function, &uuid))
            .rfind(|(k, _)| *k == kind)
            .and_then(|(_, v)| v.get(member));
        if before == Some(left) {
            continue; // the probe changed nothing of the member
        }
        checked += 1;
        if after.get(member) == Some(left) {
            left_behind.push(format!(
                "{}: {member} = {left} stayed on the {kind} (before the probe: {})",
                probe.step,
                before.map_or_else(|| "none".to_string(), Value::to_string)
            ));
        }
    }
    (checked, left_behind)
}

#[tokio::test(flavor = "multi_thread")]
async fn accepted_out_of_range_values_leave_no_trace_on_later_probes() {
    let r = run("lc-bnis01-", vec![Fault::AcceptsOutOfRange]).await;
    let found: Vec<&Finding> = r
        .situations
        .iter()
        .filter(|f| in_boundary_phase(&f.step))
        .collect();
    // The fault is found, on the probes that carry the values.
    for constraint in [
        "MemorySize minimum 128",
        "Timeout minimum 1",
        "Timeout maximum 900",
        "BatchSize minimum 1",
        "BatchSize maximum 10000",
        "ReservedConcurrentExecutions minimum 0",
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.constraint.as_deref() == Some(constraint)),
            "{constraint} not reported: {:#?}",
            describe(&found)
        );
    }
    // Every finding is on a probe whose own request carried the invalid value:
    // none on a valid-side probe, a base request, a set-up request or a wait.
    let elsewhere: Vec<&Finding> = found
        .iter()
        .copied()
        .filter(|f| !on_its_own_invalid_probe(f))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "findings on probes that did not carry the invalid value (state an earlier probe left): {:#?}",
        describe(&elsewhere)
    );
    let outside: Vec<&Finding> = r
        .situations
        .iter()
        .filter(|f| !in_boundary_phase(&f.step))
        .collect();
    assert!(outside.is_empty(), "{:#?}", describe(&outside));
    // And the fixture the next probe meets no longer has the value: the
    // endpoint's own reads of the function and the mapping after each
    // accepted update show it put back.
    let (checked, left_behind) = leaks(&r);
    assert!(
        checked >= 8,
        "only {checked} accepted invalid updates were read back"
    );
    assert!(
        left_behind.is_empty(),
        "{} of {checked} accepted invalid values stayed on the fixtures: {left_behind:#?}",
        left_behind.len()
    );
    // The embedded endpoint keeps what the model keeps: every restore takes.
    let failed: Vec<&String> = r
        .notes
        .iter()
        .filter(|n| n.contains("could not be put back"))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_restores_add_no_finding_on_a_conforming_endpoint() {
    let r = run("lc-bnis02-", vec![]).await;
    let all: Vec<&Finding> = r.situations.iter().collect();
    assert!(all.is_empty(), "{:#?}", describe(&all));
    let (_, left_behind) = leaks(&r);
    assert!(left_behind.is_empty(), "{left_behind:#?}");
    assert!(
        !r.notes.iter().any(|n| n.contains("could not be put back")),
        "{:#?}",
        r.notes
    );
}
