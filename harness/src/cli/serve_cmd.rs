//! `lambda-conformance serve`: the embedded reference endpoint on a port.

use anyhow::{Context, Result};
use clap::Args;
use lambda_model::Fault;
use std::process::ExitCode;

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 5099, env = "LAMBDA_CONFORMANCE_PORT")]
    pub port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1", env = "LAMBDA_CONFORMANCE_HOST")]
    pub host: String,
    /// Region used in ARNs.
    #[arg(long, default_value = "us-east-1", env = "LAMBDA_CONFORMANCE_REGION")]
    pub region: String,
    /// Inject an emulator bug (repeatable); `--list-faults` shows them.
    #[arg(long, value_name = "NAME")]
    pub fault: Vec<String>,
    /// List the injectable faults and exit.
    #[arg(long)]
    pub list_faults: bool,
    /// How long a function stays Pending after CreateFunction, and its update
    /// InProgress after UpdateFunctionCode/Configuration, as on AWS (meanwhile
    /// other updates answer 409, and Invoke while Pending); 0: instantly Active.
    #[arg(long, value_name = "MS", default_value_t = crate::server::DEFAULT_SETTLE_MS, env = "LAMBDA_CONFORMANCE_SETTLE_MS")]
    pub settle_ms: u64,
}

/// Runs `serve` until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    if args.list_faults {
        for f in Fault::ALL {
            println!("{:<36} {}", f.name(), f.description());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let faults = super::target_args::parse_faults(&args.fault)?;
    let addr: std::net::SocketAddr = format!("{}:{}", args.host, args.port)
        .parse()
        .with_context(|| {
            format!(
                "`{}:{}` is not an address to listen on",
                args.host, args.port
            )
        })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let server = crate::server::start(
            addr,
            lambda_model::Config {
                settle_ms: args.settle_ms,
                ..crate::server::config_with_faults(&args.region, faults)
            },
        )
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
        println!(
            "reference endpoint listening on {} (functions settle after {} ms; Ctrl-C stops it)",
            server.url(),
            args.settle_ms
        );
        tokio::signal::ctrl_c().await.ok();
        server.stop();
        Ok(ExitCode::SUCCESS)
    })
}
