//! The REST-JSON binding: an operation input (JSON, members by model name)
//! becomes an HTTP request, as the service model's bindings say.

use crate::catalog::{Location, Operation};
use base64::Engine;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

/// Characters left as they are in a query-string key or value.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// An HTTP request before signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method, e.g. `POST`.
    pub method: String,
    /// Path and query, percent-encoded, e.g. `/2015-03-31/functions/f?Qualifier=1`.
    pub path_and_query: String,
    /// Headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// Why an input cannot be put on the wire.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BindingError {
    /// A URI label has no value.
    #[error("input member {0} is needed for the request URI but missing")]
    MissingLabel(String),
    /// The input is not a JSON object.
    #[error("operation input must be a JSON object")]
    NotAnObject,
    /// A blob payload is not valid base64.
    #[error("member {0} must be base64 text")]
    BadBase64(String),
}

/// Renders a scalar for a URI label, query string or header.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Builds the HTTP request for `input` (members by model name; blobs as base64 text).
pub fn build_request(op: &Operation, input: &Value) -> Result<HttpRequest, BindingError> {
    let members = input.as_object().ok_or(BindingError::NotAnObject)?;
    // An empty label cannot be put in a path (SDKs reject it before sending).
    let label = |name: &str| -> Option<String> {
        op.input
            .iter()
            .find(|m| m.location == Location::Uri && m.wire_name == name)
            .and_then(|m| members.get(&m.name))
            .map(scalar)
            .filter(|v| !v.is_empty())
    };
    let path = op.uri.expand(&label).ok_or_else(|| {
        let missing = op
            .input_at(Location::Uri)
            .find(|m| members.get(&m.name).is_none_or(|v| scalar(v).is_empty()))
            .map(|m| m.name.clone());
        BindingError::MissingLabel(missing.unwrap_or_default())
    })?;
    let mut query: Vec<(String, String)> = op.uri.literal_query.clone();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body_members = Map::new();
    let mut payload: Option<Vec<u8>> = None;
    let mut has_body_members = false;
    for m in &op.input {
        if m.location == Location::Body {
            has_body_members = true;
        }
        let Some(value) = members.get(&m.name) else {
            continue;
        };
        match m.location {
            Location::Uri | Location::StatusCode => {}
            Location::Query => match value {
                Value::Array(items) => {
                    query.extend(items.iter().map(|i| (m.wire_name.clone(), scalar(i))))
                }
                v => query.push((m.wire_name.clone(), scalar(v))),
            },
            Location::Header => headers.push((m.wire_name.to_ascii_lowercase(), scalar(value))),
            Location::Body => {
                body_members.insert(m.wire_name.clone(), value.clone());
            }
            Location::Payload => {
                payload = Some(match (m.shape_type.as_str(), value) {
                    ("blob", Value::String(b64)) => base64::engine::general_purpose::STANDARD
                        .decode(b64)
                        .map_err(|_| BindingError::BadBase64(m.name.clone()))?,
                    (_, v) => serde_json::to_vec(v).expect("JSON values always serialise"),
                });
            }
        }
    }
    let mut path_and_query = path;
    if !query.is_empty() {
        let encoded: Vec<String> = query
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(k, QUERY),
                    utf8_percent_encode(v, QUERY)
                )
            })
            .collect();
        path_and_query.push('?');
        path_and_query.push_str(&encoded.join("&"));
    }
    let body = if let Some(raw) = payload {
        headers.push(("content-type".into(), "application/octet-stream".into()));
        raw
    } else if has_body_members {
        headers.push(("content-type".into(), "application/json".into()));
        serde_json::to_vec(&Value::Object(body_members)).expect("JSON values always serialise")
    } else {
        Vec::new()
    };
    Ok(HttpRequest {
        method: op.method.clone(),
        path_and_query,
        headers,
        body,
    })
}
