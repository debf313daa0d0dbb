//! Stateful property-based testing: sequences of symbolic operations
//! generated from an abstract state (proptest-state-machine, [`machine`]),
//! run against the endpoint and the reference model side by side
//! ([`case`]); every response is checked against the model's prediction
//! ([`predict`]) and the invariants between operations; failures are shrunk to
//! a minimal sequence ([`explore`]).

pub mod bindings;
pub mod case;
pub mod explore;
pub mod machine;
pub mod plan;
pub mod predict;
pub mod transition;
pub mod weights;

pub use explore::{Budget, Exploration, StatefulFinding, explore};
pub use transition::Transition;

use crate::findings::Finding;
use crate::session::{self, Fixtures, Session, Silent, Step, Target, cleanup};

use anyhow::Result;
use serde_json::json;
use std::sync::Arc;

/// The outcome of one sequence.
#[derive(Debug, Clone, Default)]
pub struct CaseOutcome {
    /// Findings, in order (a divergence ends the case).
    pub findings: Vec<Finding>,
    /// The exchanges made.
    pub steps: Vec<Step>,
    /// Transitions run before the case ended.
    pub transitions_run: usize,
}

/// What exploration runs sequences on: one endpoint judged by the reference
/// model ([`Harness`]), or two endpoints judged against each other (`diff`).
pub trait CaseRunner: Sync {
    /// The session that names the cases (its prefix), shows their progress
    /// and counts the rules they reach.
    fn session(&self) -> &Session;
    /// Runs one sequence with its own name prefix, then deletes what it created.
    fn run_case(
        &self,
        case_prefix: &str,
        transitions: &[Transition],
    ) -> impl std::future::Future<Output = CaseOutcome>;
}

impl CaseRunner for Harness {
    fn session(&self) -> &Session {
        &self.session
    }
    async fn run_case(&self, case_prefix: &str, transitions: &[Transition]) -> CaseOutcome {
        Harness::run_case(self, case_prefix, transitions).await
    }
}

/// An endpoint ready for sequences: the session, the fixtures and, for the
/// embedded endpoint, the server.
pub struct Harness {
    /// Session used for every case.
    pub session: Session,
    /// Role and event source.
    pub fixtures: Fixtures,
    /// Model settings for predictions (region).
    pub model_config: lambda_model::Config,
    /// Run every transition even after the endpoint departed from the model
    /// (`diff`, `record`, `verify`: they compare endpoints, not predictions).
    pub through_divergences: bool,
    server: Option<crate::server::Running>,
}

impl Harness {
    /// Wraps an existing session and fixtures (the server, if any, is owned elsewhere).
    pub fn with_session(session: Session, fixtures: Fixtures) -> Harness {
        let model_config = lambda_model::Config {
            region: session.client.settings().region.clone(),
            unverified_arns: fixtures.made_up.clone(),
            lookups: fixtures.lookups(),
            ..Default::default()
        };
        Harness {
            session,
            fixtures,
            model_config,
            through_divergences: false,
            server: None,
        }
    }

    /// Connects to the target's endpoint (starting the embedded one when none
    /// is given) and prepares fixtures. Progress events are dropped.
    pub async fn start(target: impl Into<Target>) -> Result<Harness> {
        Harness::start_with(target, Arc::new(Silent)).await
    }

    /// As [`Harness::start`], with the session's events sent to `events`.
    pub async fn start_with(
        target: impl Into<Target>,
        events: Arc<dyn session::EventSink>,
    ) -> Result<Harness> {
        let target = target.into();
        let conn = session::connect(&target, events).await?;
        let fixtures = session::connect::fixtures(&target, &conn).await?;
        let mut h = Harness::with_session(conn.session, fixtures);
        h.server = conn.server;
        Ok(h)
    }

    /// Runs one sequence with its own name prefix, then deletes what it created.
    pub async fn run_case(&self, case_prefix: &str, transitions: &[Transition]) -> CaseOutcome {
        let mut case = case::Case::new(
            &self.session,
            &self.fixtures,
            case_prefix.to_string(),
            self.model_config.clone(),
        );
        case.through_divergences = self.through_divergences;
        self.session
            .registry
            .with(|c| c.functions.extend(case.function_names()));
        let mut transitions_run = 0;
        for t in transitions {
            case.step(t).await;
            transitions_run += 1;
            if case.stopped() && !self.through_divergences {
                break;
            }
        }
        self.delete_case(&case.function_names(), &case.mapping_uuids())
            .await;
        CaseOutcome {
            findings: std::mem::take(&mut case.findings),
            steps: std::mem::take(&mut case.steps),
            transitions_run,
        }
    }

    async fn delete_case(&self, functions: &[String], mappings: &[String]) {
        let catalog = crate::catalog::Catalog::embedded();
        let client = &self.session.client;
        for uuid in mappings {
            if let Some(op) = catalog.get("DeleteEventSourceMapping") {
                let ex = client.call(op, &json!({"UUID": uuid})).await;
                if !ex.status().is_some_and(|s| s < 300 || s == 404) {
                    self.session
                        .registry
                        .with(|c| c.mappings.push(uuid.clone()));
                }
            }
        }
        let mut deleted = Vec::new();
        for name in functions {
            if let Some(op) = catalog.get("DeleteFunction") {
                let ex = client.call(op, &json!({"FunctionName": name})).await;
                if ex.status().is_some_and(|s| s < 300 || s == 404) {
                    deleted.push(name.clone());
                }
            }
        }
        // What could not be deleted stays registered for the final clean-up.
        self.session
            .registry
            .with(|c| c.functions.retain(|f| !deleted.contains(f)));
    }

    /// Cleans up everything left and stops the embedded endpoint; says what is left.
    pub async fn finish(self) -> cleanup::Cleanup {
        let done = cleanup::cleanup_session(&self.session).await;
        if let Some(s) = self.server {
            s.stop();
        }
        done
    }
}
