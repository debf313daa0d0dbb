//! Test functions with known behaviour (`lambda_model::handlers`): each
//! catalogue package (Python and Node.js: echo, no return, raise, log, sleep
//! past the Timeout, an oversized result, the context) is deployed, invoked,
//! and its answer compared with what the oracle predicts from the package.
//!
//! The first invocation is a probe, a Python handler that returns nothing
//! (AWS answers `null`, INV-004). An endpoint that answers it with the event
//! it was sent does not run code: that is said once, as one finding of rule
//! INV-RUNS-CODE, and the other test functions are not invoked.

use super::follow::Follow;
use crate::client::Exchange;
use crate::findings::{CheckKind, Finding};
use crate::session::package::{Behaviour, Language, TestFunction};
use crate::session::{Fixtures, Session, blob_json, wait_ready};
use crate::stateful::predict;
use lambda_model::handlers::{BEHAVIOURS, LANGUAGES, SLEEP_SECONDS};
use lambda_model::{Model, Response};
use serde_json::{Value, json};

/// The event every test function is invoked with.
fn event() -> Value {
    json!({"lambda-conformance": "test event", "n": 1})
}

/// The test functions in the order they run: the probe first.
fn plan() -> Vec<TestFunction> {
    let probe = TestFunction::new(Behaviour::NoReturn, Language::Python, 1);
    let mut all = vec![probe];
    for language in LANGUAGES {
        for behaviour in BEHAVIOURS {
            let f = TestFunction::new(behaviour, language, 1);
            if f != probe {
                all.push(f);
            }
        }
    }
    all
}

/// The invocations each test function gets: (step suffix, extra members).
fn invocations(f: TestFunction) -> Vec<(&'static str, Value)> {
    match f.behaviour {
        Behaviour::Log => vec![
            ("invoke-tail", json!({"LogType": "Tail"})),
            ("invoke-no-tail", json!({})),
        ],
        Behaviour::Context => vec![
            ("invoke", json!({})),
            ("invoke-latest", json!({"Qualifier": "$LATEST"})),
        ],
        // recorded (LocalStack test_invocation_type_event_error, 2023): an Event
        // invocation of a handler that raises is still 202
        Behaviour::Raise => vec![
            ("invoke", json!({})),
            ("invoke-event", json!({"InvocationType": "Event"})),
        ],
        _ => vec![("invoke", json!({}))],
    }
}

/// Runs the phase. Everything it creates is registered for clean-up.
pub async fn run(s: &Session, fx: &Fixtures) {
    let model = Model::new(fx.model_config(&s.client.settings().region));
    let mut l = Follow { s, model };
    let plan = plan();
    for (i, f) in plan.iter().enumerate() {
        if s.client.stop().is_stopped() {
            return;
        }
        let label = format!("handlers {}-{}", f.language.name(), f.behaviour.name());
        let name = format!(
            "{}fn-{}-{}",
            s.prefix,
            f.language.name(),
            f.behaviour.name()
        );
        let mut create = json!({
            "FunctionName": name, "Runtime": f.language.runtime(), "Role": fx.role_arn,
            "Handler": lambda_model::handlers::HANDLER, "Code": {"ZipFile": f.zip_base64()},
            "Description": "lambda-conformance test function", "MemorySize": 256,
        });
        if f.behaviour == Behaviour::Sleep {
            // the handler sleeps longer than this
            create["Timeout"] = json!(SLEEP_SECONDS - 2);
        }
        let (created, _) = l
            .step(&format!("{label}: create"), "CreateFunction", create)
            .await;
        if created.status().is_none_or(|st| st >= 300) {
            s.note(format!(
                "{label}: CreateFunction with runtime {} failed, so this test function was not invoked",
                f.language.runtime()
            ));
            continue;
        }
        wait_ready(s, &name, &format!("{label}: wait-active")).await;
        for (suffix, extra) in invocations(*f) {
            let step = format!("{label}: {suffix}");
            let verdict = invoke(&mut l, &step, &name, extra).await;
            if i == 0 && verdict == Verdict::Echoed {
                s.note(format!(
                    "the endpoint answers a handler that returns nothing with the event it was sent: it does not run the deployed code, so the other {} test functions were not invoked",
                    plan.len() - 1
                ));
                delete(&mut l, &label, &name).await;
                return;
            }
        }
        if f.behaviour == Behaviour::Echo {
            versions_keep_their_code(&mut l, &label, &name, f.language).await;
        }
        delete(&mut l, &label, &name).await;
    }
}

/// Invokes `name` with the event (and `extra` members) and judges the answer.
async fn invoke(l: &mut Follow<'_>, step: &str, name: &str, extra: Value) -> Verdict {
    let mut input = json!({"FunctionName": name, "Payload": blob_json(&event())});
    if let (Some(input), Value::Object(extra)) = (input.as_object_mut(), extra) {
        input.extend(extra);
    }
    let (ex, p) = l.step(step, "Invoke", input).await;
    judge(l.s, step, &ex, &p)
}

/// A published version runs the code it was published from (INV-013,
/// recorded): the echo function is published, its code replaced by the
/// no-return handler, and both invoked.
async fn versions_keep_their_code(l: &mut Follow<'_>, label: &str, name: &str, language: Language) {
    let (published, _) = l
        .step(
            &format!("{label}: publish"),
            "PublishVersion",
            json!({"FunctionName": name}),
        )
        .await;
    let version = published
        .response()
        .and_then(|r| r.json.as_ref())
        .and_then(|b| b.get("Version"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let other = TestFunction::new(Behaviour::NoReturn, language, 2);
    let (updated, _) = l
        .step(
            &format!("{label}: update-code"),
            "UpdateFunctionCode",
            json!({"FunctionName": name, "ZipFile": other.zip_base64()}),
        )
        .await;
    let (Some(version), Some(200)) = (version, updated.status()) else {
        return;
    };
    wait_ready(l.s, name, &format!("{label}: wait-updated")).await;
    invoke(l, &format!("{label}: invoke-latest-code"), name, json!({})).await;
    invoke(
        l,
        &format!("{label}: invoke-published-version"),
        name,
        json!({"Qualifier": version}),
    )
    .await;
}

async fn delete(l: &mut Follow<'_>, label: &str, name: &str) {
    l.step(
        &format!("{label}: delete"),
        "DeleteFunction",
        json!({"FunctionName": name}),
    )
    .await;
}

/// What the comparison of one invocation found.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// As predicted (or the outcome itself differed: the step judged that).
    Agrees,
    /// A value differs from the prediction (a finding was added).
    Differs,
    /// A value differs and the answer is the event the handler was sent.
    Echoed,
}

/// Compares the answer's values with the prediction and adds the finding.
fn judge(s: &Session, step: &str, ex: &Exchange, p: &Response) -> Verdict {
    let Some(d) = predict::compare("Invoke", ex, p).filter(|d| d.check == CheckKind::Prediction)
    else {
        return Verdict::Agrees;
    };
    // the event came back where the handler returns something else
    let predicted_event = matches!(&p.body, lambda_model::Body::Raw(b)
        if serde_json::from_slice::<Value>(b).ok() == Some(event()));
    let echoed = !predicted_event
        && ex
            .response()
            .and_then(|r| r.json.as_ref())
            .is_some_and(|body| *body == event());
    let detail = if echoed {
        format!(
            "{}; the answer is the event the handler was sent, so the endpoint does not run the deployed code",
            d.detail
        )
    } else {
        d.detail
    };
    let index = s.steps_recorded().saturating_sub(1);
    s.add_finding(Finding::new(
        d.check, "Invoke", step, d.expected, d.actual, detail, d.evidence, index,
    ));
    if echoed {
        Verdict::Echoed
    } else {
        Verdict::Differs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_runs_first_and_every_test_function_once() {
        let plan = plan();
        assert_eq!(plan[0].behaviour, Behaviour::NoReturn);
        assert_eq!(plan.len(), BEHAVIOURS.len() * LANGUAGES.len());
        let unique: std::collections::HashSet<_> = plan.iter().collect();
        assert_eq!(unique.len(), plan.len());
    }
}
