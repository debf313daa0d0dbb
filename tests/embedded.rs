//! Lifecycle runs against the embedded reference endpoint: a conforming endpoint gets
//! no finding, and each injected emulator bug is reported by the check that
//! should catch it.

use lambda_conformance::catalog::REFERENCE_OPERATIONS;
use lambda_conformance::findings::CheckKind;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_model::Fault;
use std::sync::Arc;

async fn run_with(faults: Vec<Fault>) -> RunResult {
    let mut plan = RunPlan::new(None, "lc-test01-");
    plan.target.faults = faults;
    // The lifecycle scenario only: generated sequences are tested in tests/stateful.rs.
    plan.budget.cases = 0;
    execute(plan, Arc::new(Silent))
        .await
        .expect("the run itself succeeds")
}

#[tokio::test]
async fn conforming_endpoint_yields_no_finding_and_every_operation_is_exercised() {
    let result = run_with(vec![]).await;
    assert!(
        result.findings.is_empty(),
        "unexpected findings: {:#?}",
        result.findings
    );
    let counts = result.operation_counts();
    for op in REFERENCE_OPERATIONS {
        assert!(counts.contains_key(op), "{op} was not exercised");
    }
    assert!(
        result.steps.iter().all(|s| s.exchange.response().is_some()),
        "every request got a response"
    );
    assert!(result.interrupted.is_none());
}

#[tokio::test]
async fn injected_faults_are_reported_by_the_right_check() {
    let cases: &[(&str, &str, CheckKind)] = &[
        ("get-alias-201", "GetAlias", CheckKind::Status),
        ("add-permission-200", "AddPermission", CheckKind::Status),
        ("delete-function-200", "DeleteFunction", CheckKind::Status),
        (
            "create-event-source-mapping-201",
            "CreateEventSourceMapping",
            CheckKind::Status,
        ),
        (
            "missing-function-conflict-code",
            "GetFunction",
            CheckKind::Expectation,
        ),
        (
            "missing-function-400",
            "GetFunction",
            CheckKind::Expectation,
        ),
        (
            "timeout-as-string",
            "GetFunctionConfiguration",
            CheckKind::Schema,
        ),
        (
            "revision-id-ignored",
            "UpdateFunctionConfiguration",
            CheckKind::Expectation,
        ),
        (
            "delete-aliased-version",
            "DeleteFunction",
            CheckKind::Expectation,
        ),
        (
            "duplicate-sid-accepted",
            "AddPermission",
            CheckKind::Expectation,
        ),
        ("invoke-missing-200", "Invoke", CheckKind::Expectation),
        ("list-aliases-500", "ListAliases", CheckKind::ServerError),
        ("error-body-not-json", "GetFunction", CheckKind::ErrorBody),
    ];
    for (name, operation, check) in cases {
        let fault = Fault::from_name(name).unwrap_or_else(|| panic!("no fault {name}"));
        let result = run_with(vec![fault]).await;
        assert!(
            result
                .situations
                .iter()
                .any(|f| f.operation == *operation && f.check == *check),
            "fault {name}: expected a {} finding on {operation}, got {:#?}",
            check.name(),
            result
                .situations
                .iter()
                .map(|f| (&f.operation, f.check.name(), &f.actual))
                .collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn runs_are_repeatable() {
    let a = run_with(vec![Fault::from_name("get-alias-201").unwrap()]).await;
    let b = run_with(vec![Fault::from_name("get-alias-201").unwrap()]).await;
    let sig = |r: &RunResult| {
        r.findings
            .iter()
            .map(|f| f.signature.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(sig(&a), sig(&b));
    assert_eq!(a.steps.len(), b.steps.len());
}

#[tokio::test]
async fn an_external_endpoint_without_iam_or_sqs_runs_with_made_up_arns() {
    // The default config serves Lambda alone (no S3, IAM or SQS).
    let server = lambda_conformance::server::start(
        ([127, 0, 0, 1], 0).into(),
        lambda_model::Config::default(),
    )
    .await
    .unwrap();
    let mut plan = RunPlan::new(Some(server.url()), "lc-test02-");
    plan.budget.cases = 20;
    let result = execute(plan, Arc::new(Silent))
        .await
        .expect("a Lambda-only endpoint can be tested");
    server.stop();
    assert!(result.findings.is_empty(), "{:#?}", result.findings);
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("does not emulate IAM")),
        "{:?}",
        result.notes
    );
    assert!(result.cases_run >= 20);
}

/// An endpoint that passes through AWS's asynchronous states (Pending after
/// CreateFunction, InProgress after an update, 409 meanwhile) gets no finding:
/// every phase waits as AWS's waiters do. Against one that never settles, the
/// waits would time out and the run would report the 409s.
#[tokio::test(flavor = "multi_thread")]
async fn an_asynchronous_endpoint_gets_no_finding() {
    let mut plan = RunPlan::new(None, "lc-test03-");
    plan.target.settle_ms = 30;
    plan.budget.cases = 40;
    let result = execute(plan, Arc::new(Silent))
        .await
        .expect("the run itself succeeds");
    assert!(result.findings.is_empty(), "{:#?}", result.findings);
    // The endpoint really was asynchronous: some answer showed a transition.
    let busy = result.steps.iter().any(|s| {
        s.exchange
            .response()
            .and_then(|r| r.json.as_ref())
            .is_some_and(|b| {
                b.get("State").and_then(|v| v.as_str()) == Some("Pending")
                    || b.get("LastUpdateStatus").and_then(|v| v.as_str()) == Some("InProgress")
            })
    });
    assert!(busy, "no answer showed Pending or InProgress");
    assert!(result.cases_run >= 40);
}

/// Two reads of one unchanged function must describe it alike, whatever the
/// model knows: an endpoint that answers each read with a fresh RevisionId
/// (fakecloud PR 892) is caught by the lifecycle's cross-read checks, on
/// GetFunctionConfiguration after GetFunction and on ListFunctions' item.
#[tokio::test]
async fn reads_that_disagree_are_an_invariant_finding() {
    let result = run_with(vec![Fault::RevisionIdPerRead]).await;
    for op in ["GetFunctionConfiguration", "ListFunctions"] {
        assert!(
            result.findings.iter().any(|f| f.operation == op
                && f.check == CheckKind::Invariant
                && f.actual == "another RevisionId"),
            "{op}: {:#?}",
            result.findings
        );
    }
}

#[tokio::test]
async fn strict_messages_find_nothing_on_the_reference_endpoint() {
    let mut plan = RunPlan::new(None, "lc-strict1-");
    plan.budget.cases = 0;
    plan.strict_messages = true;
    plan.boundaries = Some(lambda_conformance::boundary::Options {
        strict_messages: true,
        skip_malformed: true,
    });
    let result = execute(plan, Arc::new(Silent))
        .await
        .expect("the run itself succeeds");
    assert!(
        result.findings.is_empty(),
        "unexpected findings: {:#?}",
        result.findings
    );
}
