//! Checks applied to every exchange: the API contract from the schemas
//! (status, error code and body, content type, body schema) and, when the
//! step has one, the expected outcome on AWS.

pub mod consistency;
mod contract;
mod expectation;
mod formats;
pub mod persistence;

pub use expectation::{Expectation, Expected, message_key, revision_order_unknown};

use crate::catalog::Operation;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence};

/// A failed check, before it becomes a [`crate::findings::Finding`].
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Which check.
    pub check: CheckKind,
    /// What AWS does.
    pub expected: String,
    /// What the endpoint did.
    pub actual: String,
    /// Extra detail.
    pub detail: String,
    /// Evidence for the expectation.
    pub evidence: Evidence,
}

/// The contract checks alone, informed by what AWS answers.
pub fn check_contract(
    op: &Operation,
    exchange: &Exchange,
    expectation: Option<&Expectation>,
) -> Vec<Violation> {
    if exchange.stopped() {
        return Vec::new(); // cut off by the run's stop: no verdict
    }
    let expects_success = expectation.is_some_and(|e| e.expected == Expected::Success);
    let expects_error = expectation.is_some_and(|e| matches!(e.expected, Expected::Error { .. }));
    contract::check(op, exchange, expects_success, expects_error)
}

/// Applies every check to one exchange.
pub fn check_exchange(
    op: &Operation,
    exchange: &Exchange,
    expectation: Option<&Expectation>,
) -> Vec<Violation> {
    if exchange.stopped() {
        return Vec::new();
    }
    let mut out = check_contract(op, exchange, expectation);
    if let Some(e) = expectation {
        out.extend(expectation::check(e, exchange));
    }
    out
}
