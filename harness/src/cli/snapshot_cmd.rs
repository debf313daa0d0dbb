//! `lambda-conformance record` and `verify`: the scenario catalogue kept as
//! snapshots, and replayed against them (see `crate::snapshot`).

use super::baseline_args::BaselineArgs;
use super::report_args::ReportArgs;
use super::target_args::{EndpointArgs, FixtureArgs, check_prefix, random_prefix};
use crate::diff::compare;
use crate::report;
use crate::session::Target;
use crate::snapshot;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Options of `record`.
#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  lambda-conformance record --out snapshots/recorded/embedded          # the embedded endpoint
  lambda-conformance record --endpoint-url https://lambda.us-east-1.amazonaws.com --allow-aws \\
      --role-arn ARN --event-source-arn ARN --out snapshots/recorded/aws

Writes one file per scenario of the catalogue (insta's snapshot layout: the endpoint, date and
tool version in the front matter, then the normalised transcript). Names, ids, times and the
other values `diff --help` lists are normalised, so a recording is the same wherever it is made
on a behaviour-identical endpoint. Nothing may claim to come from AWS unless it was recorded there.")]
pub struct RecordArgs {
    /// The endpoint, region and AWS guard.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Role, event source and faults.
    #[command(flatten)]
    pub fixtures: FixtureArgs,
    /// Folder to write the snapshots into (created if missing; files of the same scenarios
    /// are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Options of `verify`.
#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  lambda-conformance verify --endpoint-url http://127.0.0.1:5001 --snapshots snapshots/recorded/embedded
  lambda-conformance verify --endpoint-url http://127.0.0.1:5001 --snapshots snapshots/recorded/aws --html verify.html

Replays each snapshot's scenario and reports every difference from the recording as a
finding (check `divergence`), compared as `diff` compares two endpoints. Exit status: 0 none,
1 differences, 2 the replay could not be done.")]
pub struct VerifyArgs {
    /// The endpoint, region and AWS guard.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Role, event source and faults.
    #[command(flatten)]
    pub fixtures: FixtureArgs,
    /// Folder of snapshots written by `record`.
    #[arg(long, value_name = "DIR")]
    pub snapshots: PathBuf,
    /// Compare error messages too (status and error code are always compared).
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_COMPARE_MESSAGES")]
    pub compare_messages: bool,
    /// Report files.
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Baseline of accepted differences.
    #[command(flatten)]
    pub baseline: BaselineArgs,
    /// Do not show progress on the terminal.
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_NO_PROGRESS")]
    pub no_progress: bool,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?)
}

fn target(endpoint: &EndpointArgs, fixtures: &FixtureArgs) -> Result<(Target, String)> {
    let resolved = endpoint.resolve(Some(fixtures))?;
    for note in &resolved.notes {
        eprintln!("  note: {note}");
    }
    let prefix = random_prefix();
    check_prefix(&prefix)?;
    let target = resolved.target(&prefix, fixtures);
    let shown = target.endpoint.clone().unwrap_or_else(|| {
        format!(
            "the embedded reference endpoint (lambda-conformance {})",
            env!("CARGO_PKG_VERSION")
        )
    });
    Ok((target, shown))
}

/// Runs `record`.
pub fn record(args: RecordArgs) -> Result<ExitCode> {
    let (target, shown) = target(&args.endpoint, &args.fixtures)?;
    let (snapshots, cleanup) = runtime()?.block_on(snapshot::record(target, &shown))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for s in &snapshots {
        let path = args.out.join(format!("{}.snap", s.scenario));
        std::fs::write(&path, s.render()?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "recorded {} scenarios against {shown} into {}",
        snapshots.len(),
        args.out.display()
    );
    if !cleanup.is_clean() {
        eprintln!("warning: {}", cleanup.summary());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `verify`.
pub fn verify(args: VerifyArgs) -> Result<ExitCode> {
    let snapshots = snapshot::read_dir(&args.snapshots)?;
    let known = args.baseline.load()?;
    let (target, shown) = target(&args.endpoint, &args.fixtures)?;
    let progress = Arc::new(report::terminal::Progress::new(!args.no_progress));
    let options = compare::Options {
        messages: args.compare_messages,
    };
    let result = runtime()?.block_on(snapshot::verify(
        target,
        &shown,
        &snapshots,
        options,
        known.as_ref(),
        progress,
    ))?;
    args.reports.write(&result)?;
    print!(
        "{}",
        report::terminal::summary(&result, &args.reports.written())
    );
    if !result.cleanup.is_clean() {
        eprintln!("warning: {}", result.cleanup.summary());
    }
    if let Some(before) = &known {
        args.baseline.update(before, &result, &shown, |_| false)?;
    }
    let failing = args.baseline.fails(&result);
    Ok(if failing || !result.cleanup.is_clean() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
