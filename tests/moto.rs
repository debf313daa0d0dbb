//! End-to-end against a real moto server (started by scripts/test.sh, which
//! sets LC_MOTO_ENDPOINT). Every finding must be listed, with its reason, in
//! known-deviations/moto.json; every listed deviation must still occur.

use lambda_conformance::catalog::REFERENCE_OPERATIONS;
use lambda_conformance::findings::KnownDeviations;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use std::path::Path;
use std::sync::Arc;

fn endpoint() -> Option<String> {
    match std::env::var("LC_MOTO_ENDPOINT") {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run moto: use scripts/test.sh"
            );
            eprintln!(
                "skipped: LC_MOTO_ENDPOINT is not set (scripts/test.sh starts moto and sets it)"
            );
            None
        }
    }
}

async fn run(url: &str, prefix: &str) -> RunResult {
    let plan = RunPlan::new(Some(url.to_string()), prefix);
    let mut result = execute(plan, Arc::new(Silent))
        .await
        .expect("the run against moto can be done");
    let known = KnownDeviations::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("known-deviations/moto.json"),
    )
    .unwrap();
    known.apply(&mut result.findings);
    result
}

#[tokio::test]
async fn moto_deviates_only_as_recorded_and_runs_are_stable() {
    let Some(url) = endpoint() else { return };
    let first = run(&url, "lc-moto01-").await;
    assert!(first.interrupted.is_none());
    let counts = first.operation_counts();
    for op in REFERENCE_OPERATIONS {
        assert!(counts.contains_key(op), "{op} was not exercised");
    }
    assert!(
        first.steps.iter().all(|s| s.exchange.response().is_some()),
        "every request got a response"
    );
    let unexplained: Vec<String> = first
        .findings
        .iter()
        .filter(|f| f.known.is_none())
        .map(|f| {
            format!(
                "{} {}: expected {}, got {} [{}]",
                f.operation,
                f.check.name(),
                f.expected,
                f.actual,
                f.detail
            )
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "findings not in known-deviations/moto.json:\n{}",
        unexplained.join("\n")
    );

    let known = KnownDeviations::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("known-deviations/moto.json"),
    )
    .unwrap();
    for d in &known.deviations {
        assert!(
            first
                .findings
                .iter()
                .any(|f| known.explain(f).is_some_and(|k| std::ptr::eq(k, d))),
            "known deviation no longer seen (remove it from known-deviations/moto.json): {} {} {:?}",
            d.operation,
            d.check,
            d.actual
        );
    }

    // Run twice: the same findings, with the same signatures.
    let second = run(&url, "lc-moto02-").await;
    let sigs = |r: &RunResult| {
        let mut s: Vec<String> = r.findings.iter().map(|f| f.signature.clone()).collect();
        s.sort();
        s
    };
    assert_eq!(sigs(&first), sigs(&second));
}
