//! `responses`: the harness's own handling of whatever an endpoint answers
//! never panics: response parsing (`RecordedResponse::new`, JSON detection,
//! body transcripts), error decoding (`error_code`, `error_message`), the
//! contract checks with their schema validation, finding signatures
//! (`findings::normalise`, which recognises timestamps, ARNs, UUIDs), and
//! every report (JSON, JUnit, Markdown, terminal, `aws lambda` scripts). The
//! JSON report must parse back.
//!
//! Input: `[operation byte][status u16][header count]` then per header a name
//! byte and a length-prefixed value, then a body mode byte: 0 the rest as raw
//! bytes, 1 a JSON body generated from the success schema, 2 from one of the
//! operation's error schemas, 3 no response at all (a transport error).

use super::synthetic_exchange;
use crate::generate::{Generator, Memory};
use crate::records;
use arbitrary::Unstructured;
use lambda_conformance::catalog::Catalog;
use lambda_conformance::checks::check_exchange;
use lambda_conformance::client::{RecordedResponse, TransportError};
use lambda_conformance::findings::{Finding, normalise};
use lambda_conformance::report::{json, junit, markdown, reproduce, terminal};
use lambda_conformance::runner::{RunResult, Step, Transcript};
use serde_json::Value;

const HEADERS: [&str; 8] = [
    "content-type",
    "x-amzn-errortype",
    "x-amzn-requestid",
    "x-amz-function-error",
    "x-amz-executed-version",
    "x-amz-log-result",
    "X-Amzn-ErrorType",
    "content-length",
];

const VALUES: [&str; 8] = [
    "application/json",
    "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/",
    "com.amazon#ValidationException",
    "Unhandled",
    "$LATEST",
    "application/json; charset=utf-8",
    "",
    ":",
];

/// Runs one input.
pub fn run(data: &[u8]) {
    let catalog = Catalog::embedded();
    let mut u = Unstructured::new(data);
    let op = records::operation(u.arbitrary::<u8>().unwrap_or(0));
    let status = u.arbitrary::<u16>().unwrap_or(200);
    let n = u.arbitrary::<u8>().unwrap_or(0) % 6;
    let mut headers = Vec::new();
    for _ in 0..n {
        let name = HEADERS[u.arbitrary::<u8>().unwrap_or(0) as usize % HEADERS.len()];
        let pick = u.arbitrary::<u8>().unwrap_or(0);
        let value = if (pick as usize) < VALUES.len() {
            VALUES[pick as usize].to_string()
        } else {
            let len = (pick as usize % 64).min(u.len());
            String::from_utf8_lossy(u.bytes(len).unwrap_or(&[])).into_owned()
        };
        headers.push((name.to_string(), value));
    }
    let memory = Memory::default();
    let generator = Generator::new(&op.schema, &memory);
    let mode = u.arbitrary::<u8>().unwrap_or(0) % 4;
    let input = generator.def(&mut Unstructured::new(&[]), "Input");
    let outcome = match mode {
        0 => Ok(RecordedResponse::new(status, headers, u.take_rest())),
        1 => {
            let body = serde_json::to_vec(&generator.def(&mut u, "OutputBody")).unwrap_or_default();
            Ok(RecordedResponse::new(status, headers, &body))
        }
        2 => {
            let code = &op.errors
                [u.choose_index(op.errors.len().max(1)).unwrap_or(0) % op.errors.len().max(1)];
            let mut body = generator.def(&mut u, &format!("Error.{}", code.code));
            if let Some(o) = body.as_object_mut()
                && u.arbitrary::<bool>().unwrap_or(true)
            {
                o.insert("__type".into(), Value::String(code.code.clone()));
            }
            Ok(RecordedResponse::new(
                status,
                headers,
                &serde_json::to_vec(&body).unwrap_or_default(),
            ))
        }
        _ => {
            let text = String::from_utf8_lossy(u.take_rest()).into_owned();
            Err(match status % 3 {
                0 => TransportError::Timeout(text),
                1 => TransportError::Connect(text),
                _ => TransportError::Other(text),
            })
        }
    };
    let mut exchange = synthetic_exchange(&op.name, &input, RecordedResponse::new(0, vec![], b""));
    exchange.outcome = outcome;
    if let Ok(r) = &exchange.outcome {
        let _ = (r.error_code(), r.error_message(), r.header("content-type"));
        let _ = normalise(&r.body);
    }
    let violations = check_exchange(&op, &exchange, None);
    let findings: Vec<Finding> = violations
        .into_iter()
        .map(|v| {
            Finding::new(
                v.check, &op.name, "fuzz", v.expected, v.actual, v.detail, v.evidence, 0,
            )
        })
        .collect();
    let transcript = Transcript {
        steps: vec![Step {
            step: "fuzz".into(),
            expected: None,
            exchange,
            concurrent: false,
        }],
        findings,
        notes: vec![],
        rules: Default::default(),
    };
    let result = RunResult::from_transcript(
        transcript,
        "http://127.0.0.1:1".into(),
        "us-east-1".into(),
        "lc-fuzz00-".into(),
        false,
        0.0,
        None,
    );
    let report = json::render(&result, catalog);
    if let Err(e) = serde_json::from_str::<Value>(&report) {
        panic!("the JSON report does not parse: {e}\n{report}");
    }
    let _ = junit::render(&result);
    let _ = markdown::render(&result, catalog);
    let _ = lambda_conformance::report::html::render(&result, catalog);
    let _ = terminal::summary(&result, &[]);
    let _ = reproduce::script(&result, 0, catalog);
}
