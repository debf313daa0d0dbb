//! Runs scenarios against an endpoint: every exchange is checked as it
//! happens, everything created is registered and deleted at the end, also
//! after a failure, a panic or Ctrl-C.

pub mod cleanup;
pub mod events;
pub mod execute;
pub mod registry;

pub use events::{Event, EventSink, Silent};
pub use execute::{RunPlan, execute};
pub use registry::{Created, Registry};

use crate::catalog::Catalog;
use crate::checks::{Expectation, Violation, check_contract, check_exchange};
use crate::client::HttpRequest;
use crate::client::{Client, Exchange};
use crate::findings::{Finding, deduplicate};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One step of the transcript.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    /// Step name, e.g. `get-missing-function`.
    pub step: String,
    /// What AWS answers, when the step has an expectation.
    pub expected: Option<String>,
    /// The exchange.
    #[serde(flatten)]
    pub exchange: Exchange,
}

/// Everything a run recorded.
#[derive(Debug, Default, Clone)]
pub struct Transcript {
    /// Steps in order.
    pub steps: Vec<Step>,
    /// Findings in order of discovery (not deduplicated).
    pub findings: Vec<Finding>,
    /// Notes for the user.
    pub notes: Vec<String>,
}

/// Shared state of a run: the client, the catalog, what was created, what was recorded.
#[derive(Clone)]
pub struct Session {
    /// Client for the endpoint.
    pub client: Client,
    /// Operation catalog.
    pub catalog: &'static Catalog,
    /// What the run created.
    pub registry: Registry,
    /// Name prefix of everything the run creates.
    pub prefix: String,
    /// How long to wait for a function to become Active / finish an update.
    pub wait_timeout: Duration,
    /// Between two polls of a waiter.
    pub poll_interval: Duration,
    transcript: Arc<Mutex<Transcript>>,
    events: Arc<dyn EventSink>,
}

impl Session {
    /// A new session.
    pub fn new(client: Client, prefix: String, events: Arc<dyn EventSink>) -> Session {
        Session {
            client,
            catalog: Catalog::embedded(),
            registry: Registry::default(),
            prefix,
            wait_timeout: Duration::from_secs(60),
            poll_interval: Duration::from_millis(250),
            transcript: Arc::new(Mutex::new(Transcript::default())),
            events,
        }
    }

    /// Sends an event to the reporters.
    pub fn emit(&self, event: Event) {
        self.events.event(&event);
    }

    /// Records a note and shows it.
    pub fn note(&self, text: impl Into<String>) {
        let text = text.into();
        self.with_transcript(|t| t.notes.push(text.clone()));
        self.emit(Event::Note(text));
    }

    fn with_transcript<R>(&self, f: impl FnOnce(&mut Transcript) -> R) -> R {
        let mut guard = self.transcript.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// A copy of what was recorded so far.
    pub fn transcript(&self) -> Transcript {
        self.with_transcript(|t| t.clone())
    }

    /// Calls an operation, checks the exchange, records it and returns it.
    pub async fn call(
        &self,
        step: &str,
        operation: &str,
        input: Value,
        expect: Option<Expectation>,
    ) -> Exchange {
        let op = self
            .catalog
            .get(operation)
            .unwrap_or_else(|| panic!("scenario uses unknown operation {operation}"));
        let exchange = self.client.call(op, &input).await;
        let violations = check_exchange(op, &exchange, expect.as_ref());
        let (index, findings) = self.with_transcript(|t| {
            let index = t.steps.len();
            let findings: Vec<Finding> = violations
                .into_iter()
                .map(|v| {
                    Finding::new(
                        v.check, operation, step, v.expected, v.actual, v.detail, v.evidence, index,
                    )
                })
                .collect();
            t.findings.extend(findings.iter().cloned());
            t.steps.push(Step {
                step: step.to_string(),
                expected: expect.as_ref().map(|e| e.describe()),
                exchange: exchange.clone(),
            });
            (index, findings)
        });
        self.emit(Event::Exchanged {
            index,
            step: step.to_string(),
            operation: operation.to_string(),
            status: exchange.status(),
            findings,
        });
        exchange
    }
}

/// A request for [`Session::call_judged`]: the operation's input, and
/// optionally the raw HTTP request to send instead of the input's binding.
pub struct Probe<'a> {
    /// Step name.
    pub step: &'a str,
    /// Operation.
    pub operation: &'a str,
    /// Input members.
    pub input: Value,
    /// A hand-built request (malformed input); None binds the input.
    pub raw: Option<HttpRequest>,
    /// What AWS answers (used by the contract checks; the judge decides the outcome).
    pub expect: Option<Expectation>,
    /// The constraint the request tests, named on its findings.
    pub constraint: Option<String>,
}

impl Session {
    /// Calls an operation, applies the contract checks and `judge` (instead of
    /// the expectation check), records the exchange and returns it with its findings.
    pub async fn call_judged(
        &self,
        probe: Probe<'_>,
        judge: impl FnOnce(&Exchange) -> Vec<Violation>,
    ) -> (Exchange, Vec<Finding>) {
        let op = self
            .catalog
            .get(probe.operation)
            .unwrap_or_else(|| panic!("probe uses unknown operation {}", probe.operation));
        let exchange = match probe.raw {
            Some(req) => self.client.call_request(op, &probe.input, req).await,
            None => self.client.call(op, &probe.input).await,
        };
        let mut violations = check_contract(op, &exchange, probe.expect.as_ref());
        violations.extend(judge(&exchange));
        let (index, findings) = self.with_transcript(|t| {
            let index = t.steps.len();
            let findings: Vec<Finding> = violations
                .into_iter()
                .map(|v| {
                    let mut f = Finding::new(
                        v.check,
                        probe.operation,
                        probe.step,
                        v.expected,
                        v.actual,
                        v.detail,
                        v.evidence,
                        index,
                    );
                    f.constraint = probe.constraint.clone();
                    f
                })
                .collect();
            t.findings.extend(findings.iter().cloned());
            t.steps.push(Step {
                step: probe.step.to_string(),
                expected: probe.expect.as_ref().map(|e| e.describe()),
                exchange: exchange.clone(),
            });
            (index, findings)
        });
        self.emit(Event::Exchanged {
            index,
            step: probe.step.to_string(),
            operation: probe.operation.to_string(),
            status: exchange.status(),
            findings: findings.clone(),
        });
        (exchange, findings)
    }
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Endpoint URL.
    pub endpoint: String,
    /// Region.
    pub region: String,
    /// Name prefix used.
    pub prefix: String,
    /// Whether the endpoint was the embedded reference endpoint.
    pub embedded: bool,
    /// Seconds the run took.
    pub duration_secs: f64,
    /// Every step.
    pub steps: Vec<Step>,
    /// Deduplicated findings.
    pub findings: Vec<Finding>,
    /// Notes (resources created, waits, clean-up problems).
    pub notes: Vec<String>,
    /// Whether the run was cut short (Ctrl-C or a scenario error), and why.
    pub interrupted: Option<String>,
    /// Seed of the generated sequences.
    pub seed: u64,
    /// Generated sequences run (shrinking included).
    pub cases_run: usize,
    /// Exchanges made by generated sequences (their transcripts are kept only for findings).
    pub generated_exchanges: usize,
    /// What the boundary probes exercised.
    pub coverage: crate::boundary::Coverage,
}

impl RunResult {
    /// Builds the result from a session's transcript.
    pub fn from_transcript(
        t: Transcript,
        endpoint: String,
        region: String,
        prefix: String,
        embedded: bool,
        duration_secs: f64,
        interrupted: Option<String>,
    ) -> RunResult {
        RunResult {
            endpoint,
            region,
            prefix,
            embedded,
            duration_secs,
            steps: t.steps,
            findings: deduplicate(t.findings),
            notes: t.notes,
            interrupted,
            seed: 0,
            cases_run: 0,
            generated_exchanges: 0,
            coverage: Default::default(),
        }
    }

    /// Findings not explained by the known-deviations list.
    pub fn new_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.known.is_none())
    }

    /// Number of exchanges per operation.
    pub fn operation_counts(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for s in &self.steps {
            *counts.entry(s.exchange.operation.clone()).or_insert(0) += 1;
        }
        counts
    }
}
