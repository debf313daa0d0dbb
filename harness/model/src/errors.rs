//! Error responses in AWS Lambda's wire format.

use crate::{Body, Evidence, Response};
use serde_json::{Value, json};

/// An API error raised by a rule, turned into a [`Response`] by [`ApiError::into_response`].
#[derive(Debug, Clone)]
pub struct ApiError {
    /// Error code (the `x-amzn-ErrorType` header value).
    pub code: &'static str,
    /// Human-readable message, exactly as AWS words it.
    pub message: String,
    /// Where the rule comes from.
    pub evidence: Evidence,
    /// Whether the body carries `"Type":"User"` (a few IPVEs come without it, FMT-002).
    pub typed: bool,
    /// The `Reason` member of a TooManyRequestsException (None for other errors).
    pub reason: Option<&'static str>,
}

impl ApiError {
    fn new(code: &'static str, message: impl Into<String>, evidence: Evidence) -> Self {
        ApiError {
            code,
            message: message.into(),
            evidence,
            typed: true,
            reason: None,
        }
    }
    /// 404 ResourceNotFoundException.
    pub fn not_found(message: impl Into<String>, evidence: Evidence) -> Self {
        Self::new("ResourceNotFoundException", message, evidence)
    }
    /// 400 InvalidParameterValueException.
    pub fn invalid(message: impl Into<String>, evidence: Evidence) -> Self {
        Self::new("InvalidParameterValueException", message, evidence)
    }
    /// 409 ResourceConflictException.
    pub fn conflict(message: impl Into<String>, evidence: Evidence) -> Self {
        Self::new("ResourceConflictException", message, evidence)
    }
    /// 412 PreconditionFailedException.
    pub fn precondition(message: impl Into<String>, evidence: Evidence) -> Self {
        Self::new("PreconditionFailedException", message, evidence)
    }
    /// 400 ValidationException (no `Type` member).
    pub fn validation(message: impl Into<String>, evidence: Evidence) -> Self {
        Self::new("ValidationException", message, evidence)
    }
    /// Any other code (status from [`status_for`]).
    pub fn other(code: &'static str, message: impl Into<String>, evidence: Evidence) -> Self {
        Self::new(code, message, evidence)
    }
    /// 429 TooManyRequestsException with a `Reason` member (a ThrottleReason).
    pub fn throttled(reason: &'static str, message: impl Into<String>, evidence: Evidence) -> Self {
        ApiError {
            reason: Some(reason),
            ..Self::new("TooManyRequestsException", message, evidence)
        }
    }
    /// Drops the `Type` member from the body.
    pub fn untyped(mut self) -> Self {
        self.typed = false;
        self
    }
    /// The wire response for this error.
    pub fn into_response(self) -> Response {
        let mut r = error_response(self.code, &self.message, self.evidence);
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
        // inferred: our own code for operations the model does not cover
        "NotImplemented" => 501,
        _ => 400,
    }
}

/// Builds an error response: status from the code, header `x-amzn-ErrorType`,
/// and the body shape AWS uses for that code (FMT-002/003, FN-005).
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
        evidence,
    }
}
