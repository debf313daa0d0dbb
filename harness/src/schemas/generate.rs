//! Generating the JSON Schemas (draft 2020-12) from the AWS service model.
//!
//! One file per operation, `schemas/operations/<Operation>.json`. Each file is
//! self-contained: `$defs` holds every shape the operation reaches by its model
//! name, plus `Input` (all input members, annotated with where they bind),
//! `OutputBody` (the members carried in the JSON body of a success response)
//! and one definition per declared error. The `x-lambda` annotation carries the
//! HTTP binding: method, URI template, success status, member locations and
//! declared errors. No documentation prose is copied.

use super::pattern::{Converted, to_ecma};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Draft used by every generated schema.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Errors that make a model file unusable.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The model lacks something every service model has.
    #[error("service model is malformed: {0}")]
    Malformed(String),
}

/// Generates every schema file of the model: relative path -> file content.
pub fn generate(model: &Value) -> Result<BTreeMap<String, String>, GenerateError> {
    let operations = model
        .get("operations")
        .and_then(Value::as_object)
        .ok_or_else(|| GenerateError::Malformed("no `operations` object".into()))?;
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| GenerateError::Malformed("no `shapes` object".into()))?;
    let metadata = model.get("metadata").cloned().unwrap_or(Value::Null);
    let api_version = metadata
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    let mut files = BTreeMap::new();
    let mut index = Vec::new();
    for (name, op) in operations {
        let doc = operation_schema(name, op, shapes, api_version)?;
        let text = serde_json::to_string_pretty(&doc).expect("JSON values always serialise") + "\n";
        files.insert(format!("operations/{name}.json"), text);
        index.push(Value::String(name.clone()));
    }
    let index = json!({
        "apiVersion": api_version,
        "protocol": metadata.get("protocol").cloned().unwrap_or(Value::Null),
        "signingName": metadata.get("signingName").cloned().unwrap_or(Value::Null),
        "operations": index,
    });
    files.insert(
        "index.json".into(),
        serde_json::to_string_pretty(&index).expect("JSON values always serialise") + "\n",
    );
    Ok(files)
}

fn operation_schema(
    name: &str,
    op: &Value,
    shapes: &Map<String, Value>,
    api_version: &str,
) -> Result<Value, GenerateError> {
    let http = op
        .get("http")
        .ok_or_else(|| GenerateError::Malformed(format!("{name}: no `http`")))?;
    let mut defs = Map::new();
    let mut reached = BTreeSet::new();

    let input_shape = op.pointer("/input/shape").and_then(Value::as_str);
    let output_shape = op.pointer("/output/shape").and_then(Value::as_str);

    let mut input_bindings = Map::new();
    if let Some(shape_name) = input_shape {
        let shape = lookup(shapes, shape_name)?;
        input_bindings = bindings(shape, shapes)?;
        let mut schema = structure_schema(shape, shapes, &mut reached)?;
        annotate_locations(&mut schema, &input_bindings);
        defs.insert("Input".into(), schema);
    } else {
        defs.insert("Input".into(), json!({"type": "object"}));
    }

    let mut output_bindings = Map::new();
    if let Some(shape_name) = output_shape {
        let shape = lookup(shapes, shape_name)?;
        output_bindings = bindings(shape, shapes)?;
        let body_members: Vec<String> = output_bindings
            .iter()
            .filter(|(_, b)| b["location"] == "body")
            .map(|(k, _)| k.clone())
            .collect();
        if !body_members.is_empty() {
            let mut schema = structure_schema(shape, shapes, &mut reached)?;
            retain_members(&mut schema, &body_members);
            defs.insert("OutputBody".into(), schema);
        }
    }

    let mut errors = Vec::new();
    for e in op
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(shape_name) = e.get("shape").and_then(Value::as_str) else {
            continue;
        };
        let shape = lookup(shapes, shape_name)?;
        let status = shape
            .pointer("/error/httpStatusCode")
            .and_then(Value::as_u64)
            .unwrap_or(400);
        let message_member = shape
            .get("members")
            .and_then(Value::as_object)
            .and_then(|m| {
                ["message", "Message"]
                    .into_iter()
                    .find(|k| m.contains_key(*k))
            });
        errors.push(json!({
            "code": shape_name,
            "status": status,
            "fault": if shape.get("fault").and_then(Value::as_bool) == Some(true) { "server" } else { "client" },
            "messageMember": message_member,
        }));
        let mut schema = structure_schema(shape, shapes, &mut reached)?;
        let body: Vec<String> = bindings(shape, shapes)?
            .iter()
            .filter(|(_, b)| b["location"] == "body")
            .map(|(k, _)| k.clone())
            .collect();
        retain_members(&mut schema, &body);
        defs.insert(format!("Error.{shape_name}"), schema);
    }

    // Every named shape reached from the input, output or errors.
    let mut pending: Vec<String> = reached.iter().cloned().collect();
    let mut done = BTreeSet::new();
    while let Some(shape_name) = pending.pop() {
        if !done.insert(shape_name.clone()) {
            continue;
        }
        let mut more = BTreeSet::new();
        let schema = shape_schema(lookup(shapes, &shape_name)?, shapes, &mut more)?;
        defs.insert(shape_name, schema);
        pending.extend(more.into_iter().filter(|s| !done.contains(s)));
    }

    let mut x = Map::new();
    x.insert("operation".into(), json!(name));
    x.insert("apiVersion".into(), json!(api_version));
    x.insert(
        "method".into(),
        http.get("method").cloned().unwrap_or(Value::Null),
    );
    x.insert(
        "requestUri".into(),
        http.get("requestUri").cloned().unwrap_or(Value::Null),
    );
    x.insert(
        "successStatus".into(),
        json!(
            http.get("responseCode")
                .and_then(Value::as_u64)
                .unwrap_or(200)
        ),
    );
    x.insert("inputShape".into(), json!(input_shape));
    x.insert("outputShape".into(), json!(output_shape));
    x.insert("input".into(), Value::Object(input_bindings));
    x.insert("output".into(), Value::Object(output_bindings));
    x.insert("errors".into(), Value::Array(errors));
    for flag in ["deprecated", "idempotent", "readonly"] {
        if op.get(flag).and_then(Value::as_bool) == Some(true) {
            x.insert(flag.into(), json!(true));
        }
    }
    Ok(json!({
        "$schema": DRAFT,
        "$id": format!("urn:lambda-conformance:lambda:{api_version}:{name}"),
        "title": name,
        "x-lambda": x,
        "$defs": defs,
    }))
}

fn lookup<'a>(shapes: &'a Map<String, Value>, name: &str) -> Result<&'a Value, GenerateError> {
    shapes.get(name).ok_or_else(|| {
        GenerateError::Malformed(format!("shape `{name}` is referenced but not defined"))
    })
}

/// Where each member of a structure binds on the wire.
fn bindings(
    shape: &Value,
    shapes: &Map<String, Value>,
) -> Result<Map<String, Value>, GenerateError> {
    let payload = shape.get("payload").and_then(Value::as_str);
    let required: BTreeSet<&str> = shape
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out = Map::new();
    for (member, spec) in shape
        .get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let target = spec
            .get("shape")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let target_type = lookup(shapes, target)?
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("string");
        let location = match spec.get("location").and_then(Value::as_str) {
            Some(loc) => loc.to_string(),
            None if payload == Some(member.as_str()) => "payload".to_string(),
            None => "body".to_string(),
        };
        let mut b = Map::new();
        b.insert("location".into(), json!(location));
        if let Some(wire_name) = spec.get("locationName").and_then(Value::as_str) {
            b.insert("name".into(), json!(wire_name));
        } else {
            b.insert("name".into(), json!(member));
        }
        b.insert("type".into(), json!(target_type));
        if required.contains(member.as_str()) {
            b.insert("required".into(), json!(true));
        }
        if let Some(Value::Bool(true)) = lookup(shapes, target)?.get("streaming") {
            b.insert("streaming".into(), json!(true));
        }
        out.insert(member.clone(), Value::Object(b));
    }
    Ok(out)
}

fn annotate_locations(schema: &mut Value, bindings: &Map<String, Value>) {
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for (member, prop) in props.iter_mut() {
            if let Some(loc) = bindings.get(member).and_then(|b| b.get("location")) {
                let wrapped = json!({"allOf": [prop.take()], "x-location": loc});
                *prop = wrapped;
            }
        }
    }
}

fn retain_members(schema: &mut Value, keep: &[String]) {
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        props.retain(|k, _| keep.contains(k));
    }
    if let Some(req) = schema.get_mut("required").and_then(Value::as_array_mut) {
        req.retain(|k| k.as_str().is_some_and(|k| keep.iter().any(|m| m == k)));
        if req.is_empty() {
            schema.as_object_mut().map(|o| o.remove("required"));
        }
    }
}

/// Schema of a structure with its members referring to named shapes.
fn structure_schema(
    shape: &Value,
    shapes: &Map<String, Value>,
    reached: &mut BTreeSet<String>,
) -> Result<Value, GenerateError> {
    shape_schema(shape, shapes, reached)
}

fn reference(target: &str, reached: &mut BTreeSet<String>) -> Value {
    reached.insert(target.to_string());
    json!({"$ref": format!("#/$defs/{target}")})
}

/// The JSON Schema of one model shape.
fn shape_schema(
    shape: &Value,
    shapes: &Map<String, Value>,
    reached: &mut BTreeSet<String>,
) -> Result<Value, GenerateError> {
    let kind = shape
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string");
    let mut s = Map::new();
    let num = |k: &str| shape.get(k).and_then(Value::as_f64);
    match kind {
        "structure" => {
            s.insert("type".into(), json!("object"));
            let mut props = Map::new();
            for (member, spec) in shape
                .get("members")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let target = spec.get("shape").and_then(Value::as_str).ok_or_else(|| {
                    GenerateError::Malformed(format!("member `{member}` has no shape"))
                })?;
                lookup(shapes, target)?;
                props.insert(member.clone(), reference(target, reached));
            }
            s.insert("properties".into(), Value::Object(props));
            if let Some(req) = shape.get("required").and_then(Value::as_array)
                && !req.is_empty()
            {
                s.insert("required".into(), Value::Array(req.clone()));
            }
            if shape.get("exception").and_then(Value::as_bool) == Some(true) {
                s.insert("x-exception".into(), json!(true));
            }
        }
        "list" => {
            s.insert("type".into(), json!("array"));
            let target = shape
                .pointer("/member/shape")
                .and_then(Value::as_str)
                .ok_or_else(|| GenerateError::Malformed("list without member".into()))?;
            s.insert("items".into(), reference(target, reached));
            if let Some(v) = num("min") {
                s.insert("minItems".into(), json!(v as u64));
            }
            if let Some(v) = num("max") {
                s.insert("maxItems".into(), json!(v as u64));
            }
        }
        "map" => {
            s.insert("type".into(), json!("object"));
            if let Some(k) = shape.pointer("/key/shape").and_then(Value::as_str) {
                s.insert("propertyNames".into(), reference(k, reached));
            }
            if let Some(v) = shape.pointer("/value/shape").and_then(Value::as_str) {
                s.insert("additionalProperties".into(), reference(v, reached));
            }
            if let Some(v) = num("min") {
                s.insert("minProperties".into(), json!(v as u64));
            }
            if let Some(v) = num("max") {
                s.insert("maxProperties".into(), json!(v as u64));
            }
        }
        "string" => {
            s.insert("type".into(), json!("string"));
            if let Some(values) = shape.get("enum") {
                s.insert("enum".into(), values.clone());
            }
            if let Some(v) = num("min") {
                s.insert("minLength".into(), json!(v as u64));
            }
            if let Some(v) = num("max") {
                s.insert("maxLength".into(), json!(v as u64));
            }
            if let Some(p) = shape.get("pattern").and_then(Value::as_str) {
                match to_ecma(p) {
                    Converted::Ecma(e) => {
                        s.insert("pattern".into(), json!(e));
                    }
                    Converted::Unsupported(reason) => {
                        s.insert(
                            "x-pattern-unsupported".into(),
                            json!({"java": p, "reason": reason}),
                        );
                    }
                }
                s.insert("x-java-pattern".into(), json!(p));
            }
        }
        "integer" | "long" => {
            s.insert("type".into(), json!("integer"));
            if let Some(v) = num("min") {
                s.insert("minimum".into(), json!(v as i64));
            }
            if let Some(v) = num("max") {
                s.insert("maximum".into(), json!(v as i64));
            }
        }
        "double" | "float" => {
            s.insert("type".into(), json!("number"));
            if let Some(v) = num("min") {
                s.insert("minimum".into(), json!(v));
            }
            if let Some(v) = num("max") {
                s.insert("maximum".into(), json!(v));
            }
        }
        "boolean" => {
            s.insert("type".into(), json!("boolean"));
        }
        "blob" => {
            // In a JSON body a blob is base64 text; as a payload it is raw bytes.
            s.insert("type".into(), json!("string"));
            s.insert("contentEncoding".into(), json!("base64"));
            if let Some(v) = num("min") {
                s.insert("x-min-bytes".into(), json!(v as u64));
            }
            if let Some(v) = num("max") {
                s.insert("x-max-bytes".into(), json!(v as u64));
            }
        }
        "timestamp" => {
            // rest-json sends body timestamps as epoch seconds by default.
            s.insert("type".into(), json!("number"));
            s.insert("x-timestamp".into(), json!("epoch-seconds"));
        }
        other => {
            return Err(GenerateError::Malformed(format!(
                "unknown shape type `{other}`"
            )));
        }
    }
    Ok(Value::Object(s))
}

/// Names of the files in `files` whose content differs from `on_disk` (missing, changed or extra).
pub fn stale_files(
    files: &BTreeMap<String, String>,
    on_disk: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(name, text)| on_disk.get(*name) != Some(*text))
        .map(|(name, _)| name.clone())
        .collect();
    stale.extend(on_disk.keys().filter(|k| !files.contains_key(*k)).cloned());
    stale.sort();
    stale.dedup();
    stale
}
