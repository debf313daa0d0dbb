//! The services Lambda looks up, served on the embedded endpoint's own port
//! in their own wire formats: S3 (code packages), IAM (execution roles), SQS,
//! Kinesis and DynamoDB (Streams) (event sources), EC2 (VpcConfig). Their state is the model's
//! ([`lambda_model::neighbours`]), so Lambda's lookups see what was created
//! here; `run` provisions its role and queue here as it does in moto.
//!
//! Only the calls Lambda's API and the runner need are served; any other
//! call of these services answers that it is not implemented.

mod ec2;
mod iam;
mod s3;
mod sqs;
mod streams;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Response, Uri};
use lambda_model::Model;
use std::sync::Mutex;

/// One request to a neighbouring service.
pub struct Call<'a> {
    /// HTTP method.
    pub method: &'a Method,
    /// Request URI.
    pub uri: &'a Uri,
    /// Request headers.
    pub headers: &'a HeaderMap,
    /// Request body.
    pub body: &'a Bytes,
    /// Request id to answer with.
    pub request_id: &'a str,
}

impl Call<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The service a SigV4 `Authorization` header's credential scope names.
    fn signed_for(&self) -> Option<&str> {
        let auth = self.header("authorization")?;
        let scope = auth.split("Credential=").nth(1)?.split([',', ' ']).next()?;
        scope.split('/').nth(3)
    }

    /// A JSON-protocol body (an empty object when it is not JSON).
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(self.body).unwrap_or_else(|_| serde_json::json!({}))
    }

    /// Form members of a query-protocol body.
    fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The `Host` the client addressed (for URLs handed back).
    fn host(&self) -> &str {
        self.header("host").unwrap_or("localhost")
    }
}

#[derive(Clone, Copy)]
enum Service {
    Ec2,
    S3,
    Iam,
    Sqs,
    Streams,
}

/// Which neighbouring service a request is for, if any: SQS by its JSON
/// target, else by its signature's scope; unsigned and not a Lambda route,
/// IAM by its query action and S3 by its payload header.
fn service(call: &Call<'_>, lambda_routed: bool) -> Option<Service> {
    if call
        .header("x-amz-target")
        .is_some_and(|t| t.starts_with("AmazonSQS."))
    {
        return Some(Service::Sqs);
    }
    if call
        .header("x-amz-target")
        .is_some_and(|t| streams::TARGETS.iter().any(|p| t.starts_with(p)))
    {
        return Some(Service::Streams);
    }
    match call.signed_for() {
        Some("iam") => return Some(Service::Iam),
        Some("s3") => return Some(Service::S3),
        Some("sqs") => return Some(Service::Sqs),
        Some("ec2") => return Some(Service::Ec2),
        _ => {}
    }
    if lambda_routed {
        return None;
    }
    let form_action = (call.method == Method::POST && call.uri.path() == "/")
        .then(|| call.form().into_iter().find(|(k, _)| k == "Action"))
        .flatten();
    match form_action {
        Some((_, a)) if iam::ACTIONS.contains(&a.as_str()) => return Some(Service::Iam),
        Some((_, a)) if ec2::ACTIONS.contains(&a.as_str()) => return Some(Service::Ec2),
        _ => {}
    }
    call.header("x-amz-content-sha256").map(|_| Service::S3)
}

/// Answers a request to a neighbouring service, or `None` when it is not one
/// (`lambda_routed`: a Lambda route matched it).
pub fn handle(
    model: &Mutex<Model>,
    call: &Call<'_>,
    lambda_routed: bool,
) -> Option<Response<Body>> {
    let service = service(call, lambda_routed)?;
    let mut model = model.lock().unwrap_or_else(|p| p.into_inner());
    Some(match service {
        Service::Ec2 => ec2::handle(&mut model, call),
        Service::S3 => s3::handle(&mut model, call),
        Service::Iam => iam::handle(&mut model, call),
        Service::Sqs => sqs::handle(&mut model, call),
        Service::Streams => streams::handle(&mut model, call),
    })
}

/// Text with XML's five special characters escaped.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn response(status: u16, headers: &[(&str, String)], body: impl Into<Body>) -> Response<Body> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, v.as_str());
    }
    b.body(body.into()).unwrap_or_else(|_| {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// The time now, as ISO 8601 (creation dates).
fn now_iso() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
