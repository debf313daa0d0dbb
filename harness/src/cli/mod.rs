//! Command-line interface: argument definitions and one function per subcommand.

mod schemas_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit status when the run itself could not be done (bad arguments, endpoint down).
pub const EXIT_RUN_ERROR: u8 = 2;

/// Find where an AWS Lambda endpoint (an emulator, or AWS itself) differs from AWS.
#[derive(Debug, Parser)]
#[command(name = "lambda-conformance", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with the JSON Schemas generated from the AWS service model.
    #[command(subcommand)]
    Schemas(schemas_cmd::SchemasCommand),
}

/// Runs a parsed command line and returns the process exit status.
pub fn main(cli: Cli) -> ExitCode {
    let result = match cli.command {
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
