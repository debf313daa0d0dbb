//! `lambda-conformance diff`: the same generated sequences against two
//! endpoints, every divergence a finding (see `crate::diff`).

use super::baseline_args::BaselineArgs;
use super::budget_args::{BudgetArgs, SeedArg};
use super::report_args::ReportArgs;
use super::target_args::{EndpointArgs, FixtureArgs, check_prefix, parse_faults, random_prefix};
use crate::diff::{DiffPlan, compare, execute, normalise::TRANSFORMERS};
use crate::report;
use crate::session::Target;
use crate::stateful::Budget;
use anyhow::{Result, bail};
use clap::Args;
use std::process::ExitCode;
use std::sync::Arc;

/// Options of `diff`.
#[derive(Debug, Args)]
#[command(after_long_help = diff_help())]
pub struct DiffArgs {
    /// The endpoint whose answers count as right: a URL (AWS needs --allow-aws), or
    /// `embedded` for the embedded reference endpoint.
    #[arg(
        long,
        value_name = "URL|embedded",
        default_value = "embedded",
        env = "LAMBDA_CONFORMANCE_REFERENCE"
    )]
    pub reference: String,
    /// The endpoint checked against the reference: a URL, or `embedded`.
    #[arg(
        long,
        value_name = "URL|embedded",
        env = "LAMBDA_CONFORMANCE_CANDIDATE"
    )]
    pub candidate: String,
    /// A fault of the embedded endpoint, when the reference is `embedded` (repeatable).
    #[arg(long, value_name = "NAME")]
    pub reference_fault: Vec<String>,
    /// A fault of the embedded endpoint, when the candidate is `embedded` (repeatable): a
    /// way to see what `diff` finds (`serve --help` lists them).
    #[arg(long, value_name = "NAME")]
    pub candidate_fault: Vec<String>,
    /// Region for signing and ARNs on both endpoints (default as for `run`).
    #[arg(long, env = "LAMBDA_CONFORMANCE_REGION")]
    pub region: Option<String>,
    /// Allow *.amazonaws.com endpoints (real resources are created and deleted there).
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_ALLOW_AWS")]
    pub allow_aws: bool,
    /// Execution role for functions on an AWS endpoint (emulators get a made-up one).
    #[arg(long, value_name = "ARN", env = "LAMBDA_CONFORMANCE_ROLE_ARN")]
    pub role_arn: Option<String>,
    /// SQS queue ARN for event source mappings on an AWS endpoint.
    #[arg(long, value_name = "ARN", env = "LAMBDA_CONFORMANCE_EVENT_SOURCE_ARN")]
    pub event_source_arn: Option<String>,
    /// Timeout of one HTTP request, in seconds.
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_TIMEOUT"
    )]
    pub timeout: f64,
    /// Compare error messages too (status and error code are always compared).
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_COMPARE_MESSAGES")]
    pub compare_messages: bool,
    /// Generated sequences: how many, how long, which.
    #[command(flatten)]
    pub budget: BudgetArgs,
    /// Report files.
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Baseline of accepted divergences.
    #[command(flatten)]
    pub baseline: BaselineArgs,
    /// Do not show progress on the terminal.
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_NO_PROGRESS")]
    pub no_progress: bool,
}

fn diff_help() -> String {
    let mut help = String::from(
        "\
Examples:
  lambda-conformance diff --candidate http://127.0.0.1:5001              # moto against the embedded endpoint
  lambda-conformance diff --reference http://127.0.0.1:4566 --candidate http://127.0.0.1:5001 --html diff.html
  lambda-conformance diff --candidate embedded --candidate-fault timeout-clamped --cases 50

Both endpoints get the same sequences (same seed, same inputs, names under each one's own
prefix). Answers are compared step by step: status and error code, the members of success
bodies, Invoke's X-Amz-Executed-Version and X-Amz-Function-Error, the items of paged lists;
with --compare-messages, error messages too. The first member that differs is the divergence:
one finding per operation and member, shrunk to the shortest sequence that still diverges,
with both transcripts in the report. A divergence where the reference endpoint also departs
from the reference model says so: the model may be wrong.

Left out of the comparison, because two correct endpoints may differ there:
",
    );
    for t in TRANSFORMERS {
        help.push_str(&format!("  {}: {}\n", t.name, t.reason));
    }
    help.push_str(
        "\nExit status: 0 no divergence, 1 divergences (or something left behind), 2 the diff could not be done.",
    );
    help
}

/// Runs `diff`.
pub fn run(args: DiffArgs) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run_async(args))
}

/// One side's target: `embedded` or a URL, its faults, its own prefix.
fn side(args: &DiffArgs, spec: &str, faults: &[String], role: &str) -> Result<Target> {
    let embedded = spec.eq_ignore_ascii_case("embedded");
    if !embedded && !faults.is_empty() {
        bail!("--{role}-fault only applies when the {role} is `embedded`, not {spec}");
    }
    let endpoint = EndpointArgs {
        endpoint_url: (!embedded).then(|| spec.to_string()),
        region: args.region.clone(),
        profile: None,
        allow_aws: args.allow_aws,
        timeout: args.timeout,
        invoke_timeout: 30.0,
        unresponsive_after: 3,
    };
    let fixtures = FixtureArgs {
        role_arn: args.role_arn.clone(),
        event_source_arn: args.event_source_arn.clone(),
        fault: Vec::new(),
        settle_ms: None,
    };
    let mut resolved = endpoint.resolve(Some(&fixtures))?;
    if embedded {
        // `embedded` means the embedded endpoint, whatever AWS_ENDPOINT_URL says.
        resolved.endpoint = None;
        resolved.faults = parse_faults(faults)?;
    }
    for note in &resolved.notes {
        eprintln!("  note ({role}): {note}");
    }
    let prefix = random_prefix();
    check_prefix(&prefix)?;
    let mut target = resolved.target(&prefix, &fixtures);
    if target.endpoint.is_some() {
        // Made-up fixture ARNs are for emulators; AWS gets the ones given.
        let aws = target
            .endpoint
            .as_deref()
            .is_some_and(crate::client::settings::is_aws_endpoint);
        if !aws {
            target.role_arn = None;
            target.event_source_arn = None;
        }
    }
    Ok(target)
}

fn target_shown(t: &Target) -> String {
    t.endpoint
        .clone()
        .unwrap_or_else(|| "the embedded reference endpoint".into())
}

async fn run_async(args: DiffArgs) -> Result<ExitCode> {
    let reference = side(&args, &args.reference, &args.reference_fault, "reference")?;
    let candidate = side(&args, &args.candidate, &args.candidate_fault, "candidate")?;
    let known = args.baseline.load()?;
    let shown = target_shown(&candidate);
    let seed = args.budget.seed.resolve();
    if args.budget.seed == SeedArg::Random && args.budget.cases > 0 {
        eprintln!(
            "lambda-conformance: --seed random chose seed {seed} (`--seed {seed}` replays this diff)"
        );
    }
    let plan = DiffPlan {
        reference,
        candidate,
        options: compare::Options {
            messages: args.compare_messages,
        },
        budget: Budget {
            cases: args.budget.cases,
            max_steps: args.budget.max_steps.max(1),
            time_budget: args.budget.time_budget(),
            seed,
            cancel: Default::default(),
            stop_after: None,
        },
        known: known.clone(),
    };
    let progress = Arc::new(report::terminal::Progress::new(!args.no_progress));
    let result = execute(plan, progress).await?;
    args.reports.write(&result)?;
    print!(
        "{}",
        report::terminal::summary(&result, &args.reports.written())
    );
    if !result.cleanup.is_clean() {
        eprintln!("warning: {}", result.cleanup.summary());
    }
    if let Some(before) = &known {
        let cut_short = result.sequences_cut_short || args.budget.cases == 0;
        args.baseline
            .update(before, &result, &shown, |d| d.generated && cut_short)?;
    }
    let failing = args.baseline.fails(&result);
    Ok(if failing || !result.cleanup.is_clean() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
