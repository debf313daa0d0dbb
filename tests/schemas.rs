//! The committed schemas: they compile, cover the reference operations with
//! their constraints, and are not stale relative to the service model.

use lambda_conformance::catalog::{Catalog, Location, REFERENCE_OPERATIONS, compile_def};
use lambda_conformance::schemas::{embedded, generate, read_dir, read_model};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// The service model to compare against: $LAMBDA_SERVICE_MODEL (scripts/test.sh
/// downloads the pinned botocore's and sets it).
fn model_path() -> PathBuf {
    match std::env::var_os("LAMBDA_SERVICE_MODEL") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "set LAMBDA_SERVICE_MODEL to botocore's data/lambda/2015-03-31/service-2.json.gz \
             (scripts/test.sh downloads the pinned version and sets it)"
        ),
    }
}

#[test]
fn every_schema_definition_compiles() {
    let mut compiled = 0;
    for (path, text) in embedded() {
        if !path.starts_with("operations/") {
            continue;
        }
        let doc: Value = serde_json::from_str(text).unwrap();
        for def in doc["$defs"].as_object().unwrap().keys() {
            compile_def(&doc, def).unwrap_or_else(|e| panic!("{path} {def}: {e}"));
            compiled += 1;
        }
    }
    assert!(compiled > 1000, "only {compiled} definitions compiled");
}

#[test]
fn all_91_operations_and_the_reference_ones_are_present() {
    let catalog = Catalog::embedded();
    assert_eq!(catalog.len(), 91);
    for op in REFERENCE_OPERATIONS {
        let o = catalog.get(op).unwrap_or_else(|| panic!("{op} missing"));
        assert!(o.input_validator().is_some(), "{op} has no input schema");
    }
}

#[test]
fn reference_operations_carry_bindings_and_constraints() {
    let c = Catalog::embedded();
    let invoke = c.get("Invoke").unwrap();
    assert_eq!(
        (invoke.method.as_str(), invoke.success.default),
        ("POST", 200)
    );
    let loc = |op: &str, m: &str| {
        c.get(op)
            .unwrap()
            .input
            .iter()
            .find(|x| x.name == m)
            .map(|x| (x.location, x.wire_name.clone()))
    };
    assert_eq!(
        loc("Invoke", "InvocationType"),
        Some((Location::Header, "X-Amz-Invocation-Type".into()))
    );
    assert_eq!(
        loc("Invoke", "Payload").map(|l| l.0),
        Some(Location::Payload)
    );
    assert_eq!(
        loc("GetFunction", "Qualifier").map(|l| l.0),
        Some(Location::Query)
    );
    assert_eq!(loc("GetAlias", "Name").map(|l| l.0), Some(Location::Uri));
    assert_eq!(
        loc("CreateFunction", "MemorySize").map(|l| l.0),
        Some(Location::Body)
    );
    let outputs: Vec<_> = invoke
        .output
        .iter()
        .map(|m| (m.name.as_str(), m.location, m.wire_name.as_str()))
        .collect();
    assert!(outputs.contains(&("FunctionError", Location::Header, "X-Amz-Function-Error")));
    assert!(outputs.contains(&(
        "ExecutedVersion",
        Location::Header,
        "X-Amz-Executed-Version"
    )));
    assert!(outputs.contains(&("StatusCode", Location::StatusCode, "StatusCode")));
    // Corrections on top of the model (FN-004 recorded: 204; INV-002: Event answers 202).
    assert_eq!(c.get("DeleteFunction").unwrap().success.default, 204);
    assert_eq!(
        invoke.success_status(&json!({"InvocationType": "Event"})),
        202
    );
    assert_eq!(
        c.get("GetFunction")
            .unwrap()
            .error("ValidationException")
            .map(|e| e.status),
        Some(400)
    );
    assert_eq!(
        c.get("GetFunction")
            .unwrap()
            .error("ResourceNotFoundException")
            .and_then(|e| e.message_member.clone()),
        Some("Message".into())
    );

    // Constraints, tried from both sides against the input schema.
    let create = c.get("CreateFunction").unwrap().input_validator().unwrap();
    let base = json!({"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Code": {}});
    let with = |k: &str, v: Value| {
        let mut x = base.clone();
        x[k] = v;
        x
    };
    assert!(create.is_valid(&base));
    assert!(
        !create.is_valid(&json!({"FunctionName": "f", "Code": {}})),
        "Role is required"
    );
    assert!(
        create.is_valid(&with("MemorySize", json!(128)))
            && !create.is_valid(&with("MemorySize", json!(127)))
    );
    // corrections.json: AWS's quota (10240 MB), not the model's 32768.
    assert!(
        create.is_valid(&with("MemorySize", json!(10240)))
            && !create.is_valid(&with("MemorySize", json!(10241)))
    );
    assert!(
        create.is_valid(&with("Timeout", json!(1))) && !create.is_valid(&with("Timeout", json!(0)))
    );
    assert!(
        create.is_valid(&with("FunctionName", json!("a".repeat(140))))
            && !create.is_valid(&with("FunctionName", json!("a".repeat(141))))
    );
    assert!(
        !create.is_valid(&with("FunctionName", json!("my-function!"))),
        "VAL-002 pattern"
    );
    assert!(
        !create.is_valid(&with("Architectures", json!(["x86_64", "arm64"]))),
        "VAL-020 list length"
    );
    assert!(
        !create.is_valid(&with("Architectures", json!(["X86_64"]))),
        "VAL-021 enum"
    );
    assert!(!create.is_valid(&with("Description", json!("d".repeat(257)))));
    let alias = c.get("CreateAlias").unwrap().input_validator().unwrap();
    assert!(
        !alias.is_valid(&json!({"FunctionName": "f", "Name": "2024", "FunctionVersion": "1"})),
        "ALI-010"
    );
    assert!(
        alias.is_valid(&json!({"FunctionName": "f", "Name": "2024-01-02", "FunctionVersion": "1"}))
    );
    let esm = c
        .get("CreateEventSourceMapping")
        .unwrap()
        .input_validator()
        .unwrap();
    assert!(!esm.is_valid(&json!({"FunctionName": "f", "BatchSize": 10001})));
}

#[test]
#[ignore = "needs LAMBDA_SERVICE_MODEL (the botocore service model; scripts/test.sh sets it)"]
fn committed_schemas_are_not_stale() {
    let model = model_path();
    let files = generate::generate(&read_model(&model).unwrap()).unwrap();
    let stale = generate::stale_files(&files, &read_dir(&schemas_dir()).unwrap());
    assert!(
        stale.is_empty(),
        "stale schemas {stale:?}; run `lambda-conformance schemas generate --model {}`",
        model.display()
    );
}

#[test]
fn a_changed_model_is_detected_as_stale() {
    let on_disk = read_dir(&schemas_dir()).unwrap();
    let mut model = json!({
        "metadata": {"apiVersion": "2015-03-31", "protocol": "rest-json", "signingName": "lambda"},
        "operations": {"GetThing": {"name": "GetThing", "http": {"method": "GET", "requestUri": "/t/{N}", "responseCode": 200}, "input": {"shape": "In"}}},
        "shapes": {"In": {"type": "structure", "required": ["N"], "members": {"N": {"shape": "S", "location": "uri", "locationName": "N"}}}, "S": {"type": "string", "max": 5}},
    });
    let a = generate::generate(&model).unwrap();
    model["shapes"]["S"]["max"] = json!(6);
    let b = generate::generate(&model).unwrap();
    assert_eq!(
        generate::stale_files(&a, &b),
        vec!["operations/GetThing.json".to_string()]
    );
    assert!(generate::stale_files(&a, &a).is_empty());
    // Against the real schemas, this tiny model is stale everywhere (extra and changed files).
    assert!(generate::stale_files(&a, &on_disk).len() > 80);
}
