//! Boundary and negative testing, driven by the schemas: every constraint of
//! every input member of the reference operations tried from both sides
//! (the value just inside must be accepted, the value just outside rejected
//! with AWS's error code), plus malformed requests. The expected answer of
//! each probe is the reference model's prediction; the coverage table says
//! what was exercised and what happened.
//!
//! `constraints` (what the schemas limit) -> `values` (edge values) ->
//! `bases` (the request each edge value is placed in) -> `probe` (send,
//! predict, judge; an update only one side applied is undone, so that its
//! value never meets a later probe) -> `coverage`; `malformed` for requests
//! no schema describes.

pub mod bases;
pub use crate::catalog::constraints;
pub mod coverage;
pub mod malformed;
pub mod probe;
pub mod values;

pub use coverage::{Coverage, Outcome, Row};
pub use values::Side;

use crate::catalog::{Catalog, REFERENCE_OPERATIONS};
use crate::session::Session;
use crate::session::{Fixtures, package, wait_ready};
use bases::Context;
use constraints::{Constraint, Kind};
use lambda_model::{Config, Model};
use probe::{Case, Prober};
use serde_json::{Value, json};
use values::Edit;

/// Settings of the boundary phase.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Compare error messages too (`--strict-messages`).
    pub strict_messages: bool,
    /// Skip the malformed-input probes.
    pub skip_malformed: bool,
}

/// Polls GetEventSourceMapping until the mapping is gone (bounded).
pub async fn wait_mapping_gone(s: &Session, uuid: &str) {
    let deadline = tokio::time::Instant::now() + s.wait_timeout;
    for attempt in 0.. {
        let ex = s
            .call(
                "boundary wait",
                "GetEventSourceMapping",
                json!({"UUID": uuid}),
                None,
            )
            .await;
        if ex.status() != Some(200) || tokio::time::Instant::now() >= deadline {
            return;
        }
        tokio::time::sleep(s.poll_delay(attempt)).await;
    }
}

/// The account id in an ARN (`arn:aws:lambda:region:ACCOUNT:...`).
fn account_of(arn: &str) -> Option<String> {
    arn.split(':')
        .nth(4)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
}

/// Runs the boundary phase; everything it creates is registered for clean-up.
pub async fn run(s: &Session, fx: &Fixtures, opts: &Options) -> Coverage {
    let catalog = Catalog::embedded();
    let zip = package::zip_base64(7);
    let function = format!("{}bfix", s.prefix);
    s.registry.with(|c| c.functions.push(function.clone()));
    let mut endpoint = Context {
        prefix: s.prefix.clone(),
        function: function.clone(),
        missing_function: format!("{}bmissing", s.prefix),
        role_arn: fx.role_arn.clone(),
        queue_arn: fx.event_source_arn.clone(),
        uuid: String::new(),
        zip: zip.clone(),
        account: "123456789012".into(),
        region: s.client.settings().region.clone(),
    };
    // The fixture function, on the endpoint first: its ARN tells the account.
    let create = json!({
        "FunctionName": function,
        "Runtime": "python3.12",
        "Role": fx.role_arn,
        "Handler": "index.handler",
        "Code": {"ZipFile": zip},
        "Publish": true,
    });
    let created = s
        .call("boundary setup", "CreateFunction", create.clone(), None)
        .await;
    if created.status().is_none_or(|st| st >= 300) {
        s.note("boundary probes skipped: the fixture function could not be created");
        return Coverage::default();
    }
    wait_ready(s, &function, "boundary wait").await;
    if let Some(a) = created
        .response()
        .and_then(|r| r.json.as_ref())
        .and_then(|b| b.get("FunctionArn"))
        .and_then(Value::as_str)
        .and_then(account_of)
    {
        endpoint.account = a;
    }
    let mut model = Model::new(Config {
        account: endpoint.account.clone(),
        region: s.client.settings().region.clone(),
        unverified_arns: fx.made_up.clone(),
        lookups: fx.lookups(),
        ..Config::default()
    });
    let predict = |m: &mut Model, op: &str, input: Value| {
        catalog.get(op).map(|o| crate::oracle::predict(m, o, input))
    };
    predict(&mut model, "CreateFunction", create);
    for (op, input) in [
        (
            "CreateAlias",
            json!({"FunctionName": function, "Name": bases::ALIAS, "FunctionVersion": "1"}),
        ),
        (
            "AddPermission",
            json!({"FunctionName": function, "StatementId": bases::SID,
                   "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}),
        ),
    ] {
        s.call("boundary setup", op, input.clone(), None).await;
        predict(&mut model, op, input);
    }
    let predicted = endpoint.clone();
    let mut prober = Prober {
        session: s.clone(),
        model,
        endpoint,
        predicted,
        strict_messages: opts.strict_messages,
        coverage: Coverage::default(),
        n: 0,
        restore_noted: Default::default(),
    };
    let mut mapping_tried = false;
    for name in REFERENCE_OPERATIONS {
        if name == "GetEventSourceMapping" && !mapping_tried {
            mapping_tried = true;
            create_mapping(&mut prober).await;
        }
        if matches!(name, "GetEventSourceMapping" | "UpdateEventSourceMapping")
            && prober.endpoint.uuid.is_empty()
        {
            not_exercised_all(
                &mut prober,
                name,
                "the fixture event source mapping could not be created",
            );
            continue;
        }
        probe_operation(&mut prober, name).await;
        if name == "UpdateFunctionConfiguration" {
            restore_function(&mut prober).await;
        }
    }
    if !opts.skip_malformed {
        malformed::run(&mut prober).await;
    }
    let (exercised, total) = prober.coverage.totals();
    s.note(format!(
        "boundary probes: {exercised} of {total} constraint sides exercised"
    ));
    prober.coverage
}

/// Every side of every constraint of an operation, not exercised for one reason.
fn not_exercised_all(p: &mut Prober, name: &str, why: &str) {
    let catalog = Catalog::embedded();
    let Some(op) = catalog.get(name) else { return };
    for c in constraints::of_operation(catalog, op) {
        for side in [values::Side::Invalid, values::Side::Valid] {
            p.not_exercised(&c, side, why);
        }
    }
}

/// Puts the fixture function's configuration back after its edge values (a
/// Timeout of 900 s, say, would make AWS refuse an SQS mapping whose queue's
/// visibility timeout is shorter), on both sides.
async fn restore_function(p: &mut Prober) {
    let input = json!({
        "FunctionName": p.endpoint.function,
        "Timeout": 3,
        "MemorySize": 128,
        "Description": "",
        "Handler": "index.handler",
        "Runtime": "python3.12",
        "Role": p.endpoint.role_arn,
        "Environment": {"Variables": {}},
        "Layers": [],
        "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []},
    });
    p.session
        .call(
            "boundary setup",
            "UpdateFunctionConfiguration",
            input.clone(),
            None,
        )
        .await;
    if let Some(op) = Catalog::embedded().get("UpdateFunctionConfiguration") {
        crate::oracle::predict(&mut p.model, op, input);
    }
    let f = p.endpoint.function.clone();
    wait_ready(&p.session, &f, "boundary wait").await;
}

/// The fixture event source mapping, on both sides (after CreateEventSourceMapping's
/// probes, which would otherwise meet it as a duplicate).
async fn create_mapping(p: &mut Prober) {
    let input = json!({"FunctionName": p.endpoint.function, "EventSourceArn": p.endpoint.queue_arn, "BatchSize": 5});
    let ex = p
        .session
        .call(
            "boundary setup",
            "CreateEventSourceMapping",
            input.clone(),
            None,
        )
        .await;
    if let Some(uuid) = ex
        .response()
        .and_then(|r| r.json.as_ref())
        .and_then(|b| b.get("UUID"))
        .and_then(Value::as_str)
    {
        p.endpoint.uuid = uuid.to_string();
        let u = uuid.to_string();
        p.session.registry.with(|c| c.mappings.push(u));
        // AWS refuses updates while a mapping is Creating (ResourceInUseException, documented).
        crate::session::wait_mapping(&p.session, uuid, "boundary wait").await;
    }
    if let Some(op) = Catalog::embedded().get("CreateEventSourceMapping") {
        let r = crate::oracle::predict(&mut p.model, op, input);
        if let Some(uuid) = r
            .json_body()
            .and_then(|b| b.get("UUID"))
            .and_then(Value::as_str)
        {
            p.predicted.uuid = uuid.to_string();
        }
    }
}

/// The plain function name in a name or ARN, parsed as the reference model
/// parses it (`name`, `name:qualifier`, `function:name`, a partial or full ARN).
fn plain_name(value: &str) -> String {
    lambda_model::names::parse_function_name(value)
        .map(|r| r.name)
        .unwrap_or_else(|| value.to_string())
}

/// Whether the name part of a function name or ARN is longer than `limit`.
fn plain_name_too_long(value: &str, limit: i64) -> bool {
    plain_name(value).chars().count() as i64 > limit
}

/// Whether `input` breaks exactly `c` (Invalid) or nothing (Valid), and names
/// only functions of this run.
fn fits(
    p: &Prober,
    op: &crate::catalog::Operation,
    c: &Constraint,
    side: values::Side,
    input: &Value,
) -> bool {
    if let Some(name) = input.get("FunctionName").and_then(Value::as_str)
        && !name.is_empty()
        && !plain_name(name).starts_with(&p.session.prefix)
    {
        return false; // never touch what the run did not create
    }
    let extra_broken: Vec<bool> = Catalog::embedded()
        .extra_constraints(&op.name)
        .map(|e| {
            input
                .get(&e.member)
                .and_then(Value::as_str)
                .is_some_and(|v| {
                    e.form.as_deref() == Some("plain-name") && plain_name_too_long(v, e.limit)
                })
        })
        .collect();
    let invalid = crate::oracle::validate::validate(op, input);
    let normal = |ptr: &str| -> String {
        ptr.split('/')
            .map(|s| if s.parse::<usize>().is_ok() { "0" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    if c.location == crate::catalog::Location::Header
        && let Some(v) = input.pointer(&c.pointer()).and_then(Value::as_str)
        && (v.trim() != v || !v.bytes().all(|b| (0x20..0x7f).contains(&b)))
    {
        return false; // HTTP trims header values and carries only visible ASCII
    }
    // The API reference: "If you specify only the function name, it is limited
    // to 64 characters" (VAL-005 recorded on CreateFunction); a valid edge
    // never relies on a longer name being accepted.
    let long_name = input
        .get("FunctionName")
        .and_then(Value::as_str)
        .is_some_and(|v| plain_name_too_long(v, 64));
    match side {
        values::Side::Valid => {
            invalid.is_none()
                && !extra_broken.contains(&true)
                && !long_name
                && !model_rejects(p, op, input)
        }
        values::Side::Invalid if c.form.is_some() => {
            invalid.is_none() && extra_broken.iter().filter(|b| **b).count() == 1
        }
        values::Side::Invalid => {
            let Some(inv) = invalid else { return false };
            let want = match c.kind {
                Kind::Required => constraints::pointer_of(&c.path[..c.path.len() - 1]),
                _ => c.pointer(),
            };
            !inv.violations.is_empty()
                && inv
                    .violations
                    .iter()
                    .all(|(ptr, kw, _)| *kw == c.kind.keyword() && normal(ptr) == want)
        }
    }
}

/// Whether the reference model rejects the input as breaking a constraint
/// (a rule beyond the schema, such as CreateFunction's 64-character names).
fn model_rejects(p: &Prober, op: &crate::catalog::Operation, input: &Value) -> bool {
    let mut scratch = p.model.clone();
    let r = crate::oracle::predict(&mut scratch, op, input.clone());
    probe::constraint_error(&r)
}

/// Seeds for a constraint's values: the base request's, samples, pattern samples.
fn seeds(p: &Prober, op: &crate::catalog::Operation, c: &Constraint, base: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(v) = base.pointer(&c.pointer()) {
        out.push(v.clone());
    }
    if c.path.len() == 1 {
        out.extend(bases::samples(&op.name, &c.path[0], &p.endpoint));
    }
    let mut item_path = c.path.clone();
    if matches!(c.kind, Kind::MinItems(_) | Kind::MaxItems(_)) {
        item_path.push("[]".into());
    }
    if let Some(node) = constraints::member_schema(&op.schema, &c.path) {
        if let Some(pat) = node.get("pattern").and_then(Value::as_str) {
            out.extend(values::pattern_samples(pat, 4).into_iter().map(Value::from));
        }
        out.push(values::instance(&op.schema, node, 0));
    }
    out
}

/// Probes one operation: its base request, then each side of each constraint.
async fn probe_operation(p: &mut Prober, name: &str) {
    let catalog = Catalog::embedded();
    let Some(op) = catalog.get(name) else { return };
    let Some(base) = bases::base(name, &p.endpoint, p.n) else {
        return;
    };
    p.n += 1;
    p.run(Case {
        op,
        constraint: None,
        side: values::Side::Valid,
        edit: Edit::Set(Value::Null),
        input: base,
    })
    .await;
    let base_outcome = p.coverage.rows.last().cloned();
    for c in constraints::of_operation(catalog, op) {
        for side in [values::Side::Invalid, values::Side::Valid] {
            if matches!(c.kind, Kind::Required) && side == values::Side::Valid {
                // The base request, which has every required member, is this side.
                if let Some(mut row) = base_outcome.clone() {
                    row.constraint = c.id();
                    row.value = "present (the base request)".into();
                    p.coverage.rows.push(row);
                }
                continue;
            }
            if c.location == crate::catalog::Location::Payload
                && side == values::Side::Invalid
                && matches!(c.kind, Kind::Required)
            {
                p.not_exercised(
                    &c,
                    side,
                    "a payload member is always on the wire: an absent one is an empty body",
                );
                continue;
            }
            if c.location == crate::catalog::Location::Uri
                && side == values::Side::Invalid
                && matches!(c.kind, Kind::Required | Kind::MinLength(_))
            {
                p.not_exercised(
                    &c,
                    side,
                    "a URI label cannot be absent or empty: the request would go to another path",
                );
                continue;
            }
            let n = p.n;
            p.n += 1;
            let Some(base) = bases::base(name, &p.endpoint, n) else {
                continue;
            };
            let seeds = seeds(p, op, &c, &base);
            let found = values::candidates(&op.schema, &c, side, &seeds, &p.endpoint.prefix)
                .into_iter()
                .map(|e| {
                    let input = values::apply(&op.schema, &base, &c.path, &e);
                    (e, input)
                })
                .find(|(_, input)| fits(p, op, &c, side, input));
            match found {
                Some((edit, input)) => {
                    p.run(Case {
                        op,
                        constraint: Some(&c),
                        side,
                        edit,
                        input,
                    })
                    .await;
                }
                None => p.not_exercised(
                    &c,
                    side,
                    match side {
                        values::Side::Valid => {
                            "no value at this edge meets the member's other constraints (and carries the run's name prefix)"
                        }
                        values::Side::Invalid => {
                            "no value breaks this constraint alone (and carries the run's name prefix)"
                        }
                    },
                ),
            }
        }
    }
}
