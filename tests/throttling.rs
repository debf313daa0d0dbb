//! A throttled request (429 TooManyRequestsException) is sent again, as AWS's
//! SDKs do, so a boundary probe is judged on the real answer, not on the
//! throttling; a throttle that never ends still comes back as 429.

use lambda_conformance::catalog::Catalog;
use lambda_conformance::client::{Client, Credentials, Settings, THROTTLE_RETRIES};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FN_PATH: &str = "/2015-03-31/functions/f";

fn throttled() -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("x-amzn-ErrorType", "TooManyRequestsException")
        .insert_header("Retry-After", "0")
        .set_body_json(json!({"Type": "User", "message": "Rate exceeded", "Reason": "CallerRateLimitExceeded"}))
}

fn client(endpoint: String) -> Client {
    Client::new(Settings::new(
        endpoint,
        "us-east-1",
        Credentials::dummy(),
        Duration::from_secs(5),
    ))
    .expect("client builds")
}

#[tokio::test]
async fn a_throttled_request_is_sent_again_until_it_is_answered() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FN_PATH))
        .respond_with(throttled())
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(FN_PATH))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-amzn-ErrorType", "ResourceNotFoundException")
                .set_body_json(json!({"Type": "User", "Message": "Function not found: f"})),
        )
        .mount(&server)
        .await;
    let op = Catalog::embedded().get("GetFunction").unwrap();
    let ex = client(server.uri())
        .call(op, &json!({"FunctionName": "f"}))
        .await;
    assert_eq!(ex.status(), Some(404));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn endless_throttling_comes_back_as_429_after_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FN_PATH))
        .respond_with(throttled())
        .mount(&server)
        .await;
    let op = Catalog::embedded().get("GetFunction").unwrap();
    let ex = client(server.uri())
        .call(op, &json!({"FunctionName": "f"}))
        .await;
    assert_eq!(ex.status(), Some(429));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        THROTTLE_RETRIES as usize + 1
    );
}
