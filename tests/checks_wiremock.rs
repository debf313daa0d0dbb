//! Integration tests of the contract checks against canned HTTP answers.
//!
//! Each test serves a canned response with wiremock, calls it through the real
//! [`Client`] (REST-JSON binding, SigV4 signing, recording) and runs
//! [`check_exchange`] on the recorded exchange. Non-conforming answers must
//! produce exactly the expected violations; conforming ones must produce none.
//! The mocks also match on method and path, so a request sent to the wrong
//! place makes the test fail too.

use lambda_conformance::catalog::{Catalog, Operation};
use lambda_conformance::checks::{Expectation, Violation, check_exchange};
use lambda_conformance::client::{Client, Credentials, Exchange, Settings, TransportError};
use lambda_conformance::findings::{CheckKind, Evidence, EvidenceKind};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_TIMEOUT: Duration = Duration::from_millis(500);
const FN_PATH: &str = "/2015-03-31/functions/f";
const ALIAS_PATH: &str = "/2015-03-31/functions/f/aliases/live";
const INVOKE_PATH: &str = "/2015-03-31/functions/f/invocations";

fn op(name: &str) -> Arc<Operation> {
    Catalog::embedded()
        .get(name)
        .unwrap_or_else(|| panic!("{name} is in the embedded catalog"))
        .clone()
}

fn client_for(endpoint: String) -> Client {
    Client::new(Settings::new(
        endpoint,
        "us-east-1",
        Credentials::dummy(),
        CLIENT_TIMEOUT,
    ))
    .expect("client builds")
}

/// Calls `op_name` on the mock server and returns the operation and the exchange.
async fn call(server: &MockServer, op_name: &str, input: Value) -> (Arc<Operation>, Exchange) {
    let op = op(op_name);
    let ex = client_for(server.uri()).call(&op, &input).await;
    (op, ex)
}

/// Calls and checks, without an expectation.
async fn call_and_check(server: &MockServer, op_name: &str, input: Value) -> Vec<Violation> {
    let (op, ex) = call(server, op_name, input).await;
    assert!(
        ex.outcome.is_ok(),
        "the mock server must answer: {:?}",
        ex.outcome
    );
    check_exchange(&op, &ex, None)
}

/// The checks that failed, sorted.
fn kinds(v: &[Violation]) -> Vec<CheckKind> {
    let mut k: Vec<CheckKind> = v.iter().map(|v| v.check).collect();
    k.sort();
    k
}

/// The violation of this kind, asserting it is the only one of its kind.
fn the(v: &[Violation], kind: CheckKind) -> &Violation {
    let found: Vec<&Violation> = v.iter().filter(|v| v.check == kind).collect();
    assert_eq!(found.len(), 1, "exactly one {kind:?} violation in {v:#?}");
    found[0]
}

/// An AWS-style error answer: code header plus JSON body.
fn aws_error(status: u16, code: &str, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-amzn-ErrorType", code)
        .insert_header("x-amzn-RequestId", "5d2ad8a4-9f9b-4a0e-8d39-6f0d1c1b2a3e")
        .set_body_json(body)
}

fn not_found() -> ResponseTemplate {
    aws_error(
        404,
        "ResourceNotFoundException",
        json!({"Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f"}),
    )
}

/// A GetFunction answer as AWS gives it.
fn get_function_body() -> Value {
    json!({
        "Configuration": {
            "FunctionName": "f",
            "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Runtime": "python3.12",
            "Role": "arn:aws:iam::123456789012:role/lambda-role",
            "Handler": "index.handler",
            "CodeSize": 284,
            "Description": "",
            "Timeout": 3,
            "MemorySize": 128,
            "LastModified": "2025-11-25T10:00:00.000+0000",
            "CodeSha256": "3LCoCtfVUw9Qz5BG3jCn+3ie5vI3ve8nnw9y3rA1Ct4=",
            "Version": "$LATEST",
            "TracingConfig": {"Mode": "PassThrough"},
            "RevisionId": "0d0b9e57-6a3c-4a5e-8f0a-4f5c1b2d3e4f",
            "State": "Active",
            "LastUpdateStatus": "Successful",
            "PackageType": "Zip",
            "Architectures": ["x86_64"],
            "EphemeralStorage": {"Size": 512},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": "/aws/lambda/f"}
        },
        "Code": {
            "RepositoryType": "S3",
            "Location": "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123456789012/f"
        }
    })
}

fn get_alias_body() -> Value {
    json!({
        "AliasArn": "arn:aws:lambda:us-east-1:123456789012:function:f:live",
        "Name": "live",
        "FunctionVersion": "1",
        "Description": "",
        "RevisionId": "7e1a4c02-1b3d-4c5e-9f6a-0b1c2d3e4f5a"
    })
}

/// Mounts one mock that must be hit exactly once (checked when the server drops).
async fn mount_once(server: &MockServer, m: &str, p: &str, response: ResponseTemplate) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The SigV4 signature of a request as the server received it, computed
/// independently (straight with `aws-sigv4`, from the received method, URL,
/// headers, body and `x-amz-date`) for the dummy credentials.
fn expected_sigv4_signature(req: &wiremock::Request, signed_headers: &[&str]) -> String {
    let amz_date = req
        .headers
        .get("x-amz-date")
        .expect("x-amz-date was sent")
        .to_str()
        .unwrap();
    assert_eq!(amz_date.len(), 16, "x-amz-date {amz_date}");
    let n = |r: std::ops::Range<usize>| amz_date[r].parse::<u8>().unwrap();
    let year: i32 = amz_date[0..4].parse().unwrap();
    let when =
        time::Date::from_calendar_date(year, time::Month::try_from(n(4..6)).unwrap(), n(6..8))
            .unwrap()
            .with_hms(n(9..11), n(11..13), n(13..15))
            .unwrap()
            .assume_utc();
    let identity: aws_smithy_runtime_api::client::identity::Identity =
        aws_credential_types::Credentials::new("testing", "testing", None, None, "test").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("lambda")
        .time(std::time::SystemTime::from(when))
        .settings(aws_sigv4::http_request::SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let headers: Vec<(&str, &str)> = signed_headers
        .iter()
        .map(|h| {
            let v = req
                .headers
                .get(*h)
                .unwrap_or_else(|| panic!("{h} was sent"));
            (*h, v.to_str().unwrap())
        })
        .collect();
    let signable = aws_sigv4::http_request::SignableRequest::new(
        req.method.as_str(),
        req.url.as_str(),
        headers.into_iter(),
        aws_sigv4::http_request::SignableBody::Bytes(&req.body),
    )
    .unwrap();
    let (_, signature) = aws_sigv4::http_request::sign(signable, &params)
        .unwrap()
        .into_parts();
    signature
}

/// The received Authorization header split into (SignedHeaders, Signature).
fn sent_authorization(req: &wiremock::Request) -> (String, Vec<String>, String) {
    let sent = req
        .headers
        .get("authorization")
        .expect("an Authorization header was sent")
        .to_str()
        .unwrap()
        .to_string();
    let signed: Vec<String> = sent
        .split(", ")
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .expect("SignedHeaders")
        .split(';')
        .map(str::to_string)
        .collect();
    let signature = sent
        .rsplit_once("Signature=")
        .map(|(_, s)| s.to_string())
        .expect("Signature");
    (sent, signed, signature)
}

// ---------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------

#[tokio::test]
async fn wrong_success_status_is_a_status_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        ALIAS_PATH,
        ResponseTemplate::new(201).set_body_json(get_alias_body()),
    )
    .await;
    let v = call_and_check(
        &server,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "live"}),
    )
    .await;
    assert_eq!(kinds(&v), [CheckKind::Status], "{v:#?}");
    assert_eq!(v[0].expected, "status 200");
    assert_eq!(v[0].actual, "status 201");
    assert_eq!(v[0].evidence.kind, EvidenceKind::Documented);
}

#[tokio::test]
async fn delete_function_answering_the_model_status_200_is_flagged_with_recorded_evidence() {
    // The model says 200, AWS answers 204 (corrections.json, FN-004).
    let server = MockServer::start().await;
    mount_once(&server, "DELETE", FN_PATH, ResponseTemplate::new(200)).await;
    let v = call_and_check(&server, "DeleteFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::Status], "{v:#?}");
    assert_eq!(v[0].expected, "status 204");
    assert_eq!(v[0].actual, "status 200");
    assert_eq!(v[0].evidence.kind, EvidenceKind::Recorded);
    assert!(
        v[0].evidence.source.contains("FN-004"),
        "{:?}",
        v[0].evidence
    );
}

#[tokio::test]
async fn invoke_success_status_depends_on_the_invocation_type() {
    // An Event invocation is answered 202; a 200 is a deviation. The request
    // carries the invocation type in its header.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOKE_PATH))
        .and(header("x-amz-invocation-type", "Event"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let v = call_and_check(
        &server,
        "Invoke",
        json!({"FunctionName": "f", "InvocationType": "Event"}),
    )
    .await;
    assert_eq!(kinds(&v), [CheckKind::Status], "{v:#?}");
    assert_eq!(v[0].expected, "status 202");
    assert_eq!(v[0].actual, "status 200");
}

// ---------------------------------------------------------------------------
// Schema of success bodies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn wrong_json_type_in_a_success_body_is_a_schema_violation() {
    let server = MockServer::start().await;
    // Timeout is `{"type": "integer", "minimum": 1}` in GetFunction.json.
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_json(json!({"Configuration": {"Timeout": "3"}})),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::Schema], "{v:#?}");
    assert_eq!(v[0].expected, "body valid against the output schema");
    assert_eq!(
        v[0].actual,
        "/Configuration/Timeout: wrong type (\"integer\")"
    );
    assert!(
        v[0].detail.contains("/Configuration/Timeout"),
        "{}",
        v[0].detail
    );
}

/// Single faults in an otherwise valid GetFunction body, each detected with
/// the expected summary.
#[tokio::test]
async fn each_schema_fault_in_a_valid_body_is_detected() {
    let server = MockServer::start().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/Configuration/MemorySize",
            json!(64),
            "/Configuration/MemorySize: value out of range",
        ),
        (
            // An empty string is never a valid enum value; an unknown non-empty one
            // may be a value AWS added after the model (see the next test).
            "/Configuration/Runtime",
            json!(""),
            "/Configuration/Runtime: value outside the enum",
        ),
        (
            "/Configuration/Version",
            json!("latest"),
            "/Configuration/Version: value does not match the pattern",
        ),
        (
            "/Configuration/Description",
            json!("x".repeat(257)),
            "/Configuration/Description: length out of bounds",
        ),
        (
            "/Configuration/Architectures",
            json!("x86_64"),
            "/Configuration/Architectures: wrong type (\"array\")",
        ),
        (
            // A list position is not part of the summary (where an item is
            // listed depends on what else is there); the detail keeps it.
            "/Configuration/Architectures/0",
            json!(""),
            "/Configuration/Architectures/*: value outside the enum",
        ),
        (
            "/Configuration/EphemeralStorage",
            json!({}),
            "/Configuration/EphemeralStorage: missing required \"Size\"",
        ),
        (
            "/Configuration",
            json!("f"),
            "/Configuration: wrong type (\"object\")",
        ),
    ];
    for (pointer, bad, summary) in cases {
        let mut body = get_function_body();
        *body.pointer_mut(pointer).expect("member exists") = bad;
        server.reset().await;
        mount_once(
            &server,
            "GET",
            FN_PATH,
            ResponseTemplate::new(200).set_body_json(body),
        )
        .await;
        let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
        assert_eq!(kinds(&v), [CheckKind::Schema], "{pointer}: {v:#?}");
        assert_eq!(v[0].actual, summary, "{pointer}: {}", v[0].detail);
        assert!(v[0].detail.contains(pointer), "{pointer}: {}", v[0].detail);
    }
}

#[tokio::test]
async fn unknown_non_empty_enum_values_in_responses_are_not_findings() {
    let server = MockServer::start().await;
    let mut body = get_function_body();
    body["Configuration"]["Runtime"] = json!("python9.9");
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn several_schema_errors_are_one_violation_with_a_stable_summary() {
    let server = MockServer::start().await;
    let mut body = get_function_body();
    body["Configuration"]["Timeout"] = json!("3");
    body["Configuration"]["MemorySize"] = json!("128");
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::Schema], "{v:#?}");
    // The summary names the first error only, so the signature does not depend on the count.
    assert_eq!(
        v[0].actual,
        "/Configuration/MemorySize: wrong type (\"integer\")"
    );
    assert!(
        v[0].detail.contains("/Configuration/Timeout"),
        "{}",
        v[0].detail
    );
    assert!(
        v[0].detail.contains("/Configuration/MemorySize"),
        "{}",
        v[0].detail
    );
}

#[tokio::test]
async fn null_members_are_ignored_by_the_schema_check() {
    // SDKs read a null member as absent: not a deviation.
    let server = MockServer::start().await;
    let mut body = get_function_body();
    body["Configuration"]["Timeout"] = Value::Null;
    body["Configuration"]["Description"] = Value::Null;
    body["Configuration"]["TracingConfig"] = Value::Null;
    body["Concurrency"] = Value::Null;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn nulls_do_not_hide_a_real_fault_next_to_them() {
    let server = MockServer::start().await;
    let mut body = get_function_body();
    body["Configuration"]["Description"] = Value::Null;
    body["Configuration"]["Timeout"] = json!(0);
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::Schema], "{v:#?}");
    assert_eq!(v[0].actual, "/Configuration/Timeout: value out of range");
}

#[tokio::test]
async fn a_success_body_that_is_not_json_is_a_schema_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_string("OK"),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    // Not JSON, so no Content-Type finding: text/plain is right for "OK".
    assert_eq!(kinds(&v), [CheckKind::Schema], "{v:#?}");
    assert_eq!(v[0].expected, "a JSON object body");
    assert_eq!(v[0].actual, "a body that is not JSON");
}

#[tokio::test]
async fn an_empty_success_body_where_json_is_due_is_a_schema_violation() {
    let server = MockServer::start().await;
    mount_once(&server, "GET", FN_PATH, ResponseTemplate::new(200)).await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::Schema], "{v:#?}");
    assert_eq!(v[0].actual, "an empty body");
}

// ---------------------------------------------------------------------------
// Content-Type
// ---------------------------------------------------------------------------

#[tokio::test]
async fn json_success_body_with_a_wrong_content_type_is_flagged() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_raw(
            serde_json::to_vec(&get_function_body()).unwrap(),
            "text/html",
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ContentType], "{v:#?}");
    assert_eq!(v[0].expected, "Content-Type application/json");
    assert_eq!(v[0].actual, "Content-Type text/html");
}

#[tokio::test]
async fn json_body_without_content_type_is_flagged() {
    let server = MockServer::start().await;
    // set_body_raw with an empty mime sets no Content-Type header.
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200)
            .set_body_raw(serde_json::to_vec(&get_function_body()).unwrap(), ""),
    )
    .await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(ex.response().unwrap().header("content-type"), None);
    let v = check_exchange(&op, &ex, None);
    assert_eq!(kinds(&v), [CheckKind::ContentType], "{v:#?}");
    assert_eq!(v[0].actual, "no Content-Type");
}

#[tokio::test]
async fn json_error_body_with_a_wrong_content_type_is_flagged() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(404)
            .insert_header("x-amzn-ErrorType", "ResourceNotFoundException")
            .set_body_raw(
                r#"{"Type":"User","Message":"Function not found"}"#,
                "text/plain",
            ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ContentType], "{v:#?}");
    assert_eq!(v[0].actual, "Content-Type text/plain");
}

#[tokio::test]
async fn content_type_parameters_and_case_are_accepted() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_raw(
            serde_json::to_vec(&get_function_body()).unwrap(),
            "Application/JSON; charset=utf-8",
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert!(v.is_empty(), "{v:#?}");
}

// ---------------------------------------------------------------------------
// Error code
// ---------------------------------------------------------------------------

#[tokio::test]
async fn undeclared_error_code_is_an_error_code_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            400,
            "TotallyMadeUpException",
            json!({"Type": "User", "message": "nope"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorCode], "{v:#?}");
    assert_eq!(
        v[0].expected,
        "a declared error code (InvalidParameterValueException, ResourceNotFoundException, \
         ServiceException, TooManyRequestsException)"
    );
    assert_eq!(v[0].actual, "400 TotallyMadeUpException");
    assert_eq!(v[0].detail, "nope");
}

#[tokio::test]
async fn error_code_from_the_body_type_member_is_checked_too() {
    // No header: the code comes from `__type`, namespace stripped.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(400).set_body_json(
            json!({"__type": "com.amazon.coral#TotallyMadeUpException", "message": "nope"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorCode], "{v:#?}");
    assert_eq!(v[0].actual, "400 TotallyMadeUpException");
}

#[tokio::test]
async fn declared_code_with_the_wrong_status_is_an_error_code_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            400,
            "ResourceNotFoundException",
            json!({"Type": "User", "Message": "Function not found"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorCode], "{v:#?}");
    assert_eq!(v[0].expected, "ResourceNotFoundException with status 404");
    assert_eq!(v[0].actual, "ResourceNotFoundException with status 400");
    assert_eq!(v[0].evidence.kind, EvidenceKind::Documented);
}

#[tokio::test]
async fn protocol_error_with_the_wrong_status_cites_the_correction_evidence() {
    // ValidationException is not in the model; corrections.json adds it as 400.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            422,
            "ValidationException",
            json!({"message": "1 validation error detected"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorCode], "{v:#?}");
    assert_eq!(v[0].expected, "ValidationException with status 400");
    assert_eq!(v[0].evidence.kind, EvidenceKind::Recorded);
    assert!(
        v[0].evidence.source.contains("FMT-003"),
        "{:?}",
        v[0].evidence
    );
}

#[tokio::test]
async fn error_status_without_any_code_is_an_error_code_violation() {
    // `"Type": "User"` is the fault side, not a code.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(404).set_body_json(json!({"Type": "User", "Message": "gone"})),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorCode], "{v:#?}");
    assert_eq!(v[0].actual, "status 404 without an error code");
}

// ---------------------------------------------------------------------------
// Error body
// ---------------------------------------------------------------------------

#[tokio::test]
async fn html_error_body_is_an_error_body_violation_only() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(404)
            .insert_header("x-amzn-ErrorType", "ResourceNotFoundException")
            .set_body_raw("Not Found", "text/html"),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    // The code and status are right. The body is not JSON, so there is no
    // Content-Type finding: text/html is the right type for an HTML body; the
    // fault is the body itself.
    assert_eq!(kinds(&v), [CheckKind::ErrorBody], "{v:#?}");
    assert_eq!(v[0].expected, "a JSON object error body");
    assert_eq!(v[0].actual, "a body that is not JSON");
    assert_eq!(v[0].detail, "Not Found");
}

#[tokio::test]
async fn html_error_without_code_is_flagged_for_code_and_body() {
    // What a bare web server answers for an unknown route.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(404).set_body_raw("<h1>Not Found</h1>", "text/html"),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(
        kinds(&v),
        [CheckKind::ErrorCode, CheckKind::ErrorBody],
        "{v:#?}"
    );
    assert_eq!(
        the(&v, CheckKind::ErrorCode).actual,
        "status 404 without an error code"
    );
    assert_eq!(
        the(&v, CheckKind::ErrorBody).actual,
        "a body that is not JSON"
    );
}

#[tokio::test]
async fn empty_error_body_is_an_error_body_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "DELETE",
        FN_PATH,
        ResponseTemplate::new(409).insert_header("x-amzn-ErrorType", "ResourceConflictException"),
    )
    .await;
    let v = call_and_check(&server, "DeleteFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorBody], "{v:#?}");
    assert_eq!(v[0].actual, "an empty body");
}

#[tokio::test]
async fn message_in_the_wrong_member_casing_is_an_error_body_violation() {
    // ResourceNotFoundException carries `Message`; SDKs read only that member.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            404,
            "ResourceNotFoundException",
            json!({"Type": "User", "message": "Function not found"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorBody], "{v:#?}");
    assert_eq!(v[0].expected, "message in `Message`");
    assert_eq!(v[0].actual, "message in `message`");
    assert_eq!(v[0].evidence.kind, EvidenceKind::Documented);
}

#[tokio::test]
async fn lower_case_message_codes_flag_the_capitalised_member() {
    // The other direction: ResourceConflictException carries `message`.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "DELETE",
        FN_PATH,
        aws_error(
            409,
            "ResourceConflictException",
            json!({"Type": "User", "Message": "Function is being updated"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "DeleteFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorBody], "{v:#?}");
    assert_eq!(v[0].expected, "message in `message`");
    assert_eq!(v[0].actual, "message in `Message`");
}

#[tokio::test]
async fn error_body_without_any_message_is_flagged() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(404, "ResourceNotFoundException", json!({"Type": "User"})),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorBody], "{v:#?}");
    assert_eq!(v[0].actual, "no message member");
}

#[tokio::test]
async fn non_string_message_is_flagged_by_body_and_schema_checks() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            404,
            "ResourceNotFoundException",
            json!({"Type": "User", "Message": 404}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(
        kinds(&v),
        [CheckKind::ErrorBody, CheckKind::Schema],
        "{v:#?}"
    );
    let body = the(&v, CheckKind::ErrorBody);
    assert_eq!(body.expected, "`Message` is a string");
    assert_eq!(body.actual, "`Message` is a number");
    let schema = the(&v, CheckKind::Schema);
    assert_eq!(
        schema.expected,
        "error body valid against the error's schema"
    );
    assert_eq!(schema.actual, "/Message: wrong type (\"string\")");
}

#[tokio::test]
async fn json_error_body_that_is_not_an_object_is_flagged() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            404,
            "ResourceNotFoundException",
            json!(["Function not found"]),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ErrorBody], "{v:#?}");
    assert_eq!(v[0].actual, "JSON an array");
}

// ---------------------------------------------------------------------------
// Server errors and transport
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_500_is_a_server_error_only() {
    let server = MockServer::start().await;
    // Even an undeclared code and a body in the wrong shape: a 5xx is reported
    // once, as a server error, and nothing else is checked.
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(500)
            .insert_header("x-amzn-ErrorType", "InternalFailure")
            .set_body_raw("<html>boom</html>", "text/html"),
    )
    .await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    // With an expectation too: the expectation check leaves 5xx to this check.
    let expectation = Expectation::success(Evidence::recorded("FN-002"));
    let v = check_exchange(&op, &ex, Some(&expectation));
    assert_eq!(kinds(&v), [CheckKind::ServerError], "{v:#?}");
    assert_eq!(v[0].expected, "no 5xx answer");
    assert_eq!(v[0].actual, "500 InternalFailure");
    assert_eq!(v[0].detail, "<html>boom</html>");
}

#[tokio::test]
async fn a_declared_500_service_exception_is_still_a_server_error() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            500,
            "ServiceException",
            json!({"Type": "Service", "Message": "internal"}),
        ),
    )
    .await;
    let v = call_and_check(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    assert_eq!(kinds(&v), [CheckKind::ServerError], "{v:#?}");
    assert_eq!(v[0].actual, "500 ServiceException");
    assert_eq!(v[0].detail, "internal");
}

#[tokio::test]
async fn a_hang_is_a_transport_violation_and_does_not_block() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200)
            .set_body_json(get_function_body())
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let started = Instant::now();
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(5),
        "the client must give up after its timeout, took {took:?}"
    );
    assert!(
        took >= CLIENT_TIMEOUT,
        "gave up before the timeout: {took:?}"
    );
    assert!(
        matches!(ex.outcome, Err(TransportError::Timeout(_))),
        "{:?}",
        ex.outcome
    );
    let expectation = Expectation::error(
        404,
        "ResourceNotFoundException",
        Evidence::recorded("FN-006"),
    );
    let v = check_exchange(&op, &ex, Some(&expectation));
    // No response: nothing to compare with the expectation either.
    assert_eq!(kinds(&v), [CheckKind::Transport], "{v:#?}");
    assert_eq!(v[0].expected, "a complete HTTP response");
    assert_eq!(v[0].actual, "no response within the timeout");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_violation() {
    // A port that was free a moment ago and has no listener now.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let op = op("GetFunction");
    let ex = client_for(format!("http://{addr}"))
        .call(&op, &json!({"FunctionName": "f"}))
        .await;
    assert!(
        matches!(ex.outcome, Err(TransportError::Connect(_))),
        "{:?}",
        ex.outcome
    );
    let v = check_exchange(&op, &ex, None);
    assert_eq!(kinds(&v), [CheckKind::Transport], "{v:#?}");
    assert_eq!(v[0].actual, "connection failed");
}

// ---------------------------------------------------------------------------
// Expectation
// ---------------------------------------------------------------------------

#[tokio::test]
async fn success_where_aws_answers_not_found_is_an_expectation_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        "/2015-03-31/functions/missing",
        ResponseTemplate::new(200).set_body_json(get_function_body()),
    )
    .await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "missing"})).await;
    let evidence = Evidence::recorded("FN-006");
    let expectation = Expectation::error(404, "ResourceNotFoundException", evidence.clone());
    let v = check_exchange(&op, &ex, Some(&expectation));
    // The answer itself is a conforming success; only the outcome is wrong.
    assert_eq!(kinds(&v), [CheckKind::Expectation], "{v:#?}");
    assert_eq!(v[0].expected, "404 ResourceNotFoundException");
    assert_eq!(v[0].actual, "success 200");
    assert_eq!(v[0].evidence, evidence);
    // Without the expectation the same exchange is clean.
    assert!(check_exchange(&op, &ex, None).is_empty());
}

#[tokio::test]
async fn error_where_aws_succeeds_is_an_expectation_violation() {
    let server = MockServer::start().await;
    mount_once(&server, "GET", FN_PATH, not_found()).await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    let expectation = Expectation::success(Evidence::documented(
        "GetFunction of a function just created",
    ));
    let v = check_exchange(&op, &ex, Some(&expectation));
    assert_eq!(kinds(&v), [CheckKind::Expectation], "{v:#?}");
    assert_eq!(v[0].expected, "success");
    assert_eq!(v[0].actual, "404 ResourceNotFoundException");
    assert!(
        v[0].detail.starts_with("Function not found"),
        "{}",
        v[0].detail
    );
}

#[tokio::test]
async fn a_different_error_than_expected_is_an_expectation_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            400,
            "InvalidParameterValueException",
            json!({"Type": "User", "message": "bad name"}),
        ),
    )
    .await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    let expectation = Expectation::error(
        404,
        "ResourceNotFoundException",
        Evidence::recorded("FN-006"),
    );
    let v = check_exchange(&op, &ex, Some(&expectation));
    assert_eq!(kinds(&v), [CheckKind::Expectation], "{v:#?}");
    assert_eq!(v[0].actual, "400 InvalidParameterValueException");
}

#[tokio::test]
async fn right_code_with_wrong_status_fails_both_contract_and_expectation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        aws_error(
            400,
            "ResourceNotFoundException",
            json!({"Type": "User", "Message": "Function not found"}),
        ),
    )
    .await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    let expectation = Expectation::error(
        404,
        "ResourceNotFoundException",
        Evidence::recorded("FN-006"),
    );
    let v = check_exchange(&op, &ex, Some(&expectation));
    assert_eq!(
        kinds(&v),
        [CheckKind::ErrorCode, CheckKind::Expectation],
        "{v:#?}"
    );
    assert_eq!(
        the(&v, CheckKind::Expectation).actual,
        "400 ResourceNotFoundException"
    );
}

// ---------------------------------------------------------------------------
// Conforming answers produce nothing
// ---------------------------------------------------------------------------

#[tokio::test]
async fn conforming_get_function_has_no_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        FN_PATH,
        ResponseTemplate::new(200).set_body_json(get_function_body()),
    )
    .await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    let expectation = Expectation::success(Evidence::documented("function exists"));
    let v = check_exchange(&op, &ex, Some(&expectation));
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn conforming_get_alias_has_no_violation() {
    let server = MockServer::start().await;
    mount_once(
        &server,
        "GET",
        ALIAS_PATH,
        ResponseTemplate::new(200).set_body_json(get_alias_body()),
    )
    .await;
    let v = call_and_check(
        &server,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "live"}),
    )
    .await;
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn conforming_not_found_has_no_violation() {
    let server = MockServer::start().await;
    mount_once(&server, "GET", FN_PATH, not_found()).await;
    let (op, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;
    let expectation = Expectation::error(
        404,
        "ResourceNotFoundException",
        Evidence::recorded("FN-006"),
    );
    let v = check_exchange(&op, &ex, Some(&expectation));
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn conforming_error_code_header_with_suffix_has_no_violation() {
    // AWS sometimes appends `:<url>` to the code header.
    let server = MockServer::start().await;
    mount_once(
        &server,
        "DELETE",
        FN_PATH,
        ResponseTemplate::new(409)
            .insert_header(
                "x-amzn-ErrorType",
                "ResourceConflictException:http://internal.amazon.com/coral/com.amazonaws.lambda/",
            )
            .set_body_json(json!({"Type": "User", "message": "Function is being updated"})),
    )
    .await;
    let v = call_and_check(&server, "DeleteFunction", json!({"FunctionName": "f"})).await;
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn conforming_delete_function_204_empty_has_no_violation() {
    let server = MockServer::start().await;
    mount_once(&server, "DELETE", FN_PATH, ResponseTemplate::new(204)).await;
    let (op, ex) = call(&server, "DeleteFunction", json!({"FunctionName": "f"})).await;
    let resp = ex.response().expect("answered");
    assert_eq!((resp.status, resp.body_len), (204, 0));
    let v = check_exchange(
        &op,
        &ex,
        Some(&Expectation::success(Evidence::recorded("FN-004"))),
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn conforming_invoke_with_a_raw_payload_has_no_violation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOKE_PATH))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Amz-Executed-Version", "$LATEST")
                .set_body_raw("hello, not JSON", "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;
    // Payload is a blob, given as base64 ("{\"k\":1}").
    let (op, ex) = call(
        &server,
        "Invoke",
        json!({"FunctionName": "f", "Payload": "eyJrIjoxfQ=="}),
    )
    .await;
    let resp = ex.response().expect("answered");
    assert_eq!(resp.body, "hello, not JSON");
    assert!(resp.json.is_none());
    let v = check_exchange(&op, &ex, None);
    assert!(v.is_empty(), "{v:#?}");
    // The payload went out raw, decoded from base64.
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, br#"{"k":1}"#);
}

#[tokio::test]
async fn conforming_invoke_dry_run_204_has_no_violation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVOKE_PATH))
        .and(header("x-amz-invocation-type", "DryRun"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let v = call_and_check(
        &server,
        "Invoke",
        json!({"FunctionName": "f", "InvocationType": "DryRun"}),
    )
    .await;
    assert!(v.is_empty(), "{v:#?}");
}

// ---------------------------------------------------------------------------
// The request the client sends
// ---------------------------------------------------------------------------

#[tokio::test]
async fn arn_function_name_is_percent_encoded_and_qualifier_goes_to_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af",
        ))
        .and(query_param("Qualifier", "$LATEST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_function_body()))
        .expect(1)
        .mount(&server)
        .await;
    let (op, ex) = call(
        &server,
        "GetFunction",
        json!({
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Qualifier": "$LATEST"
        }),
    )
    .await;
    assert!(check_exchange(&op, &ex, None).is_empty());
    assert_eq!(ex.request.method, "GET");
    assert!(
        ex.request.url.ends_with(
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af?Qualifier=%24LATEST"
        ),
        "{}",
        ex.request.url
    );
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    assert!(received[0].body.is_empty(), "GET carries no body");
    // The signature covers the encoded path and query exactly as sent.
    let (sent, signed, signature) = sent_authorization(&received[0]);
    let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
    assert_eq!(
        signature,
        expected_sigv4_signature(&received[0], &signed),
        "{sent}"
    );
}

#[tokio::test]
async fn without_qualifier_there_is_no_query_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ALIAS_PATH))
        .and(query_param_is_missing("Qualifier"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_alias_body()))
        .expect(1)
        .mount(&server)
        .await;
    let (op, ex) = call(
        &server,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "live"}),
    )
    .await;
    assert!(check_exchange(&op, &ex, None).is_empty());
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.query(), None);
    assert!(!ex.request.url.contains('?'), "{}", ex.request.url);
}

#[tokio::test]
async fn the_request_is_sigv4_signed_but_the_recorded_signature_is_redacted() {
    let server = MockServer::start().await;
    mount_once(&server, "GET", FN_PATH, not_found()).await;
    let (_, ex) = call(&server, "GetFunction", json!({"FunctionName": "f"})).await;

    // What went over the wire: a real SigV4 header for the dummy credentials.
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    let (sent, signed, signature) = sent_authorization(&received[0]);
    assert!(
        sent.starts_with("AWS4-HMAC-SHA256 Credential=testing/"),
        "{sent}"
    );
    assert!(sent.contains("/us-east-1/lambda/aws4_request"), "{sent}");
    assert!(
        signed.iter().any(|h| h == "host") && signed.iter().any(|h| h == "x-amz-date"),
        "{sent}"
    );
    let signed_headers = signed.join(";");
    let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
    assert_eq!(
        signature,
        expected_sigv4_signature(&received[0], &signed),
        "{sent}"
    );
    let signature = signature.as_str();
    assert!(received[0].headers.get("x-amz-date").is_some());

    // What the transcript keeps: no credential, no signature.
    let recorded: Vec<&str> = ex
        .request
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(recorded.len(), 1, "{:?}", ex.request.headers);
    let recorded = recorded[0];
    assert!(recorded.contains("Signature=<redacted>"), "{recorded}");
    assert!(recorded.contains("Credential=<redacted>"), "{recorded}");
    assert!(
        recorded.contains(&format!("SignedHeaders={signed_headers}")),
        "{recorded}"
    );
    assert!(!recorded.contains(signature), "{recorded}");
    assert!(!recorded.contains("testing"), "{recorded}");
    // The serialised exchange (what goes into transcripts) has no signature either.
    let transcript = serde_json::to_string(&ex).unwrap();
    assert!(!transcript.contains(signature));
}

#[tokio::test]
async fn session_token_is_sent_but_not_recorded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FN_PATH))
        .and(header("x-amz-security-token", "session-token-value"))
        .respond_with(not_found())
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(Settings::new(
        server.uri(),
        "us-east-1",
        Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("session-token-value".into()),
        },
        CLIENT_TIMEOUT,
    ))
    .unwrap();
    let op = op("GetFunction");
    let ex = client.call(&op, &json!({"FunctionName": "f"})).await;
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0]
            .headers
            .get("x-amz-security-token")
            .map(|v| v.to_str().unwrap()),
        Some("session-token-value")
    );
    assert!(check_exchange(&op, &ex, None).is_empty());
    assert!(
        !ex.request
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-amz-security-token")),
        "{:?}",
        ex.request.headers
    );
    let transcript = serde_json::to_string(&ex).unwrap();
    assert!(!transcript.contains("session-token-value"), "{transcript}");
    assert!(!transcript.contains("AKIDEXAMPLE"), "{transcript}");
}
