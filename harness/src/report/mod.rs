//! Reports of a run, one file per format: terminal, JSON, JUnit, Markdown.

pub mod diff;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod reproduce;
pub mod terminal;

use crate::findings::Finding;
use crate::runner::RunResult;

/// Counts shown by every report.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
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
            // Every phase's exchanges: the recorded ones and the generated sequences'.
            exchanges: result.steps.len() - result.sequence_steps + result.generated_exchanges,
            operations_exercised: reference
                .iter()
                .filter(|o| counts.contains_key(**o))
                .count(),
            operations_total: reference.len(),
            findings: result.findings.len(),
            new_findings: in_group(result, Standing::Failure).len(),
            known: in_group(result, Standing::Known).len(),
            unverified: in_group(result, Standing::Unverified).len(),
            flaky: in_group(result, Standing::Flaky).len(),
        }
    }
}

/// Where a finding stands: each finding is in exactly one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Fails the run.
    Failure,
    /// Rests on inferred AWS behaviour.
    Unverified,
    /// Its minimal sequence did not always reproduce it.
    Flaky,
    /// Listed in the known-deviations file.
    Known,
}

impl Standing {
    /// All groups, in report order.
    pub const ALL: [Standing; 4] = [
        Standing::Failure,
        Standing::Unverified,
        Standing::Flaky,
        Standing::Known,
    ];

    /// Stable lower-case name (the JSON report's `status`).
    pub fn name(self) -> &'static str {
        match self {
            Standing::Failure => "failure",
            Standing::Unverified => "unverified",
            Standing::Flaky => "flaky",
            Standing::Known => "known",
        }
    }
}

/// The group a finding belongs to.
pub fn standing(f: &Finding) -> Standing {
    if f.known.is_some() {
        Standing::Known
    } else if !f.verified() {
        Standing::Unverified
    } else if is_flaky(f) {
        Standing::Flaky
    } else {
        Standing::Failure
    }
}

/// The findings of one group, in order.
pub fn in_group(result: &RunResult, group: Standing) -> Vec<&Finding> {
    result
        .findings
        .iter()
        .filter(|f| standing(f) == group)
        .collect()
}

/// Whether a finding fails the run: not known, based on verified AWS
/// behaviour, and not flaky.
pub fn is_failure(f: &Finding) -> bool {
    standing(f) == Standing::Failure
}

/// Whether re-running a generated finding's minimal sequence did not always show it.
pub fn is_flaky(f: &Finding) -> bool {
    f.sequence.as_ref().is_some_and(|s| s.flaky)
}

/// The API area of an operation (`Functions`, `Aliases`, ...), `Other` for
/// operations outside the model.
pub fn area_of(operation: &str) -> String {
    lambda_model::Op::from_name(operation)
        .map(|op| format!("{:?}", op.area()))
        .unwrap_or_else(|| "Other".into())
}

/// Findings counted by API area and check: `[new, known, unverified, flaky]`.
pub fn by_area_and_check(
    result: &RunResult,
) -> std::collections::BTreeMap<(String, String), [usize; 4]> {
    let mut counts: std::collections::BTreeMap<(String, String), [usize; 4]> = Default::default();
    for f in &result.findings {
        let slot = match standing(f) {
            Standing::Failure => 0,
            Standing::Known => 1,
            Standing::Unverified => 2,
            Standing::Flaky => 3,
        };
        counts
            .entry((area_of(&f.operation), f.check.name().to_string()))
            .or_default()[slot] += 1;
    }
    counts
}

/// Findings counted by API area: `[new, known, unverified, flaky]`.
pub fn by_area(result: &RunResult) -> std::collections::BTreeMap<String, [usize; 4]> {
    let mut areas: std::collections::BTreeMap<String, [usize; 4]> = Default::default();
    for ((area, _), n) in by_area_and_check(result) {
        let sum = areas.entry(area).or_default();
        for (s, x) in sum.iter_mut().zip(n) {
            *s += x;
        }
    }
    areas
}

/// What a finding groups, one line each: its situations (when more than
/// one), the operations they were seen on, and the findings that follow from
/// it; at most `max` items a line.
pub fn grouped_lines(f: &Finding, max: usize) -> Vec<String> {
    let list = |items: Vec<String>| {
        let n = items.len();
        let mut shown: Vec<String> = items.into_iter().take(max).collect();
        if n > max {
            shown.push(format!("… {} more in the JSON report", n - max));
        }
        shown.join("; ")
    };
    let mut lines = Vec::new();
    if f.cases.len() > 1 {
        let situations: Vec<String> = f
            .cases
            .iter()
            .map(|c| match &c.constraint {
                Some(constraint) => format!("{constraint} [{}]", c.id),
                None => format!("{} [{}]", c.operation, c.id),
            })
            .collect();
        lines.push(format!(
            "{} situations: {}",
            f.cases.len(),
            list(situations)
        ));
    }
    if !f.consequences.is_empty() {
        let follow: Vec<String> = f
            .consequences
            .iter()
            .map(|c| format!("{} {}: {}", c.operation, c.check, c.actual))
            .collect();
        lines.push(format!(
            "follows from it (not counted again): {}",
            list(follow)
        ));
    }
    lines
}

/// The operation a finding was seen on, or the first of them and how many more.
pub fn where_seen(f: &Finding) -> String {
    let ops = f.operations();
    match ops.len() {
        0 | 1 => f.operation.clone(),
        n => format!("{} and {} more operations", ops[0], n - 1),
    }
}

/// Every oracle rule with how often it decided an answer the run judged the
/// endpoint by, in declaration order (0: not reached).
pub fn rule_coverage(result: &RunResult) -> Vec<(&'static lambda_model::rules::Rule, usize)> {
    lambda_model::rules::all()
        .iter()
        .map(|r| (*r, result.rules_reached.get(r.id).copied().unwrap_or(0)))
        .collect()
}

/// Why a rule was not reached: the reason the rule pass gives for not
/// driving it, else that the pass did not get to its witness.
pub fn why_not_reached(rule: &str) -> &'static str {
    crate::scenario::rules::not_driven(rule).unwrap_or(
        "the rule pass did not get to its witness (the run was cut short, or the pass could not create its function)",
    )
}

/// One line on rule coverage, e.g. `oracle rules reached: 70 of 80 (not
/// reached: A, B)`, the rules left out unless `list`; None when the run
/// judged nothing.
pub fn rule_coverage_line(result: &RunResult, list: bool) -> Option<String> {
    if result.rules_reached.is_empty() {
        return None;
    }
    let all = rule_coverage(result);
    let missed: Vec<&str> = all
        .iter()
        .filter(|(_, n)| *n == 0)
        .map(|(r, _)| r.id)
        .collect();
    let reached = all.len() - missed.len();
    Some(if missed.is_empty() {
        format!("oracle rules reached: all {}", all.len())
    } else if !list {
        format!(
            "oracle rules reached: {reached} of {} ({} not reached: listed in the JSON and Markdown reports)",
            all.len(),
            missed.len()
        )
    } else {
        format!(
            "oracle rules reached: {reached} of {} (not reached: {})",
            all.len(),
            missed
                .iter()
                .map(|r| format!("{r}: {}", why_not_reached(r)))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}
