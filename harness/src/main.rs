//! The `lambda-conformance` command: a thin layer over the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = lambda_conformance::cli::Cli::parse();
    lambda_conformance::cli::main(cli)
}
