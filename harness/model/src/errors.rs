//! Error responses in AWS Lambda's wire format.

use crate::rules::Rule;
use crate::{Body, Evidence, Response};
use serde_json::{Value, json};

/// An API error raised by a rule, turned into a [`Response`] by [`ApiError::into_response`].
#[derive(Debug, Clone)]
pub struct ApiError {
    /// Error code (the `x-amzn-ErrorType` header value).
    pub code: &'static str,
    /// Human-readable message, exactly as AWS words it.
    pub message: String,
    /// The rule that raised the error.
    pub rule: &'static Rule,
    /// What this answer rests on: the rule's evidence unless the site names its own.
    pub evidence: Evidence,
    /// Whether the body carries `"Type":"User"` (a few IPVEs come without it, FMT-002).
    pub typed: bool,
    /// The `Reason` member of a TooManyRequestsException (None for other errors).
    pub reason: Option<&'static str>,
}

impl ApiError {
    fn new(code: &'static str, message: impl Into<String>, rule: &'static Rule) -> Self {
        ApiError {
            code,
            message: message.into(),
            rule,
            evidence: rule.evidence,
            typed: true,
            reason: None,
        }
    }
    /// 404 ResourceNotFoundException.
    pub fn not_found(message: impl Into<String>, rule: &'static Rule) -> Self {
        Self::new("ResourceNotFoundException", message, rule)
    }
    /// 400 InvalidParameterValueException.
    pub fn invalid(message: impl Into<String>, rule: &'static Rule) -> Self {
        Self::new("InvalidParameterValueException", message, rule)
    }
    /// 409 ResourceConflictException.
    pub fn conflict(message: impl Into<String>, rule: &'static Rule) -> Self {
        Self::new("ResourceConflictException", message, rule)
    }
    /// 412 PreconditionFailedException.
    pub fn precondition(message: impl Into<String>, rule: &'static Rule) -> Self {
        Self::new("PreconditionFailedException", message, rule)
    }
    /// 400 ValidationException (no `Type` member).
    pub fn validation(message: impl Into<String>, rule: &'static Rule) -> Self {
        Self::new("ValidationException", message, rule)
    }
    /// Any other code (status from [`status_for`]).
    pub fn other(code: &'static str, message: impl Into<String>, rule: &'static Rule) -> Self {
        Self::new(code, message, rule)
    }
    /// 429 TooManyRequestsException with a `Reason` member (a ThrottleReason).
    pub fn throttled(
        reason: &'static str,
        message: impl Into<String>,
        rule: &'static Rule,
    ) -> Self {
        ApiError {
            reason: Some(reason),
            ..Self::new("TooManyRequestsException", message, rule)
        }
    }
    /// Names this site's own evidence, where it differs from the rule's (a
    /// recording of this very operation, or only an inference).
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        self.evidence = evidence;
        self
    }
    /// Drops the `Type` member from the body.
    pub fn untyped(mut self) -> Self {
        self.typed = false;
        self
    }
    /// The wire response for this error.
    pub fn into_response(self) -> Response {
        let mut r = error_response(self.code, &self.message, self.evidence);
        r.rule = Some(self.rule);
        if let Body::Json(Value::Object(m)) = &mut r.body {
            if !self.typed {
                m.remove("Type");
            }
            if let Some(reason) = self.reason {
                m.insert("Reason".into(), json!(reason));
            }
        }
        r
    }
}

/// HTTP status for an error code (service model, plus unmodelled codes seen on the wire).
pub fn status_for(code: &str) -> u16 {
    match code {
        // documented: service model error shapes
        "ResourceNotFoundException" => 404,
        "ResourceConflictException" => 409,
        "PreconditionFailedException" => 412,
        "RequestTooLargeException" => 413,
        "ServiceException" => 500,
        "TooManyRequestsException" => 429,
        // VAL-026/027 (recorded): unmodelled 413 code
        "RequestEntityTooLargeException" => 413,
        // recorded (LocalStack test_function_arns, function_arn_other_account_exc)
        "AccessDeniedException" => 403,
        // inferred: our own code for operations the model does not cover
        "NotImplemented" => 501,
        _ => 400,
    }
}

/// Builds an error response: status from the code, header `x-amzn-ErrorType`,
/// and the body shape AWS uses for that code (FMT-002/003, FN-005). It names
/// no rule (the HTTP layer's own errors); [`ApiError::into_response`] adds one.
pub fn error_response(code: &str, message: &str, evidence: Evidence) -> Response {
    let body = match code {
        // FMT-003 (recorded): ValidationException body has no Type
        "ValidationException" | "NotImplemented" => json!({ "message": message }),
        // FN-005 (recorded): capital-M Message for ResourceNotFoundException
        "ResourceNotFoundException" => json!({ "Type": "User", "Message": message }),
        // documented: ServiceException is a server fault with capital-M Message
        "ServiceException" => json!({ "Type": "Service", "Message": message }),
        // FMT-002 (recorded): lowercase message plus Type User
        _ => json!({ "Type": "User", "message": message }),
    };
    Response {
        status: status_for(code),
        headers: vec![("x-amzn-ErrorType".to_string(), code.to_string())],
        body: Body::Json(body),
        error_code: Some(code.to_string()),
        rule: None,
        evidence,
    }
}
