//! `lambda-conformance run`: a conformance run against one endpoint.

use super::baseline_args::BaselineArgs;
use super::budget_args::{BudgetArgs, SeedArg};
use super::report_args::ReportArgs;
use super::target_args::{EndpointArgs, FixtureArgs, check_prefix, random_prefix};
use crate::report;
use crate::runner::{RunPlan, RunResult, Stops, execute, watch_signals};
use crate::stateful::Budget;
use anyhow::Result;
use clap::Args;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Options of `run`.
#[derive(Debug, Args)]
#[command(after_long_help = RUN_HELP)]
pub struct RunArgs {
    /// The endpoint, region and AWS guard.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Role, event source and faults.
    #[command(flatten)]
    pub fixtures: FixtureArgs,
    /// Start the endpoint under test for this run: CMD runs under `sh -c` with `{port}` (and
    /// $PORT) set to a free port on 127.0.0.1; the run waits until it answers HTTP, tests
    /// http://127.0.0.1:{port}, and stops it (its whole process group) at the end. E.g.
    /// --spawn 'scripts/start-moto.sh {port} --foreground' (see docs/emulators.md).
    #[arg(
        long,
        value_name = "CMD",
        conflicts_with = "endpoint_url",
        env = "LAMBDA_CONFORMANCE_SPAWN"
    )]
    pub spawn: Option<String>,
    /// How long a --spawn command may take to answer, in seconds.
    #[arg(
        long,
        default_value_t = 60.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_SPAWN_TIMEOUT"
    )]
    pub spawn_timeout: f64,
    /// Report files.
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Baseline of accepted findings.
    #[command(flatten)]
    pub baseline: BaselineArgs,
    /// Name prefix of everything the run creates. Default: lc-<6 random characters>-.
    #[arg(long, env = "LAMBDA_CONFORMANCE_PREFIX")]
    pub prefix: Option<String>,
    /// Go ahead although functions named with the prefix exist already (the run then owns
    /// them and deletes them at the end). Without it such a run is refused.
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_REUSE_PREFIX")]
    pub reuse_prefix: bool,
    /// Bound of the whole run in seconds, clean-up included (a tenth, 5 s to 120 s, is kept
    /// for clean-up); at the limit the run stops, cleans up, writes its reports and exits 2.
    /// 0: no bound.
    #[arg(
        long,
        default_value_t = 1200.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_MAX_TIME"
    )]
    pub max_time: f64,
    /// How long to wait for a function to become Active or finish an update, in seconds.
    #[arg(
        long,
        default_value_t = 60.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_WAIT_TIMEOUT"
    )]
    pub wait_timeout: f64,
    /// Generated sequences: how many, how long, which.
    #[command(flatten)]
    pub budget: BudgetArgs,
    /// Do not show progress on the terminal.
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_NO_PROGRESS")]
    pub no_progress: bool,
    /// Skip the boundary probes (every input constraint tried from both sides) and the
    /// malformed-input probes.
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_NO_BOUNDARIES")]
    pub no_boundaries: bool,
    /// Skip the races: conditional updates (UpdateFunctionConfiguration, PublishVersion,
    /// UpdateAlias, AddPermission) sent at once with one RevisionId, whose answers must be
    /// those of some serial order.
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_NO_RACES")]
    pub no_races: bool,
    /// Also compare error messages with AWS's where they are recorded, in every phase (status and
    /// error code are always compared; account ids, UUIDs and quoted patterns are masked).
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_STRICT_MESSAGES")]
    pub strict_messages: bool,
}

const RUN_HELP: &str = "\
Examples:
  lambda-conformance run                                    # the embedded reference endpoint
  lambda-conformance run --endpoint-url http://127.0.0.1:5001 --json report.json
  AWS_ENDPOINT_URL=http://localhost:4566 lambda-conformance run --markdown \"$GITHUB_STEP_SUMMARY\"
  lambda-conformance run --endpoint-url http://127.0.0.1:5001 --cases 0 --strict-messages  # edges only

A run has six phases: the lifecycle scenario over the 30 operations (the 24 of the API
reference, tags, reserved concurrency); the rule pass (one request for every rule of the
reference model the lifecycle does not reach; the reports list each rule, how often it was
reached and, if not, why); test functions (Python and Node.js handlers that echo, return
nothing, raise, log, sleep past their Timeout, return over 6 MB and return their context, each
invoked and its answer, error header and log tail compared with AWS's; an endpoint that does
not run code is told so once); boundary probes (every
input constraint tried just inside and just outside, malformed requests; --no-boundaries skips
them; the JSON and Markdown reports carry their coverage table); races (conditional updates
with one RevisionId sent at once, whose answers must be those of some serial order;
--no-races skips them); generated sequences (--cases).

The same endpoint gets the same findings on every run: the generated sequences use a fixed
seed unless `--seed random` is given (the seed chosen is printed, and `--seed N` replays it);
a run whose sequences --time-budget or --max-time cut short says so.

Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else from
the AWS profile (--profile or AWS_PROFILE; its endpoint_url and region are used too, as the AWS
CLI does), else dummy ones are used against emulators (the run says so). AWS_CA_BUNDLE names
extra CA certificates for an https endpoint. Everything the run creates is named with its prefix and
deleted at the end, also after a failure, Ctrl-C, SIGTERM or --max-time, then the endpoint is
listed again and whatever is still there is reported as left behind;
`lambda-conformance cleanup --prefix P` removes leftovers of a killed run. Before anything is
created the endpoint must answer like Lambda (not HTML, not a redirect, credentials accepted).

Exit status: 0 no new findings and nothing left behind, 1 new findings or something left
behind, 2 the run could not be done or was cut short (signal, --max-time, unresponsive).";

/// Runs `run`.
pub fn run(args: RunArgs) -> Result<ExitCode> {
    // One worker: a run waits on the endpoint, and a second worker only adds
    // wake-ups between threads (against moto: 10% less CPU per exchange).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(run_async(args))
}

async fn run_async(args: RunArgs) -> Result<ExitCode> {
    // Signals are the run's to handle from the first moment: one stops it
    // (and it cleans up), a second stops the clean-up.
    let stops = Stops::default();
    let signals = watch_signals(stops.clone());
    let code = run_stoppable(args, stops).await;
    signals.abort();
    code
}

async fn run_stoppable(mut args: RunArgs, stops: Stops) -> Result<ExitCode> {
    // Started before anything else, stopped when this function returns.
    let _spawned = match args.spawn.clone() {
        Some(cmd) => {
            let within = Duration::from_secs_f64(args.spawn_timeout.clamp(1.0, 3600.0));
            match crate::spawn::spawn(&cmd, within).await {
                Ok(s) => {
                    eprintln!(
                        "lambda-conformance: started `{cmd}` on {} (its output: {})",
                        s.url,
                        s.log.display()
                    );
                    args.endpoint.endpoint_url = Some(s.url.clone());
                    Some(s)
                }
                Err(e) => {
                    let failed = RunResult::not_run(
                        &cmd,
                        "",
                        "",
                        format!("the endpoint could not be started: {e:#}"),
                    );
                    write_reports(&args, &failed)?;
                    return Err(e);
                }
            }
        }
        None => None,
    };
    let resolved = args.endpoint.resolve(Some(&args.fixtures))?;
    for note in &resolved.notes {
        eprintln!("  note: {note}");
    }
    let prefix = args.prefix.clone().unwrap_or_else(random_prefix);
    check_prefix(&prefix)?;
    let known = args.baseline.load()?;
    let baseline_before = known.clone();
    if !(args.max_time.is_finite() && args.max_time >= 0.0) {
        anyhow::bail!("--max-time must be a number of seconds (0: no bound)");
    }
    let mut target = resolved.target(&prefix, &args.fixtures);
    target.wait_timeout = Duration::from_secs_f64(args.wait_timeout.max(0.0));
    let shown_endpoint = target
        .endpoint
        .clone()
        .unwrap_or_else(|| "the embedded reference endpoint".into());
    // Every report path is written before the first request: an unwritable
    // path fails now, and a run killed before the end leaves a report saying so.
    let started = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let placeholder = RunResult::not_run(
        &shown_endpoint,
        &target.region,
        &prefix,
        format!(
            "the run started at {started} and did not finish: it was killed before it could write this report (run `lambda-conformance cleanup --prefix {prefix}` against the endpoint to delete what it left)"
        ),
    );
    write_reports(&args, &placeholder)?;

    let seed = args.budget.seed.resolve();
    if args.budget.seed == SeedArg::Random && args.budget.cases > 0 {
        eprintln!(
            "lambda-conformance: --seed random chose seed {seed} (`--seed {seed}` replays this run)"
        );
    }
    let progress = Arc::new(report::terminal::Progress::new(!args.no_progress));
    let plan = RunPlan {
        target,
        budget: Budget {
            cases: args.budget.cases,
            max_steps: args.budget.max_steps.max(1),
            time_budget: args.budget.time_budget(),
            seed,
            cancel: Default::default(),
            stop_after: None,
        },
        known,
        reuse_prefix: args.reuse_prefix,
        boundaries: (!args.no_boundaries).then_some(crate::boundary::Options {
            strict_messages: args.strict_messages,
            skip_malformed: false,
        }),
        races: !args.no_races,
        strict_messages: args.strict_messages,
        max_time: (args.max_time > 0.0).then(|| Duration::from_secs_f64(args.max_time)),
        stops,
    };
    let region = plan.target.region.clone();
    let endpoint_flag = plan
        .target
        .endpoint
        .as_ref()
        .map(|u| format!(" --endpoint-url {u}"))
        .unwrap_or_default();
    let result = match execute(plan, progress).await {
        Ok(r) => r,
        Err(e) => {
            let failed = RunResult::not_run(
                &shown_endpoint,
                &region,
                &prefix,
                format!("the run could not be done: {e:#}"),
            );
            write_reports(&args, &failed)?;
            return Err(e);
        }
    };
    write_reports(&args, &result)?;
    let written = args.reports.written();
    print!("{}", report::terminal::summary(&result, &written));
    if !result.cleanup.is_clean() {
        eprintln!(
            "warning: {}\n  to delete what is left: lambda-conformance cleanup --prefix {prefix}{endpoint_flag}",
            result.cleanup.summary()
        );
    }
    if let Some(why) = &result.interrupted {
        eprintln!("error: run cut short: {why}");
        return Ok(ExitCode::from(super::EXIT_RUN_ERROR));
    }
    if let Some(before) = &baseline_before {
        let sequences_partial = args.budget.cases == 0 || result.sequences_cut_short;
        // An entry the run could not have met stays: sequences not run or cut
        // short, boundary probes skipped.
        args.baseline
            .update(before, &result, &shown_endpoint, |d| {
                (d.generated && sequences_partial) || (args.no_boundaries && d.needs_probes())
            })?;
    }
    let failing = args.baseline.fails(&result);
    Ok(if failing || !result.cleanup.is_clean() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_reports(args: &RunArgs, result: &RunResult) -> Result<()> {
    args.reports.write(result)
}
