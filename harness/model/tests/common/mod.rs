//! Helpers shared by the integration tests.
#![allow(dead_code)]

use base64::Engine;
use lambda_model::{Body, Config, Fault, Model, Request, Response};
use serde_json::{Value, json};

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";
pub const ROLE: &str = "arn:aws:iam::123456789012:role/lambda-role";

/// A clean model.
pub fn model() -> Model {
    Model::new(Config::default())
}

/// A model with faults.
pub fn faulty(faults: &[Fault]) -> Model {
    Model::new(Config {
        faults: faults.to_vec(),
        ..Config::default()
    })
}

/// `arn:aws:lambda:us-east-1:123456789012:function:<name>`.
pub fn arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

/// Applies one request.
pub fn call(m: &mut Model, op: &str, input: Value) -> Response {
    m.apply(&Request::new(op, input))
}

/// base64 of some bytes.
pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// base64 of a stand-in deployment package: the bytes after a zip local file header.
pub fn zip_b64(content: &[u8]) -> String {
    b64(&[b"PK\x03\x04".as_slice(), content].concat())
}

/// Creates a function with zip content `code`; extra members are merged in.
pub fn create_with(m: &mut Model, name: &str, extra: Value) -> Response {
    let mut input = json!({
        "FunctionName": name,
        "Runtime": "python3.12",
        "Role": ROLE,
        "Handler": "index.handler",
        "Code": { "ZipFile": zip_b64(b"zip-v1") },
    });
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            i.insert(k.clone(), v.clone());
        }
    }
    call(m, "CreateFunction", input)
}

/// Creates a plain function and asserts 201.
pub fn create(m: &mut Model, name: &str) -> Response {
    let r = create_with(m, name, json!({}));
    assert_eq!(r.status, 201, "{:?}", r.body);
    r
}

/// Changes $LATEST's description (so the next publish makes a new version).
pub fn touch(m: &mut Model, name: &str, description: &str) -> Response {
    let r = call(
        m,
        "UpdateFunctionConfiguration",
        json!({ "FunctionName": name, "Description": description }),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    r
}

/// Publishes a version and returns its number.
pub fn publish(m: &mut Model, name: &str) -> String {
    let r = call(m, "PublishVersion", json!({ "FunctionName": name }));
    assert_eq!(r.status, 201, "{:?}", r.body);
    body(&r)["Version"].as_str().unwrap().to_string()
}

/// Creates a function with versions 1..=n (each from a different description).
pub fn with_versions(m: &mut Model, name: &str, n: usize) {
    create(m, name);
    for i in 1..=n {
        touch(m, name, &format!("d{i}"));
        assert_eq!(publish(m, name), i.to_string());
    }
}

/// The JSON body.
pub fn body(r: &Response) -> &Value {
    match &r.body {
        Body::Json(v) => v,
        other => panic!("not JSON: {other:?}"),
    }
}

/// The error message (Message or message).
pub fn message(r: &Response) -> String {
    let b = body(r);
    b.get("Message")
        .or_else(|| b.get("message"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Asserts an error's status, code and exact message.
pub fn assert_error(r: &Response, status: u16, code: &str, msg: &str) {
    assert_eq!(r.status, status, "{:?}", r.body);
    assert_eq!(r.error_code.as_deref(), Some(code), "{:?}", r.body);
    assert_eq!(r.header("x-amzn-ErrorType"), Some(code));
    assert_eq!(message(r), msg);
}

/// Follows NextMarker through a list operation, returning every page's items.
pub fn all_pages(m: &mut Model, op: &str, key: &str, input: Value, max: i64) -> Vec<Value> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..1000 {
        let mut i = input.clone();
        i["MaxItems"] = json!(max);
        if let Some(mk) = &marker {
            i["Marker"] = json!(mk);
        }
        let r = call(m, op, i);
        assert_eq!(r.status, 200, "{:?}", r.body);
        let b = body(&r);
        let items = b[key].as_array().unwrap();
        assert!(items.len() as i64 <= max);
        out.extend(items.iter().cloned());
        match b.get("NextMarker").and_then(Value::as_str) {
            Some(n) => marker = Some(n.to_string()),
            None => return out,
        }
    }
    panic!("pagination did not end");
}
