//! A redirect is never followed: a local server answering 307 to another
//! host (it could be AWS) gets no request sent there, and the 3xx itself is a
//! finding (AWS answers GetFunction with 200).

use lambda_conformance::catalog::Catalog;
use lambda_conformance::checks::check_exchange;
use lambda_conformance::client::{Client, Credentials, Settings};
use lambda_conformance::findings::CheckKind;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_redirect_is_not_followed_and_is_a_finding() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&elsewhere)
        .await;
    let local = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2015-03-31/functions/f"))
        .respond_with(ResponseTemplate::new(307).insert_header(
            "location",
            format!("{}/2015-03-31/functions/f", elsewhere.uri()),
        ))
        .mount(&local)
        .await;
    let client = Client::new(Settings::new(
        local.uri(),
        "us-east-1",
        Credentials::dummy(),
        Duration::from_secs(5),
    ))
    .expect("client builds");
    let op = Catalog::embedded().get("GetFunction").expect("catalog op");
    let ex = client.call(op, &json!({"FunctionName": "f"})).await;
    assert_eq!(ex.status(), Some(307), "the redirect itself is the answer");
    let sent_elsewhere = elsewhere.received_requests().await.unwrap_or_default();
    assert!(
        sent_elsewhere.is_empty(),
        "no request may follow the redirect"
    );
    let violations = check_exchange(op, &ex, None);
    assert!(
        violations.iter().any(|v| v.check == CheckKind::Status),
        "a 3xx where AWS answers 200 is a status finding: {violations:?}"
    );
}
