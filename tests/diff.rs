//! `diff`: the same sequences against two endpoints. A correct pair gives no
//! divergence; a fault on the candidate is found by the member it changes,
//! shrunk, with both transcripts (the reference's first) and a reproducer of
//! the candidate's steps; against a real moto every divergence is a value
//! that differs once names, ids and times are normalised.

use lambda_conformance::diff::{DiffPlan, compare, execute};
use lambda_conformance::findings::{CheckKind, Finding, normalise};
use lambda_conformance::runner::{RunPlan, RunResult, Silent};
use lambda_conformance::session::Target;
use lambda_conformance::stateful::Budget;
use lambda_model::Fault;
use std::sync::Arc;

fn target(endpoint: Option<&str>, prefix: &str, faults: Vec<Fault>) -> Target {
    let mut t = RunPlan::new(endpoint.map(str::to_string), prefix).target;
    t.faults = faults;
    t
}

async fn diff(candidate: Target, prefix: &str, cases: u32) -> RunResult {
    let plan = DiffPlan {
        reference: target(None, &format!("{prefix}r"), vec![]),
        candidate,
        options: compare::Options::default(),
        budget: Budget {
            cases,
            ..Budget::default()
        },
        known: None,
    };
    execute(plan, Arc::new(Silent))
        .await
        .expect("both endpoints answer")
}

fn divergences(r: &RunResult) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.check == CheckKind::Divergence)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_correct_endpoints_do_not_diverge() {
    let r = diff(target(None, "lc-diff01-", vec![]), "lc-diff01", 150).await;
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert!(r.cases_run >= 150, "{} sequences", r.cases_run);
    assert!(r.cleanup.is_clean(), "{}", r.cleanup.summary());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clamped_timeout_is_one_divergence_of_its_member_shrunk_with_both_transcripts() {
    let r = diff(
        target(None, "lc-diff02-", vec![Fault::TimeoutClamped]),
        "lc-diff02",
        60,
    )
    .await;
    let found = divergences(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert!(f.expected.contains("body.Timeout = 900"), "{}", f.expected);
    assert!(f.actual.contains("body.Timeout = 300"), "{}", f.actual);
    assert!(f.verified());
    let sequence = f.sequence.as_ref().expect("a minimal sequence");
    let steps = sequence.transitions.as_array().map_or(0, Vec::len);
    assert!(steps <= 2, "shrunk to {steps} steps");
    // The reference's transcript comes first, then the candidate's, whose step diverged.
    assert!(f.context_start > 0);
    assert!(r.steps[f.context_start - 1].step.starts_with("reference: "));
    assert!(r.steps[f.exchange].step.starts_with("candidate: "));
    assert!(
        r.steps[..f.context_start]
            .iter()
            .any(|s| s.step.starts_with("reference: "))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outcome_fault_is_found_by_operation_and_outcome() {
    let r = diff(
        target(None, "lc-diff03-", vec![Fault::InvokeMissing200]),
        "lc-diff03",
        100,
    )
    .await;
    let found = divergences(&r);
    assert!(
        found.iter().any(|f| f.operation == "Invoke"
            && f.expected
                .contains("outcome = 404 ResourceNotFoundException")
            && f.actual.contains("outcome = 200")),
        "{found:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_ENDPOINT (a moto server; scripts/test.sh starts one and sets it)"]
async fn against_moto_every_divergence_is_a_value_not_a_name_id_or_time() {
    let url = std::env::var("LC_MOTO_ENDPOINT").expect("LC_MOTO_ENDPOINT");
    let r = diff(target(Some(&url), "lc-diff04-", vec![]), "lc-diff04", 40).await;
    let found = divergences(&r);
    // moto's known deviations show (201 where AWS answers 202 for a mapping, among others).
    assert!(found.len() >= 5, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.operation == "CreateEventSourceMapping" && f.actual.contains("201")),
        "{found:#?}"
    );
    for f in &found {
        let value = |s: &str| {
            normalise(s)
                .replace(" (as the reference endpoint)", "")
                .to_string()
        };
        assert_ne!(value(&f.expected), value(&f.actual), "{f:#?}");
        for name in ["RevisionId", "LastModified", "FunctionName", "UUID"] {
            assert!(
                !f.expected.starts_with(&format!("body.{name} ")),
                "a divergence of a normalised member: {f:#?}"
            );
        }
    }
    assert!(r.cleanup.is_clean(), "{}", r.cleanup.summary());
}

#[test]
fn a_baseline_accepts_known_divergences_and_the_rest_still_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("diff-baseline.json");
    let diff = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lambda-conformance"));
        cmd.args([
            "diff",
            "--candidate",
            "embedded",
            "--candidate-fault",
            "timeout-clamped",
            "--cases",
            "20",
            "--no-progress",
        ])
        .args(extra)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA");
        cmd.output().expect("runs")
    };
    let without = diff(&[]);
    assert_eq!(
        without.status.code(),
        Some(1),
        "a divergence fails the diff"
    );
    let path = baseline.to_str().expect("utf-8 path");
    let written = diff(&["--baseline", path, "--update-baseline"]);
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    let text = std::fs::read_to_string(&baseline).expect("the baseline was written");
    assert!(text.contains("\"check\": \"divergence\""), "{text}");
    let with = diff(&["--baseline", path]);
    assert_eq!(with.status.code(), Some(0), "{with:?}");
}
