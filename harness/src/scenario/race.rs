//! Requests that race (rule RACE-SERIAL-ORDER): conditional updates carrying
//! one RevisionId are sent at once, in the spirit of QuickCheck's parallel
//! state-machine testing, and what the endpoint answered, and what a read
//! shows afterwards, must be what the reference model gives for some serial
//! order of them. Exactly one of several UpdateFunctionConfiguration calls
//! with one RevisionId may succeed; versions are never published twice.
//!
//! An operation is raced only once the endpoint has answered a made-up
//! RevisionId with 412 on its own: where it ignores RevisionIds altogether,
//! that serial finding is the root cause, and a race would only repeat it.

use super::follow::{Follow, Pair};
use crate::boundary::probe::outcome_text as outcome;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence, Finding};
use crate::oracle;
use crate::session::{Fixtures, Session, package, wait_ready};
use crate::stateful::bindings::MADE_UP_REVISION;
use crate::stateful::predict;
use lambda_model::{Model, Response};
use serde_json::{Value, json};

/// Rounds per raced operation (each on a function of its own).
pub const ROUNDS: usize = 3;
/// Requests sent at once per round.
pub const RACERS: usize = 3;

/// What is raced: one conditional operation, the read that gives the
/// RevisionId, and the read that shows the state afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Configuration,
    Publish,
    Alias,
    Permission,
}

impl Subject {
    const ALL: [Subject; 4] = [
        Subject::Configuration,
        Subject::Publish,
        Subject::Alias,
        Subject::Permission,
    ];

    fn operation(self) -> &'static str {
        match self {
            Subject::Configuration => "UpdateFunctionConfiguration",
            Subject::Publish => "PublishVersion",
            Subject::Alias => "UpdateAlias",
            Subject::Permission => "AddPermission",
        }
    }

    fn short(self) -> &'static str {
        match self {
            Subject::Configuration => "config",
            Subject::Publish => "publish",
            Subject::Alias => "alias",
            Subject::Permission => "policy",
        }
    }

    /// The read whose RevisionId the racers carry.
    fn revision_read(self, f: &str) -> (&'static str, Value) {
        match self {
            Subject::Alias => ("GetAlias", json!({"FunctionName": f, "Name": "live"})),
            _ => ("GetFunctionConfiguration", json!({"FunctionName": f})),
        }
    }

    /// The read that shows what the race left.
    fn state_read(self, f: &str) -> (&'static str, Value) {
        match self {
            Subject::Configuration => ("GetFunctionConfiguration", json!({"FunctionName": f})),
            Subject::Publish => ("ListVersionsByFunction", json!({"FunctionName": f})),
            Subject::Alias => ("GetAlias", json!({"FunctionName": f, "Name": "live"})),
            Subject::Permission => ("GetPolicy", json!({"FunctionName": f})),
        }
    }

    /// Racer `i`'s request, with `revision`.
    fn request(self, f: &str, i: usize, revision: &str) -> Value {
        let tag = format!("race-{i}");
        match self {
            Subject::Configuration | Subject::Publish => {
                json!({"FunctionName": f, "Description": tag, "RevisionId": revision})
            }
            Subject::Alias => {
                json!({"FunctionName": f, "Name": "live", "Description": tag, "RevisionId": revision})
            }
            Subject::Permission => json!({
                "FunctionName": f, "StatementId": tag, "Action": "lambda:InvokeFunction",
                "Principal": "s3.amazonaws.com", "RevisionId": revision,
            }),
        }
    }
}

/// Runs every race. Everything it creates is registered for clean-up.
pub async fn run(s: &Session, fx: &Fixtures) {
    for subject in Subject::ALL {
        let mut judged = false;
        for round in 0..ROUNDS {
            match race(s, fx, subject, round, round == 0).await {
                Round::Judged => judged = true,
                Round::NotRaced(why) => {
                    s.note(format!(
                        "races of {} not judged: {why}",
                        subject.operation()
                    ));
                    break;
                }
                Round::Inconclusive => {}
            }
            if s.client.stop().is_stopped() {
                return;
            }
        }
        if judged {
            s.reached_rule(lambda_model::rules::RACE_SERIAL_ORDER.id);
        }
    }
}

/// How one round ended.
enum Round {
    /// The answers were judged.
    Judged,
    /// The operation is not raced on this endpoint (why).
    NotRaced(String),
    /// Something else failed (a setup step, a 5xx, no answer): nothing to judge.
    Inconclusive,
}

/// One round: a fresh function, the racers at once, the judgment.
async fn race(s: &Session, fx: &Fixtures, subject: Subject, round: usize, probe: bool) -> Round {
    let mut l = Follow {
        s,
        model: Model::new(fx.model_config(&s.client.settings().region)),
    };
    let f = format!("{}race-{}-{round}", s.prefix, subject.short());
    let label = |what: &str| format!("race {} {round}: {what}", subject.short());
    let start = s.steps_recorded();
    let (created, _) = l
        .step(
            &label("create-function"),
            "CreateFunction",
            json!({
                "FunctionName": f, "Runtime": "python3.12", "Role": fx.role_arn,
                "Handler": "index.handler", "Code": {"ZipFile": package::zip_base64(1)},
                "Description": "lambda-conformance race", "Timeout": 3, "MemorySize": 128,
            }),
        )
        .await;
    if created.status().is_none_or(|st| st >= 300) {
        return Round::Inconclusive;
    }
    wait_ready(s, &f, &label("wait-function-active")).await;
    if subject == Subject::Alias {
        let (published, _) = l
            .step(
                &label("publish-version"),
                "PublishVersion",
                json!({"FunctionName": f}),
            )
            .await;
        wait_ready(s, &f, &label("wait-version")).await;
        let (aliased, _) = l
            .step(
                &label("create-alias"),
                "CreateAlias",
                json!({"FunctionName": f, "Name": "live", "FunctionVersion": "1"}),
            )
            .await;
        if published.status().is_none_or(|st| st >= 300)
            || aliased.status().is_none_or(|st| st >= 300)
        {
            return Round::Inconclusive;
        }
    }
    let operation = subject.operation();
    if probe {
        // The serial case first: a made-up RevisionId (the model answers 412).
        let (ex, p) = l
            .step(
                &label("made-up-revision"),
                operation,
                subject.request(&f, 9, MADE_UP_REVISION),
            )
            .await;
        if ex.status() != Some(p.status) {
            return Round::NotRaced(format!(
                "a made-up RevisionId was answered {} where AWS answers {}",
                ex.status()
                    .map_or_else(|| "with no response".to_string(), |st| st.to_string()),
                p.status
            ));
        }
        wait_ready(s, &f, &label("wait-after-probe")).await;
    }
    let (read_op, read_input) = subject.revision_read(&f);
    let (read, read_p) = l.step(&label("read-revision"), read_op, read_input).await;
    let revision = Pair::at(&read, &read_p, "/RevisionId");
    let (Some(endpoint_revision), Some(model_revision)) = (revision.endpoint, revision.model)
    else {
        return Round::NotRaced(format!("{read_op} answered no RevisionId"));
    };

    let requests: Vec<(String, Value)> = (0..RACERS)
        .map(|i| {
            (
                label(&format!("{operation} {} of {RACERS}, at once", i + 1)),
                subject.request(&f, i, &endpoint_revision),
            )
        })
        .collect();
    let model_inputs: Vec<Value> = (0..RACERS)
        .map(|i| subject.request(&f, i, &model_revision))
        .collect();
    let answers = s.call_together(operation, requests).await;
    if answers
        .iter()
        .any(|a| a.status().is_none_or(|st| st >= 500))
    {
        return Round::Inconclusive; // reported by the contract checks
    }
    wait_ready(s, &f, &label("wait-after-race")).await;
    let (state_op, state_input) = subject.state_read(&f);
    let after = s
        .call(
            &label("read-after-race"),
            state_op,
            state_input.clone(),
            None,
        )
        .await;
    if after.status().is_none_or(|st| st >= 500) {
        return Round::Inconclusive;
    }
    let after_index = s.steps_recorded() - 1;
    let ctx = Judging {
        model: &l.model,
        operation,
        inputs: &model_inputs,
        answers: &answers,
        state_op,
        state_input: &state_input,
        after: &after,
        prefix: &s.prefix,
    };
    if let Some(unexplained) = ctx.judge() {
        let mut finding = Finding::new(
            CheckKind::Invariant,
            operation,
            &label("read-after-race"),
            "the answers and the state of some serial order of the requests".into(),
            unexplained.actual,
            unexplained.detail,
            rule_evidence(),
            after_index,
        );
        finding.context_start = start;
        s.add_finding(finding);
    }
    Round::Judged
}

/// The evidence of RACE-SERIAL-ORDER, naming the rule.
fn rule_evidence() -> Evidence {
    let rule = &lambda_model::rules::RACE_SERIAL_ORDER;
    let mut e = oracle::evidence(rule.evidence);
    e.rule = Some(rule.id.to_string());
    e
}

/// What a round is judged on.
struct Judging<'a> {
    model: &'a Model,
    operation: &'a str,
    inputs: &'a [Value],
    answers: &'a [Exchange],
    state_op: &'a str,
    state_input: &'a Value,
    after: &'a Exchange,
    prefix: &'a str,
}

/// Why no serial order explains a round.
struct Unexplained {
    actual: String,
    detail: String,
}

impl Judging<'_> {
    /// None when some serial order gives these answers and this state;
    /// otherwise what no order explains.
    fn judge(&self) -> Option<Unexplained> {
        let op = crate::catalog::Catalog::embedded().get(self.operation)?;
        let state_op = crate::catalog::Catalog::embedded().get(self.state_op)?;
        let mut answers_explained = false;
        for order in permutations(self.inputs.len()) {
            let Some(mut model) = self.replay(op, &order) else {
                continue;
            };
            answers_explained = true;
            let predicted = oracle::predict(&mut model, state_op, self.state_input.clone());
            if self.state_agrees(&predicted) {
                return None;
            }
        }
        let observed = self
            .answers
            .iter()
            .map(outcome)
            .collect::<Vec<_>>()
            .join(", ");
        let successes = self
            .answers
            .iter()
            .filter(|a| a.status().is_some_and(|st| st < 300))
            .count();
        Some(if answers_explained {
            Unexplained {
                actual: format!(
                    "what {} shows afterwards is no serial order's state",
                    self.state_op
                ),
                detail: format!(
                    "answers in the order sent: {observed}; {} then answered {}",
                    self.state_op,
                    abbreviate(
                        &self
                            .after
                            .response()
                            .map(|r| r.body.clone())
                            .unwrap_or_default()
                    )
                ),
            }
        } else {
            Unexplained {
                actual: "answers no serial order gives".into(),
                detail: format!(
                    "{successes} of {} succeeded; answers in the order sent: {observed}",
                    self.answers.len()
                ),
            }
        })
    }

    /// The model after applying the requests in `order`, when each answer is
    /// the one the model gives there (a 409 ResourceConflictException may
    /// stand for any answer but the first: an update was in progress, and
    /// the request changed nothing); None when an answer is not.
    fn replay(&self, op: &crate::catalog::Operation, order: &[usize]) -> Option<Model> {
        let mut model = self.model.clone();
        for (position, &i) in order.iter().enumerate() {
            let before = model.clone();
            let predicted = oracle::predict(&mut model, op, self.inputs[i].clone());
            if same_outcome(&self.answers[i], &predicted) {
                continue;
            }
            if position > 0 && in_progress_conflict(&self.answers[i]) {
                model = before;
                continue;
            }
            return None;
        }
        Some(model)
    }

    /// Whether the read afterwards shows the predicted state: its outcome and
    /// compared members, and for lists the set of items (each once).
    fn state_agrees(&self, predicted: &Response) -> bool {
        if predict::compare(self.state_op, self.after, predicted).is_some() {
            return false;
        }
        let (Some(pb), Some(ab)) = (
            predicted.json_body(),
            self.after.response().and_then(|r| r.json.as_ref()),
        ) else {
            return true;
        };
        let mut want = predict::list_items(self.state_op, pb, self.prefix);
        let mut got = predict::list_items(self.state_op, ab, self.prefix);
        want.sort();
        got.sort();
        want == got
    }
}

/// Whether the answer is the predicted one: success, or the same error.
fn same_outcome(ex: &Exchange, predicted: &Response) -> bool {
    let Some(r) = ex.response() else {
        return false;
    };
    if predicted.status < 300 {
        r.status < 300
    } else {
        r.status == predicted.status && r.error_code() == predicted.error_code
    }
}

/// A 409 ResourceConflictException: AWS's answer while another update of the
/// function is in progress (API reference: "The resource already exists, or
/// another operation is in progress").
fn in_progress_conflict(ex: &Exchange) -> bool {
    ex.response().is_some_and(|r| {
        r.status == 409 && r.error_code().as_deref() == Some("ResourceConflictException")
    })
}

fn abbreviate(body: &str) -> String {
    const MAX: usize = 400;
    if body.chars().count() <= MAX {
        body.to_string()
    } else {
        body.chars().take(MAX).collect::<String>() + "…"
    }
}

/// Every order of `0..n`.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut order = rest.clone();
            order.insert(at, n - 1);
            out.push(order);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_once() {
        let all = permutations(3);
        assert_eq!(all.len(), 6);
        let set: std::collections::BTreeSet<_> = all.iter().cloned().collect();
        assert_eq!(set.len(), 6);
        assert!(all.iter().all(|o| {
            let mut s = o.clone();
            s.sort();
            s == vec![0, 1, 2]
        }));
    }
}
