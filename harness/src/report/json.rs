//! The JSON report (format `lambda-conformance/report`, version 2; see
//! docs/report-format.md): typed, so that the writer and the readers
//! (`replay`) share one definition.

use super::{Summary, is_failure, reproduce};
use crate::boundary::Row;
use crate::boundary::coverage::OperationCounts;
use crate::catalog::{Catalog, REFERENCE_OPERATIONS};
use crate::findings::{CheckKind, Evidence, Sequence};
use crate::runner::RunResult;
use crate::session::Step;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Version of the JSON format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 2;

/// Name of the format, in every report's `format` member.
pub const FORMAT_NAME: &str = "lambda-conformance/report";

/// A whole JSON report.
#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// Endpoint URL.
    pub endpoint: String,
    /// Region.
    pub region: String,
    /// Whether the endpoint was the embedded reference endpoint.
    pub embedded: bool,
    /// Name prefix of the run.
    pub prefix: String,
    /// Seconds the run took (milliseconds precision).
    pub duration_secs: f64,
    /// Why the run was cut short, if it was.
    pub interrupted: Option<String>,
    /// Counts shown by every report.
    pub summary: Summary,
    /// What each check asserts.
    pub checks: Vec<CheckDoc>,
    /// Exchanges and findings per covered operation.
    pub operations: Vec<OperationDoc>,
    /// Every finding.
    pub findings: Vec<FindingDoc>,
    /// What the boundary probes exercised.
    pub coverage: CoverageDoc,
    /// Notes for the user.
    pub notes: Vec<String>,
    /// What the clean-up left behind or could not check.
    #[serde(default)]
    pub cleanup: crate::session::cleanup::Cleanup,
    /// Known deviations no finding matched: fixed, or not met by this run.
    #[serde(default)]
    pub known_not_seen: Vec<crate::findings::KnownDeviation>,
    /// Every step, without its transcript.
    pub steps: Vec<StepDoc>,
}

/// The writing tool.
#[derive(Debug, Serialize, Deserialize)]
pub struct Tool {
    /// `lambda-conformance`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// One check and what it asserts.
#[derive(Debug, Serialize, Deserialize)]
pub struct CheckDoc {
    /// Check name.
    pub check: String,
    /// What it asserts.
    pub asserts: String,
}

/// Exchanges and findings of one operation.
#[derive(Debug, Serialize, Deserialize)]
pub struct OperationDoc {
    /// Operation.
    pub operation: String,
    /// Exchanges made.
    pub exchanges: usize,
    /// Findings on it.
    pub findings: usize,
}

/// One finding with its transcript and reproducer.
#[derive(Debug, Serialize, Deserialize)]
pub struct FindingDoc {
    /// Short stable id.
    pub id: String,
    /// Stable signature.
    pub signature: String,
    /// failure, unverified, flaky or known.
    pub status: String,
    /// Check name.
    pub check: String,
    /// Operation.
    pub operation: String,
    /// Step that showed it.
    pub step: String,
    /// What AWS does.
    pub expected: String,
    /// What the endpoint did.
    pub actual: String,
    /// More detail.
    pub detail: String,
    /// Where the expectation comes from.
    pub evidence: Evidence,
    /// Exchanges with the same signature.
    pub occurrences: usize,
    /// Why it is a known deviation, if it is.
    pub known: Option<String>,
    /// Index of its exchange in `steps`.
    pub exchange: usize,
    /// The exchange.
    pub transcript: Option<Step>,
    /// An `aws lambda` script that reproduces it.
    pub reproduce: String,
    /// Whether it fails the run.
    pub fails_run: bool,
    /// For generated sequences: the minimal sequence.
    pub sequence: Option<Sequence>,
    /// For boundary findings: the constraint.
    pub constraint: Option<String>,
    /// Operations its situations were seen on.
    #[serde(default)]
    pub operations: Vec<String>,
    /// The situations grouped under this root cause, each with its own id.
    #[serde(default)]
    pub cases: Vec<crate::findings::Case>,
    /// Findings that follow from this one, counted here and not again.
    #[serde(default)]
    pub consequences: Vec<crate::findings::Case>,
}

/// The coverage table.
#[derive(Debug, Serialize, Deserialize)]
pub struct CoverageDoc {
    /// Counts per operation.
    pub operations: Vec<OperationCoverage>,
    /// Every row.
    pub rows: Vec<Row>,
    /// Every rule of the oracle and how often it decided an answer the
    /// endpoint was judged by (0: not reached by this run).
    #[serde(default)]
    pub rules: Vec<RuleCoverage>,
}

/// How often one oracle rule was reached.
#[derive(Debug, Serialize, Deserialize)]
pub struct RuleCoverage {
    /// The rule's id (what findings name in `evidence.rule`).
    pub rule: String,
    /// What AWS does, in one line.
    pub statement: String,
    /// Exchanges judged by an answer this rule decided.
    pub reached: usize,
    /// For a rule not reached: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_not: Option<String>,
}

/// Coverage counts of one operation.
#[derive(Debug, Serialize, Deserialize)]
pub struct OperationCoverage {
    /// Operation.
    pub operation: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: OperationCounts,
}

/// One step, without its transcript.
#[derive(Debug, Serialize, Deserialize)]
pub struct StepDoc {
    /// Index in the run.
    pub index: usize,
    /// Step name.
    pub step: String,
    /// Operation.
    pub operation: String,
    /// What AWS answers, when known.
    pub expected: Option<String>,
    /// HTTP status, when a response came back.
    pub status: Option<u16>,
    /// Wall time in milliseconds.
    pub elapsed_ms: u64,
}

/// The report of a run.
pub fn report(result: &RunResult, catalog: &Catalog) -> Report {
    let counts = result.operation_counts();
    Report {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        tool: Tool {
            name: "lambda-conformance".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        endpoint: result.endpoint.clone(),
        region: result.region.clone(),
        embedded: result.embedded,
        prefix: result.prefix.clone(),
        duration_secs: (result.duration_secs * 1000.0).round() / 1000.0,
        interrupted: result.interrupted.clone(),
        summary: Summary::of(result),
        checks: CheckKind::reported(&result.findings)
            .iter()
            .map(|c| CheckDoc {
                check: c.name().into(),
                asserts: c.describe().into(),
            })
            .collect(),
        operations: REFERENCE_OPERATIONS
            .iter()
            .map(|op| OperationDoc {
                operation: op.to_string(),
                exchanges: counts.get(*op).copied().unwrap_or(0),
                findings: result.findings.iter().filter(|f| f.seen_on(op)).count(),
            })
            .collect(),
        findings: result
            .findings
            .iter()
            .map(|f| FindingDoc {
                id: f.id.clone(),
                signature: f.signature.clone(),
                status: super::standing(f).name().into(),
                check: f.check.name().into(),
                operation: f.operation.clone(),
                step: f.step.clone(),
                expected: f.expected.clone(),
                actual: f.actual.clone(),
                detail: f.detail.clone(),
                evidence: f.evidence.clone(),
                occurrences: f.occurrences,
                known: f.known.clone(),
                exchange: f.exchange,
                transcript: result.steps.get(f.exchange).cloned(),
                reproduce: reproduce::script(result, f.exchange, catalog),
                fails_run: is_failure(f),
                sequence: f.sequence.clone(),
                constraint: f.constraint.clone(),
                operations: f.operations(),
                cases: if f.cases.is_empty() {
                    vec![crate::findings::Case::of(f)]
                } else {
                    f.cases.clone()
                },
                consequences: f.consequences.clone(),
            })
            .collect(),
        coverage: CoverageDoc {
            operations: result
                .coverage
                .per_operation()
                .into_iter()
                .map(|(operation, counts)| OperationCoverage { operation, counts })
                .collect(),
            rows: result.coverage.rows.clone(),
            rules: super::rule_coverage(result)
                .into_iter()
                .map(|(rule, reached)| RuleCoverage {
                    rule: rule.id.to_string(),
                    statement: rule.statement.to_string(),
                    reached,
                    why_not: (reached == 0).then(|| super::why_not_reached(rule.id).to_string()),
                })
                .collect(),
        },
        notes: result.notes.clone(),
        cleanup: result.cleanup.clone(),
        known_not_seen: result.known_not_seen.clone(),
        steps: result
            .steps
            .iter()
            .enumerate()
            .map(|(index, s)| StepDoc {
                index,
                step: s.step.clone(),
                operation: s.exchange.operation.clone(),
                expected: s.expected.clone(),
                status: s.exchange.status(),
                elapsed_ms: s.exchange.elapsed_ms,
            })
            .collect(),
    }
}

/// The report as a JSON value (members in name order).
pub fn to_value(result: &RunResult, catalog: &Catalog) -> Value {
    serde_json::to_value(report(result, catalog)).expect("reports always serialise")
}

/// The report as pretty-printed JSON text.
pub fn render(result: &RunResult, catalog: &Catalog) -> String {
    serde_json::to_string_pretty(&to_value(result, catalog)).expect("JSON values always serialise")
        + "\n"
}

/// Reads a JSON report written by this version of the format.
pub fn parse(text: &str) -> Result<Report> {
    let report: Report = serde_json::from_str(text)
        .context("not a lambda-conformance JSON report of this version")?;
    if report.format != FORMAT_NAME || report.version != FORMAT_VERSION {
        bail!(
            "a {} report of version {}; this tool reads {FORMAT_NAME} version {FORMAT_VERSION}",
            report.format,
            report.version
        );
    }
    Ok(report)
}
