//! `record` and `verify`: the shipped snapshot set (recorded against the
//! embedded reference endpoint, and labelled so) still matches it; a set
//! recorded and replayed against the same endpoint yields no finding, and a
//! fault on the replayed endpoint is found by the member it changes.

use lambda_conformance::diff::compare::Options;
use lambda_conformance::findings::CheckKind;
use lambda_conformance::runner::{RunPlan, RunResult, Silent};
use lambda_conformance::snapshot::{self, file::Snapshot};
use lambda_model::Fault;
use std::sync::Arc;

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/recorded/embedded");

async fn verify(snapshots: &[Snapshot], prefix: &str, faults: Vec<Fault>) -> RunResult {
    let mut target = RunPlan::new(None, prefix).target;
    target.faults = faults;
    snapshot::verify(
        target,
        "the embedded reference endpoint",
        snapshots,
        Options::default(),
        None,
        Arc::new(Silent),
    )
    .await
    .expect("the replay runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shipped_set_is_labelled_and_matches_the_embedded_endpoint() {
    let shipped = snapshot::read_dir(std::path::Path::new(SHIPPED)).expect("the shipped set");
    assert_eq!(shipped.len(), snapshot::catalogue().len());
    for s in &shipped {
        assert!(
            s.endpoint.starts_with("the embedded reference endpoint"),
            "{} claims {}",
            s.scenario,
            s.endpoint
        );
    }
    let r = verify(&shipped, "lc-snap01-", vec![]).await;
    assert!(
        r.findings.is_empty(),
        "the shipped snapshots are stale (re-record: lambda-conformance record --out snapshots/recorded/embedded): {:#?}",
        r.findings
    );
    assert!(r.cleanup.is_clean(), "{}", r.cleanup.summary());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recording_replays_clean_and_catches_a_fault_by_its_member() {
    let target = RunPlan::new(None, "lc-snap02-").target;
    let (recorded, cleanup) = snapshot::record(target, "the embedded reference endpoint")
        .await
        .expect("records");
    assert!(cleanup.is_clean(), "{}", cleanup.summary());
    // Through a file and back.
    let dir = tempfile::tempdir().expect("tempdir");
    for s in &recorded {
        std::fs::write(
            dir.path().join(format!("{}.snap", s.scenario)),
            s.render().expect("renders"),
        )
        .expect("writes");
    }
    let read = snapshot::read_dir(dir.path()).expect("reads");
    assert_eq!(read.len(), recorded.len());
    let clean = verify(&read, "lc-snap03-", vec![]).await;
    assert!(clean.findings.is_empty(), "{:#?}", clean.findings);
    let faulty = verify(&read, "lc-snap04-", vec![Fault::TimeoutClamped]).await;
    let found: Vec<_> = faulty
        .findings
        .iter()
        .filter(|f| f.check == CheckKind::Divergence)
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].expected.contains("body.Timeout = 900"),
        "{:#?}",
        found[0]
    );
    assert!(
        found[0].actual.contains("body.Timeout = 300"),
        "{:#?}",
        found[0]
    );
    // Its transcript is the replayed scenario's.
    assert!(
        faulty.steps[found[0].exchange]
            .step
            .contains("CreateFunction")
    );
}
