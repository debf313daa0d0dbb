//! The JUnit XML report: per reference operation, one testcase per oracle
//! rule that governs it (named by the rule id) and one per contract check
//! (for findings no rule decided), plus the run's own `completed` and
//! `clean-up`. A failure's first line names the rule and writes statuses as
//! `HTTP 404`, normalised, so the same bug gives the same line in every run
//! and different bugs different lines; the description holds the
//! reproducer and every finding of the testcase.

use crate::catalog::REFERENCE_OPERATIONS;
use crate::findings::{CheckKind, Finding, normalise};
use crate::runner::RunResult;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::time::Duration;

/// `404 X`, `status 404`, `success 201` written as `HTTP 404 X`, `HTTP 404`, `success HTTP 201`.
pub fn http_statuses(text: &str) -> String {
    let is_status = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_digit());
    let mut words: Vec<String> = Vec::new();
    let mut iter = text.split(' ').peekable();
    while let Some(w) = iter.next() {
        if (w == "status" || w == "got") && iter.peek().is_some_and(|n| is_status(n)) {
            if w == "got" {
                words.push(w.to_string());
            }
            words.push(format!("HTTP {}", iter.next().unwrap_or_default()));
        } else if is_status(w) && (words.is_empty() || words.last().is_some_and(|l| l == "success"))
        {
            words.push(format!("HTTP {w}"));
        } else {
            words.push(w.to_string());
        }
    }
    words.join(" ")
}

/// The first line of a failure: the rule (or check), the operation, and the
/// normalised expected and actual outcomes.
pub fn first_line(f: &Finding) -> String {
    let by = f
        .evidence
        .rule
        .clone()
        .unwrap_or_else(|| format!("check {}", f.check.name()));
    let situation = f
        .constraint
        .as_ref()
        .map(|c| format!(" ({})", normalise(c)))
        .unwrap_or_default();
    format!(
        "{by}: {}{situation}: expected {}, got {}",
        f.operation,
        http_statuses(&normalise(&f.expected)),
        http_statuses(&normalise(&f.actual))
    )
}

/// The testcase of one operation judged by one rule or check.
fn case(
    result: &RunResult,
    ms: u64,
    op: &str,
    name: &str,
    findings: Vec<&Finding>,
    exercised: bool,
) -> TestCase {
    let failing: Vec<&&Finding> = findings.iter().filter(|f| super::is_failure(f)).collect();
    let status = if let Some(f) = failing.first() {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_message(first_line(f));
        s.set_type(f.check.name());
        let details: Vec<String> = failing
            .iter()
            .map(|f| {
                format!(
                    "{}\n[{}] step {} · evidence: {} · seen {} times\n{}\n{}",
                    first_line(f),
                    f.id,
                    f.step,
                    f.evidence.source,
                    f.occurrences,
                    super::grouped_lines(f, 50).join("\n"),
                    f.detail
                )
            })
            .collect();
        s.set_description(details.join("\n\n"));
        s
    } else if !exercised {
        let mut s = TestCaseStatus::skipped();
        s.set_message("operation not exercised in this run");
        s
    } else if let Some(f) = findings.first() {
        let mut s = TestCaseStatus::skipped();
        match &f.known {
            Some(why) => s.set_message(format!("known deviation: {why} ({})", first_line(f))),
            None => s.set_message(format!(
                "unverified: {} ({})",
                first_line(f),
                f.evidence.source
            )),
        };
        s
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(name, status);
    case.set_classname(op);
    case.set_time(Duration::from_millis(ms));
    if let Some(f) = failing.first()
        && let Some(step) = result.steps.get(f.exchange)
    {
        case.set_system_out(format!(
            "{} {}\n{}",
            step.exchange.request.method, step.exchange.request.url, step.exchange.request.body
        ));
    }
    case
}

/// Renders the JUnit XML.
pub fn render(result: &RunResult) -> String {
    let mut report = Report::new("lambda-conformance");
    let mut suite = TestSuite::new(format!("lambda-conformance {}", result.endpoint));
    let counts = result.operation_counts();
    let mut ms_of: std::collections::HashMap<&str, u64> = Default::default();
    for s in &result.steps {
        *ms_of.entry(s.exchange.operation.as_str()).or_default() += s.exchange.elapsed_ms;
    }
    for op in REFERENCE_OPERATIONS {
        let exercised = counts.contains_key(op);
        let ms = ms_of.get(op).copied().unwrap_or_default();
        let of_op: Vec<&Finding> = result.findings.iter().filter(|f| f.seen_on(op)).collect();
        let rules: Vec<&str> = lambda_model::rules::all()
            .iter()
            .filter(|r| r.operations.iter().any(|o| o.name() == op))
            .map(|r| r.id)
            .collect();
        for rule in &rules {
            let findings = of_op
                .iter()
                .copied()
                .filter(|f| f.evidence.rule.as_deref() == Some(rule))
                .collect();
            suite.add_test_case(case(result, ms, op, rule, findings, exercised));
        }
        for check in CheckKind::reported(&result.findings) {
            // Findings no rule of this operation decided.
            let findings = of_op
                .iter()
                .copied()
                .filter(|f| {
                    f.check == check
                        && f.evidence
                            .rule
                            .as_deref()
                            .is_none_or(|r| !rules.contains(&r))
                })
                .collect();
            suite.add_test_case(case(result, ms, op, check.name(), findings, exercised));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_written_as_http() {
        assert_eq!(
            http_statuses("404 ResourceNotFoundException"),
            "HTTP 404 ResourceNotFoundException"
        );
        assert_eq!(http_statuses("status 200"), "HTTP 200");
        assert_eq!(http_statuses("success 201"), "success HTTP 201");
        assert_eq!(
            http_statuses("400 ValidationException for MemorySize maximum 100"),
            "HTTP 400 ValidationException for MemorySize maximum 100"
        );
    }
}
