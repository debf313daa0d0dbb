//! Command-line interface: argument definitions and one function per subcommand.

mod baseline_args;
mod budget_args;
mod cleanup_cmd;
pub mod config_file;
mod diff_cmd;
mod replay_cmd;
mod report_args;
mod report_cmd;
mod run_cmd;
mod schemas_cmd;
mod serve_cmd;
mod snapshot_cmd;
mod target_args;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

const QUICK_START: &str = "\
Quick start:
  lambda-conformance run                                   # against the built-in reference endpoint
  lambda-conformance run --endpoint-url http://127.0.0.1:5001 --json report.json
  lambda-conformance run --help                            # every option, with examples

Every option can also be set in the environment as LAMBDA_CONFORMANCE_<OPTION> (e.g.
LAMBDA_CONFORMANCE_MAX_TIME=600, LAMBDA_CONFORMANCE_NO_BOUNDARIES=true), shown in its help as
[env: ...], and in a config file, lambda-conformance.toml (the first one in the working
directory or its parents, or --config FILE), in named profiles:
  [profile.default]                  # always applies
  endpoint-url = \"http://127.0.0.1:5001\"
  [profile.ci]                       # --config-profile ci: laid over the default profile
  seed = 7
  time-budget = 60
  baseline = \"known-deviations/moto.json\"    # paths are relative to the file
A flag wins over the environment, which wins over the file (docs/config.md).

Exit status of run: 0 no new findings, 1 new findings or something left behind, 2 the run
could not be done or was cut short.";

/// Exit status when the run itself could not be done (bad arguments, endpoint down).
pub const EXIT_RUN_ERROR: u8 = 2;

/// Find where an AWS Lambda endpoint (an emulator, or AWS itself) differs from AWS.
#[derive(Debug, Parser)]
#[command(name = "lambda-conformance", version, about, long_about = None, after_help = QUICK_START)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Read options from this config file instead of the first lambda-conformance.toml found
    /// in the working directory or its parents.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "LAMBDA_CONFORMANCE_CONFIG"
    )]
    pub config: Option<std::path::PathBuf>,
    /// The config file's profile to use, laid over its [profile.default].
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        env = "LAMBDA_CONFORMANCE_CONFIG_PROFILE"
    )]
    pub config_profile: Option<String>,
}

/// Why a command line could not be turned into a [`Cli`].
#[derive(Debug)]
pub enum ParseFailure {
    /// clap's own error (and --help / --version), printed and exited by clap.
    Clap(clap::Error),
    /// A config file that cannot be used.
    Config(anyhow::Error),
}

/// Parses a command line with the config file's options laid under the flags and the
/// environment (see [`config_file`]).
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, ParseFailure> {
    let root = Cli::command();
    // Leniently first: an option the file provides may be required (`cleanup --prefix`).
    // --help and --version still end here.
    let matches = root
        .clone()
        .ignore_errors(true)
        .try_get_matches_from(&args)
        .map_err(ParseFailure::Clap)?;
    let explicit = matches.get_one::<std::path::PathBuf>("config").cloned();
    let profile_name = matches.get_one::<String>("config_profile").cloned();
    let path = match explicit {
        Some(p) => Some(p),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| config_file::find(&d)),
    };
    let Some(path) = path else {
        if let Some(name) = profile_name {
            return Err(ParseFailure::Config(anyhow::anyhow!(
                "--config-profile {name}: no {} in the working directory or its parents; give its path with --config",
                config_file::FILE_NAME
            )));
        }
        return Cli::try_parse_from(&args).map_err(ParseFailure::Clap);
    };
    let profile = config_file::load(
        &path,
        profile_name
            .as_deref()
            .unwrap_or(config_file::DEFAULT_PROFILE),
    )
    .map_err(ParseFailure::Config)?;
    profile.check_keys(&root).map_err(ParseFailure::Config)?;
    // The subcommand that runs (nested ones too: `report diff`) and its matches.
    let (mut cmd, mut sub) = (&root, &matches);
    while let Some((name, m)) = sub.subcommand() {
        match cmd.find_subcommand(name) {
            Some(c) => (cmd, sub) = (c, m),
            None => break,
        }
    }
    let extra = profile
        .arguments_for(cmd, sub)
        .map_err(ParseFailure::Config)?;
    if extra.is_empty() {
        return Cli::try_parse_from(&args).map_err(ParseFailure::Clap);
    }
    // Options from the file go before a `--`, if there is one.
    let mut full = args;
    let at = full.iter().position(|a| a == "--").unwrap_or(full.len());
    full.splice(at..at, extra.iter().cloned());
    let shown: Vec<String> = extra
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let matches = root.try_get_matches_from(&full).map_err(|e| {
        ParseFailure::Config(anyhow::anyhow!(
            "{}\nwith options from {}: {}",
            e.render().to_string().trim_end(),
            profile.where_(),
            shown.join(" ")
        ))
    })?;
    Cli::from_arg_matches(&matches).map_err(ParseFailure::Clap)
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an endpoint against AWS's behaviour and report every deviation.
    Run(Box<run_cmd::RunArgs>),
    /// Run the same generated sequences against two endpoints and report where they differ.
    Diff(Box<diff_cmd::DiffArgs>),
    /// Record the scenario catalogue against an endpoint as snapshots.
    Record(Box<snapshot_cmd::RecordArgs>),
    /// Replay recorded snapshots against an endpoint and report every difference.
    Verify(Box<snapshot_cmd::VerifyArgs>),
    /// Run one generated sequence again (from a JSON report) and show what it finds.
    Replay(replay_cmd::ReplayArgs),
    /// Serve the reference model of Lambda as an HTTP endpoint.
    Serve(serve_cmd::ServeArgs),
    /// Delete leftovers of an interrupted run (only names with the given prefix).
    Cleanup(cleanup_cmd::CleanupArgs),
    /// Work with JSON reports (compare two runs).
    #[command(subcommand)]
    Report(report_cmd::ReportCommand),
    /// Work with the JSON Schemas generated from the AWS service model.
    #[command(subcommand)]
    Schemas(schemas_cmd::SchemasCommand),
}

/// Runs a parsed command line and returns the process exit status.
pub fn main(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Run(args) => run_cmd::run(*args),
        Command::Diff(args) => diff_cmd::run(*args),
        Command::Record(args) => snapshot_cmd::record(*args),
        Command::Verify(args) => snapshot_cmd::verify(*args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Replay(args) => replay_cmd::run(args),
        Command::Cleanup(args) => cleanup_cmd::run(args),
        Command::Report(cmd) => report_cmd::run(cmd),
        Command::Schemas(cmd) => schemas_cmd::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_RUN_ERROR)
        }
    }
}
