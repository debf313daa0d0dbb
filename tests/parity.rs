//! Parity with recorded AWS behaviour (issue 15 item 5): every scenario of
//! `../shared/aws-truth/scenarios.jsonl`, translated into requests in
//! `tests/parity/scenarios.json`, runs against the embedded endpoint over
//! HTTP (a fresh one each), and the score is printed: status and error code,
//! and message, of every step the recording decides, and the facts it states
//! (headers, body members). Handlers come from the catalogue of test functions
//! (`{zip:raise}`). Scenarios that need what the endpoint cannot do (a 70 MB
//! upload, a layer) say why.
//! The score may not fall below what it was when the file last changed.
//!
//! Each translated expectation is checked against the shared file's recorded
//! status and code where that file is present, so a translation cannot drift
//! from the recording.

use base64::Engine;
use lambda_conformance::catalog::Catalog;
use lambda_conformance::client::{Client, Credentials, RecordedResponse, Settings};
use lambda_conformance::server;
use lambda_conformance::session::package;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The scores this suite reached when it was last changed (a ratchet).
const MIN_STATUS_AND_CODE: usize = 110;
const MIN_MESSAGES: usize = 110;

/// The placeholders a scenario may use (nothing else in braces is one:
/// recorded messages quote regexes such as `\d{12}`).
struct Vars {
    name: String,
    name2: String,
    revision: Option<String>,
    uuid: Option<String>,
}

impl Vars {
    fn fn_arn(name: &str) -> String {
        format!("arn:aws:lambda:us-east-1:123456789012:function:{name}")
    }

    fn text(&self, s: &str) -> String {
        let mut out = s
            .replace("{fn-arn2}", &Self::fn_arn(&self.name2))
            .replace("{fn-arn}", &Self::fn_arn(&self.name))
            .replace("{name2}", &self.name2)
            .replace("{name}", &self.name)
            .replace("{role}", "arn:aws:iam::123456789012:role/parity-role")
            .replace("{account}", "123456789012")
            .replace("{region}", "us-east-1")
            .replace(
                "{stream-arn}",
                &format!("arn:aws:kinesis:us-east-1:123456789012:stream/{}-stream", self.name),
            )
            .replace(
                "{ddb-stream-arn}",
                &format!(
                    "arn:aws:dynamodb:us-east-1:123456789012:table/{}-table/stream/2024-01-01T00:00:00.000",
                    self.name
                ),
            );
        if let Some(r) = &self.revision {
            out = out.replace("{revision}", r);
        }
        if let Some(u) = &self.uuid {
            out = out.replace("{uuid}", u);
        }
        out
    }

    fn value(&self, v: &Value, key: Option<&str>) -> Value {
        match v {
            Value::String(s) if s == "{zip}" => json!(package::zip_base64(1)),
            Value::String(s) if s == "{zip2}" => json!(package::zip_base64(2)),
            // a test function of the catalogue, e.g. {zip:raise} (Python)
            Value::String(s) if s.starts_with("{zip:") => {
                let name = s.trim_start_matches("{zip:").trim_end_matches('}');
                let behaviour = lambda_model::handlers::BEHAVIOURS
                    .into_iter()
                    .find(|b| b.name() == name)
                    .unwrap_or_else(|| panic!("{s}: no such test function"));
                json!(
                    package::TestFunction::new(behaviour, package::Language::Python, 1)
                        .zip_base64()
                )
            }
            // Payloads are written as JSON text; the wire carries them as blobs.
            Value::String(s) if matches!(key, Some("Payload" | "InvokeArgs")) => {
                json!(base64::engine::general_purpose::STANDARD.encode(self.text(s)))
            }
            Value::String(s) => json!(self.text(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.value(x, None)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| (k.clone(), self.value(x, Some(k))))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// How one scenario went.
#[derive(Default)]
struct Outcome {
    /// Every judged step had AWS's status and error code.
    status_and_code: bool,
    /// … and AWS's message where one is recorded.
    messages: bool,
    /// What differed.
    why: Vec<String>,
}

async fn sqs_create_queue(http: &reqwest::Client, base: &str, name: &str) {
    let resp = http
        .post(format!("{base}/"))
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", "AmazonSQS.CreateQueue")
        .body(json!({"QueueName": name}).to_string())
        .send()
        .await
        .expect("SQS answers");
    assert!(resp.status().is_success(), "CreateQueue {name}");
}

async fn settled(client: &Client, catalog: &Catalog, function: &str) {
    let op = catalog
        .get("GetFunctionConfiguration")
        .expect("in the catalog");
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        let ex = client.call(op, &json!({"FunctionName": function})).await;
        let busy = ex
            .response()
            .and_then(|r| r.json.clone())
            .is_some_and(|b| b["State"] == "Pending" || b["LastUpdateStatus"] == "InProgress");
        if !busy {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn judge(expect: &Value, resp: &RecordedResponse, vars: &Vars, out: &mut Outcome, step: usize) {
    let status = expect["status"].as_u64().unwrap_or(0) as u16;
    let code = expect["code"].as_str();
    let got_code = resp.error_code();
    if resp.status != status || (code.is_some() && got_code.as_deref() != code) {
        out.status_and_code = false;
        out.why.push(format!(
            "step {step}: expected {status} {}, got {} {}",
            code.unwrap_or(""),
            resp.status,
            got_code.as_deref().unwrap_or("")
        ));
    }
    let message = resp.error_message().unwrap_or_default();
    if let Some(m) = expect["message"].as_str().map(|m| vars.text(m))
        && message != m
    {
        out.messages = false;
        out.why
            .push(format!("step {step}: message {message:?}, AWS {m:?}"));
    }
    if let Some(p) = expect["message_prefix"].as_str().map(|m| vars.text(m))
        && !message.starts_with(&p)
    {
        out.messages = false;
        out.why.push(format!(
            "step {step}: message {message:?}, AWS starts {p:?}"
        ));
    }
    // facts beyond the outcome: headers (null = absent), members present,
    // members that start or end with a recorded text
    for (name, want) in expect["headers"].as_object().into_iter().flatten() {
        let got = resp.header(name);
        if got != want.as_str() {
            out.status_and_code = false;
            out.why
                .push(format!("step {step}: header {name} = {got:?}, AWS {want}"));
        }
    }
    for pointer in expect["body_present"].as_array().into_iter().flatten() {
        let pointer = pointer.as_str().unwrap_or("");
        if resp
            .json
            .as_ref()
            .and_then(|b| b.pointer(pointer))
            .is_none()
        {
            out.status_and_code = false;
            out.why
                .push(format!("step {step}: no {pointer}, AWS has one"));
        }
    }
    let text_at = |pointer: &str| {
        resp.json
            .as_ref()
            .and_then(|b| b.pointer(pointer))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    for (pointer, want) in expect["body_starts"].as_object().into_iter().flatten() {
        let (got, want) = (text_at(pointer), want.as_str().unwrap_or_default());
        if !got.starts_with(want) {
            out.status_and_code = false;
            out.why.push(format!(
                "step {step}: {pointer} = {got:?}, AWS starts {want:?}"
            ));
        }
    }
    for (pointer, want) in expect["body_ends"].as_object().into_iter().flatten() {
        let (got, want) = (text_at(pointer), want.as_str().unwrap_or_default());
        if !got.ends_with(want) {
            out.status_and_code = false;
            out.why.push(format!(
                "step {step}: {pointer} = {got:?}, AWS ends {want:?}"
            ));
        }
    }
    for (pointer, want) in expect["body"].as_object().into_iter().flatten() {
        let got = resp.json.as_ref().and_then(|b| b.pointer(pointer)).cloned();
        if got.as_ref() != Some(&vars.value(want, None)) {
            out.status_and_code = false;
            out.why
                .push(format!("step {step}: {pointer} = {got:?}, AWS {want}"));
        }
    }
}

async fn run(
    scenario: &Value,
    catalog: &Catalog,
    http: &reqwest::Client,
    faults: &[lambda_model::Fault],
) -> Outcome {
    let pending = scenario["pending"].as_bool().unwrap_or(false);
    let mut config = server::config_with_faults("us-east-1", faults.to_vec());
    // Pending scenarios meet the function before it settles, as on AWS.
    config.settle_ms = if pending { 400 } else { 0 };
    let ep = server::start(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect("the endpoint starts");
    let base = ep.url();
    let client = Client::new(Settings::new(
        base.clone(),
        "us-east-1",
        Credentials::dummy(),
        Duration::from_secs(10),
    ))
    .expect("client");
    let id = scenario["id"].as_str().unwrap_or("?").to_lowercase();
    let mut vars = Vars {
        name: format!("parity-{id}"),
        name2: format!("parity-{id}-2"),
        revision: None,
        uuid: None,
    };
    let mut out = Outcome {
        status_and_code: true,
        messages: true,
        why: Vec::new(),
    };
    for (i, step) in scenario["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let op_name = step["op"].as_str().unwrap_or("");
        let input = vars.value(&step["input"], None);
        match op_name {
            "CreateQueue" => {
                sqs_create_queue(http, &base, input["QueueName"].as_str().unwrap_or("q")).await;
                continue;
            }
            "Wait" => {
                settled(
                    &client,
                    catalog,
                    input["FunctionName"].as_str().unwrap_or(""),
                )
                .await;
                continue;
            }
            _ => {}
        }
        let Some(op) = catalog.get(op_name) else {
            out.status_and_code = false;
            out.why
                .push(format!("step {i}: unknown operation {op_name}"));
            break;
        };
        let ex = client.call(op, &input).await;
        let Some(resp) = ex.response() else {
            out.status_and_code = false;
            out.why.push(format!("step {i}: no answer"));
            break;
        };
        if let Some(body) = &resp.json {
            if let Some(r) = body.get("RevisionId").and_then(Value::as_str) {
                vars.revision = Some(r.to_string());
            }
            if op_name == "CreateEventSourceMapping"
                && let Some(u) = body.get("UUID").and_then(Value::as_str)
            {
                vars.uuid = Some(u.to_string());
            }
        }
        match step.get("expect") {
            Some(expect) => judge(expect, resp, &vars, &mut out, i),
            None if resp.status >= 300 => {
                out.status_and_code = false;
                out.why.push(format!(
                    "setup step {i} ({op_name}) failed: {} {}",
                    resp.status,
                    resp.body.chars().take(200).collect::<String>()
                ));
                break;
            }
            None => {}
        }
    }
    out.messages &= out.status_and_code;
    ep.stop();
    out
}

/// The recorded (status, code) of each scenario, when the shared file is here.
fn recorded() -> Option<std::collections::HashMap<String, (u64, Option<String>)>> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/aws-truth/scenarios.jsonl"
    ))
    .ok()?;
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|s| {
                (
                    s["id"].as_str().unwrap_or("").to_string(),
                    (
                        s["aws_status"].as_u64().unwrap_or(0),
                        s["aws_error_code"].as_str().map(str::to_string),
                    ),
                )
            })
            .collect(),
    )
}

/// What a score run found: runnable scenarios, those with AWS's status and
/// code, those with AWS's messages too, and a line per scenario not at parity.
struct Score {
    scenarios: usize,
    runnable: usize,
    codes: usize,
    messages: usize,
    report: Vec<String>,
}

async fn score(faults: &[lambda_model::Fault]) -> Score {
    let scenarios: Vec<Value> = serde_json::from_str(include_str!("parity/scenarios.json"))
        .expect("tests/parity/scenarios.json is JSON");
    let catalog = Catalog::embedded();
    let http = reqwest::Client::new();
    let recorded = recorded();
    let mut out = Score {
        scenarios: scenarios.len(),
        runnable: 0,
        codes: 0,
        messages: 0,
        report: Vec::new(),
    };
    for s in &scenarios {
        let id = s["id"].as_str().unwrap_or("?");
        if !s["runnable"].as_bool().unwrap_or(false) {
            out.report.push(format!(
                "  -    {id}: not run: {}",
                s["why"].as_str().unwrap_or("")
            ));
            continue;
        }
        // One of the translation's judged steps is the recorded request itself.
        if let Some((status, code)) = recorded.as_ref().and_then(|r| r.get(id)) {
            let ok = s["steps"].as_array().into_iter().flatten().any(|x| {
                x.get("expect").is_some_and(|e| {
                    e["status"].as_u64() == Some(*status) && e["code"].as_str() == code.as_deref()
                })
            });
            assert!(
                ok,
                "{id}: no expectation of the translation is the recording's ({status} {code:?})"
            );
        }
        out.runnable += 1;
        let o = run(s, catalog, &http, faults).await;
        out.codes += usize::from(o.status_and_code);
        out.messages += usize::from(o.messages);
        if !o.messages {
            out.report.push(format!("  ✗ {id}: {}", o.why.join("; ")));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_endpoint_answers_recorded_aws_scenarios_as_aws_did() {
    let s = score(&[]).await;
    println!(
        "parity with recorded AWS: {} of {} scenarios runnable; status and code {}/{} ({:.0}%), messages {}/{} ({:.0}%)",
        s.runnable,
        s.scenarios,
        s.codes,
        s.runnable,
        100.0 * s.codes as f64 / s.runnable.max(1) as f64,
        s.messages,
        s.runnable,
        100.0 * s.messages as f64 / s.runnable.max(1) as f64
    );
    for line in &s.report {
        println!("{line}");
    }
    assert!(
        s.codes >= MIN_STATUS_AND_CODE && s.messages >= MIN_MESSAGES,
        "parity fell: status and code {} (was {MIN_STATUS_AND_CODE}), messages {} (was {MIN_MESSAGES})",
        s.codes,
        s.messages
    );
}

/// The score can fall: an endpoint that answers ValidationException as
/// InvalidParameterValueException (a real emulator bug) loses the scenarios
/// whose recording is a ValidationException, and only those.
#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_with_a_wrong_error_code_loses_parity() {
    let s = score(&[lambda_model::Fault::ValidationAsInvalidParameter]).await;
    assert!(s.codes < s.runnable, "{} of {}", s.codes, s.runnable);
    assert!(
        s.report
            .iter()
            .filter(|l| l.starts_with("  ✗"))
            .all(|l| l.contains("expected 400 ValidationException")),
        "{:#?}",
        s.report
    );
}
