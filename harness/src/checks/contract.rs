//! Contract checks that need nothing but the operation's schema.

use super::Violation;
use crate::catalog::Operation;
use crate::client::{Exchange, RecordedResponse, TransportError};
use crate::findings::{CheckKind, Evidence};
use serde_json::Value;

fn violation(
    check: CheckKind,
    expected: impl Into<String>,
    actual: impl Into<String>,
    detail: impl Into<String>,
    evidence: Evidence,
) -> Violation {
    Violation {
        check,
        expected: expected.into(),
        actual: actual.into(),
        detail: detail.into(),
        evidence,
    }
}

/// All contract checks for one exchange. `expects_success` is true when AWS
/// answers this request with success: an error body then has no AWS
/// counterpart to compare its shape with.
///
/// `expects_error` is true when AWS answers this request with an error: a
/// success then is reported once, by the expectation check, not as a wrong
/// success status.
pub fn check(
    op: &Operation,
    ex: &Exchange,
    expects_success: bool,
    expects_error: bool,
) -> Vec<Violation> {
    let resp = match &ex.outcome {
        Ok(r) => r,
        Err(e) => return vec![transport(e)],
    };
    let mut out = Vec::new();
    if resp.status >= 500 {
        out.push(violation(
            CheckKind::ServerError,
            "no 5xx answer",
            format!("{} {}", resp.status, resp.error_code().unwrap_or_default())
                .trim_end()
                .to_string(),
            resp.error_message()
                .unwrap_or_else(|| resp.body.chars().take(300).collect()),
            Evidence::documented("a 5xx is a fault of the endpoint, never a conforming answer"),
        ));
        return out;
    }
    if resp.status < 400 {
        out.extend(
            success(op, ex, resp)
                .into_iter()
                // Where AWS answers an error, the success is one finding (the
                // expectation's); its status and a body echoing the rejected value are not more.
                .filter(|v| {
                    !(expects_error
                        && matches!(
                            v.check,
                            CheckKind::Status | CheckKind::Schema | CheckKind::Format
                        ))
                }),
        );
    } else {
        out.extend(error(op, resp, expects_success));
    }
    out
}

fn transport(e: &TransportError) -> Violation {
    violation(
        CheckKind::Transport,
        "a complete HTTP response",
        match e {
            TransportError::Timeout(_) => "no response within the timeout".to_string(),
            TransportError::Connect(_) => "connection failed".to_string(),
            TransportError::Other(_) => "connection broken or response unreadable".to_string(),
            TransportError::Stopped(_) => "not answered before the run stopped".to_string(),
            TransportError::NotSent(_) => "not sent: the operation hangs".to_string(),
        },
        e.to_string(),
        Evidence::documented("HTTP: every request gets a response"),
    )
}

fn success(op: &Operation, ex: &Exchange, resp: &RecordedResponse) -> Vec<Violation> {
    let mut out = Vec::new();
    let expected = op.success_status(&ex.input);
    if resp.status != expected {
        let evidence = if op.success.evidence == "model" {
            Evidence::documented(format!("service model: {} answers {expected}", op.name))
        } else {
            Evidence::recorded(op.success.evidence.clone())
        };
        out.push(violation(
            CheckKind::Status,
            format!("status {expected}"),
            format!("status {}", resp.status),
            "",
            evidence,
        ));
    }
    if let Some(validator) = op.output_body_validator() {
        let schema_evidence =
            || Evidence::documented(format!("service model: output shape of {}", op.name));
        match &resp.json {
            Some(body) => {
                out.extend(content_type(resp));
                let body = &without_nulls(body);
                let errors: Vec<String> = validator
                    .iter_errors(body)
                    .filter(|e| !is_new_enum_value(e))
                    .map(|e| format!("{}: {}", display_path(&e.instance_path().to_string()), e))
                    .collect();
                if !errors.is_empty() {
                    out.push(violation(
                        CheckKind::Schema,
                        "body valid against the output schema",
                        first_error_summary(&errors),
                        errors.join("\n"),
                        schema_evidence(),
                    ));
                }
                out.extend(super::formats::check(body));
            }
            None if resp.body_len == 0 && expected == 204 => {}
            None if resp.body_len == 0 && resp.status == 204 => {}
            None => out.push(violation(
                CheckKind::Schema,
                "a JSON object body",
                if resp.body_len == 0 {
                    "an empty body".to_string()
                } else {
                    "a body that is not JSON".to_string()
                },
                resp.body.chars().take(300).collect::<String>(),
                schema_evidence(),
            )),
        }
    }
    out
}

fn error(op: &Operation, resp: &RecordedResponse, expects_success: bool) -> Vec<Violation> {
    let mut out = Vec::new();
    let code = resp.error_code();
    let declared_list = || {
        let mut codes: Vec<String> = op
            .errors
            .iter()
            .filter(|e| e.source == "model")
            .map(|e| e.code.clone())
            .collect();
        codes.sort();
        codes.join(", ")
    };
    let Some(code) = code else {
        out.push(violation(
            CheckKind::ErrorCode,
            "an error code (x-amzn-ErrorType header or __type in the body)",
            format!("status {} without an error code", resp.status),
            resp.body.chars().take(300).collect::<String>(),
            Evidence::documented("REST-JSON protocol: errors carry their code"),
        ));
        if !expects_success {
            out.extend(error_body(op, resp, None));
        }
        return out;
    };
    match op.error(&code) {
        None => out.push(violation(
            CheckKind::ErrorCode,
            format!("a declared error code ({})", declared_list()),
            format!("{} {code}", resp.status),
            resp.error_message().unwrap_or_default(),
            Evidence::documented(format!("service model: errors of {}", op.name)),
        )),
        Some(decl) if decl.status != resp.status => out.push(violation(
            CheckKind::ErrorCode,
            format!("{code} with status {}", decl.status),
            format!("{code} with status {}", resp.status),
            resp.error_message().unwrap_or_default(),
            if decl.source == "model" {
                Evidence::documented(format!(
                    "service model: {code} is sent with {}",
                    decl.status
                ))
            } else {
                Evidence::recorded(decl.source.clone())
            },
        )),
        Some(_) => {}
    }
    if !expects_success {
        out.extend(error_body(op, resp, Some(&code)));
    }
    out
}

fn error_body(op: &Operation, resp: &RecordedResponse, code: Option<&str>) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(body) = &resp.json else {
        out.push(violation(
            CheckKind::ErrorBody,
            "a JSON object error body",
            if resp.body_len == 0 {
                "an empty body".to_string()
            } else {
                "a body that is not JSON".to_string()
            },
            resp.body.chars().take(300).collect::<String>(),
            Evidence::recorded("FMT-002/FMT-003: AWS error bodies are JSON objects with a message"),
        ));
        return out;
    };
    out.extend(content_type(resp));
    let Some(obj) = body.as_object() else {
        out.push(violation(
            CheckKind::ErrorBody,
            "a JSON object error body",
            format!("JSON {}", json_kind(body)),
            resp.body.chars().take(300).collect::<String>(),
            Evidence::recorded("FMT-002/FMT-003: AWS error bodies are JSON objects with a message"),
        ));
        return out;
    };
    let decl = code.and_then(|c| op.error(c));
    if let Some(member) = decl.and_then(|d| d.message_member.as_deref()) {
        match obj.get(member) {
            Some(Value::String(_)) => {}
            Some(other) => out.push(violation(
                CheckKind::ErrorBody,
                format!("`{member}` is a string"),
                format!("`{member}` is {}", json_kind(other)),
                "",
                Evidence::documented("service model: error shape members"),
            )),
            None => {
                let other = if member == "message" {
                    "Message"
                } else {
                    "message"
                };
                let actual = if obj.contains_key(other) {
                    format!("message in `{other}`")
                } else {
                    "no message member".to_string()
                };
                out.push(violation(
                    CheckKind::ErrorBody,
                    format!("message in `{member}`"),
                    actual,
                    resp.body.chars().take(300).collect::<String>(),
                    Evidence::documented(format!(
                        "service model: {} carries its message in `{member}` (AWS sends it so, e.g. FN-005 recorded)",
                        code.unwrap_or("this error")
                    )),
                ));
            }
        }
    }
    if let Some(validator) = code.and_then(|c| op.error_validator(c)) {
        let body = &without_nulls(body);
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{}: {}", display_path(&e.instance_path().to_string()), e))
            .collect();
        if !errors.is_empty() {
            out.push(violation(
                CheckKind::Schema,
                "error body valid against the error's schema",
                first_error_summary(&errors),
                errors.join("\n"),
                Evidence::documented("service model: error shape"),
            ));
        }
    }
    out
}

fn content_type(resp: &RecordedResponse) -> Option<Violation> {
    let ct = resp.header("content-type").unwrap_or("");
    let media = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    (media != "application/json").then(|| {
        violation(
            CheckKind::ContentType,
            "Content-Type application/json",
            if ct.is_empty() {
                "no Content-Type".to_string()
            } else {
                format!("Content-Type {ct}")
            },
            "",
            Evidence::documented("REST-JSON protocol: JSON bodies are application/json"),
        )
    })
}

/// Whether a schema error is a non-empty string outside an enum: AWS adds
/// enum values (runtimes, states) before a service model shows them, so such
/// a value is not evidence of a deviation.
fn is_new_enum_value(e: &jsonschema::ValidationError<'_>) -> bool {
    matches!(
        e.kind(),
        jsonschema::error::ValidationErrorKind::Enum { .. }
    ) && e.instance().as_str().is_some_and(|s| !s.is_empty())
}

/// The body with `null` members removed: SDKs read a null member as absent,
/// so a null is not a deviation that a client can see.
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn display_path(p: &str) -> String {
    if p.is_empty() {
        "(body)".into()
    } else {
        p.to_string()
    }
}

/// A short, normalisable summary of the first schema error: the path and the
/// kind of problem without the offending value.
fn first_error_summary(errors: &[String]) -> String {
    let first = &errors[0];
    let (path, message) = first.split_once(": ").unwrap_or(("(body)", first));
    let kind = if message.contains("is not of type") {
        format!(
            "wrong type ({})",
            message.rsplit("is not of type").next().unwrap_or("").trim()
        )
    } else if message.contains("is a required property") {
        format!(
            "missing required {}",
            message.split(" is a required").next().unwrap_or("")
        )
    } else if message.contains("is not one of") {
        "value outside the enum".to_string()
    } else if message.contains("does not match") {
        "value does not match the pattern".to_string()
    } else if message.contains("longer than") || message.contains("shorter than") {
        "length out of bounds".to_string()
    } else if message.contains("less than") || message.contains("greater than") {
        "value out of range".to_string()
    } else {
        "invalid".to_string()
    };
    // The count of further errors stays out of the summary (it is in the
    // detail), so that the finding's signature does not depend on it; so do
    // list positions (`/Functions/3/FunctionArn` is `/Functions/*/FunctionArn`):
    // where an item is listed depends on what else the account holds and on
    // how the run's random prefix sorts among it.
    format!("{}: {kind}", without_positions(path))
}

/// A JSON pointer with each all-digit segment (a list position) replaced by `*`.
fn without_positions(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
