//! The four targets as plain functions of the fuzz input.

pub mod model;
pub mod raw_request;
pub mod responses;
pub mod sequence;

use lambda_conformance::client::{Exchange, RecordedRequest, RecordedResponse};
use serde_json::Value;

/// An exchange around a response that did not come over HTTP.
pub fn synthetic_exchange(operation: &str, input: &Value, response: RecordedResponse) -> Exchange {
    Exchange {
        operation: operation.to_string(),
        input: input.clone(),
        request: RecordedRequest {
            method: String::new(),
            url: String::new(),
            headers: vec![],
            body: String::new(),
        },
        outcome: Ok(response),
        elapsed_ms: 0,
    }
}

/// The wire form of a model response, as the embedded endpoint sends it.
pub fn wire_response(resp: &lambda_model::Response) -> RecordedResponse {
    let mut headers: Vec<(String, String)> = resp
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    let body = match &resp.body {
        lambda_model::Body::Empty => Vec::new(),
        lambda_model::Body::Json(v) => serde_json::to_vec(v).unwrap_or_default(),
        lambda_model::Body::Raw(b) => b.clone(),
    };
    if !matches!(resp.body, lambda_model::Body::Empty)
        && !headers.iter().any(|(k, _)| k == "content-type")
    {
        headers.push(("content-type".into(), "application/json".into()));
    }
    RecordedResponse::new(resp.status, headers, &body)
}

/// The body bytes of a recorded response (its transcript text, undoing the base64 of non-UTF-8 bodies).
pub fn responses_body(r: &RecordedResponse) -> Vec<u8> {
    use base64::Engine;
    match r.body.strip_prefix("base64:") {
        Some(b) => base64::engine::general_purpose::STANDARD
            .decode(b)
            .unwrap_or_default(),
        None => r.body.clone().into_bytes(),
    }
}
