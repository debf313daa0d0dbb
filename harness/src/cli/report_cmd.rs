//! `lambda-conformance report`: compare two JSON reports (`diff`); put several targets' side
//! by side (`matrix`).

use crate::report::{diff, json, matrix};
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
    /// Put several targets' JSON reports side by side: the conformance matrix, per operation
    /// and check area (AWS rules, status codes, error codes, schemas and values, state
    /// invariants, boundaries, malformed input), pass / fail / unverified counts, every finding
    /// with its reproducer. Writes README.md a self-contained index.html and matrix.json into --out.
    #[command(
        after_help = "Example (scripts/conformance-matrix.sh runs the targets, then this):\n  lambda-conformance report matrix 'moto 5.2.5=target/matrix/moto.json' \\\n      'ministack 1.5.33=target/matrix/ministack.json' --out docs/conformance"
    )]
    Matrix {
        /// One target each: its label (name and version) and its JSON report (`run --json`).
        #[arg(required = true, value_name = "LABEL=REPORT")]
        targets: Vec<String>,
        /// A target listed without a measurement, and why (repeatable); with --carry, only
        /// when --out's matrix.json has no column of that name either.
        #[arg(long, value_name = "LABEL=WHY")]
        not_measured: Vec<String>,
        /// Keep the column of the target NAME (the first word of its label, e.g. fakecloud)
        /// from --out's matrix.json, as last measured: for a target this run does not measure
        /// (repeatable).
        #[arg(long, value_name = "NAME")]
        carry: Vec<String>,
        /// Directory to write README.md and index.html into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The date shown on the pages (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Write nothing; exit 1 when --out's README.md differs from this matrix other than
        /// in its date and run-specific values (names, ARNs, ids, timestamps), and show how.
        #[arg(long)]
        check: bool,
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

/// Splits `LABEL=VALUE` at its last `=`.
fn labelled(arg: &str, what: &str) -> Result<(String, String)> {
    match arg.rsplit_once('=') {
        Some((label, value)) if !label.trim().is_empty() && !value.is_empty() => {
            Ok((label.trim().to_string(), value.to_string()))
        }
        _ => anyhow::bail!(
            "`{arg}`: expected LABEL={what}, e.g. 'moto 5.2.5={}'",
            if what == "REPORT" { "moto.json" } else { "why" }
        ),
    }
}

/// Writes the conformance matrix of `targets` into `out`.
fn write_matrix(
    targets: &[String],
    not_measured: &[String],
    carry: &[String],
    out: &Path,
    date: Option<String>,
    check: bool,
) -> Result<bool> {
    let date = date.unwrap_or_else(|| time::OffsetDateTime::now_utc().date().to_string());
    let mut measured = Vec::new();
    for t in targets {
        let (label, file) = labelled(t, "REPORT")?;
        measured.push(matrix::target(&label, &load(Path::new(&file))?, &date));
    }
    let previous: Option<matrix::Matrix> = if carry.is_empty() {
        None
    } else {
        let path = out.join("matrix.json");
        match std::fs::read_to_string(&path) {
            Ok(text) => Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a matrix", path.display()))?,
            ),
            Err(_) => None,
        }
    };
    let mut carried = Vec::new();
    for name in carry {
        if let Some(t) = previous
            .iter()
            .flat_map(|p| &p.targets)
            .find(|t| matrix::name_of(&t.label) == name)
        {
            carried.push(name.clone());
            measured.push(t.clone());
        }
    }
    let not_measured = not_measured
        .iter()
        .map(|n| labelled(n, "WHY"))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|(label, _)| !carried.iter().any(|c| c == matrix::name_of(label)))
        .collect();
    let m = matrix::Matrix {
        date,
        targets: measured,
        not_measured,
    };
    if check {
        let path = out.join("README.md");
        let committed = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {} to check it", path.display()))?;
        let differences = matrix::differences(&committed, &matrix::markdown::render(&m));
        if differences.is_empty() {
            eprintln!("{} is current", path.display());
            return Ok(true);
        }
        eprintln!(
            "{} is not what the targets answer now ({} lines differ; regenerate it with scripts/conformance-matrix.sh):",
            path.display(),
            differences.len()
        );
        for d in differences.iter().take(40) {
            eprintln!("{d}");
        }
        return Ok(false);
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, text) in [
        ("README.md", matrix::markdown::render(&m)),
        ("index.html", matrix::html::render(&m)),
        (
            "matrix.json",
            serde_json::to_string_pretty(&m).unwrap_or_default() + "\n",
        ),
    ] {
        let p = out.join(name);
        std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?;
        eprintln!("wrote {}", p.display());
    }
    Ok(true)
}

/// Runs a report subcommand.
pub fn run(cmd: ReportCommand) -> Result<ExitCode> {
    match cmd {
        ReportCommand::Matrix {
            targets,
            not_measured,
            carry,
            out,
            date,
            check,
        } => Ok(
            if write_matrix(&targets, &not_measured, &carry, &out, date, check)? {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            },
        ),
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
