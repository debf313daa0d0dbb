//! Running one sequence against the endpoint and the reference model side by
//! side, split as proptest-state-machine splits a test: [`apply`] (a
//! transition becomes a request per side, [`requests`] binds the values each
//! side chose), the exchange and its comparison with the prediction (here),
//! [`invariants`] across operations, [`pagination`] of lists, [`wait`] for
//! updates to settle; teardown is `Harness::delete_case`. The case ends at the
//! first divergence of state (a wrong outcome or value), since predictions
//! after it would no longer mean anything.

mod apply;
mod invariants;
mod pagination;
mod requests;
mod wait;

use super::bindings::Bindings;
use super::predict::{self, Divergence};
use super::transition::*;
use crate::catalog::Catalog;
use crate::checks::check_exchange;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence, Finding};
use crate::session::Fixtures;
use crate::session::{Event, Session, Step};
use lambda_model::Model;
use requests::function_name;
use serde_json::Value;

/// Most pages a list is followed through; beyond, the list is not compared.
const MAX_PAGES: usize = 100;

/// One running case.
pub struct Case<'a> {
    session: &'a Session,
    fixtures: &'a Fixtures,
    prefix: String,
    model: Model,
    endpoint: Bindings,
    predicted: Bindings,
    last_modified: std::collections::HashMap<u8, String>,
    /// Per resource, the RevisionIds (endpoint's, model's) of the last read of
    /// it that showed it settled, since the last request that was not a read.
    read_revisions: std::collections::HashMap<super::bindings::RevisionKey, (String, String)>,
    stopped: bool,
    /// Keep going, learning from the endpoint, after it departed from the model.
    pub(crate) through_divergences: bool,
    /// Transitions begun so far (values derived from it do not depend on how
    /// many times a waiter polled).
    transitions: usize,
    /// Exchanges made, in order.
    pub steps: Vec<Step>,
    /// Findings, in order.
    pub findings: Vec<Finding>,
}
impl<'a> Case<'a> {
    /// A new case with its own name prefix and a fresh model.
    pub fn new(
        session: &'a Session,
        fixtures: &'a Fixtures,
        prefix: String,
        config: lambda_model::Config,
    ) -> Case<'a> {
        Case {
            session,
            fixtures,
            prefix,
            model: Model::new(config),
            endpoint: Bindings::default(),
            predicted: Bindings::default(),
            last_modified: Default::default(),
            read_revisions: Default::default(),
            stopped: false,
            through_divergences: false,
            transitions: 0,
            steps: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Function names this case may create.
    pub fn function_names(&self) -> Vec<String> {
        (0..FUNCTION_SLOTS)
            .map(|f| function_name(&self.prefix, f))
            .collect()
    }

    /// Mapping UUIDs the endpoint gave this case.
    pub fn mapping_uuids(&self) -> Vec<String> {
        self.endpoint.mappings.clone()
    }

    /// Whether a divergence ended the case: later predictions would mean nothing.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    fn finding(
        &mut self,
        check: CheckKind,
        operation: &str,
        expected: String,
        actual: String,
        detail: String,
        evidence: Evidence,
    ) {
        self.stopped = true;
        let index = self.steps.len().saturating_sub(1);
        let step = self
            .steps
            .last()
            .map(|s| s.step.clone())
            .unwrap_or_default();
        self.findings.push(Finding::new(
            check, operation, &step, expected, actual, detail, evidence, index,
        ));
    }

    /// Sends the input to the endpoint (recorded and contract-checked) and to the model.
    async fn exchange(
        &mut self,
        label: &str,
        operation: &str,
        input: Value,
        model_input: Value,
    ) -> (Exchange, lambda_model::Response) {
        let catalog = Catalog::embedded();
        let op = catalog
            .get(operation)
            .expect("transitions use catalog operations");
        let exchange = self.session.client.call(op, &input).await;
        // Constraint violations are answered before any lookup (FMT-003), as the
        // embedded endpoint does; the model itself only sees valid requests.
        let predicted = crate::oracle::predict(&mut self.model, op, model_input);
        self.session.reached(&predicted);
        let expectation = Some(self.session.expectation(&predicted));
        let violations = check_exchange(op, &exchange, expectation.as_ref());
        let index = self.steps.len();
        let step = format!("{}. {label}", index + 1);
        self.steps.push(Step {
            step: step.clone(),
            expected: Some(crate::oracle::describe(&predicted)),
            exchange: exchange.clone(),
            concurrent: false,
        });
        let mut new = Vec::new();
        for v in violations
            .into_iter()
            .filter(|v| v.check != CheckKind::Expectation)
        {
            new.push(Finding::new(
                v.check, operation, &step, v.expected, v.actual, v.detail, v.evidence, index,
            ));
        }
        self.session.emit(Event::Exchanged {
            index,
            step,
            operation: operation.to_string(),
            status: exchange.status(),
            findings: new.clone(),
        });
        self.findings.extend(new);
        (exchange, predicted)
    }

    /// Compares an outcome with the prediction; records a finding on divergence.
    fn compare(
        &mut self,
        operation: &str,
        exchange: &Exchange,
        predicted: &lambda_model::Response,
    ) -> bool {
        for member in predict::missing_members(operation, exchange, predicted) {
            let index = self.steps.len().saturating_sub(1);
            let step = self
                .steps
                .last()
                .map(|s| s.step.clone())
                .unwrap_or_default();
            self.findings.push(Finding::new(
                CheckKind::Prediction,
                operation,
                &step,
                format!("{member} present"),
                format!("no {member}"),
                String::new(),
                crate::oracle::evidence_of(predicted),
                index,
            ));
        }
        match predict::compare(operation, exchange, predicted) {
            None => true,
            Some(Divergence {
                check: CheckKind::Transport | CheckKind::ServerError,
                ..
            }) => {
                // Already reported by the contract checks; it only ends the case.
                self.stopped = true;
                false
            }
            Some(Divergence {
                check,
                expected,
                actual,
                detail,
                evidence,
            }) => {
                self.finding(check, operation, expected, actual, detail, evidence);
                false
            }
        }
    }
}
