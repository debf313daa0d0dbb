//! Decoding an HTTP request into an operation input, by the catalog's bindings
//! (the inverse of [`crate::client::build_request`]).

use crate::catalog::{Location, Operation};
use base64::Engine;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Why a request cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Error code to answer with.
    pub code: &'static str,
    /// Message.
    pub message: String,
}

/// A scalar from a URI label, query string or header, typed by the member's shape.
fn typed(shape_type: &str, raw: &str) -> Value {
    match shape_type {
        "integer" | "long" => raw
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(raw.into())),
        "boolean" => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(raw.into()),
        },
        _ => Value::String(raw.into()),
    }
}

/// Builds the input object (members by model name).
pub fn decode(
    op: &Operation,
    labels: &BTreeMap<String, String>,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Map<String, Value>, DecodeError> {
    let mut input = Map::new();
    for m in &op.input {
        match m.location {
            Location::Uri => {
                if let Some(v) = labels.get(&m.wire_name) {
                    input.insert(m.name.clone(), typed(&m.shape_type, v));
                }
            }
            Location::Query => {
                let values: Vec<&String> = query
                    .iter()
                    .filter(|(k, _)| *k == m.wire_name)
                    .map(|(_, v)| v)
                    .collect();
                // A list member repeats its key, one value each (e.g. UntagResource's tagKeys).
                if m.shape_type == "list" {
                    if !values.is_empty() {
                        let items = values.iter().map(|v| Value::String(v.to_string()));
                        input.insert(m.name.clone(), Value::Array(items.collect()));
                    }
                } else if let Some(v) = values.first() {
                    input.insert(m.name.clone(), typed(&m.shape_type, v));
                }
            }
            Location::Header => {
                if let Some((_, v)) = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&m.wire_name))
                {
                    input.insert(m.name.clone(), typed(&m.shape_type, v));
                }
            }
            Location::Payload => {
                if !body.is_empty() || m.required {
                    input.insert(
                        m.name.clone(),
                        Value::String(base64::engine::general_purpose::STANDARD.encode(body)),
                    );
                }
            }
            Location::Body | Location::StatusCode => {}
        }
    }
    let has_body_members = op.input.iter().any(|m| m.location == Location::Body);
    if has_body_members && !body.is_empty() {
        // Inferred: AWS answers unparseable JSON with a 400 (documented error
        // InvalidRequestContentException on the operations that declare it).
        let parsed: Value = serde_json::from_slice(body).map_err(|e| DecodeError {
            code: "InvalidRequestContentException",
            message: format!("Could not parse request body into json: {e}"),
        })?;
        let Value::Object(members) = parsed else {
            return Err(DecodeError {
                code: "InvalidRequestContentException",
                message: "Could not parse request body into json: the body is not a JSON object"
                    .into(),
            });
        };
        for m in op.input.iter().filter(|m| m.location == Location::Body) {
            if let Some(v) = members.get(&m.wire_name).filter(|v| !v.is_null()) {
                input.insert(m.name.clone(), v.clone());
            }
        }
    }
    Ok(input)
}
