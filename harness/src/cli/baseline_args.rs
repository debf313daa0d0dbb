//! The baseline options every testing subcommand (`run`, `diff`, `verify`)
//! takes, defined once: accepted findings that do not fail, and rewriting
//! the file from a run.

use crate::findings::{KnownDeviation, KnownDeviations};
use crate::report;
use crate::runner::RunResult;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// A baseline file and whether to rewrite it.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Baseline: accepted findings and known deviations of this endpoint (JSON, see
    /// docs/baselines.md). Findings it lists do not fail the run; entries no finding
    /// matched are listed as fixed. Also accepted as --known-deviations.
    #[arg(
        long,
        visible_alias = "known-deviations",
        value_name = "FILE",
        env = "LAMBDA_CONFORMANCE_BASELINE"
    )]
    pub baseline: Option<PathBuf>,
    /// Rewrite the --baseline file from this run: entries that still occur keep their
    /// reasons, fixed ones are dropped (not those the run could not meet: skipped or cut-short
    /// phases), new failing findings are added by id with a reason to be written. Exits 0
    /// unless the run could not be done or left something behind.
    #[arg(
        long,
        requires = "baseline",
        value_parser = clap::builder::BoolishValueParser::new(),
        env = "LAMBDA_CONFORMANCE_UPDATE_BASELINE"
    )]
    pub update_baseline: bool,
}

impl BaselineArgs {
    /// The baseline, when one is given (empty when it is to be written and does not exist yet).
    pub fn load(&self) -> Result<Option<KnownDeviations>> {
        Ok(match self.baseline.as_deref() {
            Some(p) if self.update_baseline && !p.exists() => Some(KnownDeviations::default()),
            Some(p) => Some(KnownDeviations::load(p)?),
            None => None,
        })
    }

    /// With --update-baseline, rewrites the file from this result and says
    /// what changed. `keep_unseen` names entries the run could not have met.
    pub fn update(
        &self,
        before: &KnownDeviations,
        result: &RunResult,
        endpoint: &str,
        keep_unseen: impl Fn(&KnownDeviation) -> bool,
    ) -> Result<()> {
        let (true, Some(path)) = (self.update_baseline, &self.baseline) else {
            return Ok(());
        };
        let today = time::OffsetDateTime::now_utc().date().to_string();
        let met: Vec<_> = result
            .situations
            .iter()
            .chain(&result.known_met)
            .cloned()
            .collect();
        let (mut after, fixed) = before.updated(&met, report::is_failure, keep_unseen, &today);
        if after.endpoint.is_empty() {
            after.endpoint = endpoint.to_string();
        }
        let added = after.deviations.len() + fixed.len() - before.deviations.len();
        after.save(path)?;
        println!(
            "baseline {}: {} entries ({added} added: give each a reason; {} fixed and removed)",
            path.display(),
            after.deviations.len(),
            fixed.len()
        );
        for d in &fixed {
            println!(
                "  fixed: {} {}{}: {}",
                d.operation,
                d.check,
                d.id.as_deref().map(|i| format!(" {i}")).unwrap_or_default(),
                d.why
            );
        }
        Ok(())
    }

    /// Whether the result fails: a failing finding the baseline does not
    /// list (after an update every one is listed).
    pub fn fails(&self, result: &RunResult) -> bool {
        !self.update_baseline && result.findings.iter().any(report::is_failure)
    }
}
