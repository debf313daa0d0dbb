//! Boundary and malformed-input probes against the embedded reference
//! endpoint: a conforming endpoint gets no finding and every constraint of
//! the reference operations is exercised from both sides where a value exists;
//! each front-end fault is found, with the constraint it breaks named.

use lambda_conformance::boundary::{Outcome, Side};
use lambda_conformance::catalog::REFERENCE_OPERATIONS;
use lambda_conformance::findings::{CheckKind, Finding};
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_conformance::stateful::Budget;
use lambda_model::Fault;
use std::sync::Arc;

async fn run(faults: Vec<Fault>) -> RunResult {
    let mut plan = RunPlan::new(None, "lc-bndr01-");
    plan.target.faults = faults;
    plan.budget = Budget {
        cases: 0,
        ..Budget::default()
    };
    execute(plan, Arc::new(Silent))
        .await
        .expect("the embedded endpoint runs")
}

fn boundary_findings(r: &RunResult) -> Vec<&Finding> {
    r.situations
        .iter()
        .filter(|f| f.step.starts_with("boundary") || f.step.starts_with("malformed"))
        .collect()
}

/// Asserts that `f` is a finding `fault` must produce (`Fault::breaks`: its operation and check).
fn by_the_rule_it_breaks(fault: Fault, f: &Finding) {
    let breaks = fault.breaks();
    assert!(
        breaks.matches(&f.operation, f.check.name()),
        "{}: {} [{}] is not on {:?} by {:?}",
        fault.name(),
        f.operation,
        f.check.name(),
        breaks.operations,
        breaks.checks
    );
}

fn named(r: &RunResult, check: CheckKind, constraint: &str) -> Option<Finding> {
    r.situations
        .iter()
        .find(|f| f.check == check && f.constraint.as_deref() == Some(constraint))
        .cloned()
}

#[tokio::test(flavor = "multi_thread")]
async fn conforming_endpoint_has_no_finding_and_every_operation_is_covered() {
    let r = run(vec![]).await;
    let found: Vec<String> = r.situations.iter().map(|f| f.signature.clone()).collect();
    assert!(found.is_empty(), "{found:#?}");
    let rows = &r.coverage.rows;
    for op in REFERENCE_OPERATIONS {
        assert!(
            rows.iter()
                .any(|row| row.operation == op && row.outcome == Outcome::Pass),
            "{op} has no exercised constraint"
        );
    }
    // The edges the issue names, from both sides.
    for (op, constraint) in [
        ("CreateFunction", "MemorySize minimum 128"),
        ("CreateFunction", "MemorySize maximum 10240"),
        ("CreateFunction", "Timeout minimum 1"),
        ("CreateFunction", "Timeout maximum 900"),
        ("CreateFunction", "FunctionName maxLength 64 (plain name)"),
        ("CreateFunction", "Description maxLength 256"),
        ("UpdateFunctionConfiguration", "MemorySize maximum 10240"),
        ("CreateEventSourceMapping", "BatchSize maximum 10000"),
        ("CreateAlias", "Name maxLength 128"),
        ("GetFunction", "Qualifier maxLength 128"),
    ] {
        for side in [Side::Valid, Side::Invalid] {
            assert!(
                rows.iter().any(|row| row.operation == op
                    && row.constraint == constraint
                    && row.side == side
                    && row.outcome == Outcome::Pass),
                "{op} {constraint} {side:?} not exercised: {:#?}",
                rows.iter()
                    .filter(|row| row.operation == op)
                    .map(|row| (&row.constraint, row.side, &row.outcome))
                    .collect::<Vec<_>>()
            );
        }
    }
    assert!(
        rows.iter().any(|row| row.operation == "AddPermission"
            && row.constraint.starts_with("StatementId pattern")
            && row.side == Side::Invalid
            && row.outcome == Outcome::Pass),
        "a statement id that just misses its pattern"
    );
    // Three quarters at least: botocore 1.44 added length limits to ARN members
    // (maxLength 10000 and the like) whose edge values the generator cannot yet
    // write to match the member's pattern; each is listed as not exercised, with why.
    let (exercised, total) = r.coverage.totals();
    assert!(exercised * 4 >= total * 3, "{exercised} of {total}");
}

#[tokio::test(flavor = "multi_thread")]
async fn accepted_out_of_range_values_are_reported_with_their_constraint() {
    let r = run(vec![Fault::AcceptsOutOfRange]).await;
    for constraint in [
        "MemorySize minimum 128",
        "MemorySize maximum 10240",
        "Timeout maximum 900",
        "BatchSize maximum 10000",
    ] {
        let f = named(&r, CheckKind::Constraint, constraint)
            .unwrap_or_else(|| panic!("{constraint} not reported: {:#?}", boundary_findings(&r)));
        assert!(f.actual.contains("accepts what AWS rejects"), "{f:?}");
        assert!(f.expected.contains(constraint), "{f:?}");
        assert!(f.verified());
        by_the_rule_it_breaks(Fault::AcceptsOutOfRange, &f);
    }
    // Nothing else: string constraints still hold.
    assert!(named(&r, CheckKind::Constraint, "Description maxLength 256").is_none());

    // One root cause per operation and verdict, each constraint a situation of it
    // with the id it has on its own.
    let create: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.operation == "CreateFunction" && f.check == CheckKind::Constraint)
        .collect();
    assert_eq!(create.len(), 1, "{create:#?}");
    let group = create[0];
    for constraint in [
        "MemorySize minimum 128",
        "MemorySize maximum 10240",
        "Timeout maximum 900",
    ] {
        let case = group
            .cases
            .iter()
            .find(|c| c.constraint.as_deref() == Some(constraint))
            .unwrap_or_else(|| panic!("{constraint} is not a situation of {group:#?}"));
        let alone = named(&r, CheckKind::Constraint, constraint).expect("a situation");
        assert_eq!(case.id, alone.id);
    }
    assert!(group.expected.contains("for each of"), "{group:?}");
    assert_eq!(
        group.occurrences,
        group.cases.iter().map(|c| c.occurrences).sum::<usize>()
    );
    let mut keys: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.check == CheckKind::Constraint)
        .map(|f| (f.operation.as_str(), f.actual.as_str()))
        .collect();
    let n = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), n, "one finding per operation and verdict");
}

#[tokio::test(flavor = "multi_thread")]
async fn rejected_edge_values_are_reported_with_their_constraint() {
    let r = run(vec![Fault::RejectsValidEdge]).await;
    for constraint in [
        "MemorySize maximum 10240",
        "Timeout maximum 900",
        "Description maxLength 256",
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
            .unwrap_or_else(|| panic!("{constraint} not reported: {:#?}", boundary_findings(&r)));
        assert!(f.actual.contains("rejects what AWS accepts"), "{f:?}");
        assert!(f.verified());
        by_the_rule_it_breaks(Fault::RejectsValidEdge, f);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_error_code_is_reported_with_its_constraint() {
    let r = run(vec![Fault::ValidationAsInvalidParameter]).await;
    let f = r
        .situations
        .iter()
        .find(|f| {
            f.operation == "AddPermission"
                && f.constraint
                    .as_deref()
                    .is_some_and(|c| c.starts_with("StatementId pattern"))
        })
        .expect("statement id pattern reported");
    assert_eq!(f.check, CheckKind::Constraint);
    by_the_rule_it_breaks(Fault::ValidationAsInvalidParameter, f);
    assert!(f.expected.starts_with("400 ValidationException"), "{f:?}");
    assert!(
        f.actual.starts_with("400 InvalidParameterValueException"),
        "{f:?}"
    );
    // Where AWS itself answers InvalidParameterValueException (VAL-005, VAL-018), no finding.
    assert!(
        named(
            &r,
            CheckKind::Constraint,
            "FunctionName maxLength 64 (plain name)"
        )
        .is_none()
    );
    assert!(
        !r.situations.iter().any(|f| f
            .constraint
            .as_deref()
            .is_some_and(|c| c.starts_with("Runtime enum"))),
        "Runtime's enum is answered with InvalidParameterValueException on AWS too"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_input_answered_with_500_is_reported() {
    let r = run(vec![Fault::MalformedBody500]).await;
    let f = named(&r, CheckKind::ServerError, "malformed: body is not JSON")
        .unwrap_or_else(|| panic!("{:#?}", boundary_findings(&r)));
    assert!(f.verified());
    by_the_rule_it_breaks(Fault::MalformedBody500, &f);
    // The same 500 on the other unreadable body is one finding (deduplicated); its row shows it.
    for case in [
        "malformed: body is not JSON",
        "malformed: body is a JSON array, not an object",
    ] {
        let row = r
            .coverage
            .rows
            .iter()
            .find(|row| row.constraint == case)
            .expect("coverage row");
        assert!(matches!(row.outcome, Outcome::Finding(_)), "{row:?}");
    }
}

/// The persistence check: a value the endpoint accepts but stores otherwise
/// is reported where it shows, in the probe's answer (timeout-clamped: the
/// maximum Timeout answered as 300) or in the read back afterwards
/// (description-update-lost: the answer shows the new Description, the read
/// the old one), by the member, and nothing else is said to be stored otherwise.
#[tokio::test(flavor = "multi_thread")]
async fn values_stored_otherwise_than_asked_are_reported_by_member() {
    for (fault, member, shown_in) in [
        (Fault::TimeoutClamped, "Timeout", "the answer"),
        (
            Fault::DescriptionUpdateLost,
            "Description",
            "GetFunctionConfiguration afterwards",
        ),
    ] {
        let r = run(vec![fault]).await;
        let stored_otherwise: Vec<&Finding> = boundary_findings(&r)
            .into_iter()
            .filter(|f| f.actual.ends_with("stored otherwise"))
            .collect();
        assert!(
            stored_otherwise
                .iter()
                .any(|f| f.expected == format!("{member} as asked in {shown_in}")),
            "{}: {stored_otherwise:#?}",
            fault.name()
        );
        for f in &stored_otherwise {
            assert!(f.actual.starts_with(member), "{}: {f:#?}", fault.name());
            assert!(f.verified(), "{f:#?}");
            by_the_rule_it_breaks(fault, f);
        }
    }
}
