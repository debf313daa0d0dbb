//! `record` and `verify`: a fixed, named catalogue of scenarios
//! (`catalogue.json`: every reference operation, their error paths, and the
//! multi-step behaviours of versions, aliases, policies and mappings) run
//! against an endpoint and kept as normalised transcripts ([`file`]), then
//! replayed against another endpoint and compared with `diff`'s comparison.
//! A set recorded against AWS lets a project without AWS access check an
//! emulator against AWS offline.

pub mod file;

use crate::diff::{compare, divergence_finding, normalise::Side};
use crate::findings::{Evidence, KnownDeviations};
use crate::runner::RunResult;
use crate::session::{EventSink, Target, Transcript, cleanup::Cleanup};
use crate::stateful::{Harness, Transition};
use anyhow::{Context, Result, bail};
use file::Snapshot;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Instant;

/// One named scenario of the catalogue.
#[derive(Debug, Clone, Deserialize)]
pub struct Scenario {
    /// Stable name: the snapshot's file name.
    pub name: String,
    /// What it does, in one sentence.
    pub description: String,
    /// The sequence.
    pub transitions: Vec<Transition>,
}

/// The catalogue, in order.
pub fn catalogue() -> Vec<Scenario> {
    serde_json::from_str(include_str!("catalogue.json"))
        .expect("catalogue.json is valid (tested in snapshot::tests)")
}

/// Runs every scenario against the target and returns their snapshots, and
/// what the clean-up left.
pub async fn record(target: Target, endpoint: &str) -> Result<(Vec<Snapshot>, Cleanup)> {
    let mut h = Harness::start(target).await?;
    h.through_divergences = true;
    let side = side_of(&h);
    let recorded = time::OffsetDateTime::now_utc().date().to_string();
    let mut snapshots = Vec::new();
    for scenario in catalogue() {
        let prefix = format!("{}{}-", h.session.prefix, scenario.name);
        let outcome = h.run_case(&prefix, &scenario.transitions).await;
        let (steps, _) = compare::normal_steps(&outcome.steps, &side);
        snapshots.push(Snapshot {
            scenario: scenario.name,
            description: scenario.description,
            endpoint: endpoint.to_string(),
            recorded: recorded.clone(),
            tool: format!("lambda-conformance {}", env!("CARGO_PKG_VERSION")),
            steps,
        });
    }
    Ok((snapshots, h.finish().await))
}

/// Every snapshot file (`*.snap`) in a folder, by name.
pub fn read_dir(dir: &std::path::Path) -> Result<Vec<Snapshot>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the snapshot folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "snap"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!(
            "{} holds no snapshot (*.snap); write some with `lambda-conformance record --out {}`",
            dir.display(),
            dir.display()
        );
    }
    paths.iter().map(|p| Snapshot::read(p)).collect()
}

fn side_of(h: &Harness) -> Side {
    Side {
        prefix: h.session.prefix.clone(),
        region: h.session.client.settings().region.clone(),
    }
}

/// Replays each snapshot's scenario against the target and reports every
/// difference from the recording as a finding (check `divergence`).
pub async fn verify(
    target: Target,
    endpoint: &str,
    snapshots: &[Snapshot],
    options: compare::Options,
    known: Option<&KnownDeviations>,
    events: Arc<dyn EventSink>,
) -> Result<RunResult> {
    let started = Instant::now();
    let scenarios = catalogue();
    for s in snapshots {
        if !scenarios.iter().any(|c| c.name == s.scenario) {
            bail!(
                "the snapshot `{}` names no scenario of this version's catalogue (it has: {})",
                s.scenario,
                scenarios
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let mut h = Harness::start_with(target, events).await?;
    h.through_divergences = true;
    let side = side_of(&h);
    let mut transcript = Transcript::default();
    let mut exchanges = 0;
    for snap in snapshots {
        let Some(scenario) = scenarios.iter().find(|c| c.name == snap.scenario) else {
            continue;
        };
        let prefix = format!("{}{}-", h.session.prefix, scenario.name);
        let outcome = h.run_case(&prefix, &scenario.transitions).await;
        exchanges += outcome.steps.len();
        let (live, kept) = compare::normal_steps(&outcome.steps, &side);
        let found = compare::all(&snap.steps, &live, options);
        if found.is_empty() {
            continue;
        }
        let offset = transcript.steps.len();
        let source = format!(
            "the snapshot `{}` recorded against {} on {} ({})",
            snap.scenario, snap.endpoint, snap.recorded, snap.tool
        );
        let evidence = if crate::client::settings::is_aws_endpoint(&snap.endpoint) {
            Evidence::recorded(source)
        } else {
            Evidence::documented(source)
        };
        for d in found {
            let index = kept.get(d.index).copied().unwrap_or(d.index);
            let step = &outcome.steps[index];
            let mut f = divergence_finding(
                &d,
                &step.exchange.operation,
                &step.step,
                "as recorded",
                format!(
                    "scenario `{}`: first divergent member {} at step {}",
                    snap.scenario, d.member, step.step
                ),
                evidence.clone(),
                offset + index,
            );
            f.context_start = offset;
            transcript.findings.push(f);
        }
        transcript.steps.extend(outcome.steps);
    }
    transcript.notes.push(format!(
        "verify: {} scenarios replayed ({exchanges} exchanges) against the snapshots",
        snapshots.len()
    ));
    let region = side.region.clone();
    let prefix = side.prefix.clone();
    let cleanup = h.finish().await;
    let mut result = RunResult::from_transcript(
        transcript,
        endpoint.to_string(),
        region,
        prefix,
        false,
        started.elapsed().as_secs_f64(),
        None,
    );
    result.generated_exchanges = exchanges;
    result.cleanup = cleanup;
    if let Some(k) = known {
        crate::diff::apply_known(k, &mut result, true);
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_covers_every_reference_operation_under_unique_names() {
        let all = catalogue();
        let mut names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "scenario names are unique");
        let ops: std::collections::BTreeSet<&str> = all
            .iter()
            .flat_map(|s| s.transitions.iter().map(Transition::operation))
            .collect();
        let missing: Vec<&str> = crate::catalog::REFERENCE_OPERATIONS
            .into_iter()
            .filter(|op| !ops.contains(op))
            .collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    }
}
