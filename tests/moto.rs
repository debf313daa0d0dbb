//! End-to-end against a real moto server (started by scripts/test.sh, which
//! sets LC_MOTO_ENDPOINT). Every finding must be listed, with its reason, in
//! known-deviations/moto.json; every listed lifecycle deviation must still occur.

use lambda_conformance::catalog::REFERENCE_OPERATIONS;
use lambda_conformance::findings::KnownDeviations;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_conformance::stateful::Budget;
use std::path::Path;
use std::sync::Arc;

/// The moto server to run against: $LC_MOTO_ENDPOINT (scripts/test.sh starts moto and sets it).
fn endpoint() -> String {
    match std::env::var("LC_MOTO_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "set LC_MOTO_ENDPOINT to a moto server's URL, e.g. \
             PID=$(scripts/start-moto.sh 5001 | tail -1) and LC_MOTO_ENDPOINT=http://127.0.0.1:5001 \
             (scripts/test.sh does both)"
        ),
    }
}

fn known() -> KnownDeviations {
    KnownDeviations::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("known-deviations/moto.json"))
        .unwrap()
}

async fn run(url: &str, name: &str, cases: u32) -> RunResult {
    // A fresh prefix per run, so that no run can meet another's leftovers.
    let prefix = format!(
        "lc-{}{name}-",
        &uuid::Uuid::new_v4().simple().to_string()[..4]
    );
    let mut plan = RunPlan::new(Some(url.to_string()), &prefix);
    // The boundary probes against moto are tests/moto_boundaries.rs: the
    // invalid values moto accepts would otherwise meet these runs.
    plan.boundaries = None;
    plan.budget = Budget {
        cases,
        seed: 42,
        ..Budget::default()
    };
    let mut result = execute(plan, Arc::new(Silent))
        .await
        .expect("the run against moto can be done");
    // Applied afterwards, so that the generated sequences also hunt (and shrink) the known deviations.
    known().apply(&mut result.situations);
    result
}

fn unexplained(r: &RunResult) -> Vec<String> {
    r.situations
        .iter()
        .filter(|f| f.known.is_none() && f.verified())
        .map(|f| {
            format!(
                "{} {}: expected {}, got {} [{}] {:?}",
                f.operation,
                f.check.name(),
                f.expected,
                f.actual,
                f.detail,
                f.sequence
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_ENDPOINT (a moto server; scripts/test.sh starts one and sets it)"]
async fn lifecycle_deviates_only_as_recorded_and_runs_are_stable() {
    let url = endpoint();
    let first = run(&url, "m1", 0).await;
    assert!(first.interrupted.is_none());
    let counts = first.operation_counts();
    for op in REFERENCE_OPERATIONS {
        assert!(counts.contains_key(op), "{op} was not exercised");
    }
    assert!(
        first.steps.iter().all(|s| s.exchange.response().is_some()),
        "every request got a response"
    );
    let missing = unexplained(&first);
    assert!(
        missing.is_empty(),
        "findings not in known-deviations/moto.json:\n{}",
        missing.join("\n")
    );

    let known = known();
    for d in known
        .deviations
        .iter()
        .filter(|d| !d.generated && d.step.is_none())
    {
        assert!(
            first
                .situations
                .iter()
                .any(|f| known.explain(f).is_some_and(|k| std::ptr::eq(k, d))),
            "known deviation no longer seen (remove it from known-deviations/moto.json): {} {} {:?}",
            d.operation,
            d.check,
            d.actual
        );
    }

    // Run twice: the same findings, with the same signatures.
    let second = run(&url, "m2", 0).await;
    let sigs = |r: &RunResult| {
        let mut s: Vec<String> = r.situations.iter().map(|f| f.signature.clone()).collect();
        s.sort();
        s
    };
    assert_eq!(sigs(&first), sigs(&second));
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_ENDPOINT (a moto server; scripts/test.sh starts one and sets it)"]
async fn generated_sequences_find_only_known_deviations() {
    let url = endpoint();
    let result = run(&url, "m3", 150).await;
    assert!(result.interrupted.is_none());
    assert!(
        result.cases_run >= 150,
        "only {} sequences ran",
        result.cases_run
    );
    let missing = unexplained(&result);
    assert!(
        missing.is_empty(),
        "findings not in known-deviations/moto.json:\n{}",
        missing.join("\n")
    );
    // The generated sequences do find moto's state bugs, shrunk: stale RevisionIds accepted, version numbers reused.
    let generated: Vec<&str> = result
        .situations
        .iter()
        .filter(|f| f.sequence.is_some())
        .map(|f| f.operation.as_str())
        .collect();
    assert!(
        generated.contains(&"UpdateFunctionCode") && generated.contains(&"PublishVersion"),
        "{generated:?}"
    );
}
