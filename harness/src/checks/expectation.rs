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
    /// AWS's message for an error, where it is recorded; compared only with
    /// `--strict-messages` (the session drops it otherwise).
    pub message: Option<String>,
}

impl Expectation {
    /// AWS answers with success.
    pub fn success(evidence: Evidence) -> Self {
        Expectation {
            expected: Expected::Success,
            evidence,
            message: None,
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
            message: None,
        }
    }

    /// The same, with AWS's recorded message for the error.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
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
    if !matches {
        return Some(Violation {
            check: CheckKind::Expectation,
            expected: e.describe(),
            actual,
            detail: resp.error_message().unwrap_or_default(),
            evidence,
        });
    }
    let want = e.message.as_deref()?;
    let got = resp.error_message().unwrap_or_default();
    (message_key(want) != message_key(&got)).then(|| Violation {
        check: CheckKind::Message,
        expected: format!("AWS's message for {}", e.describe()),
        actual: "another message".into(),
        detail: format!("expected: {want}\nactual:   {got}"),
        evidence,
    })
}

/// A message with what each side chooses masked: account ids, UUIDs
/// (RevisionIds, mapping UUIDs, request ids), and the pattern a
/// ValidationException quotes (the server's pattern text differs from the
/// model's in places: scenarios.md).
pub fn message_key(message: &str) -> String {
    static MASKS: std::sync::LazyLock<[(regex::Regex, &str); 2]> = std::sync::LazyLock::new(|| {
        [
            (
                regex::Regex::new(
                    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                )
                .expect("a valid regex"),
                "<uuid>",
            ),
            (
                regex::Regex::new(r"\b\d{12}\b").expect("a valid regex"),
                "<account>",
            ),
        ]
    });
    let cut = match message.find("regular expression pattern:") {
        Some(i) => &message[..i],
        None => message,
    };
    MASKS.iter().fold(cut.to_string(), |m, (re, with)| {
        re.replace_all(&m, *with).into_owned()
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

    fn answered(status: u16, body: serde_json::Value) -> Exchange {
        Exchange {
            operation: "GetAlias".into(),
            input: json!({}),
            request: crate::client::RecordedRequest {
                method: "GET".into(),
                url: "http://127.0.0.1/".into(),
                headers: vec![],
                body: String::new(),
            },
            outcome: Ok(crate::client::RecordedResponse::new(
                status,
                vec![(
                    "x-amzn-errortype".into(),
                    "ResourceNotFoundException".into(),
                )],
                body.to_string().as_bytes(),
            )),
            elapsed_ms: 1,
        }
    }

    #[test]
    fn a_recorded_message_is_compared_with_accounts_and_uuids_masked() {
        let e = Expectation::error(
            404,
            "ResourceNotFoundException",
            Evidence::recorded("ALI-006"),
        )
        .with_message(
            "Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:f:nope",
        );
        let same = answered(
            404,
            json!({"Message": "Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:f:nope"}),
        );
        assert_eq!(check(&e, &same), None);
        let other = answered(
            404,
            json!({"Message": "Alias not found: arn:aws:lambda:us-east-1:000000000000:function:f:nope"}),
        );
        let v = check(&e, &other).expect("another message is a finding");
        assert_eq!(v.check, CheckKind::Message);
        // without a message to compare, the outcome alone is judged
        let plain = Expectation::error(
            404,
            "ResourceNotFoundException",
            Evidence::recorded("ALI-006"),
        );
        assert_eq!(check(&plain, &other), None);
        assert_eq!(
            message_key("RevisionId 3f2b6a1c-1111-4222-8333-444455556666 for 123456789012"),
            "RevisionId <uuid> for <account>"
        );
    }
}
