//! Reports of a run, one file per format: terminal, JSON, JUnit, Markdown.

pub mod json;
pub mod junit;
pub mod markdown;
pub mod reproduce;
pub mod terminal;

use crate::findings::Finding;
use crate::runner::RunResult;

/// Counts shown by every report.
#[derive(Debug, Clone, Copy, serde::Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Exchanges made and checked.
    pub exchanges: usize,
    /// Reference operations exercised at least once.
    pub operations_exercised: usize,
    /// Reference operations in all.
    pub operations_total: usize,
    /// Distinct findings (deduplicated).
    pub findings: usize,
    /// Findings not in the known-deviations list, with verified expectations.
    pub new_findings: usize,
    /// Findings explained by the known-deviations list.
    pub known: usize,
    /// Findings that rest on inferred AWS behaviour.
    pub unverified: usize,
    /// Findings whose minimal sequence did not always reproduce them.
    pub flaky: usize,
}

impl Summary {
    /// Counts for a run.
    pub fn of(result: &RunResult) -> Summary {
        let counts = result.operation_counts();
        let reference = crate::catalog::REFERENCE_OPERATIONS;
        Summary {
            exchanges: result.steps.len(),
            operations_exercised: reference
                .iter()
                .filter(|o| counts.contains_key(**o))
                .count(),
            operations_total: reference.len(),
            findings: result.findings.len(),
            new_findings: result.findings.iter().filter(|f| is_failure(f)).count(),
            known: result.findings.iter().filter(|f| f.known.is_some()).count(),
            unverified: result
                .findings
                .iter()
                .filter(|f| f.known.is_none() && !f.verified())
                .count(),
            flaky: result
                .findings
                .iter()
                .filter(|f| f.known.is_none() && f.verified() && is_flaky(f))
                .count(),
        }
    }
}

/// Whether a finding fails the run: not known, based on verified AWS
/// behaviour, and not flaky.
pub fn is_failure(f: &Finding) -> bool {
    f.known.is_none() && f.verified() && !is_flaky(f)
}

/// Whether re-running a generated finding's minimal sequence did not always show it.
pub fn is_flaky(f: &Finding) -> bool {
    f.sequence.as_ref().is_some_and(|s| s.flaky)
}
