//! `sequence`: fuzz bytes decoded (with `arbitrary`) into a sequence of
//! `stateful::Transition`s, run against the endpoint named by
//! `LAMBDA_ENDPOINT` (default: the embedded reference endpoint, in-process)
//! by the stateful executor, `stateful::Harness::run_case`, which checks every
//! exchange as `run` does and compares it with the reference model. Any
//! finding that would fail `run` (new and verified; `LC_FUZZ_KNOWN_DEVIATIONS`
//! lists known ones) aborts with its reproducer.
//!
//! Until the stateful executor is implemented (`Harness::start` says "not
//! implemented"), a fallback executor here binds the transitions to requests
//! itself and applies the contract checks of `run` (`check_exchange`) to each
//! exchange, without the model comparison.

use crate::env;
use crate::reproducer::fail;
use arbitrary::{Arbitrary, Unstructured};
use lambda_conformance::catalog::Catalog;
use lambda_conformance::checks::check_exchange;
use lambda_conformance::findings::Finding;
use lambda_conformance::runner::{RunPlan, Step};
use lambda_conformance::stateful::transition::{
    ALIAS_SLOTS, FUNCTION_SLOTS, InvocationKind, MAPPING_SLOTS, QualifierRef, RevisionRef,
    SID_SLOTS, VersionRef,
};
use lambda_conformance::stateful::{CaseOutcome, Harness, Transition};
use serde_json::{Map, Value, json};
use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;

/// Most transitions one input decodes to.
pub const MAX_TRANSITIONS: usize = 32;

/// Decodes an input into transitions (each `Transition::arbitrary` in turn until the bytes run out).
pub fn decode(data: &[u8]) -> Vec<Transition> {
    let mut u = Unstructured::new(data);
    let mut out = Vec::new();
    while !u.is_empty() && out.len() < MAX_TRANSITIONS {
        match Transition::arbitrary(&mut u) {
            // Into the slots a sequence uses, so that operations meet each other's resources.
            Ok(t) => out.push(t.within_slots()),
            Err(_) => break,
        }
    }
    out
}

enum Executor {
    Stateful(&'static Harness),
    Fallback,
}

thread_local! {
    static EXECUTOR: OnceCell<Executor> = const { OnceCell::new() };
    static CASE: Cell<u32> = const { Cell::new(0) };
}

fn plan() -> RunPlan {
    let mut plan = RunPlan::new(env::endpoint(), "lc-fz0000-");
    plan.timeout = env::request_timeout();
    plan.wait_timeout = env::request_timeout();
    plan.role_arn = std::env::var("LC_FUZZ_ROLE_ARN").ok();
    plan.event_source_arn = std::env::var("LC_FUZZ_EVENT_SOURCE_ARN").ok();
    plan
}

fn executor<R>(f: impl FnOnce(&Executor) -> R) -> R {
    EXECUTOR.with(|cell| {
        let e = cell.get_or_init(|| match env::runtime().block_on(Harness::start(&plan())) {
            Ok(h) => Executor::Stateful(Box::leak(Box::new(h))),
            Err(e) if format!("{e:#}").contains("not implemented") => {
                eprintln!("sequence: the stateful executor is not implemented yet; using the fallback executor (contract checks only)");
                Executor::Fallback
            }
            Err(e) => panic!("sequence: cannot start the stateful harness: {e:#}"),
        });
        f(e)
    })
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let transitions = decode(data);
    if transitions.is_empty() {
        return;
    }
    let n = CASE.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let prefix = format!("lc-fz{:04x}{n:06x}-", std::process::id() & 0xffff);
    let outcome = executor(|e| match e {
        Executor::Stateful(h) => env::runtime().block_on(h.run_case(&prefix, &transitions)),
        Executor::Fallback => env::runtime().block_on(fallback(&prefix, &transitions)),
    });
    let mut findings = outcome.findings;
    if let Some(known) = env::known_deviations() {
        known.apply(&mut findings);
    }
    if let Some(f) = findings
        .iter()
        .find(|f| lambda_conformance::report::is_failure(f))
    {
        let history: Vec<Value> = transitions.iter().map(|t| json!(t)).collect();
        fail(
            "sequence",
            &format!(
                "{} [{}] {}: expected {}, got {}\n{}\nevidence: {} ({:?})",
                f.operation,
                f.check.name(),
                f.step,
                f.expected,
                f.actual,
                f.detail,
                f.evidence.source,
                f.evidence.kind
            ),
            &history,
            &outcome.steps,
        );
    }
}

/// Per-case bindings of the fallback executor.
#[derive(Default)]
struct Bindings {
    revisions: BTreeMap<u8, Vec<String>>,
    mappings: BTreeMap<u8, String>,
    next_mapping: u8,
}

fn qualifier(q: QualifierRef) -> String {
    match q {
        QualifierRef::Latest => "$LATEST".into(),
        QualifierRef::Version(n) => (n % 4 + 1).to_string(),
        QualifierRef::Alias(a) => format!("a{}", a % ALIAS_SLOTS),
    }
}

fn version(v: VersionRef) -> String {
    match v {
        VersionRef::Latest => "$LATEST".into(),
        VersionRef::Number(n) => (n % 4 + 1).to_string(),
    }
}

fn with(mut input: Map<String, Value>, key: &str, value: Option<String>) -> Map<String, Value> {
    if let Some(v) = value {
        input.insert(key.into(), Value::String(v));
    }
    input
}

/// The operation input a transition stands for.
fn bind(t: &Transition, prefix: &str, b: &Bindings) -> Value {
    let fname = |f: u8| format!("{prefix}f{}", f % FUNCTION_SLOTS);
    let base = |f: u8| {
        let mut m = Map::new();
        m.insert("FunctionName".into(), Value::String(fname(f)));
        m
    };
    let revision = |f: u8, r: RevisionRef| -> Option<String> {
        let seen = b.revisions.get(&(f % FUNCTION_SLOTS));
        match r {
            RevisionRef::None => None,
            RevisionRef::Current => seen.and_then(|v| v.last().cloned()),
            RevisionRef::Stale => Some(
                seen.filter(|v| v.len() > 1)
                    .map(|v| v[v.len() - 2].clone())
                    .unwrap_or_else(|| "00000000-0000-4000-8000-000000000000".into()),
            ),
        }
    };
    let uuid = |m: u8| {
        b.mappings
            .get(&(m % MAPPING_SLOTS))
            .cloned()
            .unwrap_or_else(|| "00000000-0000-4000-8000-00000000ffff".into())
    };
    let page = |m: Map<String, Value>, max: Option<u8>| {
        let mut m = m;
        if let Some(x) = max {
            m.insert("MaxItems".into(), json!(x as u32 % 50 + 1));
        }
        m
    };
    let input = match *t {
        Transition::CreateFunction {
            f,
            code,
            memory,
            timeout,
            publish,
        } => {
            let mut m = base(f);
            m.insert("Role".into(), json!(env::role_arn()));
            m.insert("Runtime".into(), json!("python3.12"));
            m.insert("Handler".into(), json!("index.handler"));
            m.insert(
                "Code".into(),
                json!({"ZipFile": crate::generate::zip_b64(code as u32 % 4)}),
            );
            m.insert("MemorySize".into(), json!(128 + (memory as u32 % 16) * 64));
            m.insert("Timeout".into(), json!(1 + timeout as u32 % 900));
            m.insert("Publish".into(), json!(publish));
            m
        }
        Transition::GetFunction { f, qualifier: q }
        | Transition::GetFunctionConfiguration { f, qualifier: q }
        | Transition::DeleteFunction { f, qualifier: q }
        | Transition::GetPolicy { f, qualifier: q } => with(base(f), "Qualifier", q.map(qualifier)),
        Transition::UpdateFunctionCode {
            f,
            code,
            revision: r,
        } => {
            let mut m = with(base(f), "RevisionId", revision(f, r));
            m.insert(
                "ZipFile".into(),
                json!(crate::generate::zip_b64(code as u32 % 4)),
            );
            m
        }
        Transition::UpdateFunctionConfiguration {
            f,
            description,
            timeout,
            revision: r,
        } => {
            let mut m = with(base(f), "RevisionId", revision(f, r));
            m.insert("Description".into(), json!(format!("d{description}")));
            m.insert("Timeout".into(), json!(1 + timeout as u32 % 900));
            m
        }
        Transition::ListFunctions { max_items } => page(Map::new(), max_items),
        Transition::PublishVersion {
            f,
            description,
            revision: r,
        } => {
            let mut m = with(base(f), "RevisionId", revision(f, r));
            m.insert("Description".into(), json!(format!("v{description}")));
            m
        }
        Transition::ListVersionsByFunction { f, max_items }
        | Transition::ListAliases { f, max_items } => page(base(f), max_items),
        Transition::ListEventSourceMappings { f, max_items } => page(base(f), max_items),
        Transition::CreateAlias {
            f,
            alias,
            version: v,
        } => {
            let mut m = base(f);
            m.insert("Name".into(), json!(format!("a{}", alias % ALIAS_SLOTS)));
            m.insert("FunctionVersion".into(), json!(version(v)));
            m
        }
        Transition::GetAlias { f, alias } | Transition::DeleteAlias { f, alias } => {
            let mut m = base(f);
            m.insert("Name".into(), json!(format!("a{}", alias % ALIAS_SLOTS)));
            m
        }
        Transition::UpdateAlias {
            f,
            alias,
            version: v,
            revision: r,
        } => {
            let mut m = base(f);
            m.insert("Name".into(), json!(format!("a{}", alias % ALIAS_SLOTS)));
            m.insert("FunctionVersion".into(), json!(version(v)));
            // Alias RevisionIds are not tracked by the fallback: only None or a made-up stale one.
            if r == RevisionRef::Stale {
                m.insert(
                    "RevisionId".into(),
                    json!("00000000-0000-4000-8000-000000000000"),
                );
            }
            m
        }
        Transition::AddPermission {
            f,
            sid,
            qualifier: q,
        } => {
            let mut m = with(base(f), "Qualifier", q.map(qualifier));
            m.insert("StatementId".into(), json!(format!("s{}", sid % SID_SLOTS)));
            m.insert("Action".into(), json!("lambda:InvokeFunction"));
            m.insert("Principal".into(), json!("s3.amazonaws.com"));
            m
        }
        Transition::RemovePermission {
            f,
            sid,
            qualifier: q,
        } => {
            let mut m = with(base(f), "Qualifier", q.map(qualifier));
            m.insert("StatementId".into(), json!(format!("s{}", sid % SID_SLOTS)));
            m
        }
        Transition::CreateEventSourceMapping { f, batch_size } => {
            let mut m = base(f);
            m.insert("EventSourceArn".into(), json!(env::event_source_arn()));
            m.insert("BatchSize".into(), json!(1 + batch_size as u32 % 10));
            m
        }
        Transition::GetEventSourceMapping { m } | Transition::DeleteEventSourceMapping { m } => {
            let mut x = Map::new();
            x.insert("UUID".into(), json!(uuid(m)));
            x
        }
        Transition::UpdateEventSourceMapping { m, batch_size } => {
            let mut x = Map::new();
            x.insert("UUID".into(), json!(uuid(m)));
            x.insert("BatchSize".into(), json!(1 + batch_size as u32 % 10));
            x
        }
        Transition::Invoke {
            f,
            qualifier: q,
            kind,
        } => {
            let mut m = with(base(f), "Qualifier", q.map(qualifier));
            let kind = match kind {
                InvocationKind::RequestResponse => "RequestResponse",
                InvocationKind::Event => "Event",
                InvocationKind::DryRun => "DryRun",
            };
            m.insert("InvocationType".into(), json!(kind));
            m.insert("Payload".into(), json!("e30="));
            m
        }
        Transition::InvokeAsync { f } => {
            let mut m = base(f);
            m.insert("InvokeArgs".into(), json!("e30="));
            m
        }
    };
    Value::Object(input)
}

/// The fallback executor: binds, calls, checks every exchange, cleans up.
async fn fallback(prefix: &str, transitions: &[Transition]) -> CaseOutcome {
    let client = env::client();
    let catalog = Catalog::embedded();
    let mut b = Bindings::default();
    let mut outcome = CaseOutcome::default();
    for (i, t) in transitions.iter().enumerate() {
        let op = catalog
            .get(t.operation())
            .expect("transition operations are in the catalog");
        let input = bind(t, prefix, &b);
        let ex = client.call(op, &input).await;
        let step = format!(
            "fuzz-{i}-{}",
            lambda_conformance::report::reproduce::cli_command(&op.name)
        );
        for v in check_exchange(op, &ex, None) {
            outcome.findings.push(Finding::new(
                v.check, &op.name, &step, v.expected, v.actual, v.detail, v.evidence, i,
            ));
        }
        if let Some(body) = ex
            .response()
            .filter(|r| r.status < 300)
            .and_then(|r| r.json.as_ref())
        {
            let slot = |f: u8| f % FUNCTION_SLOTS;
            match t {
                Transition::CreateFunction { f, .. }
                | Transition::UpdateFunctionCode { f, .. }
                | Transition::UpdateFunctionConfiguration { f, .. }
                | Transition::GetFunctionConfiguration { f, qualifier: None } => {
                    if let Some(r) = body.get("RevisionId").and_then(Value::as_str) {
                        b.revisions.entry(slot(*f)).or_default().push(r.to_string());
                    }
                }
                Transition::CreateEventSourceMapping { .. } => {
                    if let Some(id) = body.get("UUID").and_then(Value::as_str) {
                        b.mappings
                            .insert(b.next_mapping % MAPPING_SLOTS, id.to_string());
                        b.next_mapping = b.next_mapping.wrapping_add(1);
                    }
                }
                _ => {}
            }
        }
        outcome.steps.push(Step {
            step,
            expected: None,
            exchange: ex,
        });
        if !outcome.findings.is_empty() {
            break;
        }
    }
    // Clean up what the case may have created (not checked).
    for uuid in b.mappings.values() {
        let op = catalog
            .get("DeleteEventSourceMapping")
            .expect("in the catalog");
        let _ = client.call(op, &json!({"UUID": uuid})).await;
    }
    let op = catalog.get("DeleteFunction").expect("in the catalog");
    for f in 0..FUNCTION_SLOTS {
        let _ = client
            .call(op, &json!({"FunctionName": format!("{prefix}f{f}")}))
            .await;
    }
    outcome
}
