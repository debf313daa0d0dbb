//! The options every subcommand that talks to an endpoint shares (`run`,
//! `replay`, `cleanup`), defined once and checked once: the endpoint, the
//! region, credentials, the AWS guard, the fixtures and the faults.

use crate::client::settings::{Credentials, endpoint_from_env, is_aws_endpoint, region_from_env};
use crate::session::Target;
use anyhow::{Context, Result, bail};
use clap::Args;
use lambda_model::Fault;
use std::time::Duration;

/// Where to send requests.
#[derive(Debug, Args)]
pub struct EndpointArgs {
    /// Endpoint to test, e.g. http://127.0.0.1:5001. Default: $AWS_ENDPOINT_URL_LAMBDA, then
    /// $AWS_ENDPOINT_URL, then (run, replay) the embedded reference endpoint, started in-process.
    #[arg(long, value_name = "URL", env = "LAMBDA_CONFORMANCE_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Region for signing and ARNs. Default: $AWS_REGION, then $AWS_DEFAULT_REGION, then the
    /// profile's region, then us-east-1.
    #[arg(long, env = "LAMBDA_CONFORMANCE_REGION")]
    pub region: Option<String>,
    /// AWS profile (default: $AWS_PROFILE) to take the endpoint (`endpoint_url`, or
    /// `endpoint_url` for `lambda` in its `services` section), region and credentials from, as
    /// the AWS CLI does; flags and environment variables win over it.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Allow a *.amazonaws.com endpoint (real resources are created and deleted there).
    #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), env = "LAMBDA_CONFORMANCE_ALLOW_AWS")]
    pub allow_aws: bool,
    /// Timeout of one HTTP request, in seconds (Invoke has its own).
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_TIMEOUT"
    )]
    pub timeout: f64,
    /// Timeout of one Invoke request, in seconds (the function runs while it waits).
    #[arg(
        long,
        default_value_t = 30.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_INVOKE_TIMEOUT"
    )]
    pub invoke_timeout: f64,
    /// After this many requests in a row without an answer (timeouts, refused connections)
    /// the endpoint counts as unresponsive: the run stops, cleans up and exits 2 (0: never).
    #[arg(
        long,
        default_value_t = 3,
        value_name = "N",
        env = "LAMBDA_CONFORMANCE_UNRESPONSIVE_AFTER"
    )]
    pub unresponsive_after: u32,
}

/// What the phases need from the account, and faults for the embedded endpoint.
#[derive(Debug, Args)]
pub struct FixtureArgs {
    /// Execution role for CreateFunction. Without it the run creates one in the endpoint's IAM
    /// emulation (moto, ministack); required against AWS.
    #[arg(long, value_name = "ARN", env = "LAMBDA_CONFORMANCE_ROLE_ARN")]
    pub role_arn: Option<String>,
    /// SQS queue (or stream) ARN for event source mappings. Without it the run creates a queue in
    /// the endpoint's SQS emulation; required against AWS.
    #[arg(long, value_name = "ARN", env = "LAMBDA_CONFORMANCE_EVENT_SOURCE_ARN")]
    pub event_source_arn: Option<String>,
    /// Inject an emulator bug into the embedded endpoint (repeatable; see `serve --list-faults`).
    #[arg(
        long,
        value_name = "NAME",
        env = "LAMBDA_CONFORMANCE_FAULT",
        value_delimiter = ','
    )]
    pub fault: Vec<String>,
    /// How long the embedded endpoint keeps a function Pending after CreateFunction and an
    /// update InProgress, as AWS does (the run waits as AWS's waiters do); 0: instantly Active.
    /// Default: 2 ms, so the quick start stays fast (`serve` defaults to 100 ms).
    #[arg(long, value_name = "MS", env = "LAMBDA_CONFORMANCE_SETTLE_MS")]
    pub settle_ms: Option<u64>,
}

/// How long the embedded endpoint of `run` keeps a function busy by default.
pub const RUN_SETTLE_MS: u64 = 2;

/// The checked target: endpoint (None = the embedded one), region, credentials, faults.
#[derive(Debug)]
pub struct Resolved {
    /// Endpoint URL; None runs the embedded reference endpoint.
    pub endpoint: Option<String>,
    /// Region.
    pub region: String,
    /// Credentials for signing (dummy ones against emulators when none are set).
    pub credentials: Credentials,
    /// Faults for the embedded endpoint.
    pub faults: Vec<Fault>,
    /// How long the embedded endpoint keeps a function busy, in milliseconds.
    pub settle_ms: u64,
    /// Timeout of one request.
    pub timeout: Duration,
    /// Timeout of one Invoke.
    pub invoke_timeout: Duration,
    /// Unanswered requests in a row that stop the run.
    pub unresponsive_after: u32,
    /// Where the settings came from, when it is worth saying (a profile, dummy credentials).
    pub notes: Vec<String>,
}

impl Resolved {
    /// The target of a command that creates things under `prefix`.
    pub fn target(self, prefix: &str, fixtures: &FixtureArgs) -> Target {
        Target {
            endpoint: self.endpoint,
            region: self.region,
            credentials: self.credentials,
            timeout: self.timeout,
            invoke_timeout: self.invoke_timeout,
            unresponsive_after: self.unresponsive_after,
            wait_timeout: Duration::from_secs(60),
            prefix: prefix.to_string(),
            role_arn: fixtures.role_arn.clone(),
            event_source_arn: fixtures.event_source_arn.clone(),
            faults: self.faults,
            settle_ms: self.settle_ms,
        }
    }
}

/// A region name as AWS writes them (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`).
fn checked_region(region: String) -> Result<String> {
    if !lambda_model::names::is_region(&region) {
        bail!(
            "`{region}` is not an AWS Region name (like us-east-1); check --region, AWS_REGION, AWS_DEFAULT_REGION and the profile's region"
        );
    }
    Ok(region)
}

fn seconds(flag: &str, value: f64) -> Result<Duration> {
    if !(value.is_finite() && value > 0.0) {
        bail!("{flag} must be a positive number of seconds, not {value}");
    }
    Ok(Duration::from_secs_f64(value))
}

/// Parses fault names, saying which exist when one does not.
pub fn parse_faults(names: &[String]) -> Result<Vec<Fault>> {
    names
        .iter()
        .map(|n| {
            Fault::from_name(n).with_context(|| {
                let all: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
                format!("unknown fault `{n}`; known faults: {}", all.join(", "))
            })
        })
        .collect()
}

/// Checks a name prefix: it starts every name the run creates.
pub fn check_prefix(prefix: &str) -> Result<()> {
    let ok = !prefix.is_empty()
        && prefix.len() <= 24
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        bail!(
            "--prefix must be 1 to 24 letters, digits, '-' or '_' (it starts every function name)"
        );
    }
    Ok(())
}

/// A fresh prefix, `lc-<6 random characters>-`.
pub fn random_prefix() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("lc-{}-", &id[..6])
}

impl EndpointArgs {
    /// Checks the endpoint and the rules that go with it: an http(s) URL; faults only
    /// for the embedded endpoint; AWS only with --allow-aws, real credentials and,
    /// when the command creates resources (`fixtures` given), both fixture ARNs.
    pub fn resolve(&self, fixtures: Option<&FixtureArgs>) -> Result<Resolved> {
        let profile = match crate::client::profile::selected(self.profile.as_deref()) {
            Some(name) => Some(crate::client::profile::load(&name)?),
            None => None,
        };
        let endpoint =
            match endpoint_from_env(self.endpoint_url.as_deref()).map_err(anyhow::Error::msg)? {
                Some(url) => Some(url),
                None => profile.as_ref().and_then(|p| p.endpoint_url.clone()),
            };
        let faults = parse_faults(fixtures.map_or(&[][..], |f| &f.fault))?;
        let settle_ms = fixtures.and_then(|f| f.settle_ms);
        if let Some(url) = &endpoint {
            if settle_ms.is_some() {
                bail!(
                    "--settle-ms only applies to the embedded reference endpoint; drop --endpoint-url (and AWS_ENDPOINT_URL) to use it"
                );
            }
            if !url.starts_with("http://") && !url.starts_with("https://") {
                bail!("endpoint `{url}` is not an http:// or https:// URL");
            }
            if !faults.is_empty() {
                bail!(
                    "--fault only applies to the embedded reference endpoint; drop --endpoint-url (and AWS_ENDPOINT_URL) to use it"
                );
            }
            if is_aws_endpoint(url) {
                if !self.allow_aws {
                    bail!(
                        "{url} is AWS itself: real resources are created and deleted there. Pass --allow-aws to go ahead."
                    );
                }
                if let Some(f) = fixtures
                    && (f.role_arn.is_none() || f.event_source_arn.is_none())
                {
                    bail!(
                        "against AWS, pass --role-arn (an execution role) and --event-source-arn (an SQS queue ARN)"
                    );
                }
            }
        }
        let mut notes = Vec::new();
        if let Some(p) = &profile {
            let mut took = Vec::new();
            if p.endpoint_url.is_some() && self.endpoint_url.is_none() {
                took.push("endpoint");
            }
            if p.region.is_some() {
                took.push("region");
            }
            if p.credentials.is_some() {
                took.push("credentials");
            }
            notes.push(format!(
                "AWS profile `{}`: {} from it where no flag or environment variable sets them",
                p.name,
                if took.is_empty() {
                    "nothing".to_string()
                } else {
                    took.join(", ")
                }
            ));
        }
        let credentials = match Credentials::from_env()
            .or_else(|| profile.as_ref().and_then(|p| p.credentials.clone()))
        {
            Some(c) => c,
            None if endpoint.as_deref().is_some_and(is_aws_endpoint) => bail!(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)"
            ),
            None => {
                if endpoint.is_some() {
                    notes.push(
                        "no credentials in the environment or a profile: requests are signed with dummy ones (emulators accept any)"
                            .into(),
                    );
                }
                Credentials::dummy()
            }
        };
        Ok(Resolved {
            endpoint,
            region: checked_region(region_from_env(
                self.region.as_deref(),
                profile.as_ref().and_then(|p| p.region.as_deref()),
            ))?,
            credentials,
            faults,
            settle_ms: settle_ms.unwrap_or(RUN_SETTLE_MS),
            timeout: seconds("--timeout", self.timeout)?,
            invoke_timeout: seconds("--invoke-timeout", self.invoke_timeout)?,
            unresponsive_after: self.unresponsive_after,
            notes,
        })
    }
}
