//! Comparing a synchronous Invoke's answer with the oracle's: the executed
//! version, the function-error header, the handler's result (or its error
//! payload) and the log tail. What the handler returns is known only for the
//! catalogue's test functions (`lambda_model::handlers`); the prediction
//! says so in its evidence.

use super::{Divergence, same};
use crate::client::{Exchange, RecordedResponse};
use crate::findings::{CheckKind, Evidence};
use crate::oracle::evidence_of;
use base64::Engine;
use lambda_model::{Body, Response};
use serde_json::Value;

/// Members of a handler's answer whose values the runtime chooses: only
/// their presence and type are compared.
const CHOSEN_BY_RUNTIME: &[&str] = &["stackTrace", "trace", "requestId"];

/// The first difference between the endpoint's Invoke answer and the prediction.
pub(super) fn compare(ex: &Exchange, p: &Response) -> Option<Divergence> {
    let resp = ex.response()?;
    // the result first: a handler that did not run explains the rest
    result(resp, p)
        .or_else(|| function_error(resp, p))
        .or_else(|| executed_version(ex, resp, p))
        .or_else(|| log_tail(resp, p))
}

fn divergence(p: &Response, expected: String, actual: String, detail: String) -> Divergence {
    Divergence {
        check: CheckKind::Prediction,
        expected,
        actual,
        detail,
        evidence: evidence_of(p),
    }
}

fn executed_version(ex: &Exchange, resp: &RecordedResponse, p: &Response) -> Option<Divergence> {
    // INV-001/ALI-024 (recorded): the executed version header; INV-002 (recorded): none for Event.
    let predicted = p.header("X-Amz-Executed-Version");
    let actual = resp.header("x-amz-executed-version");
    // Recorded for RequestResponse (INV-001) and Event (INV-002) only; DryRun (INV-003) says nothing of headers.
    let dry_run = ex.input.get("InvocationType").and_then(Value::as_str) == Some("DryRun");
    let show = |v: Option<&str>| {
        v.map_or("no X-Amz-Executed-Version header".into(), |v| {
            format!("X-Amz-Executed-Version {v}")
        })
    };
    (predicted != actual && !dry_run).then(|| Divergence {
        check: CheckKind::Prediction,
        expected: show(predicted),
        actual: show(actual),
        detail: String::new(),
        evidence: Evidence::recorded("INV-001/INV-002/ALI-024 (recorded AWS behaviour)")
            .with_rule(p.rule.map(|r| r.id)),
    })
}

/// INV-005/006/007 (recorded): a function error is a 200 with
/// `X-Amz-Function-Error: Unhandled`; a result without one has no header.
fn function_error(resp: &RecordedResponse, p: &Response) -> Option<Divergence> {
    let predicted = p.header("X-Amz-Function-Error");
    let actual = resp.header("x-amz-function-error");
    let show = |v: Option<&str>| {
        v.map_or("no X-Amz-Function-Error header".into(), |v| {
            format!("X-Amz-Function-Error {v}")
        })
    };
    (predicted != actual).then(|| {
        divergence(
            p,
            show(predicted),
            show(actual),
            excerpt(&resp.body, resp.body_len),
        )
    })
}

fn excerpt(body: &str, len: usize) -> String {
    format!(
        "{len} bytes: {}",
        body.chars().take(200).collect::<String>()
    )
}

/// The body: empty where predicted so (Event, DryRun), else the handler's
/// result, compared member by member when it is an object.
fn result(resp: &RecordedResponse, p: &Response) -> Option<Divergence> {
    match &p.body {
        Body::Empty if resp.body_len > 0 => Some(Divergence {
            check: CheckKind::Prediction,
            expected: "an empty body".into(),
            actual: "a non-empty body".into(),
            detail: excerpt(&resp.body, resp.body_len),
            evidence: Evidence::recorded(
                "INV-002/INV-003 (recorded AWS behaviour): Event and DryRun answer with an empty body",
            ),
        }),
        Body::Raw(bytes) => {
            let want: Value = serde_json::from_slice(bytes).ok()?;
            let request_id = p.header("x-amzn-RequestId").unwrap_or_default();
            let got = resp.json.as_ref();
            let differs = |expected: String, actual: String| {
                Some(divergence(
                    p,
                    expected,
                    actual,
                    excerpt(&resp.body, resp.body_len),
                ))
            };
            let (Value::Object(want), Some(Value::Object(got))) = (&want, got) else {
                return (Some(&want) != got).then(|| {
                    divergence(
                        p,
                        format!("the handler's result {}", short(&want)),
                        got.map_or("a body that is not JSON".into(), |g| {
                            format!("the result {}", short(g))
                        }),
                        excerpt(&resp.body, resp.body_len),
                    )
                });
            };
            for (key, w) in want {
                let Some(g) = got.get(key) else {
                    return differs(format!("{key} = {}", short(w)), format!("no {key}"));
                };
                let agrees = if CHOSEN_BY_RUNTIME.contains(&key.as_str()) {
                    std::mem::discriminant(w) == std::mem::discriminant(g)
                } else if key == "aws_request_id" {
                    // recorded (LocalStack test_request_id_invoke): the context's
                    // request id is the response's x-amzn-RequestId
                    resp.header("x-amzn-requestid")
                        .is_some_and(|id| g.as_str() == Some(id))
                } else {
                    same_text(w, g, request_id)
                };
                if !agrees {
                    let expected = if key == "aws_request_id" {
                        "the response's x-amzn-RequestId".to_string()
                    } else if request_id.is_empty() {
                        short(w)
                    } else {
                        short(w).replace(request_id, "<request id>")
                    };
                    return differs(
                        format!("{key} = {expected}"),
                        format!("{key} = {}", short(g)),
                    );
                }
            }
            None
        }
        _ => None,
    }
}

/// Whether `got` is `want`, where `want` may name the model's request id
/// (the endpoint's own id, whatever it is, stands in its place).
fn same_text(want: &Value, got: &Value, request_id: &str) -> bool {
    match (want.as_str(), got.as_str()) {
        (Some(w), Some(g)) if !request_id.is_empty() && w.contains(request_id) => {
            let (before, after) = w.split_once(request_id).unwrap_or((w, ""));
            g.len() > before.len() + after.len()
                && g.starts_with(before)
                && g.ends_with(after)
                && !g[before.len()..g.len() - after.len()].contains(' ')
        }
        _ => same(want, got),
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 120 {
        format!(
            "{}… ({} bytes)",
            text.chars().take(120).collect::<String>(),
            text.len()
        )
    } else {
        text
    }
}

/// The log tail (INV-LOG-TAIL, documented): present exactly when predicted;
/// base64 of at most 4 KB; the runtime's START, END and REPORT lines; every
/// line the handler wrote.
fn log_tail(resp: &RecordedResponse, p: &Response) -> Option<Divergence> {
    let predicted = p.header("X-Amz-Log-Result");
    let actual = resp.header("x-amz-log-result");
    let evidence = Evidence::documented(
        "Invoke API reference: LogType Tail includes the last 4 KB of the execution log, base64-encoded, as X-Amz-Log-Result (synchronous invocations only); developer guide: its START, END and REPORT lines",
    )
    .with_rule(Some(lambda_model::rules::INVOKE_LOG_TAIL.id));
    let found = |expected: &str, actual: &str, detail: String| {
        Some(Divergence {
            check: CheckKind::Prediction,
            expected: expected.into(),
            actual: actual.into(),
            detail,
            evidence: evidence.clone(),
        })
    };
    let (predicted, actual) = match (predicted, actual) {
        (None, None) => return None,
        (Some(_), None) => {
            return found("an X-Amz-Log-Result header", "none", String::new());
        }
        (None, Some(_)) => {
            return found("no X-Amz-Log-Result header", "one", String::new());
        }
        (Some(p), Some(a)) => (p, a),
    };
    let engine = base64::engine::general_purpose::STANDARD;
    let Ok(log) = engine.decode(actual) else {
        return found(
            "X-Amz-Log-Result in base64",
            "a value that is not base64",
            actual.chars().take(80).collect(),
        );
    };
    let text = String::from_utf8_lossy(&log);
    if log.len() > 4096 {
        return found(
            "at most the last 4 KB of the log",
            &format!("{} bytes", log.len()),
            String::new(),
        );
    }
    let want = engine.decode(predicted).unwrap_or_default();
    let want = String::from_utf8_lossy(&want);
    for frame in ["START RequestId:", "END RequestId:", "REPORT RequestId:"] {
        if want.contains(frame) && !text.contains(frame) {
            return found(
                &format!("a `{frame}` line"),
                "none",
                text.chars().take(300).collect(),
            );
        }
    }
    // the handler's own lines (a runtime may prefix them: Node.js writes a
    // timestamp, the request id and the level first)
    want.lines()
        .filter(|l| !l.contains("RequestId:"))
        .find(|l| !text.contains(*l))
        .and_then(|l| {
            found(
                &format!("the line the handler wrote, `{l}`"),
                "a log without it",
                text.chars().take(300).collect(),
            )
        })
}
