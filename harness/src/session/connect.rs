//! Connecting to the endpoint a run targets: the given URL, or the embedded
//! reference endpoint started in-process; a session with its client, and the
//! fixtures the phases need.

use super::{EventSink, Fixtures, Session};
use crate::client::{Client, Credentials, Settings};
use anyhow::{Context, Result};
use lambda_model::Fault;
use std::sync::Arc;
use std::time::Duration;

/// Where a run sends its requests and how (everything a session needs).
#[derive(Debug, Clone)]
pub struct Target {
    /// Endpoint URL; None runs the embedded reference endpoint in-process.
    pub endpoint: Option<String>,
    /// Region.
    pub region: String,
    /// Credentials for signing.
    pub credentials: Credentials,
    /// Timeout of one request.
    pub timeout: Duration,
    /// Timeout of an Invoke.
    pub invoke_timeout: Duration,
    /// Requests in a row without an answer after which the endpoint counts
    /// as unresponsive and the run stops (0: never).
    pub unresponsive_after: u32,
    /// Bound of each wait for a function or mapping to settle.
    pub wait_timeout: Duration,
    /// Name prefix of everything created.
    pub prefix: String,
    /// Execution role; None creates one in the endpoint's IAM emulation.
    pub role_arn: Option<String>,
    /// Event source ARN; None creates an SQS queue in the endpoint's emulation.
    pub event_source_arn: Option<String>,
    /// Faults injected into the embedded endpoint.
    pub faults: Vec<Fault>,
    /// How long the embedded endpoint keeps a function Pending / InProgress (0: instantly Active).
    pub settle_ms: u64,
}

impl Target {
    /// A target with defaults fit for emulators: 10 s per request, 30 s per
    /// Invoke, unresponsive after 3 unanswered requests in a row.
    pub fn new(endpoint: Option<String>, prefix: &str) -> Target {
        Target {
            endpoint,
            region: "us-east-1".into(),
            credentials: Credentials::dummy(),
            timeout: Duration::from_secs(10),
            invoke_timeout: Duration::from_secs(30),
            unresponsive_after: 3,
            wait_timeout: Duration::from_secs(60),
            prefix: prefix.to_string(),
            role_arn: None,
            event_source_arn: None,
            faults: Vec::new(),
            settle_ms: 0,
        }
    }
}

/// A session on the target, and the embedded endpoint when it runs one.
pub struct Connection {
    /// The session.
    pub session: Session,
    /// The endpoint's URL.
    pub url: String,
    /// The embedded endpoint, when no endpoint was given.
    pub server: Option<crate::server::Running>,
}

/// Opens a session on the target (starting the embedded endpoint when no
/// endpoint is given); nothing is sent yet.
pub async fn connect(target: &Target, events: Arc<dyn EventSink>) -> Result<Connection> {
    let (url, server) = match &target.endpoint {
        Some(url) => (url.clone(), None),
        None => {
            let config = lambda_model::Config {
                settle_ms: target.settle_ms,
                ..crate::server::config_with_faults(&target.region, target.faults.clone())
            };
            let server = crate::server::start(([127, 0, 0, 1], 0).into(), config)
                .await
                .context("cannot start the embedded reference endpoint")?;
            (server.url(), Some(server))
        }
    };
    let mut settings = Settings::new(
        url.clone(),
        target.region.clone(),
        target.credentials.clone(),
        target.timeout,
    );
    settings.invoke_timeout = target.invoke_timeout;
    settings.unresponsive_after = target.unresponsive_after;
    let mut session = Session::new(Client::new(settings)?, target.prefix.clone(), events);
    session.wait_timeout = target.wait_timeout;
    Ok(Connection {
        session,
        url,
        server,
    })
}

/// The fixtures for a connection: [`super::prepare`], which creates them in
/// the endpoint's IAM and SQS (the embedded endpoint serves both).
pub async fn fixtures(target: &Target, conn: &Connection) -> Result<Fixtures> {
    let mut fixtures = super::prepare(
        &conn.session,
        target.role_arn.clone(),
        target.event_source_arn.clone(),
    )
    .await?;
    // its IAM then holds only the role the run created there
    fixtures.own_endpoint = conn.server.is_some() && target.role_arn.is_none();
    Ok(fixtures)
}
