//! The `lambda-conformance` command: a thin layer over the library.

use lambda_conformance::cli::{self, EXIT_RUN_ERROR, ParseFailure};
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::parse_from(std::env::args_os().collect()) {
        Ok(parsed) => cli::main(parsed),
        Err(ParseFailure::Clap(e)) => e.exit(),
        Err(ParseFailure::Config(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_RUN_ERROR)
        }
    }
}
