//! The HTTP client: REST-JSON binding, SigV4 signing, and recording each
//! request/response as an [`Exchange`].

pub mod binding;
pub mod exchange;
pub mod profile;
pub mod settings;
pub mod signing;
pub mod stop;

pub use binding::{BindingError, HttpRequest, build_request};
pub use exchange::{Exchange, RecordedRequest, RecordedResponse, TransportError};
pub use settings::{Credentials, Settings};
pub use stop::Stop;

use crate::catalog::Operation;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How often a throttled request is sent again.
pub const THROTTLE_RETRIES: u32 = 4;

/// After this many requests of one operation in a row got no answer within
/// the timeout, its later requests are not sent (each would cost a whole
/// timeout and say nothing new): an endpoint that hangs on one operation is
/// reported once and the rest of the run goes on.
pub const HANG_LIMIT: u32 = 2;

/// A signed HTTP client for one endpoint. Clones share the connection pool,
/// the [`Stop`] switch and the count of unanswered requests.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    settings: Settings,
    stop: Stop,
    unanswered: Arc<AtomicU32>,
    /// Per operation, the requests in a row that got no answer.
    hung: Arc<std::sync::Mutex<std::collections::BTreeMap<String, u32>>>,
}

impl Client {
    /// A client for these settings.
    pub fn new(settings: Settings) -> anyhow::Result<Client> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .pool_max_idle_per_host(8)
            // Never follow a redirect: a 3xx is the endpoint's answer (and a finding),
            // and following one could lead to a host the AWS guard never saw.
            .redirect(reqwest::redirect::Policy::none());
        // AWS_CA_BUNDLE (the AWS CLI's variable): extra CAs for an https endpoint.
        if let Some(path) = std::env::var_os("AWS_CA_BUNDLE").filter(|p| !p.is_empty()) {
            let pem = std::fs::read(&path).map_err(|e| {
                anyhow::anyhow!(
                    "AWS_CA_BUNDLE names {}, which cannot be read: {e}",
                    std::path::Path::new(&path).display()
                )
            })?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                anyhow::anyhow!(
                    "AWS_CA_BUNDLE names {}, which is not a PEM bundle of certificates: {e}",
                    std::path::Path::new(&path).display()
                )
            })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder.build()?;
        Ok(Client {
            http,
            settings,
            stop: Stop::new(),
            unanswered: Arc::default(),
            hung: Arc::default(),
        })
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The switch that stops this client's requests.
    pub fn stop(&self) -> &Stop {
        &self.stop
    }

    /// The same client (same pool) under another switch, with its own count
    /// of unanswered requests: clean-up goes on after the run was stopped.
    pub fn with_stop(&self, stop: Stop) -> Client {
        Client {
            http: self.http.clone(),
            settings: self.settings.clone(),
            stop,
            unanswered: Arc::default(),
            hung: Arc::default(),
        }
    }

    /// The operations whose requests are no longer sent because
    /// [`HANG_LIMIT`] of them in a row got no answer.
    pub fn hung_operations(&self) -> Vec<String> {
        let hung = self.hung.lock().unwrap_or_else(|p| p.into_inner());
        hung.iter()
            .filter(|(_, n)| **n >= HANG_LIMIT)
            .map(|(op, _)| op.clone())
            .collect()
    }

    /// Counts an answer or its absence for the operation's hang count.
    fn count_hang(&self, operation: &str, outcome: &Result<RecordedResponse, TransportError>) {
        let mut hung = self.hung.lock().unwrap_or_else(|p| p.into_inner());
        match outcome {
            Err(TransportError::Timeout(_)) => *hung.entry(operation.to_string()).or_default() += 1,
            Ok(_) => {
                hung.remove(operation);
            }
            Err(_) => {}
        }
    }

    /// Counts a request that got no answer (and sets the switch when there
    /// were too many in a row), or resets the count after an answer.
    fn count_answer(&self, what: &str, outcome: &Result<RecordedResponse, TransportError>) {
        let limit = self.settings.unresponsive_after;
        match outcome {
            Err(e @ (TransportError::Timeout(_) | TransportError::Connect(_))) if limit > 0 => {
                let n = self.unanswered.fetch_add(1, Ordering::SeqCst) + 1;
                if n >= limit {
                    self.stop.stop(format!(
                        "the endpoint is unresponsive: {n} requests in a row got no answer (the last, {what}: {e})"
                    ));
                }
            }
            Ok(_) => self.unanswered.store(0, Ordering::SeqCst),
            Err(_) => {}
        }
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
        let timeout = if op.name == "Invoke" {
            self.settings.invoke_timeout
        } else {
            self.settings.timeout
        };
        let hung = self
            .hung
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&op.name)
            .is_some_and(|n| *n >= HANG_LIMIT);
        if hung {
            return Exchange {
                operation: op.name.clone(),
                input: input.clone(),
                request: RecordedRequest {
                    method: req.method.clone(),
                    url: format!("{}{}", self.settings.endpoint, req.path_and_query),
                    headers: vec![],
                    body: exchange::body_text(&req.body),
                },
                outcome: Err(TransportError::NotSent(format!(
                    "{HANG_LIMIT} {} requests in a row got no answer within {} s",
                    op.name,
                    timeout.as_secs()
                ))),
                elapsed_ms: 0,
            };
        }
        let (request, outcome) = self.send_within("lambda", &op.name, req, timeout).await;
        self.count_hang(&op.name, &outcome);
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
    /// Once the client's [`Stop`] is set, requests (pending ones too) fail at
    /// once with [`TransportError::Stopped`].
    pub async fn send(
        &self,
        service: &str,
        req: HttpRequest,
    ) -> (RecordedRequest, Result<RecordedResponse, TransportError>) {
        let what = format!("{service} {} {}", req.method, req.path_and_query);
        self.send_within(service, &what, req, self.settings.timeout)
            .await
    }

    async fn send_within(
        &self,
        service: &str,
        what: &str,
        req: HttpRequest,
        timeout: Duration,
    ) -> (RecordedRequest, Result<RecordedResponse, TransportError>) {
        let unsent = || RecordedRequest {
            method: req.method.clone(),
            url: format!("{}{}", self.settings.endpoint, req.path_and_query),
            headers: vec![],
            body: exchange::body_text(&req.body),
        };
        if let Some(reason) = self.stop.reason() {
            return (unsent(), Err(TransportError::Stopped(reason)));
        }
        tokio::select! {
            biased;
            reason = self.stop.stopped() => (unsent(), Err(TransportError::Stopped(reason))),
            sent = self.send_retrying(service, what, req.clone(), timeout) => sent,
        }
    }

    async fn send_retrying(
        &self,
        service: &str,
        what: &str,
        req: HttpRequest,
        timeout: Duration,
    ) -> (RecordedRequest, Result<RecordedResponse, TransportError>) {
        let mut attempt = 0;
        loop {
            let (recorded, outcome) = self.send_once(service, req.clone(), timeout).await;
            self.count_answer(what, &outcome);
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
        timeout: Duration,
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
        let mut builder = self.http.request(method, &url).timeout(timeout);
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
