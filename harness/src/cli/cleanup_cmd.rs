//! `lambda-conformance cleanup`: removes leftovers of an interrupted run.

use super::target_args::EndpointArgs;
use crate::client::Client;
use crate::client::settings::Settings;
use crate::session::Created;
use crate::session::cleanup::{self, Search};
use anyhow::{Result, bail};
use clap::Args;
use std::process::ExitCode;

/// Options of `cleanup`.
#[derive(Debug, Args)]
#[command(after_long_help = CLEANUP_HELP)]
pub struct CleanupArgs {
    /// Prefix of the run to clean up (printed at the start of every run, e.g. lc-3fa9c1-).
    #[arg(long, env = "LAMBDA_CONFORMANCE_PREFIX")]
    pub prefix: String,
    /// The endpoint, region and AWS guard.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

const CLEANUP_HELP: &str = "\
Deletes every event source mapping of a function named with the prefix, every such function
(with its versions and aliases), and the IAM roles and SQS queues named with it, then lists
again.

Exit status: 0 a final listing shows nothing left, 1 something could not be deleted (each is
named, with the answer it got), 2 the endpoint could not be listed (nothing can be promised).";

/// Runs `cleanup`.
pub fn run(args: CleanupArgs) -> Result<ExitCode> {
    if args.prefix.len() < 4 {
        bail!(
            "--prefix must be at least 4 characters, so that it cannot match functions the tool did not create"
        );
    }
    let target = args.endpoint.resolve(None)?;
    let Some(endpoint) = target.endpoint else {
        bail!("give the endpoint with --endpoint-url or AWS_ENDPOINT_URL");
    };
    let mut settings = Settings::new(endpoint, target.region, target.credentials, target.timeout);
    settings.unresponsive_after = target.unresponsive_after;
    let client = Client::new(settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let done = runtime.block_on(cleanup::cleanup(
        &client,
        &args.prefix,
        &Created::default(),
        Search::Prefix,
    ));
    for l in &done.left_behind {
        eprintln!("left behind: {l}");
    }
    for u in &done.unchecked {
        eprintln!("not checked: {u}");
    }
    // Lambda's own listings decide; IAM and SQS may simply not be emulated.
    if done.lambda_unchecked() {
        eprintln!(
            "error: could not list what is named {}*; nothing can be promised",
            args.prefix
        );
        return Ok(ExitCode::from(super::EXIT_RUN_ERROR));
    }
    if done.left_behind.is_empty() {
        println!(
            "nothing named {}* is left (functions, versions, aliases, event source mappings{})",
            args.prefix,
            if done.unchecked.is_empty() {
                ", IAM roles, SQS queues"
            } else {
                ""
            }
        );
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}
