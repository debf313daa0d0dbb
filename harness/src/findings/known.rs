//! Known deviations and baselines (one format): findings an endpoint is
//! known to have or a project has accepted, each with one line saying why
//! (the AWS behaviour and its source, or why it is accepted). An entry
//! matches by pattern (operation, check, actual, rule, constraint, step)
//! and, in a baseline written by `--update-baseline`, by the situation's id.

use super::Finding;
use anyhow::{Context, Result};
use serde::Deserialize;

/// One known deviation. `operation` and `check` must match; `actual`, when
/// given, must equal the finding's normalised actual value; `id`, when given,
/// must be the situation's id.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct KnownDeviation {
    /// Operation name, or `*` for every operation.
    pub operation: String,
    /// Check name (e.g. `status`, `expectation`).
    pub check: String,
    /// The situation's id (a finding's `cases[].id` in the JSON report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Normalised actual value, e.g. `status 201`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// Why this is a deviation: the AWS behaviour and its source.
    pub why: String,
    /// A link to the issue or discussion behind the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Found only by generated sequences (so a short run may not meet it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
    /// For boundary findings: the constraint id, or a prefix of it ending in `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    /// Only findings of steps whose name starts so (`boundary`, `malformed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Only findings of the oracle's rule with this id (e.g. `ALI-TARGET-VERSION-EXISTS`),
    /// so the reason is attached to exactly the bug it explains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl KnownDeviation {
    /// Whether only the boundary or malformed-input probes can meet it.
    pub fn needs_probes(&self) -> bool {
        self.constraint.is_some()
            || self
                .step
                .as_deref()
                .is_some_and(|s| s.starts_with("boundary") || s.starts_with("malformed"))
    }
}

/// A known-deviations file, or a baseline: the same format.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
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
                && d.id.as_deref().is_none_or(|id| id == f.id)
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

    /// This list brought up to date with a run's situations (`--update-baseline`):
    /// entries that matched stay as they are (reasons kept); entries that
    /// matched nothing are dropped unless `keep_unseen` says the run could not
    /// have met them; every situation in `accept` that no entry explains gets
    /// an entry keyed by its id, saying when it was accepted. Returns the new
    /// list and the entries dropped (fixed).
    pub fn updated(
        &self,
        situations: &[Finding],
        accept: impl Fn(&Finding) -> bool,
        keep_unseen: impl Fn(&KnownDeviation) -> bool,
        accepted_on: &str,
    ) -> (KnownDeviations, Vec<KnownDeviation>) {
        let matched = |d: &KnownDeviation| {
            situations
                .iter()
                .any(|f| self.explain(f).is_some_and(|e| std::ptr::eq(e, d)))
        };
        let (mut kept, mut fixed) = (Vec::new(), Vec::new());
        for d in &self.deviations {
            if !matched(d) && !keep_unseen(d) {
                fixed.push(d.clone());
            } else {
                kept.push(d.clone());
            }
        }
        let mut seen_ids = std::collections::HashSet::new();
        for f in situations {
            if self.explain(f).is_some() || !accept(f) || !seen_ids.insert(f.id.clone()) {
                continue;
            }
            kept.push(KnownDeviation {
                operation: f.operation.clone(),
                check: f.check.name().to_string(),
                id: Some(f.id.clone()),
                actual: Some(super::normalise(&f.actual)),
                why: format!(
                    "accepted {accepted_on}, reason not written yet (AWS: {}; evidence: {})",
                    super::normalise(&f.expected),
                    f.evidence.source
                ),
                generated: f.sequence.is_some(),
                constraint: f.constraint.clone(),
                rule: f.evidence.rule.clone(),
                ..KnownDeviation::default()
            });
        }
        (
            KnownDeviations {
                endpoint: self.endpoint.clone(),
                deviations: kept,
            },
            fixed,
        )
    }

    /// Writes the list as pretty JSON.
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the baseline {}", path.display()))
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
