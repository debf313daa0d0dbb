//! `lambda-conformance cleanup`: removes leftovers of an interrupted run.

use super::target_args::EndpointArgs;
use crate::client::Client;
use crate::client::settings::Settings;
use crate::session::{Created, cleanup};
use anyhow::{Result, bail};
use clap::Args;
use std::process::ExitCode;
use std::time::Duration;

/// Options of `cleanup`.
#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// Prefix of the run to clean up (printed at the start of every run, e.g. lc-3fa9c1-).
    #[arg(long)]
    pub prefix: String,
    /// The endpoint, region and AWS guard.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

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
    let settings = Settings {
        endpoint,
        region: target.region,
        credentials: target.credentials,
        timeout: Duration::from_secs(30),
    };
    let client = Client::new(settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let problems = runtime.block_on(cleanup::cleanup(&client, &args.prefix, &Created::default()));
    for p in &problems {
        eprintln!("{p}");
    }
    println!(
        "cleaned up functions and event source mappings named {}*",
        args.prefix
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
