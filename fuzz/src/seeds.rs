//! Seed corpora (from the schemas: a valid example per operation, with the
//! requests that set it up) and the libFuzzer dictionary (operation paths,
//! member names, enum values, error codes, header names).

use crate::generate::{Memory, example_input, substitute};
use crate::records::encode_text;
use crate::targets::{sequence, wire_response};
use arbitrary::{Arbitrary, Unstructured};
use lambda_conformance::catalog::{Catalog, REFERENCE_OPERATIONS};
use lambda_conformance::stateful::Transition;
use lambda_model::{Config, Model, Request};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The operations that must run before `op` for a valid example to succeed.
fn setup(op: &str) -> Vec<&'static str> {
    let mut s = vec![];
    if op != "CreateFunction" && op != "ListFunctions" && op != "ListEventSourceMappings" {
        s.push("CreateFunction");
    }
    if matches!(
        op,
        "CreateAlias"
            | "GetAlias"
            | "UpdateAlias"
            | "DeleteAlias"
            | "ListAliases"
            | "ListVersionsByFunction"
    ) {
        s.push("PublishVersion");
    }
    if matches!(
        op,
        "GetAlias" | "UpdateAlias" | "DeleteAlias" | "ListAliases"
    ) {
        s.push("CreateAlias");
    }
    if matches!(op, "GetPolicy" | "RemovePermission") {
        s.push("AddPermission");
    }
    if matches!(
        op,
        "GetEventSourceMapping" | "UpdateEventSourceMapping" | "DeleteEventSourceMapping"
    ) {
        s.push("CreateEventSourceMapping");
    }
    s
}

/// The order of the lifecycle seed: every reference operation once, in the
/// catalog's order, the deletions last and in reverse (DeleteFunction at the end).
fn lifecycle() -> Vec<&'static str> {
    let (deletions, rest): (Vec<&'static str>, Vec<&'static str>) = REFERENCE_OPERATIONS
        .iter()
        .copied()
        .partition(|op| op.starts_with("Delete"));
    rest.into_iter()
        .chain(deletions.into_iter().rev())
        .collect()
}

fn records(ops: &[&str], last_flags: u8) -> Vec<u8> {
    let catalog = Catalog::embedded();
    let mut out = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let input = example_input(catalog.get(op).expect("reference operation"));
        out.extend(encode_text(
            op,
            if i + 1 == ops.len() { last_flags } else { 0 },
            &input,
        ));
    }
    out
}

/// Seeds of the record-based targets, by name.
pub fn record_seeds(mutations: bool) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("lifecycle".to_string(), records(&lifecycle(), 0))];
    for (i, op) in REFERENCE_OPERATIONS.iter().enumerate() {
        let mut ops = setup(op);
        ops.push(op);
        out.push((format!("valid-{op}"), records(&ops, 0)));
        if mutations {
            let m = (i % 9 + 1) as u8;
            out.push((format!("mutated{m}-{op}"), records(&ops, m << 1)));
        }
    }
    out
}

fn response_seed(op: &str, resp: &lambda_model::Response) -> Vec<u8> {
    let index = REFERENCE_OPERATIONS
        .iter()
        .position(|o| *o == op)
        .expect("reference operation") as u8;
    let wire = wire_response(resp);
    let mut out = vec![index];
    out.extend_from_slice(&resp.status.to_le_bytes());
    let headers: Vec<(u8, &str)> = wire
        .headers
        .iter()
        .filter_map(|(k, v)| match k.as_str() {
            "content-type" => Some((0u8, v.as_str())),
            "x-amzn-errortype" => Some((1, v.as_str())),
            "x-amz-executed-version" => Some((4, v.as_str())),
            "x-amz-function-error" => Some((3, v.as_str())),
            _ => None,
        })
        .filter(|(_, v)| v.len() < 64)
        .collect();
    out.push(headers.len() as u8);
    for (name, value) in headers {
        out.push(name);
        out.push(64 + value.len() as u8);
        out.extend_from_slice(value.as_bytes());
    }
    out.push(0); // raw body
    out.extend_from_slice(&crate::targets::responses_body(&wire));
    out
}

/// Seeds of `responses`: the reference model's answers to the valid examples and to a few bad requests.
pub fn response_seeds() -> Vec<(String, Vec<u8>)> {
    let catalog = Catalog::embedded();
    let mut model = Model::new(Config::default());
    let mut memory = Memory::default();
    let mut out = Vec::new();
    for op in lifecycle() {
        let mut input = example_input(catalog.get(op).expect("reference operation"));
        substitute(&mut input, &memory);
        let resp = model.apply(&Request::new(op, input));
        if let Some(b) = resp.json_body() {
            memory.learn(b);
        }
        out.push((format!("ok-{op}"), response_seed(op, &resp)));
    }
    for op in REFERENCE_OPERATIONS {
        let mut input = example_input(catalog.get(op).expect("reference operation"));
        substitute(&mut input, &memory);
        let resp = model.apply(&Request::new(op, input));
        out.push((format!("after-delete-{op}"), response_seed(op, &resp)));
    }
    out
}

/// Bytes that decode to one transition: the variant `disc` selects, every field zero.
fn transition_bytes(disc: u32) -> Vec<u8> {
    let mut buf = disc.to_le_bytes().to_vec();
    buf.extend([0u8; 60]);
    let mut u = Unstructured::new(&buf);
    Transition::arbitrary(&mut u).expect("decodes");
    let used = buf.len() - u.len();
    buf.truncate(used);
    buf
}

/// One transition of every variant, with the bytes that decode to it, in declaration order.
///
/// `arbitrary` picks a variant from the first u32 of the input, each variant
/// owning one contiguous range of its values; the ranges are found by bisection,
/// so the seeds follow the enum without knowing how many variants it has.
pub fn transition_variants() -> Vec<(Transition, Vec<u8>)> {
    let variant = |disc: u64| {
        let t = sequence::decode(&transition_bytes(disc as u32))
            .pop()
            .expect("decodes to one transition");
        std::mem::discriminant(&t)
    };
    let mut out = Vec::new();
    let mut start: u64 = 0;
    while start <= u64::from(u32::MAX) {
        let v = variant(start);
        // The last value of `v`'s range: variant(lo) == v, and none after hi is v.
        let (mut lo, mut hi) = (start, u64::from(u32::MAX));
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if variant(mid) == v {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let b = transition_bytes(start as u32);
        out.push((sequence::decode(&b)[0].clone(), b));
        start = lo + 1;
    }
    out
}

/// Seeds of `sequence`: CreateFunction then each transition, and all of them in turn.
pub fn sequence_seeds() -> Vec<(String, Vec<u8>)> {
    let variants = transition_variants();
    let create = variants
        .iter()
        .position(|(t, _)| t.operation() == "CreateFunction")
        .expect("CreateFunction");
    let mut out = Vec::new();
    let mut all = variants[create].1.clone();
    for (t, b) in &variants {
        let mut seed = variants[create].1.clone();
        if t.operation() != "CreateFunction" {
            seed.extend(b);
            all.extend(b);
        }
        let decoded = sequence::decode(&seed);
        assert_eq!(
            decoded.last(),
            Some(t),
            "seed for {} does not round-trip",
            t.operation()
        );
        out.push((format!("valid-{}", t.operation()), seed));
    }
    out.push(("all-transitions".into(), all));
    out
}

fn dict_entry(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        match b {
            b'"' | b'\\' => out.push_str(&format!("\\{}", b as char)),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02X}")),
        }
    }
    out.push('"');
    out
}

fn collect_strings(v: &Value, keys: &mut BTreeSet<String>, enums: &mut BTreeSet<String>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Object(props)) = o.get("properties") {
                keys.extend(props.keys().cloned());
            }
            if let Some(Value::Array(e)) = o.get("enum") {
                enums.extend(e.iter().filter_map(Value::as_str).map(str::to_string));
            }
            o.values().for_each(|x| collect_strings(x, keys, enums));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, keys, enums)),
        _ => {}
    }
}

/// The dictionary, in libFuzzer's format.
pub fn dictionary() -> String {
    let catalog = Catalog::embedded();
    let (mut keys, mut enums, mut codes, mut paths) = (
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
    );
    for name in REFERENCE_OPERATIONS {
        let op = catalog.get(name).expect("reference operation");
        collect_strings(&op.schema, &mut keys, &mut enums);
        codes.extend(op.errors.iter().map(|e| e.code.clone()));
        if let Some(uri) = op
            .schema
            .pointer("/x-lambda/requestUri")
            .and_then(Value::as_str)
        {
            paths.insert(uri.to_string());
            for seg in uri
                .split(['/', '?'])
                .filter(|s| !s.is_empty() && !s.starts_with('{'))
            {
                paths.insert(format!("/{seg}"));
            }
        }
        for m in &op.input {
            keys.insert(m.name.clone());
            keys.insert(m.wire_name.clone());
        }
    }
    let mut out = String::from(
        "# libFuzzer dictionary for lambda-conformance, generated from the schemas (fuzz/src/seeds.rs)\n",
    );
    let mut n = 0;
    let mut section = |title: &str, items: &mut dyn Iterator<Item = String>| {
        out.push_str(&format!("\n# {title}\n"));
        for s in items {
            n += 1;
            out.push_str(&format!("k{n}={}\n", dict_entry(&s)));
        }
    };
    section("operation paths", &mut paths.into_iter());
    section(
        "member names (JSON keys)",
        &mut keys.iter().map(|k| format!("\"{k}\":")),
    );
    section("member names", &mut keys.iter().cloned());
    section(
        "enum values",
        &mut enums.into_iter().map(|e| format!("\"{e}\"")),
    );
    section("error codes", &mut codes.into_iter());
    section(
        "headers and values",
        &mut [
            "x-amzn-errortype",
            "x-amz-invocation-type",
            "x-amz-log-type",
            "x-amz-executed-version",
            "x-amz-function-error",
            "content-type",
            "application/json",
            "$LATEST",
            "__type",
            "message",
            "Message",
            "arn:aws:lambda:us-east-1:123456789012:function:",
            "lc-fuzz00-f0",
            "@uuid",
            "@rev",
            "@version",
            "{P}",
            "2026-01-01T00:00:00.000+0000",
        ]
        .into_iter()
        .map(str::to_string),
    );
    out
}

/// Writes `DIR/<target>/seed-*` for the four targets and `DIR/lambda.dict`; returns the number of seeds.
pub fn write_all(dir: &Path) -> std::io::Result<usize> {
    let sets = [
        ("model", record_seeds(false)),
        ("raw_request", record_seeds(true)),
        ("responses", response_seeds()),
        ("sequence", sequence_seeds()),
    ];
    let mut n = 0;
    for (target, seeds) in sets {
        let d = dir.join(target);
        std::fs::create_dir_all(&d)?;
        for (name, bytes) in seeds {
            std::fs::write(d.join(format!("seed-{name}")), bytes)?;
            n += 1;
        }
    }
    std::fs::write(dir.join("lambda.dict"), dictionary())?;
    Ok(n)
}
