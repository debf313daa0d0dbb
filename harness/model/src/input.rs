//! Typed access to decoded request members.

use serde_json::{Map, Value};

/// Read-only view of a request's input members.
#[derive(Clone, Copy)]
pub struct Input<'a>(pub &'a Map<String, Value>);

impl<'a> Input<'a> {
    /// A string member (absent or non-string → None).
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.0.get(key).and_then(Value::as_str)
    }
    /// A string member that must be present (empty string when absent).
    pub fn req(&self, key: &str) -> &'a str {
        self.str(key).unwrap_or("")
    }
    /// An integer member; accepts numbers and numeric strings (query strings).
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.0.get(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
    /// A boolean member; accepts booleans and "true"/"false" strings.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.0.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
    /// Any member as raw JSON.
    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }
    /// An object member.
    pub fn obj(&self, key: &str) -> Option<&'a Map<String, Value>> {
        self.0.get(key).and_then(Value::as_object)
    }
}

/// Decodes a base64 blob member; falls back to the raw bytes if it is not base64.
pub fn decode_blob(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .unwrap_or_else(|_| s.as_bytes().to_vec())
}
