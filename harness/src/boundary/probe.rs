//! Sending one probe to the endpoint and the same to the reference model,
//! judging the endpoint's answer against the model's prediction, and
//! keeping the two sides' fixtures in step for the next probe.

use super::bases::{self, Context};
use super::coverage::{Coverage, Outcome, Row};
use super::values::{Edit, Side, summary};
use crate::catalog::Operation;
use crate::catalog::constraints::{self, Constraint};
use crate::checks::Violation;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence, Finding};
use crate::oracle;
use crate::session::wait_ready;
use crate::session::{Probe, Session};
use lambda_model::{Model, Response};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The state of the boundary phase: the session, the model mirroring the
/// endpoint's fixtures, both sides' names, and the table so far.
pub struct Prober {
    /// Session with the endpoint.
    pub session: Session,
    /// The reference model, holding the same fixtures.
    pub model: Model,
    /// Names as the endpoint knows them.
    pub endpoint: Context,
    /// Names as the model knows them.
    pub predicted: Context,
    /// Whether messages are compared too.
    pub strict_messages: bool,
    /// The coverage table.
    pub coverage: Coverage,
    /// Counter for unique names.
    pub n: usize,
    /// Operation and member of each restore already noted as failed (noted once).
    pub restore_noted: BTreeSet<String>,
}

/// One request to judge.
pub struct Case<'a> {
    /// Operation.
    pub op: &'a Operation,
    /// The constraint tested (None for the base request).
    pub constraint: Option<&'a Constraint>,
    /// Side of the boundary.
    pub side: Side,
    /// The edit made to the base request.
    pub edit: Edit,
    /// Input sent to the endpoint.
    pub input: Value,
}

fn message_of(body: Option<&Value>) -> String {
    body.and_then(|b| b.get("message").or_else(|| b.get("Message")))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The outcome of an exchange in one line: `success 201`, `400 ValidationException`.
pub fn outcome_text(ex: &Exchange) -> String {
    match ex.response() {
        Some(r) if r.status < 400 => format!("success {}", r.status),
        Some(r) => format!(
            "{} {}",
            r.status,
            r.error_code().unwrap_or_else(|| "(no code)".into())
        ),
        None => "no response".into(),
    }
}

/// Whether a predicted answer rejects the request for breaking a constraint.
pub fn constraint_error(r: &Response) -> bool {
    let message = message_of(r.json_body());
    r.status == 400
        && (r.error_code.as_deref() == Some("ValidationException")
            || message.contains("failed to satisfy constraint"))
}

/// Whether an answer says the value broke a constraint of the member.
fn rejects_as_invalid(ex: &Exchange, member: &str) -> bool {
    let Some(r) = ex.response() else {
        return false;
    };
    if r.status != 400 {
        return false;
    }
    let code = r.error_code().unwrap_or_default();
    let message = r.error_message().unwrap_or_default().to_lowercase();
    code == "ValidationException"
        || (message.contains("failed to satisfy constraint")
            && message.contains(&member.to_lowercase()))
}

/// `value` with one side's own values (mapping UUID, function ARN) replaced by the other's.
fn translate(value: &Value, from: &Context, to: &Context) -> Value {
    let mut text = value.to_string();
    if !from.uuid.is_empty() && from.uuid != to.uuid {
        text = text.replace(&from.uuid, &to.uuid);
    }
    let (from_arn, to_arn) = (from.function_arn(), to.function_arn());
    if from_arn != to_arn {
        text = text.replace(&from_arn, &to_arn);
    }
    serde_json::from_str(&text).unwrap_or_else(|_| value.clone())
}

/// `value` without the object members the input schema has no place for at
/// `path` (a response shows more than a request takes: SnapStart's
/// OptimizationStatus, a VpcConfig's VpcId); maps are kept whole.
fn prune(schema: &Value, path: &[String], value: Value) -> Value {
    let at = |seg: &str| {
        let mut p = path.to_vec();
        p.push(seg.to_string());
        p
    };
    let structure = constraints::member_schema(schema, path)
        .is_some_and(|node| node.get("properties").is_some_and(Value::is_object));
    match value {
        Value::Object(m) if structure => Value::Object(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let p = at(&k);
                    constraints::member_schema(schema, &p).map(|_| (k, prune(schema, &p, v)))
                })
                .collect(),
        ),
        Value::Array(items) => {
            let p = at("[]");
            Value::Array(items.into_iter().map(|v| prune(schema, &p, v)).collect())
        }
        v => v,
    }
}

/// The empty value of a member's type (`{}`, `[]`, `""`), with which AWS's
/// updates clear a member (a routing configuration, a KMS key); none for numbers
/// and booleans.
fn empty_of(node: &Value) -> Option<Value> {
    match node.get("type").and_then(Value::as_str)? {
        "object" => Some(json!({})),
        "array" => Some(json!([])),
        "string" => Some(json!("")),
        _ => None,
    }
}

impl Prober {
    /// Replaces the endpoint's own values (mapping UUID) with the model's.
    fn for_model(&self, input: &Value) -> Value {
        translate(input, &self.endpoint, &self.predicted)
    }

    /// Replaces the model's own values (mapping UUID) with the endpoint's.
    fn for_endpoint(&self, input: &Value) -> Value {
        translate(input, &self.predicted, &self.endpoint)
    }

    /// Runs one case and adds its row.
    pub async fn run(&mut self, case: Case<'_>) {
        let op = case.op;
        let model_input = self.for_model(&case.input);
        // What a success of an update changes no other operation undoes: the
        // model as it was, should the sides come apart (see `isolate`).
        let before = crate::operations::by_name(&op.name)
            .filter(|d| d.mutates && (d.undo)(&case.input).is_none())
            .map(|_| self.model.clone());
        let predicted = crate::oracle::predict(&mut self.model, op, model_input.clone());
        self.session.reached(&predicted);
        let id = case
            .constraint
            .map(Constraint::id)
            .unwrap_or_else(|| "base request".into());
        let step = format!("boundary {} {id} ({})", op.name, case.side.name());
        let expect = Some(oracle::expectation(&predicted));
        let strict = self.strict_messages;
        // Limits that depend on the event source: the model knows a standard SQS queue's.
        let unsure = case.constraint.is_some_and(|c| {
            bases::depends_on_source(&op.name, &c.path[0])
                && !bases::standard_sqs(&self.endpoint.queue_arn)
        });
        let (exchange, findings) = self
            .session
            .call_judged(
                Probe {
                    step: &step,
                    operation: &op.name,
                    input: case.input.clone(),
                    raw: None,
                    expect,
                    constraint: case.constraint.map(Constraint::id),
                },
                |ex| judge(op, &case, &model_input, &predicted, ex, strict, unsure),
            )
            .await;
        let mut findings = findings;
        if findings.is_empty() {
            findings.extend(
                self.read_back(op, &step, &case.input, &model_input, &exchange, &predicted)
                    .await,
            );
        }
        if op.name == "CreateFunction"
            && exchange.status().is_some_and(|st| st < 300)
            && let Some(name) = case.input.get("FunctionName").and_then(Value::as_str)
        {
            let name = name.to_string();
            self.session.registry.with(|c| c.functions.push(name));
        }
        let member = case
            .constraint
            .and_then(|c| c.path.first().cloned())
            .unwrap_or_default();
        self.after(op, &case.input, &exchange, &predicted).await;
        if let Some(before) = before {
            self.isolate(op, &member, &step, &exchange, &predicted, before)
                .await;
        }
        let decisive: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                matches!(
                    f.check,
                    CheckKind::Constraint
                        | CheckKind::Expectation
                        | CheckKind::Message
                        | CheckKind::Transport
                        | CheckKind::ServerError
                )
            })
            .collect();
        let outcome = match decisive.first() {
            Some(f) => Outcome::Finding(f.id.clone()),
            None => Outcome::Pass,
        };
        let evidence = match case.constraint {
            Some(c) => c.source.clone(),
            None => "reference model".into(),
        };
        self.coverage.rows.push(Row {
            operation: op.name.clone(),
            constraint: id,
            side: case.side,
            value: summary(&case.edit),
            expected: oracle::describe(&predicted),
            actual: outcome_text(&exchange),
            outcome,
            evidence,
        });
    }

    /// Records a side of a constraint that no value could exercise.
    pub fn not_exercised(&mut self, c: &Constraint, side: Side, why: &str) {
        self.coverage.rows.push(Row {
            operation: c.operation.clone(),
            constraint: c.id(),
            side,
            value: String::new(),
            expected: String::new(),
            actual: String::new(),
            outcome: Outcome::NotExercised(why.to_string()),
            evidence: c.source.clone(),
        });
    }

    /// After a success on both sides, reads the resource back on both (the
    /// operation's `read`) and checks that the read shows what the request
    /// set, where the model's read does.
    async fn read_back(
        &mut self,
        op: &Operation,
        step: &str,
        input: &Value,
        model_input: &Value,
        ex: &Exchange,
        predicted: &Response,
    ) -> Vec<Finding> {
        let (Some(answer), Some(model_answer)) = (
            ex.response()
                .filter(|r| r.status < 300)
                .and_then(|r| r.json.as_ref()),
            predicted.json_body().filter(|_| predicted.status < 300),
        ) else {
            return Vec::new();
        };
        let Some(d) = crate::operations::by_name(&op.name) else {
            return Vec::new();
        };
        let (Some((read_op, read_input)), Some((_, model_read_input))) =
            ((d.read)(input, answer), (d.read)(model_input, model_answer))
        else {
            return Vec::new();
        };
        let Some(read_def) = self.session.catalog.get(read_op.name()) else {
            return Vec::new();
        };
        if read_op == lambda_model::Op::GetEventSourceMapping {
            // A mapping being created answers only once it exists (documented waiters).
            if let Some(uuid) = read_input.get("UUID").and_then(Value::as_str) {
                crate::session::wait_mapping(&self.session, uuid, "boundary wait").await;
            }
        }
        let model_read = crate::oracle::predict(&mut self.model, read_def, model_read_input);
        self.session.reached(&model_read);
        let read_step = format!("{step}, read back with {read_op}");
        let what = format!("{read_op} afterwards");
        let (_, findings) = self
            .session
            .call_judged(
                Probe {
                    step: &read_step,
                    operation: read_op.name(),
                    input: read_input,
                    raw: None,
                    expect: Some(oracle::expectation(&model_read)),
                    constraint: None,
                },
                |read| {
                    let (Some(shown), Some(model_shown)) = (
                        read.response()
                            .filter(|r| r.status < 300)
                            .and_then(|r| r.json.as_ref()),
                        model_read.json_body().filter(|_| model_read.status < 300),
                    ) else {
                        return Vec::new();
                    };
                    crate::checks::persistence::not_as_asked(
                        input,
                        shown,
                        model_input,
                        model_shown,
                        &what,
                    )
                    .map(|mut v| {
                        // what is read back can be no surer than the write it follows
                        if predicted.evidence == lambda_model::Evidence::Inferred {
                            v.evidence = crate::findings::Evidence::inferred(
                                "the write this read follows was itself inferred",
                            );
                        }
                        v
                    })
                    .into_iter()
                    .collect()
                },
            )
            .await;
        findings
    }

    /// Undoes what a successful probe created, and waits for updates to
    /// settle, on both sides.
    async fn after(&mut self, op: &Operation, input: &Value, ex: &Exchange, predicted: &Response) {
        let endpoint_ok = ex.status().is_some_and(|s| s < 300);
        let model_ok = predicted.status < 300;
        let body = ex.response().and_then(|r| r.json.clone());
        let undo = crate::operations::by_name(&op.name)
            .and_then(|d| (d.undo)(input))
            .map(|(undo_op, undo_input)| (undo_op.name(), undo_input));
        if let Some((undo_op, undo_input)) = undo {
            let catalog = self.session.catalog;
            let Some(undo_def) = catalog.get(undo_op) else {
                return;
            };
            if endpoint_ok {
                let mut e_input = undo_input.clone();
                if undo_op == "DeleteEventSourceMapping" {
                    let uuid = body
                        .as_ref()
                        .and_then(|b| b.get("UUID"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    e_input = json!({"UUID": uuid});
                }
                if e_input
                    .as_object()
                    .is_some_and(|o| o.values().all(|v| !v.is_null()))
                {
                    if let Some(uuid) = e_input.get("UUID").and_then(Value::as_str) {
                        // AWS refuses to delete a mapping that is still Creating (documented).
                        crate::session::wait_mapping(&self.session, uuid, "boundary wait").await;
                    }
                    // Clean-up, not a probe: sent unrecorded and unchecked.
                    self.session.client.call(undo_def, &e_input).await;
                    if undo_op == "DeleteEventSourceMapping"
                        && let Some(uuid) = e_input["UUID"].as_str()
                    {
                        super::wait_mapping_gone(&self.session, uuid).await;
                    }
                }
            }
            if model_ok {
                let mut m_input = self.for_model(&undo_input);
                if undo_op == "DeleteEventSourceMapping" {
                    let uuid = predicted
                        .json_body()
                        .and_then(|b| b.get("UUID"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    m_input = json!({"UUID": uuid});
                }
                crate::oracle::predict(&mut self.model, undo_def, m_input);
            }
        }
        if endpoint_ok {
            self.settle(&op.name).await;
        }
    }

    /// Waits until the fixture an operation changes has settled on the
    /// endpoint: AWS refuses to update a function or a mapping that is still
    /// updating (documented).
    async fn settle(&self, op: &str) {
        match op {
            "UpdateEventSourceMapping" => {
                crate::session::wait_mapping(&self.session, &self.endpoint.uuid, "boundary wait")
                    .await
            }
            "UpdateFunctionCode" | "UpdateFunctionConfiguration" | "PublishVersion" => {
                wait_ready(&self.session, &self.endpoint.function, "boundary wait").await
            }
            _ => {}
        }
    }

    /// Keeps the two sides in step after a probe of an operation whose
    /// success nothing undoes (an update): when one side applied the request
    /// and the other did not (or may not have: a 5xx, no answer), neither its
    /// finding nor its value may follow later probes. The model goes back to
    /// `before` if it applied the request; the endpoint's fixture is
    /// restored (`restore`) if the endpoint applied it or may have.
    async fn isolate(
        &mut self,
        op: &Operation,
        member: &str,
        step: &str,
        ex: &Exchange,
        predicted: &Response,
        before: Model,
    ) {
        if ex.stopped() {
            return;
        }
        let applied = match ex.status() {
            Some(s) if s < 300 => Some(true),
            Some(s) if s < 500 => Some(false),
            _ => None,
        };
        let model_applied = predicted.status < 300;
        if applied == Some(model_applied) {
            return; // in step: both applied it, or neither did
        }
        if model_applied {
            self.model = before;
        }
        if applied != Some(false) {
            self.restore(op, member, step, applied.is_none()).await;
        }
    }

    /// Puts the endpoint's fixture back after `step`, which the endpoint
    /// applied (or may have) and the model did not: the operation's base
    /// request (`bases`: valid over the fixtures, accepted by the model) with
    /// the probed top-level `member` at a valid value, sent unrecorded and
    /// unchecked like an undo (clean-up, not a probe), then waited for.
    ///
    /// The model applies the same request once the endpoint has accepted
    /// it: the base's other members may differ from what the model holds (an
    /// earlier probe's edge value stays on the fixture, and a base carries
    /// members such as a mapping's BatchSize), so only the restore applied to
    /// both leaves the two sides alike. A restore the endpoint refuses, or
    /// after which it shows another value of `member` than the model, is
    /// noted (once per operation and member).
    async fn restore(&mut self, op: &Operation, member: &str, step: &str, settle_first: bool) {
        let n = self.n;
        self.n += 1;
        let Some(base) = bases::base(&op.name, &self.endpoint, n) else {
            return;
        };
        let Some(input) = self.restore_request(op, member, base) else {
            self.note_restore(
                op,
                member,
                step,
                "the reference model rejects the operation's base request, so nothing puts it back",
            );
            return;
        };
        if settle_first {
            self.settle(&op.name).await;
        }
        let ex = self.session.client.call(op, &input).await;
        if ex.stopped() {
            return;
        }
        let problem = match ex.response() {
            Some(r) if r.status < 300 => {
                let model_input = self.for_model(&input);
                let held = crate::oracle::predict(&mut self.model, op, model_input);
                self.settle(&op.name).await;
                let shown = r
                    .json
                    .as_ref()
                    .and_then(|b| b.get(member))
                    .map(|v| self.for_model(v));
                let held = held.json_body().and_then(|b| b.get(member));
                match shown {
                    Some(v) if Some(&v) != held => Some(format!(
                        "the endpoint holds {member} = {v}, the reference model {}",
                        held.map_or_else(|| "none".to_string(), Value::to_string)
                    )),
                    _ => None,
                }
            }
            _ => Some(format!(
                "the endpoint answered the restoring request with {}",
                outcome_text(&ex)
            )),
        };
        if let Some(why) = problem {
            self.note_restore(op, member, step, &why);
        }
    }

    /// The restoring request: the base request, its `member` (when the base
    /// has none) set to the model's current value, else to the empty value of
    /// its type; the first of these the model accepts. None when the model
    /// accepts not even the base.
    fn restore_request(&self, op: &Operation, member: &str, base: Value) -> Option<Value> {
        let accepted = |input: &Value| {
            let mut scratch = self.model.clone();
            crate::oracle::predict(&mut scratch, op, self.for_model(input)).status < 300
        };
        if !member.is_empty() && base.get(member).is_none() {
            let path = [member.to_string()];
            let node = constraints::member_schema(&op.schema, &path);
            // The model's current value, as its answer to the base shows it.
            let mut scratch = self.model.clone();
            let answer = crate::oracle::predict(&mut scratch, op, self.for_model(&base));
            let current = answer
                .json_body()
                .and_then(|b| b.get(member))
                .map(|v| prune(&op.schema, &path, self.for_endpoint(v)));
            for value in current.into_iter().chain(node.and_then(empty_of)) {
                let mut input = base.clone();
                if let Some(o) = input.as_object_mut() {
                    o.insert(member.to_string(), value);
                }
                if accepted(&input) {
                    return Some(input);
                }
            }
        }
        // The base alone still puts its own members back.
        accepted(&base).then_some(base)
    }

    /// Notes a restore that did not take, once per operation and member.
    fn note_restore(&mut self, op: &Operation, member: &str, step: &str, why: &str) {
        if self.restore_noted.insert(format!("{} {member}", op.name)) {
            self.session.note(format!(
                "boundary: the fixture could not be put back in step with the reference model \
                 after `{step}` (the endpoint kept, or may have kept, what AWS would not): {why}; \
                 later probes may meet what it left"
            ));
        }
    }
}

/// Answers about a moment, not about the request.
const TRANSIENT: [&str; 2] = ["ResourceInUseException", "TooManyRequestsException"];

/// The verdict on one exchange: what differs from AWS, naming the constraint.
fn judge(
    op: &Operation,
    case: &Case<'_>,
    model_input: &Value,
    predicted: &Response,
    ex: &Exchange,
    strict: bool,
    unsure: bool,
) -> Vec<Violation> {
    let Some(resp) = ex.response() else {
        return Vec::new(); // a transport finding already
    };
    if resp.status >= 500 {
        return Vec::new(); // a server-error finding already
    }
    let actual_ok = resp.status < 400;
    let predicted_ok = predicted.status < 400;
    let actual_code = resp.error_code();
    let same = actual_ok == predicted_ok
        && (actual_ok || (resp.status == predicted.status && actual_code == predicted.error_code));
    if let Some(code) = actual_code.as_deref()
        && TRANSIENT.contains(&code)
        && !same
    {
        // A state AWS passes through (a mapping Creating or Updating) or throttling
        // that outlasted the retries: no verdict on the constraint.
        return vec![Violation {
            check: CheckKind::Expectation,
            expected: oracle::describe(predicted),
            actual: outcome_text(ex),
            detail: resp.error_message().unwrap_or_default(),
            evidence: Evidence::inferred(
                "a transient answer (ResourceInUseException, TooManyRequestsException) says nothing about the constraint",
            ),
        }];
    }
    let value = summary(&case.edit);
    let actual = outcome_text(ex);
    let expected = oracle::describe(predicted);
    let top = case
        .constraint
        .and_then(|c| c.path.first().cloned())
        .unwrap_or_default();
    let mut out = Vec::new();
    match (case.constraint, case.side) {
        (Some(c), Side::Invalid) if !predicted_ok => {
            let constraint_evidence = if c.recorded {
                Evidence::recorded(c.source.clone())
            } else {
                Evidence::documented(c.source.clone())
            };
            if actual_ok {
                out.push(Violation {
                    check: CheckKind::Constraint,
                    expected: format!("{expected} for {}", c.id()),
                    actual: format!("{actual}: accepts what AWS rejects"),
                    detail: format!("{} = {value} was accepted", c.member()),
                    evidence: constraint_evidence,
                });
            } else if !same {
                let evidence = if c.recorded {
                    constraint_evidence
                } else if c.code == "ValidationException" {
                    Evidence::documented(format!(
                        "{}; FMT-003 (recorded): front-end constraint violations are 400 ValidationException",
                        c.source
                    ))
                } else {
                    Evidence::documented(c.source.clone())
                };
                out.push(Violation {
                    check: CheckKind::Constraint,
                    expected: format!("{expected} for {}", c.id()),
                    actual: format!("{actual}: wrong error for the constraint"),
                    detail: format!(
                        "{} = {value}: {}",
                        c.member(),
                        resp.error_message().unwrap_or_default()
                    ),
                    evidence,
                });
            } else if strict {
                let want = message_of(predicted.json_body());
                let got = resp.error_message().unwrap_or_default();
                if crate::checks::message_key(&want) != crate::checks::message_key(&got) {
                    out.push(Violation {
                        check: CheckKind::Message,
                        expected: format!("AWS's message for {}", c.id()),
                        actual: "another message".into(),
                        detail: format!("expected: {want}\nactual:   {got}"),
                        // The recorded form holds for scalar members of the model; list
                        // items (VAL-021), enums (AWS's own value lists, VAL-018) and
                        // corrected limits have forms the model does not give.
                        evidence: if c.path.iter().any(|s| s == "[]")
                            || matches!(c.kind, crate::catalog::constraints::Kind::Enum(_))
                            || !c.source.starts_with("service model")
                        {
                            Evidence::inferred("AWS's wording for this kind of constraint is not known in full")
                        } else {
                            Evidence::recorded(
                                "FMT-003 (recorded): N validation error(s) detected: Value '<v>' at '<member>' failed to satisfy constraint: <constraint>",
                            )
                        },
                    });
                }
            }
        }
        (Some(c), Side::Valid) => {
            if !constraint_error(predicted) && rejects_as_invalid(ex, &top) {
                out.push(Violation {
                    check: CheckKind::Constraint,
                    expected: format!("{expected}: {} at its edge is valid", c.id()),
                    actual: format!("{actual}: rejects what AWS accepts"),
                    detail: format!(
                        "{} = {value}: {}",
                        c.member(),
                        resp.error_message().unwrap_or_default()
                    ),
                    evidence: if resp.error_message().unwrap_or_default().contains("3008") {
                        // Restricted accounts allow 3008 MB only (AWS errors quoted in public reports).
                        Evidence::inferred("the account's memory quota may be 3008 MB, not 10240")
                    } else if unsure {
                        Evidence::inferred("this limit depends on the event source type (FIFO queues: BatchSize 10, no window)")
                    } else {
                        Evidence::documented(format!("{} (the value meets it)", c.source))
                    },
                });
            } else if !same {
                out.push(mismatch(op, predicted, ex, &top, &value, unsure));
            }
        }
        _ => {
            if !same {
                out.push(mismatch(op, predicted, ex, &top, &value, unsure));
            }
        }
    }
    if out.is_empty()
        && actual_ok
        && predicted_ok
        && let (Some(shown), Some(model_shown)) = (resp.json.as_ref(), predicted.json_body())
    {
        out.extend(crate::checks::persistence::not_as_asked(
            &case.input,
            shown,
            model_input,
            model_shown,
            "the answer",
        ));
    }
    out
}

/// An outcome other than the model's, on a request that breaks no constraint.
fn mismatch(
    op: &Operation,
    predicted: &Response,
    ex: &Exchange,
    top: &str,
    value: &str,
    unsure: bool,
) -> Violation {
    let known = !unsure && (top.is_empty() || bases::semantics_known(&op.name, top));
    let evidence = if known {
        oracle::evidence_of(predicted)
    } else {
        Evidence::inferred(format!(
            "AWS may check {top} further than the reference model does (another resource, a cross-member rule)"
        ))
    };
    Violation {
        check: CheckKind::Expectation,
        expected: oracle::describe(predicted),
        actual: outcome_text(ex),
        detail: if top.is_empty() {
            ex.response()
                .and_then(|r| r.error_message())
                .unwrap_or_default()
        } else {
            format!(
                "{top} = {value}: {}",
                ex.response()
                    .and_then(|r| r.error_message())
                    .unwrap_or_default()
            )
        },
        evidence,
    }
}
