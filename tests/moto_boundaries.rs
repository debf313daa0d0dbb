//! Boundary probes against a real moto server of their own (started by
//! scripts/test.sh, which sets LC_MOTO_BOUNDARY_ENDPOINT): moto accepts values AWS rejects, and each
//! such acceptance is reported with the constraint named; every finding is a
//! listed known deviation.

use lambda_conformance::findings::{CheckKind, KnownDeviations};
use lambda_conformance::runner::{RunPlan, Silent, execute};
use lambda_conformance::stateful::Budget;
use std::path::Path;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_BOUNDARY_ENDPOINT (a moto server of its own; scripts/test.sh starts one and sets it)"]
async fn moto_acceptances_are_reported_with_the_constraint_named() {
    let url = match std::env::var("LC_MOTO_BOUNDARY_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "set LC_MOTO_BOUNDARY_ENDPOINT to the URL of a moto server used by no other test, e.g. \
             PID=$(scripts/start-moto.sh 5002 | tail -1) and LC_MOTO_BOUNDARY_ENDPOINT=http://127.0.0.1:5002 \
             (scripts/test.sh does both)"
        ),
    };
    let prefix = format!("lc-{}mb-", &uuid::Uuid::new_v4().simple().to_string()[..4]);
    let mut plan = RunPlan::new(Some(url), &prefix);
    plan.budget = Budget {
        cases: 0,
        ..Budget::default()
    };
    let mut r = execute(plan, Arc::new(Silent))
        .await
        .expect("the run against moto can be done");
    assert!(r.interrupted.is_none());
    let known = KnownDeviations::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("known-deviations/moto.json"),
    )
    .unwrap();
    known.apply(&mut r.situations);
    // The emulators README: moto answers CreateFunction MemorySize=1, Timeout=0 and a 200-character name with 201.
    for constraint in [
        "MemorySize minimum 128",
        "Timeout minimum 1",
        "FunctionName maxLength 64 (plain name)",
    ] {
        let f = r
            .situations
            .iter()
            .find(|f| {
                f.operation == "CreateFunction"
                    && f.check == CheckKind::Constraint
                    && f.constraint.as_deref() == Some(constraint)
            })
            .unwrap_or_else(|| panic!("moto's acceptance of {constraint} not reported"));
        assert!(f.actual.starts_with("success 201"), "{f:?}");
        assert!(f.expected.contains(constraint));
    }
    let unexplained: Vec<String> = r
        .situations
        .iter()
        .filter(|f| f.known.is_none() && f.verified())
        .map(|f| {
            format!(
                "{} {} [{:?}]: expected {}, got {}",
                f.operation,
                f.check.name(),
                f.constraint,
                f.expected,
                f.actual
            )
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "not in known-deviations/moto.json:\n{}",
        unexplained.join("\n")
    );
    // Valid edge values are not reported: moto accepts them (it accepts almost
    // everything), except the listed ones (EphemeralStorage.Size 32768, a limit
    // AWS raised after moto's).
    let rejected: Vec<_> = r
        .situations
        .iter()
        .filter(|f| f.known.is_none() && f.actual.contains("rejects what AWS accepts"))
        .collect();
    assert!(rejected.is_empty(), "{rejected:?}");
}
