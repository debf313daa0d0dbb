//! Command-line interface: argument definitions and one function per subcommand.

mod cleanup_cmd;
mod replay_cmd;
mod report_cmd;
mod run_cmd;
mod schemas_cmd;
mod serve_cmd;
mod target_args;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

const QUICK_START: &str = "\
Quick start:
  lambda-conformance run                                   # against the built-in reference endpoint
  lambda-conformance run --endpoint-url http://127.0.0.1:5001 --json report.json
  lambda-conformance run --help                            # every option, with examples

Every option can also be set in the environment as LAMBDA_CONFORMANCE_<OPTION> (e.g.
LAMBDA_CONFORMANCE_MAX_TIME=600, LAMBDA_CONFORMANCE_NO_BOUNDARIES=true); a flag wins over the
environment. Each option's variable is shown in its help as [env: ...].

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
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an endpoint against AWS's behaviour and report every deviation.
    Run(Box<run_cmd::RunArgs>),
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
