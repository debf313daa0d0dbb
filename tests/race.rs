//! Races (rule RACE-SERIAL-ORDER) against the embedded reference endpoint:
//! a correct endpoint gets no race finding; one that checks the RevisionId
//! and applies the update later (fault `revision-check-races`) is found on
//! every operation it breaks, with a reproducer that sends the racers at
//! once; one that ignores RevisionIds altogether is not raced (its serial
//! finding is the root cause).

use lambda_conformance::catalog::Catalog;
use lambda_conformance::findings::{CheckKind, Finding};
use lambda_conformance::report::reproduce;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_conformance::stateful::Budget;
use lambda_model::Fault;
use std::sync::Arc;

const RULE: &str = "RACE-SERIAL-ORDER";

async fn run(prefix: &str, faults: Vec<Fault>) -> RunResult {
    let mut plan = RunPlan::new(None, prefix);
    plan.target.faults = faults;
    plan.boundaries = None;
    plan.budget = Budget {
        cases: 0,
        ..Budget::default()
    };
    execute(plan, Arc::new(Silent))
        .await
        .expect("the embedded endpoint runs")
}

fn race_findings(r: &RunResult) -> Vec<&Finding> {
    r.situations
        .iter()
        .filter(|f| f.evidence.rule.as_deref() == Some(RULE))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correct_endpoint_explains_every_race() {
    let r = run("lc-race01-", vec![]).await;
    assert!(race_findings(&r).is_empty(), "{:#?}", race_findings(&r));
    assert!(r.situations.is_empty(), "{:#?}", r.situations);
    // Every raced operation was judged, its racers sent at once.
    for op in [
        "UpdateFunctionConfiguration",
        "PublishVersion",
        "UpdateAlias",
        "AddPermission",
    ] {
        let racers = r
            .steps
            .iter()
            .filter(|s| s.concurrent && s.exchange.operation == op)
            .count();
        assert!(racers >= 3, "{op}: {racers} requests sent at once");
    }
    assert!(
        r.rules_reached.get(RULE).is_some_and(|n| *n == 4),
        "{:?}",
        r.rules_reached.get(RULE)
    );
    assert!(
        !r.notes.iter().any(|n| n.starts_with("races of")),
        "{:#?}",
        r.notes
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_then_act_race_is_found_on_every_operation_it_breaks() {
    let fault = Fault::RevisionCheckRaces;
    let r = run("lc-race02-", vec![fault]).await;
    let found = race_findings(&r);
    let breaks = fault.breaks();
    for op in breaks.operations {
        assert!(
            found.iter().any(|f| f.operation == *op),
            "{op} not found: {found:#?}"
        );
    }
    for f in &found {
        assert_eq!(f.check, CheckKind::Invariant);
        assert!(breaks.matches(&f.operation, f.check.name()), "{f:#?}");
        assert_eq!(f.actual, "answers no serial order gives", "{f:#?}");
    }
    // Only the race: one request at a time, the endpoint is right.
    let others: Vec<_> = r
        .situations
        .iter()
        .filter(|f| f.evidence.rule.as_deref() != Some(RULE))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    // One finding per operation, however many rounds showed it.
    let findings: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.evidence.rule.as_deref() == Some(RULE))
        .collect();
    assert_eq!(findings.len(), breaks.operations.len(), "{findings:#?}");
    // The reproducer creates the function, reads its RevisionId into a
    // variable and sends the racers at once with it.
    let f = found
        .iter()
        .find(|f| f.operation == "UpdateFunctionConfiguration")
        .expect("found above");
    let script = reproduce::script(&r, f.exchange, Catalog::embedded());
    assert!(script.contains("aws lambda create-function"), "{script}");
    assert!(
        script.contains("REVISION1=$(aws lambda get-function-configuration"),
        "{script}"
    );
    assert_eq!(
        script
            .lines()
            .filter(
                |l| l.starts_with("aws lambda update-function-configuration")
                    && l.contains("\"'\"$REVISION1\"'\"")
                    && l.ends_with(" &")
            )
            .count(),
        3,
        "{script}"
    );
    assert!(script.lines().any(|l| l == "wait"), "{script}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_ignores_revision_ids_is_not_raced() {
    let r = run("lc-race03-", vec![Fault::RevisionIdIgnored]).await;
    assert!(race_findings(&r).is_empty(), "{:#?}", race_findings(&r));
    // The serial finding is there, and the note says why the race was not judged.
    assert!(
        r.situations
            .iter()
            .any(|f| f.operation == "UpdateFunctionConfiguration"
                && f.check == CheckKind::Expectation),
        "{:#?}",
        r.situations
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("races of UpdateFunctionConfiguration not judged")),
        "{:#?}",
        r.notes
    );
}
