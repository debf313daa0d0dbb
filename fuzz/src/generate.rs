//! JSON values shaped by the operation schemas: random ones driven by fuzz
//! bytes, and one valid example per operation for the seed corpora.

use crate::env;
use arbitrary::Unstructured;
use base64::Engine;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Values the endpoint chose (mapping UUIDs, RevisionIds, versions), by member
/// name, so that later requests can refer to them.
#[derive(Debug, Default, Clone)]
pub struct Memory {
    seen: BTreeMap<String, Vec<String>>,
}

const REMEMBERED: [&str; 4] = ["UUID", "RevisionId", "Version", "FunctionArn"];

impl Memory {
    /// Records the interesting members of a response body.
    pub fn learn(&mut self, body: &Value) {
        if let Some(o) = body.as_object() {
            for k in REMEMBERED {
                if let Some(Value::String(s)) = o.get(k) {
                    let v = self.seen.entry(k.to_string()).or_default();
                    if !v.contains(s) {
                        v.push(s.clone());
                        if v.len() > 8 {
                            v.remove(0);
                        }
                    }
                }
            }
        }
    }

    /// The latest remembered value of a member.
    pub fn latest(&self, key: &str) -> Option<&str> {
        self.seen.get(key)?.last().map(String::as_str)
    }

    fn pick(&self, u: &mut Unstructured, key: &str) -> Option<String> {
        let v = self.seen.get(key)?;
        if v.is_empty() {
            return None;
        }
        let i = u.choose_index(v.len()).unwrap_or(0);
        Some(v[v.len() - 1 - i].clone())
    }
}

/// Replaces the placeholders of a JSON text record: `{P}` (name prefix),
/// `@uuid`, `@rev`, `@version` (remembered values), `@role`, `@queue`.
pub fn substitute(v: &mut Value, memory: &Memory) {
    match v {
        Value::String(s) => {
            if s.contains("{P}") {
                *s = s.replace("{P}", env::PREFIX);
            }
            let replacement = match s.as_str() {
                "@uuid" => memory
                    .latest("UUID")
                    .unwrap_or("00000000-0000-4000-8000-000000000000")
                    .to_string(),
                "@rev" => memory.latest("RevisionId").unwrap_or("none").to_string(),
                "@version" => memory.latest("Version").unwrap_or("1").to_string(),
                "@role" => env::role_arn(),
                "@queue" => env::event_source_arn(),
                _ => return,
            };
            *s = replacement;
        }
        Value::Array(a) => a.iter_mut().for_each(|x| substitute(x, memory)),
        Value::Object(o) => o.values_mut().for_each(|x| substitute(x, memory)),
        _ => {}
    }
}

/// Base64 of a small valid deployment package.
pub fn zip_b64(variant: u32) -> String {
    lambda_conformance::session::package::zip_base64(variant)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Candidate values for members known by name (strings only).
fn named_pool(member: &str) -> Option<Vec<String>> {
    let p = env::PREFIX;
    let arn = |s: &str| format!("arn:aws:lambda:us-east-1:123456789012:function:{s}");
    Some(match member {
        "FunctionName" => vec![
            format!("{p}f0"),
            format!("{p}f1"),
            format!("{p}f2"),
            arn(&format!("{p}f0")),
            format!("{}:1", arn(&format!("{p}f0"))),
            format!("123456789012:function:{p}f1"),
            format!("{p}f0:live"),
            format!("{p}missing"),
        ],
        "Qualifier" | "FunctionVersion" => vec![
            "$LATEST".into(),
            "1".into(),
            "2".into(),
            "live".into(),
            "a1".into(),
            "99".into(),
        ],
        "Name" => vec!["live".into(), "a1".into(), "1".into()],
        "Role" => vec![env::role_arn()],
        "EventSourceArn" => vec![env::event_source_arn()],
        "StatementId" => vec!["s1".into(), "s2".into()],
        "Action" => vec!["lambda:InvokeFunction".into(), "lambda:GetFunction".into()],
        "Principal" => vec!["*".into(), "s3.amazonaws.com".into(), "123456789012".into()],
        "SourceArn" => vec!["arn:aws:s3:::lc-fuzz00-bucket".into()],
        "Handler" => vec!["index.handler".into()],
        "Marker" => vec!["garbage".into(), "1".into()],
        _ => return None,
    })
}

/// Strings that exercise validation: lengths, characters, encodings.
const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "a/b",
    "..",
    "%2F",
    "a b",
    "?x=1",
    "#",
    "$LATEST",
    "ünïcödé",
    "\u{0}",
    "'\"",
    "arn:aws:lambda:us-east-1:123456789012:function:",
    "0",
    "-1",
    "null",
];

/// A value for a schema node, driven by fuzz bytes.
pub struct Generator<'s> {
    schema: &'s Value,
    memory: &'s Memory,
}

impl<'s> Generator<'s> {
    /// A generator over the `$defs` of an operation schema.
    pub fn new(schema: &'s Value, memory: &'s Memory) -> Self {
        Generator { schema, memory }
    }

    fn resolve<'n>(&'n self, node: &'n Value) -> &'n Value {
        let mut node = node;
        for _ in 0..8 {
            match node.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix("#/$defs/") {
                    Some(name) => match self.schema.pointer(&format!("/$defs/{}", escape(name))) {
                        Some(n) => node = n,
                        None => return &Value::Null,
                    },
                    None => return &Value::Null,
                },
                None => return node,
            }
        }
        node
    }

    /// A value for the definition `def` (e.g. `Input`, `OutputBody`).
    pub fn def(&self, u: &mut Unstructured, def: &str) -> Value {
        match self.schema.pointer(&format!("/$defs/{}", escape(def))) {
            Some(node) => self.value(u, node, None, 0),
            None => Value::Object(Map::new()),
        }
    }

    /// A value for a node; `member` is the property name it sits under.
    pub fn value(
        &self,
        u: &mut Unstructured,
        node: &Value,
        member: Option<&str>,
        depth: u32,
    ) -> Value {
        let node = self.resolve(node);
        let selector = u.arbitrary::<u8>().unwrap_or(0);
        // One in 32: a value of the wrong type.
        if selector >= 248 {
            return match selector % 4 {
                0 => Value::Null,
                1 => json!(-1),
                2 => json!("x"),
                _ => json!([]),
            };
        }
        let ty = node.get("type").and_then(Value::as_str).unwrap_or("string");
        match ty {
            "object" => self.object(u, node, depth),
            "array" => {
                if depth > 4 {
                    return json!([]);
                }
                let max = node
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(3)
                    .min(4);
                let n = u.int_in_range(0..=max + 1).unwrap_or(0);
                let items = node.get("items").cloned().unwrap_or(json!({}));
                Value::Array(
                    (0..n)
                        .map(|_| self.value(u, &items, member, depth + 1))
                        .collect(),
                )
            }
            "integer" | "number" => {
                let min = node.get("minimum").and_then(Value::as_i64);
                let max = node.get("maximum").and_then(Value::as_i64);
                let lo = min.unwrap_or(0);
                let hi = max.unwrap_or(lo.saturating_add(1000)).max(lo);
                json!(match selector % 8 {
                    0 => lo,
                    1 => hi,
                    2 => lo.saturating_sub(1),
                    3 => hi.saturating_add(1),
                    4 => 0,
                    _ => u.int_in_range(lo..=hi).unwrap_or(lo),
                })
            }
            "boolean" => json!(selector & 1 == 1),
            _ => Value::String(self.string(u, node, member, selector)),
        }
    }

    fn object(&self, u: &mut Unstructured, node: &Value, depth: u32) -> Value {
        let mut out = Map::new();
        if depth > 5 {
            return Value::Object(out);
        }
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let roll = u.arbitrary::<u8>().unwrap_or(0);
                let present = if required.contains(&name.as_str()) {
                    roll < 240
                } else {
                    roll < 64
                };
                if present {
                    out.insert(name.clone(), self.value(u, prop, Some(name), depth + 1));
                }
            }
        }
        if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
            let n = u.int_in_range(0..=2u8).unwrap_or(0);
            for i in 0..n {
                let key = match u.arbitrary::<u8>().unwrap_or(0) % 4 {
                    0 => format!("KEY{i}"),
                    1 => "aws:x".to_string(),
                    2 => String::new(),
                    _ => format!("k{i}"),
                };
                out.insert(key, self.value(u, extra, None, depth + 1));
            }
        }
        Value::Object(out)
    }

    fn string(
        &self,
        u: &mut Unstructured,
        node: &Value,
        member: Option<&str>,
        selector: u8,
    ) -> String {
        if let Some(m) = member
            && let Some(found) = self.memory_for(u, m, selector)
        {
            return found;
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array)
            && selector % 8 != 7
            && !values.is_empty()
        {
            let i = u.choose_index(values.len()).unwrap_or(0);
            return values[i].as_str().unwrap_or("").to_string();
        }
        if node.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
            return match selector % 4 {
                0 | 1 => zip_b64(u.int_in_range(0..=3u32).unwrap_or(0)),
                2 => b64(b"{}"),
                _ => {
                    let n = u.int_in_range(0..=64usize).unwrap_or(0);
                    b64(u.bytes(n.min(u.len())).unwrap_or(&[]))
                }
            };
        }
        if let Some(m) = member
            && let Some(pool) = named_pool(m)
            && selector % 4 != 3
        {
            let i = u.choose_index(pool.len()).unwrap_or(0);
            return pool[i].clone();
        }
        let min = node.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = node.get("maxLength").and_then(Value::as_u64).unwrap_or(64) as usize;
        match selector % 6 {
            0 => "a".repeat(max.min(300)),
            1 => "a".repeat((max + 1).min(301)),
            2 => "a".repeat(min.saturating_sub(1)),
            3 => ODD_STRINGS[u.choose_index(ODD_STRINGS.len()).unwrap_or(0)].to_string(),
            _ => {
                let hi = max.min(min.max(40)).max(min);
                let n = u.int_in_range(min..=hi).unwrap_or(min);
                let bytes = u.bytes(n.min(u.len())).unwrap_or(&[]);
                bytes.iter().map(|b| char::from(b' ' + b % 95)).collect()
            }
        }
    }

    fn memory_for(&self, u: &mut Unstructured, member: &str, selector: u8) -> Option<String> {
        let key = match member {
            "UUID" => "UUID",
            "RevisionId" => "RevisionId",
            "FunctionVersion" | "Qualifier" if selector.is_multiple_of(3) => "Version",
            _ => return None,
        };
        if selector % 8 == 5 {
            return None;
        }
        self.memory.pick(u, key)
    }
}

fn escape(def: &str) -> String {
    def.replace('~', "~0").replace('/', "~1")
}

/// A valid example input for an operation, from its schema's required members
/// and the values the lifecycle uses, with placeholders (`{P}`, `@uuid`, ...).
pub fn example_input(op: &lambda_conformance::catalog::Operation) -> Value {
    let p = "{P}";
    let fixed: Value = match op.name.as_str() {
        "CreateFunction" => json!({
            "FunctionName": format!("{p}f0"), "Role": "@role", "Runtime": "python3.12",
            "Handler": "index.handler", "Code": {"ZipFile": zip_b64(0)},
            "Description": "seed", "Timeout": 3, "MemorySize": 128, "Publish": false
        }),
        "UpdateFunctionCode" => json!({"FunctionName": format!("{p}f0"), "ZipFile": zip_b64(1)}),
        "UpdateFunctionConfiguration" => {
            json!({"FunctionName": format!("{p}f0"), "Description": "updated", "Timeout": 5})
        }
        "PublishVersion" => json!({"FunctionName": format!("{p}f0"), "Description": "v"}),
        "CreateAlias" | "UpdateAlias" => {
            json!({"FunctionName": format!("{p}f0"), "Name": "live", "FunctionVersion": "@version"})
        }
        "GetAlias" | "DeleteAlias" => json!({"FunctionName": format!("{p}f0"), "Name": "live"}),
        "AddPermission" => json!({
            "FunctionName": format!("{p}f0"), "StatementId": "s1",
            "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"
        }),
        "RemovePermission" => json!({"FunctionName": format!("{p}f0"), "StatementId": "s1"}),
        "CreateEventSourceMapping" => json!({
            "FunctionName": format!("{p}f0"), "EventSourceArn": "@queue", "BatchSize": 5
        }),
        "GetEventSourceMapping" | "DeleteEventSourceMapping" => json!({"UUID": "@uuid"}),
        "UpdateEventSourceMapping" => json!({"UUID": "@uuid", "BatchSize": 7}),
        "ListFunctions" => json!({"MaxItems": 10}),
        "ListEventSourceMappings" => json!({"FunctionName": format!("{p}f0"), "MaxItems": 10}),
        "Invoke" => json!({
            "FunctionName": format!("{p}f0"), "InvocationType": "RequestResponse",
            "Payload": b64(b"{\"k\":1}")
        }),
        "InvokeAsync" => json!({"FunctionName": format!("{p}f0"), "InvokeArgs": b64(b"{}")}),
        _ => json!({"FunctionName": format!("{p}f0")}),
    };
    // Any other required member: a value from the schema.
    let mut obj = fixed.as_object().cloned().unwrap_or_default();
    for m in op.input.iter().filter(|m| m.required) {
        if !obj.contains_key(&m.name) {
            let memory = Memory::default();
            let g = Generator::new(&op.schema, &memory);
            let node = op
                .schema
                .pointer(&format!("/$defs/Input/properties/{}", m.name))
                .cloned()
                .unwrap_or(json!({}));
            obj.insert(
                m.name.clone(),
                g.value(&mut Unstructured::new(&[3; 64]), &node, Some(&m.name), 1),
            );
        }
    }
    Value::Object(obj)
}
