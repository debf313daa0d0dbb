//! The coverage table: for each operation, constraint and side, whether it
//! was exercised and what happened, so a report shows what was tested and
//! not only what failed.

use serde::{Deserialize, Serialize};

/// What one probe came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The endpoint answered as AWS does.
    Pass,
    /// A finding (its id).
    Finding(String),
    /// Not exercised, and why.
    NotExercised(String),
}

impl Outcome {
    /// One word for tables.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Finding(_) => "finding",
            Outcome::NotExercised(_) => "not exercised",
        }
    }
}

/// One row: one side of one constraint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// Operation.
    pub operation: String,
    /// Constraint id, e.g. `MemorySize minimum 128`.
    pub constraint: String,
    /// `valid` or `invalid`.
    pub side: super::Side,
    /// The value tried (abbreviated).
    pub value: String,
    /// What AWS answers.
    pub expected: String,
    /// What the endpoint answered.
    pub actual: String,
    /// Pass, finding or not exercised.
    pub outcome: Outcome,
    /// Where the expectation comes from.
    pub evidence: String,
}

/// All rows of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Rows in probe order.
    pub rows: Vec<Row>,
}

/// Counts for one operation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct OperationCounts {
    /// Constraints of the operation.
    pub constraints: usize,
    /// Sides exercised (at most twice the constraints).
    pub exercised: usize,
    /// Sides not exercised.
    pub not_exercised: usize,
    /// Sides with a finding.
    pub findings: usize,
}

impl Coverage {
    /// Per-operation counts, in operation order of first appearance.
    pub fn per_operation(&self) -> Vec<(String, OperationCounts)> {
        let mut out: Vec<(String, OperationCounts)> = Vec::new();
        let mut seen: std::collections::HashSet<(String, String)> = Default::default();
        for r in &self.rows {
            let i = match out.iter().position(|(o, _)| *o == r.operation) {
                Some(i) => i,
                None => {
                    out.push((r.operation.clone(), OperationCounts::default()));
                    out.len() - 1
                }
            };
            let c = &mut out[i].1;
            if seen.insert((r.operation.clone(), r.constraint.clone())) {
                c.constraints += 1;
            }
            match r.outcome {
                Outcome::NotExercised(_) => c.not_exercised += 1,
                Outcome::Finding(_) => {
                    c.exercised += 1;
                    c.findings += 1;
                }
                Outcome::Pass => c.exercised += 1,
            }
        }
        out
    }

    /// Sides exercised and in all.
    pub fn totals(&self) -> (usize, usize) {
        let exercised = self
            .rows
            .iter()
            .filter(|r| !matches!(r.outcome, Outcome::NotExercised(_)))
            .count();
        (exercised, self.rows.len())
    }
}
