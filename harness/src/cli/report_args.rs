//! The report files every testing subcommand (`run`, `diff`) can write,
//! defined once.

use crate::catalog::Catalog;
use crate::report;
use crate::runner::RunResult;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

/// Where to write reports.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the JSON report here.
    #[arg(long, value_name = "FILE", env = "LAMBDA_CONFORMANCE_JSON")]
    pub json: Option<PathBuf>,
    /// Write a JUnit XML report here (one testcase per operation x check).
    #[arg(long, value_name = "FILE", env = "LAMBDA_CONFORMANCE_JUNIT")]
    pub junit: Option<PathBuf>,
    /// Write a Markdown report here (fits $GITHUB_STEP_SUMMARY).
    #[arg(long, value_name = "FILE", env = "LAMBDA_CONFORMANCE_MARKDOWN")]
    pub markdown: Option<PathBuf>,
    /// Write an HTML report here: one self-contained page with filters by operation, area,
    /// status and evidence, every finding with its transcript and reproducer.
    #[arg(long, value_name = "FILE", env = "LAMBDA_CONFORMANCE_HTML")]
    pub html: Option<PathBuf>,
}

impl ReportArgs {
    /// Writes every report asked for.
    pub fn write(&self, result: &RunResult) -> Result<()> {
        let catalog = Catalog::embedded();
        let write = |path: &PathBuf, text: String| -> Result<()> {
            std::fs::write(path, text).with_context(|| {
                format!(
                    "cannot write the report {} (check that its folder exists and is writable)",
                    path.display()
                )
            })
        };
        if let Some(p) = &self.json {
            write(p, report::json::render(result, catalog))?;
        }
        if let Some(p) = &self.junit {
            write(p, report::junit::render(result))?;
        }
        if let Some(p) = &self.markdown {
            write(p, report::markdown::render(result, catalog))?;
        }
        if let Some(p) = &self.html {
            write(p, report::html::render(result, catalog))?;
        }
        Ok(())
    }

    /// What was written, e.g. `JSON report.json`, for the summary.
    pub fn written(&self) -> Vec<String> {
        [
            ("JSON", &self.json),
            ("JUnit", &self.junit),
            ("Markdown", &self.markdown),
            ("HTML", &self.html),
        ]
        .into_iter()
        .filter_map(|(kind, path)| path.as_ref().map(|p| format!("{kind} {}", p.display())))
        .collect()
    }
}
