//! The expected outcome of a step, as AWS gives it, and its check.

use super::Violation;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence};

/// What AWS answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Success (any status; the status check covers which).
    Success,
    /// An error with this code and status.
    Error {
        /// Error code.
        code: String,
        /// HTTP status.
        status: u16,
    },
}

/// An expected outcome with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The outcome.
    pub expected: Expected,
    /// Where it comes from.
    pub evidence: Evidence,
}

impl Expectation {
    /// AWS answers with success.
    pub fn success(evidence: Evidence) -> Self {
        Expectation {
            expected: Expected::Success,
            evidence,
        }
    }

    /// AWS answers with this error.
    pub fn error(status: u16, code: &str, evidence: Evidence) -> Self {
        Expectation {
            expected: Expected::Error {
                code: code.into(),
                status,
            },
            evidence,
        }
    }

    /// One-line description.
    pub fn describe(&self) -> String {
        match &self.expected {
            Expected::Success => "success".into(),
            Expected::Error { code, status } => format!("{status} {code}"),
        }
    }
}

/// Compares the outcome with the expectation.
pub fn check(e: &Expectation, ex: &Exchange) -> Option<Violation> {
    let resp = ex.response()?;
    if resp.status >= 500 {
        return None; // already a server-error finding
    }
    let actual_ok = resp.status < 400;
    let actual = if actual_ok {
        format!("success {}", resp.status)
    } else {
        format!(
            "{} {}",
            resp.status,
            resp.error_code().unwrap_or_else(|| "(no code)".into())
        )
    };
    let matches = match &e.expected {
        Expected::Success => actual_ok,
        Expected::Error { code, status } => {
            resp.status == *status && resp.error_code().as_deref() == Some(code)
        }
    };
    let evidence = match &e.expected {
        Expected::Error { status, .. }
            if revision_order_unknown(&ex.input, *status, resp.status) =>
        {
            Evidence::inferred(
                "which AWS checks first, the RevisionId or another precondition, is not recorded",
            )
        }
        _ => e.evidence.clone(),
    };
    (!matches).then(|| Violation {
        check: CheckKind::Expectation,
        expected: e.describe(),
        actual,
        detail: resp.error_message().unwrap_or_default(),
        evidence,
    })
}

/// Whether AWS's answer depends on an order of checks nobody recorded: the request carried a
/// RevisionId and one side answered 412 while the other answered another client error (a
/// statement id that exists or does not, an alias or version that is missing).
pub fn revision_order_unknown(input: &serde_json::Value, expected: u16, actual: u16) -> bool {
    let precondition = |status: u16| status == 412;
    input.get("RevisionId").is_some()
        && precondition(expected) != precondition(actual)
        && (400..500).contains(&expected)
        && (400..500).contains(&actual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_order_of_a_revision_check_and_another_client_error_is_unknown() {
        let with = json!({"FunctionName": "f", "RevisionId": "r"});
        let without = json!({"FunctionName": "f"});
        assert!(revision_order_unknown(&with, 412, 404));
        assert!(revision_order_unknown(&with, 409, 412));
        assert!(!revision_order_unknown(&without, 412, 404));
        assert!(!revision_order_unknown(&with, 404, 409));
        assert!(!revision_order_unknown(&with, 412, 200));
        assert!(!revision_order_unknown(&with, 412, 500));
    }
}
