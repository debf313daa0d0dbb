//! The HTTP client: REST-JSON binding, SigV4 signing, and recording each
//! request/response as an [`Exchange`].

pub mod binding;
pub mod exchange;
pub mod settings;
pub mod signing;

pub use binding::{BindingError, HttpRequest, build_request};
pub use exchange::{Exchange, RecordedRequest, RecordedResponse, TransportError};
pub use settings::{Credentials, Settings};

use crate::catalog::Operation;
use serde_json::Value;
use std::time::{Instant, SystemTime};

/// How often a throttled request is sent again.
pub const THROTTLE_RETRIES: u32 = 4;

/// A signed HTTP client for one endpoint.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    settings: Settings,
}

impl Client {
    /// A client for these settings.
    pub fn new(settings: Settings) -> anyhow::Result<Client> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(std::time::Duration::from_secs(10)))
            .pool_max_idle_per_host(8)
            // Never follow a redirect: a 3xx is the endpoint's answer (and a finding),
            // and following one could lead to a host the AWS guard never saw.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Client { http, settings })
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Calls an operation with an input (members by model name) and records the exchange.
    pub async fn call(&self, op: &Operation, input: &Value) -> Exchange {
        match build_request(op, input) {
            Ok(req) => self.call_request(op, input, req).await,
            Err(e) => Exchange {
                operation: op.name.clone(),
                input: input.clone(),
                request: RecordedRequest {
                    method: op.method.clone(),
                    url: String::new(),
                    headers: vec![],
                    body: String::new(),
                },
                outcome: Err(TransportError::Other(format!("request not sent: {e}"))),
                elapsed_ms: 0,
            },
        }
    }

    /// Sends a request (bound from `input`, or built by hand for malformed
    /// input) and records it as an exchange of `op` with this input.
    pub async fn call_request(&self, op: &Operation, input: &Value, req: HttpRequest) -> Exchange {
        let started = Instant::now();
        let (request, outcome) = self.send("lambda", req).await;
        Exchange {
            operation: op.name.clone(),
            input: input.clone(),
            request,
            outcome,
            elapsed_ms: started.elapsed().as_millis() as u64,
        }
    }

    /// Signs and sends a request for `service` (e.g. `lambda`, `iam`, `sqs`).
    /// A throttled request (429) is sent again after a pause, as AWS's SDKs
    /// do (documented: TooManyRequestsException, `Retry-After`), up to
    /// [`THROTTLE_RETRIES`] times; only the last answer is returned.
    pub async fn send(
        &self,
        service: &str,
        req: HttpRequest,
    ) -> (RecordedRequest, Result<RecordedResponse, TransportError>) {
        let mut attempt = 0;
        loop {
            let (recorded, outcome) = self.send_once(service, req.clone()).await;
            let throttled = matches!(&outcome, Ok(r) if r.status == 429);
            if !throttled || attempt >= THROTTLE_RETRIES {
                return (recorded, outcome);
            }
            let after = outcome
                .as_ref()
                .ok()
                .and_then(|r| r.header("retry-after"))
                .and_then(|v| v.trim().parse::<f64>().ok())
                .unwrap_or(0.0);
            let backoff = 0.2 * f64::from(1u32 << attempt);
            tokio::time::sleep(std::time::Duration::from_secs_f64(
                after.clamp(backoff, 10.0),
            ))
            .await;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        service: &str,
        req: HttpRequest,
    ) -> (RecordedRequest, Result<RecordedResponse, TransportError>) {
        let url = format!("{}{}", self.settings.endpoint, req.path_and_query);
        let host = url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or("")
            .to_string();
        let mut headers = req.headers.clone();
        headers.push(("host".into(), host));
        let signed = signing::sign_headers(
            &self.settings.credentials,
            signing::Scope {
                region: &self.settings.region,
                service,
            },
            &req.method,
            &url,
            &headers,
            &req.body,
            SystemTime::now(),
        );
        let recorded = |headers: &[(String, String)]| RecordedRequest {
            method: req.method.clone(),
            url: url.clone(),
            headers: headers
                .iter()
                .filter(|(k, _)| k != "x-amz-security-token")
                .map(|(k, v)| {
                    if k == "authorization" {
                        (k.clone(), signing::redact_authorization(v))
                    } else {
                        (k.clone(), v.clone())
                    }
                })
                .collect(),
            body: exchange::body_text(&req.body),
        };
        let signed = match signed {
            Ok(s) => s,
            Err(e) => return (recorded(&headers), Err(TransportError::Other(e))),
        };
        headers.extend(signed);
        let method =
            reqwest::Method::from_bytes(req.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut builder = self.http.request(method, &url);
        for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
            builder = builder.header(k, v);
        }
        let record = recorded(&headers);
        let response = match builder.body(req.body).send().await {
            Ok(r) => r,
            Err(e) => return (record, Err(classify(&e))),
        };
        let status = response.status().as_u16();
        let resp_headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        match response.bytes().await {
            Ok(body) => (
                record,
                Ok(RecordedResponse::new(status, resp_headers, &body)),
            ),
            Err(e) => (record, Err(classify(&e))),
        }
    }
}

fn classify(e: &reqwest::Error) -> TransportError {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    if e.is_timeout() {
        TransportError::Timeout(text)
    } else if e.is_connect() {
        TransportError::Connect(text)
    } else {
        TransportError::Other(text)
    }
}
