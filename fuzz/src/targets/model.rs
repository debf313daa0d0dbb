//! `model`: the reference model never panics and keeps its invariants under
//! arbitrary operation sequences. Inputs go through the same constraint
//! validation as the embedded endpoint (invalid ones are answered by the HTTP
//! layer and never reach the model), then:
//! * every response passes the harness's contract checks (`check_exchange`):
//!   status in the operation's declared set, declared error codes with their
//!   status, message member, content type, output schema;
//! * `Response::error_code` is set exactly for errors and equals the code on the wire;
//! * published version numbers only grow (reset when the function is deleted),
//!   and ListVersionsByFunction lists them in increasing order;
//! * GetFunctionConfiguration finds a function exactly when it was created
//!   and not deleted since;
//! * the model is deterministic: the same requests on a fresh model give the
//!   same responses.

use super::{synthetic_exchange, wire_response};
use crate::generate::Memory;
use crate::records::{self, MAX_RECORDS};
use crate::reproducer::fail;
use arbitrary::Unstructured;
use lambda_conformance::checks::check_exchange;
use lambda_conformance::oracle::validate;
use lambda_model::{Config, Model, Request, Response};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A plain function name (no ARN, no qualifier), or None.
fn plain_name(input: &Value) -> Option<String> {
    input
        .get("FunctionName")
        .and_then(Value::as_str)
        .filter(|n| !n.contains(':'))
        .map(str::to_string)
}

fn summary(r: &Response) -> Value {
    json!({"status": r.status, "error_code": r.error_code, "body": format!("{:?}", r.body)})
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut model = Model::new(Config::default());
    let mut memory = Memory::default();
    let mut history: Vec<Value> = Vec::new();
    let mut applied: Vec<(Request, Response)> = Vec::new();
    let mut max_version: BTreeMap<String, u64> = BTreeMap::new();
    let mut exists: BTreeSet<String> = BTreeSet::new();
    while applied.len() < MAX_RECORDS {
        let Some(rec) = records::next(&mut u, &memory) else {
            break;
        };
        let op = &rec.op;
        if validate::validate(op, &rec.input).is_some() {
            continue;
        }
        let request = Request::new(&op.name, rec.input.clone());
        let resp = model.apply(&request);
        history.push(json!({"operation": op.name, "input": rec.input, "response": summary(&resp)}));
        let wire = wire_response(&resp);
        let bad = |what: String| -> ! { fail("model", &what, &history, &[]) };

        // Contract checks, as `run` applies them to an endpoint.
        let exchange = synthetic_exchange(&op.name, &rec.input, wire.clone());
        let violations = check_exchange(op, &exchange, None);
        if let Some(v) = violations.iter().find(|v| crate::env::fails(&op.name, v)) {
            bad(format!(
                "{}: the model's response fails the {} check: expected {}, got {} ({})",
                op.name,
                v.check.name(),
                v.expected,
                v.actual,
                v.detail
            ));
        }
        // The stated error code is the one on the wire.
        match (&resp.error_code, resp.status >= 400) {
            (Some(code), true) if wire.error_code().as_deref() != Some(code.as_str()) => {
                bad(format!(
                    "{}: error_code {code} but the wire says {:?}",
                    op.name,
                    wire.error_code()
                ))
            }
            (None, true) => bad(format!(
                "{}: status {} without error_code",
                op.name, resp.status
            )),
            (Some(code), false) => bad(format!(
                "{}: success {} with error_code {code}",
                op.name, resp.status
            )),
            _ => {}
        }
        if let Some(body) = resp.json_body() {
            memory.learn(body);
        }
        let success = resp.status < 300;
        let name = plain_name(&rec.input);
        match (op.name.as_str(), success, &name) {
            ("CreateFunction", true, Some(n)) => {
                exists.insert(n.clone());
            }
            ("DeleteFunction", true, Some(n)) if rec.input.get("Qualifier").is_none() => {
                exists.remove(n);
                max_version.remove(n);
            }
            ("PublishVersion", true, Some(n)) => {
                let v = resp
                    .json_body()
                    .and_then(|b| b.get("Version"))
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or_else(|| bad("PublishVersion: Version is not a number".into()));
                let prev = max_version.get(n).copied().unwrap_or(0);
                if v < prev {
                    bad(format!(
                        "PublishVersion of {n}: version {v} after version {prev}"
                    ));
                }
                max_version.insert(n.clone(), v);
            }
            ("ListVersionsByFunction", true, Some(n)) => {
                let listed: Vec<u64> = resp
                    .json_body()
                    .and_then(|b| b.get("Versions"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.get("Version").and_then(Value::as_str))
                    .filter_map(|s| s.parse::<u64>().ok())
                    .collect();
                if listed.windows(2).any(|w| w[0] >= w[1]) {
                    bad(format!(
                        "ListVersionsByFunction of {n}: versions out of order {listed:?}"
                    ));
                }
                let max = max_version.get(n).copied().unwrap_or(0);
                if listed.iter().any(|v| *v > max) {
                    bad(format!(
                        "ListVersionsByFunction of {n}: {listed:?} lists a version above the last published {max}"
                    ));
                }
            }
            ("GetFunctionConfiguration", _, Some(n)) if rec.input.get("Qualifier").is_none() => {
                let expected = if exists.contains(n) { 200 } else { 404 };
                if resp.status != expected {
                    bad(format!(
                        "GetFunctionConfiguration of {n}: status {} but the function {}",
                        resp.status,
                        if exists.contains(n) {
                            "exists"
                        } else {
                            "does not exist"
                        }
                    ));
                }
            }
            _ => {}
        }
        applied.push((request, resp));
    }
    // Determinism: a fresh model answers the same requests the same way.
    let mut again = Model::new(Config::default());
    for (i, (request, first)) in applied.iter().enumerate() {
        let second = again.apply(request);
        if second.status != first.status
            || second.body != first.body
            || second.error_code != first.error_code
        {
            fail(
                "model",
                &format!(
                    "not deterministic at request {i} ({}): {} then {}",
                    request.operation,
                    summary(first),
                    summary(&second)
                ),
                &history,
                &[],
            );
        }
    }
}
