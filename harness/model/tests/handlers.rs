//! Invoke of the catalogue's test functions: the model answers what each
//! package does, with its evidence; unknown code is an inference.

mod common;
use base64::Engine;
use common::*;
use lambda_model::handlers::{Behaviour, LANGUAGES, Language, TestFunction};
use lambda_model::{Body, Evidence, Model, Response};
use serde_json::{Value, json};

fn deploy(m: &mut Model, f: TestFunction, extra: Value) {
    let mut input = json!({"Runtime": f.language.runtime(), "Code": {"ZipFile": f.zip_base64()}});
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        i.extend(e.clone());
    }
    let r = create_with(m, "f", input);
    assert_eq!(r.status, 201, "{:?}", r.body);
}

fn invoke(m: &mut Model, extra: Value) -> Response {
    let mut input = json!({"FunctionName": "f", "Payload": b64(b"{\"a\":1}")});
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        i.extend(e.clone());
    }
    call(m, "Invoke", input)
}

fn result(r: &Response) -> Value {
    match &r.body {
        Body::Raw(b) => serde_json::from_slice(b).expect("JSON result"),
        other => panic!("not a raw body: {other:?}"),
    }
}

fn run(f: TestFunction, create: Value, extra: Value) -> Response {
    let mut m = model();
    deploy(&mut m, f, create);
    invoke(&mut m, extra)
}

#[test]
fn echo_returns_the_event_and_no_return_answers_null() {
    for language in LANGUAGES {
        let r = run(
            TestFunction::new(Behaviour::Echo, language, 1),
            json!({}),
            json!({}),
        );
        assert_eq!((r.status, result(&r)), (200, json!({"a": 1})));
        assert_eq!(r.header("X-Amz-Function-Error"), None);
        let r = run(
            TestFunction::new(Behaviour::NoReturn, language, 1),
            json!({}),
            json!({}),
        );
        assert_eq!(result(&r), Value::Null);
        assert_eq!(r.rule.map(|r| r.id), Some("INV-RUNS-CODE"));
        assert_eq!(r.evidence, Evidence::Recorded("INV-004"));
    }
}

#[test]
fn a_raised_error_is_a_200_with_the_runtime_error_payload() {
    let py = run(
        TestFunction::new(Behaviour::Raise, Language::Python, 1),
        json!({}),
        json!({}),
    );
    assert_eq!(py.status, 200);
    assert_eq!(py.header("X-Amz-Function-Error"), Some("Unhandled"));
    let body = result(&py);
    assert_eq!(body["errorType"], "Exception");
    assert_eq!(body["errorMessage"], lambda_model::handlers::ERROR_MESSAGE);
    assert_eq!(body["requestId"].as_str(), py.header("x-amzn-RequestId"));
    assert!(body["stackTrace"].is_array());
    let node = run(
        TestFunction::new(Behaviour::Raise, Language::Node, 1),
        json!({}),
        json!({}),
    );
    let body = result(&node);
    assert_eq!(body["errorType"], "Error");
    assert!(body["trace"].is_array());
}

#[test]
fn a_handler_past_its_timeout_is_timed_out_and_one_within_it_returns() {
    let f = TestFunction::new(Behaviour::Sleep, Language::Python, 1);
    let r = run(f, json!({"Timeout": 1}), json!({}));
    assert_eq!(r.header("X-Amz-Function-Error"), Some("Unhandled"));
    let body = result(&r);
    assert_eq!(body["errorType"], "Sandbox.Timedout");
    let id = r.header("x-amzn-RequestId").unwrap();
    assert_eq!(
        body["errorMessage"],
        format!("RequestId: {id} Error: Task timed out after 1.00 seconds")
    );
    assert_eq!(r.evidence, Evidence::Recorded("INV-006"));
    let r = run(f, json!({"Timeout": 30}), json!({}));
    assert_eq!(
        (r.header("X-Amz-Function-Error"), result(&r)),
        (None, json!({"a": 1}))
    );
    // Node.js's timeout is not recorded
    let r = run(
        TestFunction::new(Behaviour::Sleep, Language::Node, 1),
        json!({"Timeout": 1}),
        json!({}),
    );
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn a_result_over_6_mb_is_a_function_error() {
    let r = run(
        TestFunction::new(Behaviour::Oversized, Language::Python, 1),
        json!({}),
        json!({}),
    );
    assert_eq!(r.header("X-Amz-Function-Error"), Some("Unhandled"));
    assert_eq!(result(&r)["errorType"], "Function.ResponseSizeTooLarge");
}

#[test]
fn the_log_tail_is_given_only_when_asked_and_frames_the_handler_line() {
    let f = TestFunction::new(Behaviour::Log, Language::Python, 1);
    let r = run(f, json!({"MemorySize": 256}), json!({"LogType": "Tail"}));
    let log = base64::engine::general_purpose::STANDARD
        .decode(r.header("X-Amz-Log-Result").expect("a log tail"))
        .unwrap();
    let log = String::from_utf8(log).unwrap();
    let id = r.header("x-amzn-RequestId").unwrap();
    assert!(log.starts_with(&format!("START RequestId: {id} Version: $LATEST\n")));
    assert!(log.contains(&format!(
        "\n{}\nEND RequestId: {id}\n",
        lambda_model::handlers::LOG_LINE
    )));
    assert!(log.contains("Memory Size: 256 MB"));
    let r = run(f, json!({}), json!({}));
    assert_eq!(r.header("X-Amz-Log-Result"), None);
    // an Event invocation answers 202 and no log
    let r = run(
        f,
        json!({}),
        json!({"InvocationType": "Event", "LogType": "Tail"}),
    );
    assert_eq!((r.status, r.header("X-Amz-Log-Result")), (202, None));
}

#[test]
fn the_context_names_the_function_version_memory_and_invoked_arn() {
    let f = TestFunction::new(Behaviour::Context, Language::Node, 1);
    let mut m = model();
    deploy(&mut m, f, json!({"MemorySize": 512}));
    let r = invoke(&mut m, json!({}));
    let body = result(&r);
    assert_eq!(body["function_name"], "f");
    assert_eq!(body["function_version"], "$LATEST");
    assert_eq!(body["memory_limit_in_mb"], 512);
    assert_eq!(body["invoked_function_arn"], arn("f"));
    assert_eq!(
        body["aws_request_id"].as_str(),
        r.header("x-amzn-RequestId")
    );
    let r = invoke(&mut m, json!({"Qualifier": "$LATEST"}));
    assert_eq!(
        result(&r)["invoked_function_arn"],
        format!("{}:$LATEST", arn("f"))
    );
    // each invocation has its own request id
    assert_ne!(
        r.header("x-amzn-RequestId"),
        Some(body["aws_request_id"].as_str().unwrap())
    );
}

#[test]
fn unknown_code_or_a_mismatched_runtime_or_handler_is_an_inference() {
    let r = call(
        &mut {
            let mut m = model();
            create(&mut m, "f");
            m
        },
        "Invoke",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(r.evidence, Evidence::Inferred);
    // a Python package on a Node.js runtime
    let f = TestFunction::new(Behaviour::NoReturn, Language::Python, 1);
    let mut m = model();
    let r = create_with(
        &mut m,
        "f",
        json!({"Runtime": "nodejs20.x", "Code": {"ZipFile": f.zip_base64()}}),
    );
    assert_eq!(r.status, 201);
    assert_eq!(invoke(&mut m, json!({})).evidence, Evidence::Inferred);
    // another handler name
    let r = run(f, json!({"Handler": "main.handler"}), json!({}));
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn a_version_runs_the_code_it_was_published_from() {
    let mut m = model();
    deploy(
        &mut m,
        TestFunction::new(Behaviour::NoReturn, Language::Python, 1),
        json!({}),
    );
    publish(&mut m, "f");
    let echo = TestFunction::echo(1).zip_base64();
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": echo}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(result(&invoke(&mut m, json!({}))), json!({"a": 1}));
    assert_eq!(
        result(&invoke(&mut m, json!({"Qualifier": "1"}))),
        Value::Null
    );
}
