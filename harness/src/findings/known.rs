//! Known deviations: findings an emulator is known to have, each with one
//! line saying why it is a deviation (the AWS behaviour and its source).

use super::Finding;
use anyhow::{Context, Result};
use serde::Deserialize;

/// One known deviation. `operation` and `check` must match; `actual`, when
/// given, must equal the finding's normalised actual value.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct KnownDeviation {
    /// Operation name, or `*` for every operation.
    pub operation: String,
    /// Check name (e.g. `status`, `expectation`).
    pub check: String,
    /// Normalised actual value, e.g. `status 201`.
    #[serde(default)]
    pub actual: Option<String>,
    /// Why this is a deviation: the AWS behaviour and its source.
    pub why: String,
    /// Found only by generated sequences (so a short run may not meet it).
    #[serde(default)]
    pub generated: bool,
    /// For boundary findings: the constraint id, or a prefix of it ending in `*`.
    #[serde(default)]
    pub constraint: Option<String>,
    /// Only findings of steps whose name starts so (`boundary`, `malformed`).
    #[serde(default)]
    pub step: Option<String>,
    /// Only findings of the oracle's rule with this id (e.g. `ALI-TARGET-VERSION-EXISTS`),
    /// so the reason is attached to exactly the bug it explains.
    #[serde(default)]
    pub rule: Option<String>,
}

/// A known-deviations file.
#[derive(Debug, Clone, Deserialize)]
pub struct KnownDeviations {
    /// Which endpoint the list is for.
    #[serde(default)]
    pub endpoint: String,
    /// The deviations.
    pub deviations: Vec<KnownDeviation>,
}

impl KnownDeviations {
    /// Reads a known-deviations JSON file.
    pub fn load(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read known-deviations file {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid known-deviations file", path.display()))
    }

    /// The entry that explains a finding, if any.
    pub fn explain(&self, f: &Finding) -> Option<&KnownDeviation> {
        self.deviations.iter().find(|d| {
            (d.operation == "*" || d.operation == f.operation)
                && d.check == f.check.name()
                && d.actual
                    .as_ref()
                    .is_none_or(|a| super::normalise(a) == super::normalise(&f.actual))
                && d.constraint.as_deref().is_none_or(|want| {
                    f.constraint
                        .as_deref()
                        .is_some_and(|have| match want.strip_suffix('*') {
                            Some(prefix) => have.starts_with(prefix),
                            None => have == want,
                        })
                })
                && d.step.as_deref().is_none_or(|s| f.step.starts_with(s))
                && d.rule
                    .as_deref()
                    .is_none_or(|r| f.evidence.rule.as_deref() == Some(r))
        })
    }

    /// The entries no finding of this run matched: fixed, or not met (a
    /// generated one needs the sequences; a boundary one the probes).
    pub fn not_seen(&self, findings: &[Finding]) -> Vec<KnownDeviation> {
        self.deviations
            .iter()
            .filter(|d| {
                !findings
                    .iter()
                    .any(|f| self.explain(f).is_some_and(|e| std::ptr::eq(e, *d)))
            })
            .cloned()
            .collect()
    }

    /// Marks the findings this list explains.
    pub fn apply(&self, findings: &mut [Finding]) {
        for f in findings {
            if let Some(d) = self.explain(f) {
                f.known = Some(d.why.clone());
            }
        }
    }
}
