//! `lambda-conformance cleanup`: removes leftovers of an interrupted run.

use crate::client::Client;
use crate::client::settings::{
    Credentials, Settings, endpoint_from_env, is_aws_endpoint, region_from_env,
};
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
    /// Endpoint (default: $AWS_ENDPOINT_URL_LAMBDA, then $AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Region (default: $AWS_REGION, then $AWS_DEFAULT_REGION, then us-east-1).
    #[arg(long)]
    pub region: Option<String>,
    /// Allow a *.amazonaws.com endpoint.
    #[arg(long)]
    pub allow_aws: bool,
}

/// Runs `cleanup`.
pub fn run(args: CleanupArgs) -> Result<ExitCode> {
    if args.prefix.len() < 4 {
        bail!(
            "--prefix must be at least 4 characters, so that it cannot match functions the tool did not create"
        );
    }
    let Some(endpoint) = endpoint_from_env(args.endpoint_url.as_deref()) else {
        bail!("give the endpoint with --endpoint-url or AWS_ENDPOINT_URL");
    };
    if is_aws_endpoint(&endpoint) && !args.allow_aws {
        bail!("{endpoint} is AWS itself; pass --allow-aws to delete resources there");
    }
    let credentials = Credentials::from_env().unwrap_or_else(Credentials::dummy);
    let settings = Settings {
        endpoint,
        region: region_from_env(args.region.as_deref()),
        credentials,
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
