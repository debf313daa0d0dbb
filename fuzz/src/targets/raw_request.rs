//! `raw_request`: schema-shaped inputs and raw bytes sent to the endpoint.
//! The endpoint must answer every request with a well-formed 4xx error (a
//! code and a JSON object body) or a success, never a 5xx, a hang (no answer
//! within `LC_FUZZ_TIMEOUT_SECS`) or a dropped connection. Requests sent as
//! the harness builds them also get every contract check of `run`.
//!
//! Flag bits 1-4 of a record choose a wire mutation (see [`Mutation`]).

use crate::env;
use crate::generate::Memory;
use crate::records::{self, MAX_RECORDS};
use crate::reproducer::fail;
use arbitrary::Unstructured;
use lambda_conformance::catalog::Location;
use lambda_conformance::checks::check_exchange;
use lambda_conformance::client::{Exchange, HttpRequest, build_request};
use lambda_conformance::runner::Step;
use serde_json::{Value, json};
use std::time::Instant;

/// How a request is bent before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// Sent as built: every contract check applies.
    None,
    /// No Content-Type header.
    DropContentType,
    /// Another Content-Type.
    ContentType,
    /// The body replaced by fuzz bytes.
    Body,
    /// The body cut short.
    Truncate,
    /// Another HTTP method.
    Method,
    /// Junk appended to the path.
    PathSuffix,
    /// An extra query parameter.
    Query,
    /// A whole path from fuzz bytes under /2015-03-31/.
    RawPath,
    /// An extra Lambda header with a junk value.
    Header,
}

impl Mutation {
    fn from_flags(flags: u8) -> Mutation {
        match (flags >> 1) & 0x0f {
            1 => Mutation::DropContentType,
            2 => Mutation::ContentType,
            3 => Mutation::Body,
            4 => Mutation::Truncate,
            5 => Mutation::Method,
            6 => Mutation::PathSuffix,
            7 => Mutation::Query,
            8 => Mutation::RawPath,
            9 => Mutation::Header,
            _ => Mutation::None,
        }
    }
}

fn percent(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~$:".contains(b) {
                (*b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn junk<'a>(u: &mut Unstructured<'a>, max: usize) -> &'a [u8] {
    let n = u.int_in_range(0..=max).unwrap_or(0).min(u.len());
    u.bytes(n).unwrap_or(&[])
}

fn mutate(req: &mut HttpRequest, m: Mutation, u: &mut Unstructured) {
    match m {
        Mutation::None => {}
        Mutation::DropContentType => req.headers.retain(|(k, _)| k != "content-type"),
        Mutation::ContentType => {
            req.headers.retain(|(k, _)| k != "content-type");
            let ct = [
                "text/plain",
                "application/x-amz-json-1.1",
                "application/json; charset=latin1",
                "multipart/form-data",
                "*/*",
            ];
            req.headers.push((
                "content-type".into(),
                ct[u.choose_index(ct.len()).unwrap_or(0)].into(),
            ));
        }
        Mutation::Body => {
            req.body = junk(u, 512).to_vec();
            if u.arbitrary::<bool>().unwrap_or(false) && req.body.is_empty() {
                req.body = b"{\"a\":".to_vec();
            }
        }
        Mutation::Truncate => {
            let keep = u.int_in_range(0..=req.body.len()).unwrap_or(0);
            req.body.truncate(keep);
        }
        Mutation::Method => {
            let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
            req.method = methods[u.choose_index(methods.len()).unwrap_or(0)].into();
        }
        Mutation::PathSuffix => {
            let (path, query) = match req.path_and_query.split_once('?') {
                Some((p, q)) => (p.to_string(), format!("?{q}")),
                None => (req.path_and_query.clone(), String::new()),
            };
            let sep = if u.arbitrary::<bool>().unwrap_or(false) {
                "/"
            } else {
                ""
            };
            req.path_and_query = format!("{path}{sep}{}{query}", percent(junk(u, 40)));
        }
        Mutation::Query => {
            let key = ["Qualifier", "MaxItems", "Marker", "FunctionVersion", "x"];
            let k = key[u.choose_index(key.len()).unwrap_or(0)];
            let sep = if req.path_and_query.contains('?') {
                '&'
            } else {
                '?'
            };
            req.path_and_query = format!("{}{sep}{k}={}", req.path_and_query, percent(junk(u, 40)));
        }
        Mutation::RawPath => {
            req.path_and_query =
                format!("/2015-03-31/{}", percent(junk(u, 80)).replace("%2F", "/"));
        }
        Mutation::Header => {
            let names = [
                "x-amz-invocation-type",
                "x-amz-log-type",
                "x-amz-client-context",
                "content-length",
                "x-amz-target",
            ];
            let name = names[u.choose_index(names.len()).unwrap_or(0)];
            if name == "content-length" {
                return; // a wrong length is a client error the HTTP stack refuses to send
            }
            let v: String = junk(u, 40)
                .iter()
                .map(|b| char::from(b' ' + b % 95))
                .collect();
            req.headers.push((name.into(), v));
        }
    }
}

fn as_step(n: usize, exchange: Exchange) -> Step {
    Step {
        step: format!("fuzz-{n}"),
        expected: None,
        exchange,
        concurrent: false,
    }
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let client = env::client();
    let mut u = Unstructured::new(data);
    let mut memory = Memory::default();
    let mut steps: Vec<Step> = Vec::new();
    let mut history: Vec<Value> = Vec::new();
    for n in 0..MAX_RECORDS {
        let Some(rec) = records::next(&mut u, &memory) else {
            break;
        };
        let op = &rec.op;
        let Ok(mut req) = build_request(op, &rec.input) else {
            continue;
        };
        let mut mutation = Mutation::from_flags(rec.flags);
        // An empty, `.` or `..` URI label makes a path no SDK sends (SDKs refuse
        // empty labels; `..` is resolved away): only the malformed-request checks apply.
        let odd_label = op.input_at(Location::Uri).any(|m| {
            matches!(
                rec.input.get(&m.name).and_then(Value::as_str),
                Some("" | "." | "..")
            )
        });
        if odd_label && mutation == Mutation::None {
            mutation = Mutation::PathSuffix;
        }
        mutate(&mut req, mutation, &mut u);
        history.push(json!({"operation": op.name, "mutation": format!("{mutation:?}"), "method": req.method, "path": req.path_and_query, "headers": req.headers, "body": String::from_utf8_lossy(&req.body)}));
        let started = Instant::now();
        let (request, outcome) = env::runtime().block_on(client.send("lambda", req));
        let exchange = Exchange {
            operation: op.name.clone(),
            input: rec.input.clone(),
            request,
            outcome,
            elapsed_ms: started.elapsed().as_millis() as u64,
        };
        steps.push(as_step(n, exchange.clone()));
        let resp = match &exchange.outcome {
            Err(e) => fail(
                "raw_request",
                &format!("{}: no answer: {e}", op.name),
                &history,
                &steps,
            ),
            Ok(r) => r,
        };
        if let Some(body) = &resp.json {
            memory.learn(body);
        }
        if mutation == Mutation::None {
            let violations = check_exchange(op, &exchange, None);
            let failing: Vec<_> = violations
                .iter()
                .filter(|v| env::fails(&op.name, v))
                .collect();
            if let Some(v) = failing.first() {
                fail(
                    "raw_request",
                    &format!(
                        "{}: {} check failed: expected {}, got {} ({})",
                        op.name,
                        v.check.name(),
                        v.expected,
                        v.actual,
                        v.detail
                    ),
                    &history,
                    &steps,
                );
            }
        } else if resp.status >= 500 {
            fail(
                "raw_request",
                &format!(
                    "{}: answered {} to a malformed request",
                    op.name, resp.status
                ),
                &history,
                &steps,
            );
        } else if resp.status >= 400 {
            if resp.error_code().is_none() {
                fail(
                    "raw_request",
                    &format!("{}: {} without an error code", op.name, resp.status),
                    &history,
                    &steps,
                );
            }
            if !resp.json.as_ref().is_some_and(Value::is_object) {
                fail(
                    "raw_request",
                    &format!(
                        "{}: {} error body is not a JSON object",
                        op.name, resp.status
                    ),
                    &history,
                    &steps,
                );
            }
        }
    }
}
