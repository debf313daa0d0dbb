//! `lambda-conformance report diff`: compare two JSON reports.

use crate::report::{diff, json};
use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Report subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Compare two JSON reports (`run --json`): new, fixed and unchanged findings,
    /// changed standings, counts and boundary coverage.
    ///
    /// Situations are matched by their stable ids, so two runs of the same endpoint with the
    /// default seed compare exactly. Exit status: 0 no new failing situation, 1 new failing
    /// ones, 2 a report could not be read.
    #[command(
        after_help = "Example:\n  lambda-conformance report diff main.json pr.json --format markdown >> \"$GITHUB_STEP_SUMMARY\""
    )]
    Diff {
        /// The older report.
        old: PathBuf,
        /// The newer report.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Terminal)]
        format: Format,
        /// Write the output here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Output formats of `report diff`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Plain text.
    Terminal,
    /// Markdown.
    Markdown,
    /// JSON (format lambda-conformance/report-diff).
    Json,
}

fn load(path: &Path) -> Result<json::Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the report {}", path.display()))?;
    json::parse(&text).with_context(|| {
        format!(
            "{} is not a JSON report of this tool (write one with `run --json FILE`)",
            path.display()
        )
    })
}

/// Runs a report subcommand.
pub fn run(cmd: ReportCommand) -> Result<ExitCode> {
    match cmd {
        ReportCommand::Diff {
            old,
            new,
            format,
            out,
        } => {
            let d = diff::diff(&load(&old)?, &load(&new)?);
            let text = match format {
                Format::Terminal => diff::terminal::render(&d),
                Format::Markdown => diff::markdown::render(&d),
                Format::Json => diff::render_json(&d),
            };
            match out {
                Some(p) => std::fs::write(&p, text)
                    .with_context(|| format!("cannot write {}", p.display()))?,
                None => print!("{text}"),
            }
            Ok(if d.new_failures().next().is_some() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
