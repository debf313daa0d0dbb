//! `report diff OLD.json NEW.json`: what changed between two runs' JSON
//! reports: situations that are new, fixed or unchanged (by their stable
//! ids), standings that changed (a failure now known), and the summary and
//! boundary coverage counts, as terminal text, Markdown or JSON.

pub mod markdown;
pub mod terminal;

use super::json::{FindingDoc, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name of the format, in every diff's `format` member.
pub const FORMAT_NAME: &str = "lambda-conformance/report-diff";

/// Version of the diff format.
pub const FORMAT_VERSION: u32 = 1;

/// Two reports compared.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReportDiff {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// The older run.
    pub old: RunInfo,
    /// The newer run.
    pub new: RunInfo,
    /// Situations of the new run the old one did not have.
    pub new_situations: Vec<Situation>,
    /// Situations of the old run the new one did not show: fixed, or not met.
    pub fixed: Vec<Situation>,
    /// Situations in both runs with the same standing.
    pub unchanged: usize,
    /// Situations in both whose standing changed (e.g. failure → known).
    pub standing_changed: Vec<StandingChange>,
    /// Counts that changed, old → new (exchanges, findings, …).
    pub summary: Vec<CountChange>,
    /// Boundary coverage per operation that changed.
    pub coverage: Vec<CoverageChange>,
    /// Why fixed situations may only be unmet (a cut-short or shorter new run).
    pub caveats: Vec<String>,
}

/// What identifies a run.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunInfo {
    /// Endpoint.
    pub endpoint: String,
    /// Tool version that wrote the report.
    pub tool_version: String,
    /// Seconds the run took.
    pub duration_secs: f64,
    /// Why it was cut short, if it was.
    pub interrupted: Option<String>,
}

/// One situation (a deduplicated failed check) and the finding it belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Situation {
    /// Its stable id.
    pub id: String,
    /// The id of the finding (root cause) that groups it.
    pub finding: String,
    /// failure, known, unverified or flaky.
    pub status: String,
    /// Operation.
    pub operation: String,
    /// Check.
    pub check: String,
    /// What AWS does.
    pub expected: String,
    /// What the endpoint did.
    pub actual: String,
    /// The oracle rule it breaks, if one decided it.
    pub rule: Option<String>,
}

/// A situation whose standing changed.
#[derive(Debug, Serialize, Deserialize)]
pub struct StandingChange {
    /// The situation in the new run.
    pub situation: Situation,
    /// Its standing in the old run.
    pub was: String,
}

/// A count, old → new.
#[derive(Debug, Serialize, Deserialize)]
pub struct CountChange {
    /// What is counted.
    pub name: String,
    /// In the old run.
    pub old: usize,
    /// In the new run.
    pub new: usize,
}

/// Boundary coverage of one operation, old → new: sides exercised and sides with a finding.
#[derive(Debug, Serialize, Deserialize)]
pub struct CoverageChange {
    /// Operation.
    pub operation: String,
    /// Sides exercised, old → new.
    pub exercised: (usize, usize),
    /// Sides with a finding, old → new.
    pub findings: (usize, usize),
}

impl ReportDiff {
    /// New situations that fail the run.
    pub fn new_failures(&self) -> impl Iterator<Item = &Situation> {
        self.new_situations
            .iter()
            .filter(|s| s.status == "failure")
            .chain(
                self.standing_changed
                    .iter()
                    .filter(|c| c.situation.status == "failure")
                    .map(|c| &c.situation),
            )
    }
}

fn situations(report: &Report) -> BTreeMap<String, Situation> {
    let mut out = BTreeMap::new();
    for f in &report.findings {
        let of = |id: &str, operation: &str, check: &str, expected: &str, actual: &str| Situation {
            id: id.to_string(),
            finding: f.id.clone(),
            status: f.status.clone(),
            operation: operation.to_string(),
            check: check.to_string(),
            expected: expected.to_string(),
            actual: actual.to_string(),
            rule: f.evidence.rule.clone(),
        };
        if f.cases.is_empty() {
            out.insert(
                f.id.clone(),
                of(&f.id, &f.operation, &f.check, &f.expected, &f.actual),
            );
        }
        for c in &f.cases {
            out.insert(
                c.id.clone(),
                of(&c.id, &c.operation, &c.check, &c.expected, &c.actual),
            );
        }
    }
    out
}

fn info(r: &Report) -> RunInfo {
    RunInfo {
        endpoint: r.endpoint.clone(),
        tool_version: r.tool.version.clone(),
        duration_secs: r.duration_secs,
        interrupted: r.interrupted.clone(),
    }
}

fn failing(findings: &[FindingDoc]) -> usize {
    findings.iter().filter(|f| f.fails_run).count()
}

/// Compares two reports.
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let (before, after) = (situations(old), situations(new));
    let new_situations = after
        .iter()
        .filter(|(id, _)| !before.contains_key(*id))
        .map(|(_, s)| s.clone())
        .collect();
    let fixed = before
        .iter()
        .filter(|(id, _)| !after.contains_key(*id))
        .map(|(_, s)| s.clone())
        .collect();
    let mut unchanged = 0;
    let mut standing_changed = Vec::new();
    for (id, s) in &after {
        if let Some(was) = before.get(id) {
            if was.status == s.status {
                unchanged += 1;
            } else {
                standing_changed.push(StandingChange {
                    situation: s.clone(),
                    was: was.status.clone(),
                });
            }
        }
    }
    let (o, n) = (&old.summary, &new.summary);
    let summary = [
        ("exchanges", o.exchanges, n.exchanges),
        (
            "reference operations exercised",
            o.operations_exercised,
            n.operations_exercised,
        ),
        ("findings", o.findings, n.findings),
        (
            "failing findings",
            failing(&old.findings),
            failing(&new.findings),
        ),
        ("known", o.known, n.known),
        ("unverified", o.unverified, n.unverified),
        ("flaky", o.flaky, n.flaky),
        ("situations", before.len(), after.len()),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(name, old, new)| CountChange {
        name: name.into(),
        old,
        new,
    })
    .collect();
    let counts = |r: &Report| -> BTreeMap<String, (usize, usize)> {
        r.coverage
            .operations
            .iter()
            .map(|c| (c.operation.clone(), (c.counts.exercised, c.counts.findings)))
            .collect()
    };
    let (co, cn) = (counts(old), counts(new));
    let mut ops: Vec<&String> = co.keys().chain(cn.keys()).collect();
    ops.sort();
    ops.dedup();
    let coverage = ops
        .into_iter()
        .filter_map(|op| {
            let a = co.get(op).copied().unwrap_or_default();
            let b = cn.get(op).copied().unwrap_or_default();
            (a != b).then(|| CoverageChange {
                operation: op.clone(),
                exercised: (a.0, b.0),
                findings: (a.1, b.1),
            })
        })
        .collect();
    let mut caveats = Vec::new();
    if let Some(why) = &new.interrupted {
        caveats.push(format!(
            "the new run was cut short ({why}): what it did not reach is not fixed, only not met"
        ));
    }
    if n.exchanges * 10 < o.exchanges * 9 {
        caveats.push(format!(
            "the new run made fewer exchanges ({} against {}): a situation it did not meet may not be fixed",
            n.exchanges, o.exchanges
        ));
    }
    if old.endpoint != new.endpoint && !(old.embedded && new.embedded) {
        caveats.push(format!(
            "the runs were against different endpoints ({} and {})",
            old.endpoint, new.endpoint
        ));
    }
    ReportDiff {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        old: info(old),
        new: info(new),
        new_situations,
        fixed,
        unchanged,
        standing_changed,
        summary,
        coverage,
        caveats,
    }
}

/// The diff as pretty JSON.
pub fn render_json(d: &ReportDiff) -> String {
    serde_json::to_string_pretty(d).expect("diffs always serialise") + "\n"
}

/// Situations grouped by the finding they belong to, in order of first appearance.
fn by_finding(list: &[Situation]) -> Vec<(&str, Vec<&Situation>)> {
    let mut out: Vec<(&str, Vec<&Situation>)> = Vec::new();
    for s in list {
        match out.iter_mut().find(|(f, _)| *f == s.finding) {
            Some((_, v)) => v.push(s),
            None => out.push((&s.finding, vec![s])),
        }
    }
    out
}

/// One line naming a situation: operation, check, rule, expected and actual.
fn line(s: &Situation) -> String {
    format!(
        "{} {}{}: expected {}, got {}",
        s.operation,
        s.check,
        s.rule
            .as_deref()
            .map(|r| format!(" {r}"))
            .unwrap_or_default(),
        crate::findings::normalise(&s.expected),
        crate::findings::normalise(&s.actual)
    )
}
