//! Malformed requests no schema describes: bodies that are not JSON, JSON
//! of the wrong shape, unknown or missing members, a wrong Content-Type,
//! broken deployment packages, Invoke payloads that are not JSON or too
//! large. The endpoint must answer each with AWS's well-formed 4xx error,
//! never a 5xx, a hang or a dropped connection (the contract checks report
//! those); a wrong 4xx code is a finding on the evidence of the expectation.

use super::coverage::{Outcome, Row};
use super::probe::Prober;
use super::values::Side;
use crate::catalog::Catalog;
use crate::checks::Violation;
use crate::client::{Exchange, HttpRequest, build_request};
use crate::findings::{CheckKind, Evidence};
use crate::oracle;
use crate::session::Probe;
use crate::session::wait_ready;
use base64::Engine;
use serde_json::{Value, json};

/// How a case changes the request its input binds to.
enum Change {
    /// None: the input itself is malformed (a wrong JSON type, a broken package).
    Nothing,
    /// Replace the body with these bytes.
    Body(Vec<u8>),
    /// Replace the Content-Type header.
    ContentType(&'static str),
}

/// One malformed request.
struct Malformed {
    /// Row name in the coverage table.
    name: &'static str,
    operation: &'static str,
    /// Input bound to the request (and shown in the transcript).
    input: Value,
    /// The input as AWS would read it, for the model's prediction (null: unreadable).
    model_input: Value,
    change: Change,
    /// When the model's rule for this case is not backed by AWS evidence.
    unknown: Option<&'static str>,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A JSON document of exactly `n` bytes.
fn json_of_size(n: usize) -> Vec<u8> {
    let mut v = b"{\"a\":\"".to_vec();
    v.resize(n.saturating_sub(2), b'x');
    v.extend_from_slice(b"\"}");
    v
}

fn cases(p: &Prober) -> Vec<Malformed> {
    let cx = &p.endpoint;
    let f = cx.function.clone();
    let create = |suffix: &str| {
        json!({
            "FunctionName": format!("{}bm{suffix}", cx.prefix),
            "Runtime": "python3.12",
            "Role": cx.role_arn,
            "Handler": "index.handler",
            "Code": {"ZipFile": cx.zip},
        })
    };
    let with = |mut v: Value, k: &str, x: Value| {
        v[k] = x;
        v
    };
    let invoke = |kind: &str, payload: Vec<u8>| json!({"FunctionName": f, "InvocationType": kind, "Payload": b64(&payload)});
    let shown = |kind: &str, n: usize| json!({"FunctionName": f, "InvocationType": kind, "Payload": format!("<{n} bytes>")});
    let update = json!({"FunctionName": f, "Description": "boundary"});
    let no_body_code = Some(
        "no recording of AWS's code for a body it cannot read (InvalidRequestContentException, SerializationException or ValidationException)",
    );
    vec![
        Malformed {
            name: "body is not JSON",
            operation: "CreateFunction",
            input: create("1"),
            model_input: Value::Null,
            change: Change::Body(b"{\"FunctionName\": ".to_vec()),
            unknown: no_body_code,
        },
        Malformed {
            name: "body is a JSON array, not an object",
            operation: "CreateFunction",
            input: create("2"),
            model_input: Value::Null,
            change: Change::Body(b"[]".to_vec()),
            unknown: no_body_code,
        },
        Malformed {
            name: "empty body",
            operation: "CreateFunction",
            input: create("3"),
            model_input: json!({}),
            change: Change::Body(Vec::new()),
            unknown: Some("no recording of an empty CreateFunction body on AWS"),
        },
        Malformed {
            name: "string where a number belongs (MemorySize)",
            operation: "CreateFunction",
            input: with(create("4"), "MemorySize", json!("abc")),
            model_input: with(create("4"), "MemorySize", json!("abc")),
            change: Change::Nothing,
            unknown: no_body_code,
        },
        Malformed {
            name: "required members missing (FunctionName, Role, Code)",
            operation: "CreateFunction",
            input: json!({"Runtime": "python3.12", "Handler": "index.handler"}),
            model_input: json!({"Runtime": "python3.12", "Handler": "index.handler"}),
            change: Change::Nothing,
            unknown: None,
        },
        Malformed {
            name: "unknown member in the body",
            operation: "UpdateFunctionConfiguration",
            input: with(update.clone(), "NotAMember", json!(1)),
            model_input: update.clone(),
            change: Change::Body(
                serde_json::to_vec(&json!({"Description": "boundary", "NotAMember": 1}))
                    .unwrap_or_default(),
            ),
            unknown: Some(
                "no recording of unknown members on AWS (JSON front ends usually ignore them)",
            ),
        },
        Malformed {
            name: "Content-Type text/plain",
            operation: "UpdateFunctionConfiguration",
            input: update.clone(),
            model_input: update,
            change: Change::ContentType("text/plain"),
            unknown: Some("no recording of a wrong Content-Type on AWS"),
        },
        Malformed {
            name: "ZipFile is not base64",
            operation: "CreateFunction",
            input: with(
                create("5"),
                "Code",
                json!({"ZipFile": "%%% not base64 %%%"}),
            ),
            model_input: with(
                create("5"),
                "Code",
                json!({"ZipFile": "%%% not base64 %%%"}),
            ),
            change: Change::Nothing,
            unknown: Some("no recording of a ZipFile that is not base64 (SDKs always encode it)"),
        },
        Malformed {
            name: "ZipFile is not a zip archive",
            operation: "CreateFunction",
            input: with(
                create("6"),
                "Code",
                json!({"ZipFile": b64(b"this is not a zipfile, just a random string")}),
            ),
            model_input: with(
                create("6"),
                "Code",
                json!({"ZipFile": b64(b"this is not a zipfile, just a random string")}),
            ),
            change: Change::Nothing,
            unknown: None,
        },
        Malformed {
            name: "Invoke payload is not JSON",
            operation: "Invoke",
            input: invoke("RequestResponse", b"not json".to_vec()),
            model_input: invoke("RequestResponse", b"not json".to_vec()),
            change: Change::Nothing,
            unknown: None,
        },
        Malformed {
            name: "Invoke payload over 6 MB (synchronous)",
            operation: "Invoke",
            input: shown("RequestResponse", 6_291_457),
            model_input: invoke("RequestResponse", json_of_size(6_291_457)),
            change: Change::Body(json_of_size(6_291_457)),
            unknown: None,
        },
        Malformed {
            name: "Invoke payload over 1 MB (asynchronous)",
            operation: "Invoke",
            input: shown("Event", 1_048_577),
            model_input: invoke("Event", json_of_size(1_048_577)),
            change: Change::Body(json_of_size(1_048_577)),
            unknown: None,
        },
        Malformed {
            name: "Invoke payload of 300 KB (asynchronous, within the 1 MB limit)",
            operation: "Invoke",
            input: shown("Event", 300_000),
            model_input: invoke("Event", json_of_size(300_000)),
            change: Change::Body(json_of_size(300_000)),
            unknown: None,
        },
        Malformed {
            name: "InvokeAsync arguments over 256 KB",
            operation: "InvokeAsync",
            input: json!({"FunctionName": f, "InvokeArgs": "<262145 bytes>"}),
            model_input: json!({"FunctionName": f, "InvokeArgs": b64(&json_of_size(262_145))}),
            change: Change::Body(json_of_size(262_145)),
            unknown: Some(
                "InvokeAsync's 256 KB limit is documented; the code AWS answers it with is not known",
            ),
        },
    ]
}

/// Binds the input and applies the change.
fn request(op: &crate::catalog::Operation, case: &Malformed) -> Option<HttpRequest> {
    let mut bound = case.input.clone();
    // Placeholders for large payloads bind as nothing; the body comes from the change.
    for k in ["Payload", "InvokeArgs"] {
        if bound
            .get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| s.starts_with('<'))
        {
            bound[k] = json!("");
        }
    }
    let mut req = build_request(op, &bound).ok()?;
    match &case.change {
        Change::Nothing => {}
        Change::Body(bytes) => req.body = bytes.clone(),
        Change::ContentType(ct) => {
            req.headers
                .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
            req.headers.push(("content-type".into(), ct.to_string()));
        }
    }
    Some(req)
}

/// Runs every malformed case.
pub async fn run(p: &mut Prober) {
    let catalog = Catalog::embedded();
    for case in cases(p) {
        let Some(op) = catalog.get(case.operation) else {
            continue;
        };
        let Some(req) = request(op, &case) else {
            continue;
        };
        // The model sees the request as AWS would read it; its state is not
        // changed (these requests create nothing on AWS but the updates, which
        // change nothing the probes depend on).
        let mut scratch = p.model.clone();
        let predicted = if case.model_input.is_null() {
            // As the embedded endpoint answers a body it cannot parse (the code is inferred).
            lambda_model::error_response(
                "InvalidRequestContentException",
                "Could not parse request body into json",
                lambda_model::Evidence::Inferred,
            )
        } else {
            crate::oracle::predict(&mut scratch, op, case.model_input.clone())
        };
        let step = format!("malformed {}: {}", case.operation, case.name);
        let expect = Some(oracle::expectation(&predicted));
        let unknown = case.unknown;
        let name = case.name;
        let (exchange, findings) = p
            .session
            .call_judged(
                Probe {
                    step: &step,
                    operation: case.operation,
                    input: case.input.clone(),
                    raw: Some(req),
                    expect,
                    constraint: Some(format!("malformed: {name}")),
                },
                |ex| judge(&predicted, ex, unknown),
            )
            .await;
        if exchange.status().is_some_and(|s| s < 300)
            && case.operation == "CreateFunction"
            && let Some(name) = case.input.get("FunctionName").and_then(Value::as_str)
        {
            let name = name.to_string();
            p.session.registry.with(|c| c.functions.push(name));
        }
        if exchange.status().is_some_and(|s| s < 300)
            && case.operation == "UpdateFunctionConfiguration"
        {
            let f = p.endpoint.function.clone();
            wait_ready(&p.session, &f, "boundary wait").await;
        }
        let decisive = findings.iter().find(|f| {
            matches!(
                f.check,
                CheckKind::Malformed
                    | CheckKind::Transport
                    | CheckKind::ServerError
                    | CheckKind::ErrorBody
            )
        });
        p.coverage.rows.push(Row {
            operation: case.operation.to_string(),
            constraint: format!("malformed: {name}"),
            side: Side::Invalid,
            value: String::new(),
            expected: oracle::describe(&predicted),
            actual: super::probe::outcome_text(&exchange),
            outcome: match decisive {
                Some(f) => Outcome::Finding(f.id.clone()),
                None => Outcome::Pass,
            },
            evidence: unknown
                .map(|u| format!("inferred: {u}"))
                .unwrap_or_else(|| format!("{:?}", predicted.evidence)),
        });
    }
}

fn judge(
    predicted: &lambda_model::Response,
    ex: &Exchange,
    unknown: Option<&str>,
) -> Vec<Violation> {
    let Some(resp) = ex.response() else {
        return Vec::new();
    };
    if resp.status >= 500 {
        return Vec::new();
    }
    let predicted_ok = predicted.status < 400;
    let actual_ok = resp.status < 400;
    let code = resp.error_code();
    let same = actual_ok == predicted_ok
        && (actual_ok || (resp.status == predicted.status && code == predicted.error_code));
    if same {
        return Vec::new();
    }
    let actual = super::probe::outcome_text(ex);
    // That a malformed request is rejected at all is certain; which code, only with evidence.
    let evidence = match (predicted_ok, actual_ok, unknown) {
        (false, true, _) => Evidence::documented(
            "a request AWS cannot read or must refuse is answered with a 4xx error (HTTP; AWS error model)",
        ),
        (_, _, Some(u)) => Evidence::inferred(u.to_string()),
        _ => oracle::evidence_of(predicted),
    };
    vec![Violation {
        check: CheckKind::Malformed,
        expected: oracle::describe(predicted),
        actual,
        detail: resp.error_message().unwrap_or_default(),
        evidence,
    }]
}
