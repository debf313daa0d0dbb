//! The JUnit XML report: one testcase per reference operation x check.

use crate::catalog::REFERENCE_OPERATIONS;
use crate::findings::CheckKind;
use crate::runner::RunResult;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// Renders the JUnit XML.
pub fn render(result: &RunResult) -> String {
    let mut report = Report::new("lambda-conformance");
    let mut suite = TestSuite::new(format!("lambda-conformance {}", result.endpoint));
    let counts = result.operation_counts();
    for op in REFERENCE_OPERATIONS {
        for check in CheckKind::ALL {
            let findings: Vec<_> = result
                .findings
                .iter()
                .filter(|f| f.operation == op && f.check == check)
                .collect();
            let failing: Vec<_> = findings.iter().filter(|f| super::is_failure(f)).collect();
            let status = if !failing.is_empty() {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let f = failing[0];
                s.set_message(format!("expected {}, got {}", f.expected, f.actual));
                s.set_type(check.name());
                let details: Vec<String> = failing
                    .iter()
                    .map(|f| {
                        format!(
                            "[{}] step {}: expected {}, got {} (evidence: {})\n{}",
                            f.id, f.step, f.expected, f.actual, f.evidence.source, f.detail
                        )
                    })
                    .collect();
                s.set_description(details.join("\n\n"));
                s
            } else if !counts.contains_key(op) {
                let mut s = TestCaseStatus::skipped();
                s.set_message("operation not exercised in this run");
                s
            } else if let Some(f) = findings.first() {
                let mut s = TestCaseStatus::skipped();
                match &f.known {
                    Some(why) => s.set_message(format!("known deviation: {why}")),
                    None => s.set_message(format!(
                        "unverified: expected {}, got {} ({})",
                        f.expected, f.actual, f.evidence.source
                    )),
                };
                s
            } else {
                TestCaseStatus::success()
            };
            let mut case = TestCase::new(check.name(), status);
            case.set_classname(op);
            suite.add_test_case(case);
        }
    }
    suite.add_test_case(run_case(
        "completed",
        result.interrupted.as_deref(),
        NonSuccessKind::Error,
    ));
    let left = (!result.cleanup.is_clean()).then(|| result.cleanup.summary());
    suite.add_test_case(run_case(
        "clean-up",
        left.as_deref(),
        NonSuccessKind::Failure,
    ));
    report.add_test_suite(suite);
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot render JUnit: {e} -->\n"))
}

/// A testcase about the run itself (classname `run`): it completed; it left nothing behind.
fn run_case(name: &str, problem: Option<&str>, kind: NonSuccessKind) -> TestCase {
    let status = match problem {
        Some(why) => {
            let mut s = TestCaseStatus::non_success(kind);
            s.set_message(why.to_string());
            s
        }
        None => TestCaseStatus::success(),
    };
    let mut case = TestCase::new(name, status);
    case.set_classname("run");
    case
}
