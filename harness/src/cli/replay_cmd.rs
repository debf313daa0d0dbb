//! `lambda-conformance replay`: runs one generated sequence again (from a JSON
//! report's finding, or a file holding the transitions) and shows what it finds.

use super::target_args::{EndpointArgs, FixtureArgs, random_prefix};
use crate::stateful::{Harness, Transition};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::Value;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// A JSON file: an array of transitions (`findings[].sequence.transitions` of a report),
    /// or a whole JSON report (with --finding).
    #[arg(long, value_name = "FILE", env = "LAMBDA_CONFORMANCE_SEQUENCE")]
    pub sequence: PathBuf,
    /// With a report: the id of the finding to replay.
    #[arg(long, value_name = "ID", env = "LAMBDA_CONFORMANCE_FINDING")]
    pub finding: Option<String>,
    /// The endpoint, region and AWS guard.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Role, event source and faults.
    #[command(flatten)]
    pub fixtures: FixtureArgs,
}

fn transitions(args: &ReplayArgs) -> Result<Vec<Transition>> {
    let text = std::fs::read_to_string(&args.sequence)
        .with_context(|| format!("cannot read {}", args.sequence.display()))?;
    let doc: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", args.sequence.display()))?;
    let seq = match (doc, &args.finding) {
        (Value::Array(items), _) => Value::Array(items),
        (Value::Object(_), Some(id)) => {
            let report = crate::report::json::parse(&text)
                .with_context(|| format!("reading {}", args.sequence.display()))?;
            let finding = report
                .findings
                .into_iter()
                .find(|f| f.id == *id)
                .with_context(|| format!("no finding {id} in the report"))?;
            finding.sequence.map(|s| s.transitions).with_context(|| {
                format!("finding {id} came from the lifecycle scenario, not a generated sequence")
            })?
        }
        (Value::Object(_), None) => bail!(
            "{} is a report: say which finding with --finding ID",
            args.sequence.display()
        ),
        _ => bail!(
            "{} holds neither a sequence nor a report",
            args.sequence.display()
        ),
    };
    serde_json::from_value(seq)
        .context("the sequence does not hold transitions of this version of the tool")
}

/// Runs `replay`.
pub fn run(args: ReplayArgs) -> Result<ExitCode> {
    let target = args.endpoint.resolve(Some(&args.fixtures))?;
    let transitions = transitions(&args)?;
    let prefix = random_prefix();
    let target = target.target(&prefix, &args.fixtures);
    match &target.endpoint {
        Some(url) => eprintln!("replaying against {url}"),
        None => eprintln!(
            "replaying against the embedded reference endpoint (no --endpoint-url, AWS_ENDPOINT_URL_LAMBDA or AWS_ENDPOINT_URL given)"
        ),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let harness = Harness::start(target).await?;
        let outcome = harness.run_case(&format!("{prefix}r-"), &transitions).await;
        for step in &outcome.steps {
            let status = step
                .exchange
                .status()
                .map_or("no response".to_string(), |s| s.to_string());
            println!(
                "  {} -> {status} (model: {})",
                step.step,
                step.expected.as_deref().unwrap_or("-")
            );
        }
        for f in &outcome.findings {
            println!(
                "  FINDING [{}] {} {}: expected {}, got {}",
                f.id,
                f.operation,
                f.check.name(),
                f.expected,
                f.actual
            );
        }
        harness.finish().await;
        println!(
            "{} findings in {} steps",
            outcome.findings.len(),
            outcome.steps.len()
        );
        Ok(if outcome.findings.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })
}
