//! One way to talk to an endpoint during a run: a [`Session`] sends an
//! exchange, checks it, records it and tells the reporters; the waiters,
//! the fixtures (role, event source, deployment packages), the registry of
//! what the run created and the clean-up live here too. Every phase
//! (lifecycle, boundary, stateful) goes through it.

pub mod cleanup;
pub mod connect;
pub mod events;
pub mod fixtures;
pub mod package;
pub mod provision;
pub mod registry;
pub mod wait;

pub use connect::{Connection, Target, connect};
pub use events::{Event, EventSink, Silent};
pub use fixtures::{Fixtures, blob_json, prepare};
pub use registry::{Created, Registry};
pub use wait::{wait_mapping, wait_ready};

use crate::catalog::Catalog;
use crate::checks::{Expectation, Violation, check_contract, check_exchange};
use crate::client::HttpRequest;
use crate::client::{Client, Exchange};
use crate::findings::Finding;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One step of the transcript.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// Step name, e.g. `get-missing-function`.
    pub step: String,
    /// What AWS answers, when the step has an expectation.
    pub expected: Option<String>,
    /// The exchange.
    #[serde(flatten)]
    pub exchange: Exchange,
    /// Whether the request was sent together with its neighbours marked so
    /// (a race), rather than after the previous step's answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub concurrent: bool,
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
    /// How often each oracle rule decided an answer an exchange was judged by.
    pub rules: std::collections::BTreeMap<String, usize>,
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
    /// The longest pause between two polls of a waiter (see [`Session::poll_delay`]).
    pub poll_interval: Duration,
    /// Compare error messages with AWS's recorded ones (`--strict-messages`).
    pub strict_messages: bool,
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
            strict_messages: false,
            transcript: Arc::new(Mutex::new(Transcript::default())),
            events,
        }
    }

    /// The pause before a waiter's poll number `attempt` (0 for the second
    /// request): 1 ms, doubling up to `poll_interval`, so a transition of a few
    /// milliseconds costs a few milliseconds and one of seconds (AWS) a poll
    /// every `poll_interval`.
    pub fn poll_delay(&self, attempt: u32) -> Duration {
        Duration::from_millis(1u64 << attempt.min(16)).min(self.poll_interval)
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

    /// Counts the rule that decided a prediction an exchange is judged by.
    pub fn reached(&self, predicted: &lambda_model::Response) {
        self.reached_rule(predicted.rule.map_or("VAL-SCHEMA-CONSTRAINTS", |r| r.id));
    }

    /// Counts a rule the endpoint was judged by.
    pub fn reached_rule(&self, id: &str) {
        self.with_transcript(|t| *t.rules.entry(id.to_string()).or_default() += 1);
    }

    /// How often each rule was reached so far (see [`Transcript::rules`]).
    pub fn rule_counts(&self) -> std::collections::BTreeMap<String, usize> {
        self.with_transcript(|t| t.rules.clone())
    }

    /// How many steps were recorded so far (the index the next one gets).
    pub fn steps_recorded(&self) -> usize {
        self.with_transcript(|t| t.steps.len())
    }

    /// Records a finding a phase judged from several exchanges (its
    /// `exchange` index points at one of them).
    pub fn add_finding(&self, finding: Finding) {
        self.with_transcript(|t| t.findings.push(finding));
    }

    /// A copy of what was recorded so far.
    pub fn transcript(&self) -> Transcript {
        self.with_transcript(|t| t.clone())
    }

    /// The oracle's prediction as this session judges it: with AWS's
    /// message only under `--strict-messages`.
    pub fn expectation(&self, predicted: &lambda_model::Response) -> Expectation {
        self.judged(crate::oracle::expectation(predicted))
    }

    fn judged(&self, mut e: Expectation) -> Expectation {
        if !self.strict_messages {
            e.message = None;
        }
        e
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
        let expect = expect.map(|e| self.judged(e));
        if !exchange.stopped() {
            self.record(op, step, &input, &exchange, expect.as_ref(), false);
        }
        exchange
    }

    /// Sends the requests of one operation all at once (each on its own
    /// connection, none waiting for another's answer), then checks and
    /// records each exchange, marked concurrent, in the order given. The
    /// contract checks apply; what the outcomes together must be is the
    /// caller's to judge.
    pub async fn call_together(
        &self,
        operation: &str,
        requests: Vec<(String, Value)>,
    ) -> Vec<Exchange> {
        let op = self
            .catalog
            .get(operation)
            .unwrap_or_else(|| panic!("scenario uses unknown operation {operation}"));
        let tasks: Vec<_> = requests
            .iter()
            .map(|(_, input)| {
                let (client, input) = (self.client.clone(), input.clone());
                tokio::spawn(async move { client.call(op, &input).await })
            })
            .collect();
        let mut out = Vec::with_capacity(tasks.len());
        for ((step, input), task) in requests.into_iter().zip(tasks) {
            let exchange = match task.await {
                Ok(ex) => ex,
                Err(e) => Exchange {
                    operation: op.name.clone(),
                    input: input.clone(),
                    request: crate::client::RecordedRequest {
                        method: op.method.clone(),
                        url: String::new(),
                        headers: vec![],
                        body: String::new(),
                    },
                    outcome: Err(crate::client::TransportError::Other(format!(
                        "the request's task failed: {e}"
                    ))),
                    elapsed_ms: 0,
                },
            };
            if !exchange.stopped() {
                self.record(op, &step, &input, &exchange, None, true);
            }
            out.push(exchange);
        }
        out
    }

    /// Checks an exchange, records it with its findings and tells the reporters.
    fn record(
        &self,
        op: &crate::catalog::Operation,
        step: &str,
        input: &Value,
        exchange: &Exchange,
        expect: Option<&Expectation>,
        concurrent: bool,
    ) {
        let operation = op.name.as_str();
        self.register_created(operation, input, exchange);
        let violations = check_exchange(op, exchange, expect);
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
                expected: expect.map(|e| e.describe()),
                exchange: exchange.clone(),
                concurrent,
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
    }
}

impl Session {
    /// Registers a function this exchange may have created: after a success,
    /// and after an ambiguous answer (a 5xx, no answer), which may have
    /// stored it anyway; never after a 4xx (a 409 means someone else's).
    /// What creates what comes from the operation's description (its undo).
    fn register_created(&self, operation: &str, input: &Value, exchange: &Exchange) {
        let maybe_created = match &exchange.outcome {
            Ok(r) => r.status < 300 || r.status >= 500,
            Err(e) => !matches!(e, crate::client::TransportError::Stopped(_)),
        };
        if !maybe_created {
            return;
        }
        let Some((crate::operations::Op::DeleteFunction, undo)) =
            crate::operations::by_name(operation).and_then(|d| (d.undo)(input))
        else {
            return;
        };
        if let Some(name) = undo
            .get("FunctionName")
            .and_then(Value::as_str)
            .filter(|n| n.starts_with(&self.prefix))
        {
            self.registry.with(|c| {
                if !c.functions.iter().any(|f| f == name) {
                    c.functions.push(name.to_string());
                }
            });
        }
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
        if exchange.stopped() {
            return (exchange, Vec::new());
        }
        self.register_created(probe.operation, &probe.input, &exchange);
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
                concurrent: false,
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
