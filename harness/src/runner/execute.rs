//! One whole conformance run: start the embedded endpoint when no endpoint is
//! given, prepare fixtures, run the scenario, clean up (also on Ctrl-C or a
//! panic), and return the result.

use super::RunResult;
use crate::catalog::Catalog;
use crate::client::{Client, Credentials};
use crate::findings::KnownDeviations;
use crate::scenario;
use crate::session::{self, Event, EventSink, Target, cleanup};
use crate::stateful::{Budget, Harness};
use anyhow::{Context, Result, bail};
use lambda_model::Fault;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to run against, and how.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// Endpoint URL; None runs the embedded reference endpoint in-process.
    pub endpoint: Option<String>,
    /// Region.
    pub region: String,
    /// Credentials for signing.
    pub credentials: Credentials,
    /// Timeout of one request.
    pub timeout: Duration,
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
    /// Generated sequences after the lifecycle scenario (`cases: 0` skips them).
    pub budget: Budget,
    /// Deviations the endpoint is known to have.
    pub known: Option<KnownDeviations>,
    /// Boundary and malformed-input probes after the lifecycle scenario (None skips them).
    pub boundaries: Option<crate::boundary::Options>,
    /// Go ahead although functions with the prefix exist already (they are
    /// then the run's to delete).
    pub reuse_prefix: bool,
}

impl RunPlan {
    /// A plan with defaults for everything but the endpoint.
    pub fn new(endpoint: Option<String>, prefix: &str) -> RunPlan {
        RunPlan {
            endpoint,
            region: "us-east-1".into(),
            credentials: Credentials::dummy(),
            timeout: Duration::from_secs(30),
            wait_timeout: Duration::from_secs(60),
            prefix: prefix.to_string(),
            role_arn: None,
            event_source_arn: None,
            faults: Vec::new(),
            budget: Budget::default(),
            known: None,
            boundaries: Some(crate::boundary::Options::default()),
            reuse_prefix: false,
        }
    }
}

/// Fails with a helpful message when nothing answers at the endpoint.
async fn check_reachable(client: &Client, url: &str) -> Result<()> {
    let op = Catalog::embedded()
        .get("ListFunctions")
        .context("catalog lacks ListFunctions")?;
    let ex = client.call(op, &json!({"MaxItems": 1})).await;
    if let Err(e) = &ex.outcome {
        bail!(
            "cannot reach the endpoint {url}: {e}\nStart the emulator first, or check --endpoint-url / AWS_ENDPOINT_URL."
        );
    }
    Ok(())
}

impl RunPlan {
    /// Where and how the run connects.
    pub fn target(&self) -> Target {
        Target {
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            credentials: self.credentials.clone(),
            timeout: self.timeout,
            wait_timeout: self.wait_timeout,
            prefix: self.prefix.clone(),
            role_arn: self.role_arn.clone(),
            event_source_arn: self.event_source_arn.clone(),
            faults: self.faults.clone(),
        }
    }
}

impl From<&RunPlan> for Target {
    fn from(plan: &RunPlan) -> Target {
        plan.target()
    }
}

/// Runs the plan. Errors mean the run could not be done (endpoint down, no fixtures).
pub async fn execute(plan: RunPlan, events: Arc<dyn EventSink>) -> Result<RunResult> {
    let target = plan.target();
    let conn = session::connect(&target, events).await?;
    let session = conn.session.clone();
    let url = conn.url.clone();
    session.emit(Event::Started {
        endpoint: url.clone(),
        prefix: plan.prefix.clone(),
    });
    if conn.server.is_some() {
        let names: Vec<&str> = plan.faults.iter().map(|f| f.name()).collect();
        let with = if names.is_empty() {
            String::new()
        } else {
            format!(" with faults {}", names.join(", "))
        };
        session.note(format!(
            "no endpoint given: using the embedded reference endpoint at {url}{with}"
        ));
    }
    check_reachable(&session.client, &url).await?;
    if !plan.reuse_prefix {
        let existing =
            cleanup::list_functions_with_prefix(&session.client, Catalog::embedded(), &plan.prefix)
                .await;
        if !existing.is_empty() {
            bail!(
                "functions named with the prefix {} exist already ({}): the run touches only what it creates, and would delete these. Choose another --prefix, or pass --reuse-prefix if they are a killed run's leftovers.",
                plan.prefix,
                existing.join(", ")
            );
        }
    }

    let started = Instant::now();
    let fixtures = match session::connect::fixtures(&target, &conn).await {
        Ok(f) => f,
        Err(e) => {
            cleanup::cleanup_session(&session).await;
            session.emit(Event::Finished);
            return Err(e);
        }
    };
    let embedded_server = conn.server;

    let task_session = session.clone();
    let task_fixtures = fixtures.clone();
    let mut task =
        tokio::spawn(async move { scenario::lifecycle::run(&task_session, &task_fixtures).await });
    let mut interrupted = tokio::select! {
        joined = &mut task => match joined {
            Ok(()) => None,
            Err(e) => Some(format!("the scenario failed: {e}")),
        },
        _ = tokio::signal::ctrl_c() => {
            task.abort();
            Some("interrupted by Ctrl-C".to_string())
        }
    };

    // Boundary and malformed-input probes, predicted by the reference model.
    let mut coverage = crate::boundary::Coverage::default();
    if interrupted.is_none()
        && let Some(options) = plan.boundaries.clone()
    {
        let task_session = session.clone();
        let task_fixtures = fixtures.clone();
        let mut task = tokio::spawn(async move {
            crate::boundary::run(&task_session, &task_fixtures, &options).await
        });
        tokio::select! {
            joined = &mut task => match joined {
                Ok(c) => coverage = c,
                Err(e) => interrupted = Some(format!("the boundary probes failed: {e}")),
            },
            _ = tokio::signal::ctrl_c() => {
                task.abort();
                interrupted = Some("interrupted by Ctrl-C".to_string());
            }
        }
    }

    // Generated sequences, checked against the reference model.
    let mut exploration = crate::stateful::Exploration::default();
    if interrupted.is_none() && plan.budget.cases > 0 {
        session.note(format!(
            "exploring {} generated sequences of up to {} steps (seed {})",
            plan.budget.cases, plan.budget.max_steps, plan.budget.seed
        ));
        let lifecycle_signatures: std::collections::HashSet<String> = session
            .transcript()
            .findings
            .iter()
            .map(|f| f.signature.clone())
            .collect();
        let known = plan.known.clone();
        let budget = plan.budget.clone();
        let harness = Harness::with_session(session.clone(), fixtures.clone());
        let handle = tokio::runtime::Handle::current();
        let cancel = budget.cancel.clone();
        let mut blocking = tokio::task::spawn_blocking(move || {
            let skip = move |f: &crate::findings::Finding| {
                lifecycle_signatures.contains(&f.signature)
                    || known.as_ref().is_some_and(|k| k.explain(f).is_some())
            };
            crate::stateful::explore(&harness, &budget, &skip, &handle)
        });
        exploration = tokio::select! {
            joined = &mut blocking => joined.unwrap_or_default(),
            _ = tokio::signal::ctrl_c() => {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                interrupted = Some("interrupted by Ctrl-C".to_string());
                blocking.await.unwrap_or_default()
            }
        };
        session.note(format!(
            "ran {} sequences ({} exchanges), {} new findings",
            exploration.cases_run,
            exploration.exchanges,
            exploration.findings.len()
        ));
    }
    cleanup::cleanup_session(&session).await;
    session.emit(Event::Finished);
    if let Some(server) = embedded_server {
        server.stop();
    }
    let mut transcript = session.transcript();
    for sf in exploration.findings {
        let offset = transcript.steps.len();
        let mut finding = sf.finding;
        finding.exchange += offset;
        finding.context_start = offset;
        transcript.steps.extend(sf.steps);
        transcript.findings.push(finding);
    }
    let mut result = RunResult::from_transcript(
        transcript,
        url,
        plan.region,
        plan.prefix,
        plan.endpoint.is_none(),
        started.elapsed().as_secs_f64(),
        interrupted,
    );
    result.seed = plan.budget.seed;
    result.cases_run = exploration.cases_run;
    result.generated_exchanges = exploration.exchanges;
    result.coverage = coverage;
    if let Some(k) = &plan.known {
        k.apply(&mut result.findings);
    }
    Ok(result)
}
