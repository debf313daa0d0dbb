//! One request and what came back: the unit every check looks at.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest body kept verbatim in a transcript; longer ones are cut.
const MAX_RECORDED_BODY: usize = 16 * 1024;

/// The request as recorded (credentials and signatures removed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers; `authorization` is redacted and `x-amz-security-token` removed.
    pub headers: Vec<(String, String)>,
    /// Body as text (cut when long; base64 when not UTF-8).
    pub body: String,
}

/// The response as received.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// Body as text (cut when long; base64 when not UTF-8).
    pub body: String,
    /// Body parsed as JSON, when it is JSON.
    #[serde(skip)]
    pub json: Option<Value>,
    /// Raw body length in bytes.
    pub body_len: usize,
}

impl RecordedResponse {
    /// Builds a recorded response from raw parts.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: &[u8]) -> Self {
        let json = if body.is_empty() {
            None
        } else {
            serde_json::from_slice(body).ok()
        };
        RecordedResponse {
            status,
            headers,
            body: body_text(body),
            json,
            body_len: body.len(),
        }
    }

    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The error code: `x-amzn-ErrorType`, else the body's `__type`, `code` or `Type`.
    pub fn error_code(&self) -> Option<String> {
        if let Some(h) = self.header("x-amzn-errortype") {
            let code = h.split(':').next().unwrap_or(h).trim();
            if !code.is_empty() {
                return Some(strip_namespace(code));
            }
        }
        let body = self.json.as_ref()?;
        for key in ["__type", "code", "Code"] {
            if let Some(code) = body
                .get(key)
                .and_then(Value::as_str)
                .filter(|c| !c.is_empty())
            {
                return Some(strip_namespace(code));
            }
        }
        // AWS sends `"Type": "User"` as the fault side, not as the code.
        body.get("Type")
            .and_then(Value::as_str)
            .filter(|t| !matches!(*t, "User" | "Service" | ""))
            .map(strip_namespace)
    }

    /// The error message from the body (`message`, `Message` or `errorMessage`).
    pub fn error_message(&self) -> Option<String> {
        let body = self.json.as_ref()?;
        ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|k| body.get(*k).and_then(Value::as_str))
            .map(str::to_string)
    }
}

fn strip_namespace(code: &str) -> String {
    code.rsplit('#').next().unwrap_or(code).to_string()
}

/// A body as transcript text.
pub fn body_text(body: &[u8]) -> String {
    let cut = &body[..body.len().min(MAX_RECORDED_BODY)];
    let mut text = match std::str::from_utf8(cut) {
        Ok(s) => s.to_string(),
        Err(_) => format!(
            "base64:{}",
            base64::engine::general_purpose::STANDARD.encode(cut)
        ),
    };
    if body.len() > MAX_RECORDED_BODY {
        text.push_str(&format!("… ({} bytes in all)", body.len()));
    }
    text
}

/// Why no response came back.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "message")]
pub enum TransportError {
    /// No complete response within the timeout.
    Timeout(String),
    /// Could not connect.
    Connect(String),
    /// The connection broke or the response was unreadable.
    Other(String),
    /// Not sent, or given up, because the run was stopped (a signal, the
    /// time limit, an unresponsive endpoint): says nothing about the endpoint.
    Stopped(String),
    /// Not sent because earlier requests of the same operation got no answer
    /// ([`super::HANG_LIMIT`]): says nothing more about the endpoint.
    NotSent(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Timeout(m) => write!(f, "timed out: {m}"),
            TransportError::Connect(m) => write!(f, "cannot connect: {m}"),
            TransportError::Other(m) => write!(f, "transport error: {m}"),
            TransportError::Stopped(m) => write!(f, "not answered: the run was stopped ({m})"),
            TransportError::NotSent(m) => write!(f, "not sent: {m}"),
        }
    }
}

/// One request/response pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    /// Operation name.
    pub operation: String,
    /// The operation input (members by model name).
    pub input: Value,
    /// The request as sent.
    pub request: RecordedRequest,
    /// The response, or why there is none.
    pub outcome: Result<RecordedResponse, TransportError>,
    /// Wall time of the call in milliseconds.
    pub elapsed_ms: u64,
}

impl Exchange {
    /// The response, when one came back.
    pub fn response(&self) -> Option<&RecordedResponse> {
        self.outcome.as_ref().ok()
    }

    /// The status, when a response came back.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status)
    }

    /// Whether the request was cut off by the run's stop, or not sent
    /// because its operation hangs (no verdict on it).
    pub fn stopped(&self) -> bool {
        matches!(
            self.outcome,
            Err(TransportError::Stopped(_) | TransportError::NotSent(_))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_code_sources() {
        let r = RecordedResponse::new(
            404,
            vec![(
                "x-amzn-errortype".into(),
                "ResourceNotFoundException:http://internal.amazon.com/".into(),
            )],
            b"{}",
        );
        assert_eq!(r.error_code().as_deref(), Some("ResourceNotFoundException"));
        let r = RecordedResponse::new(
            404,
            vec![],
            br#"{"__type":"com.amazon#ResourceNotFoundException","message":"m"}"#,
        );
        assert_eq!(r.error_code().as_deref(), Some("ResourceNotFoundException"));
        assert_eq!(r.error_message().as_deref(), Some("m"));
        let r = RecordedResponse::new(404, vec![], br#"{"Type":"User","Message":"m"}"#);
        assert_eq!(r.error_code(), None);
    }
}
