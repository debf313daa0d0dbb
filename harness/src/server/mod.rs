//! The embedded reference endpoint: the reference model served over HTTP
//! with AWS's REST-JSON wire format. `run` uses it in-process when no endpoint
//! is given; `serve` runs it on a port; tests use it as a hermetic target.

pub mod decode;
pub mod neighbours;

use crate::catalog::Catalog;
use crate::oracle::validate;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response, StatusCode, Uri};
use lambda_model::{Config, Evidence, Fault, Model, Request};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Shared state of the endpoint.
#[derive(Clone)]
struct AppState {
    catalog: &'static Catalog,
    faults: Arc<Vec<Fault>>,
    model: Arc<Mutex<Model>>,
    request_counter: Arc<std::sync::atomic::AtomicU64>,
    /// How long a function stays Pending / InProgress (0: instantly Active).
    settle: std::time::Duration,
    /// Whether S3, IAM and SQS are served too.
    neighbours: bool,
}

/// How long `serve` keeps a function Pending / its update InProgress by
/// default: long enough that a request sent right after the change meets the
/// transition, as on AWS, short enough that a waiter's second poll finds it over.
pub const DEFAULT_SETTLE_MS: u64 = 100;

/// VAL-027 (recorded): the largest request body AWS reads (CreateFunction).
const MAX_REQUEST_BYTES: usize = 70_167_211;

/// The axum router serving a fresh model with these settings.
/// It serves S3, IAM and SQS beside Lambda (neighbours/) when the config's
/// lookups are [`lambda_model::Lookups::Served`], else Lambda alone.
pub fn router(config: Config) -> Router {
    let state = AppState {
        neighbours: config.lookups == lambda_model::Lookups::Served,
        settle: std::time::Duration::from_millis(config.settle_ms),
        catalog: Catalog::embedded(),
        faults: Arc::new(config.faults.clone()),
        model: Arc::new(Mutex::new(Model::new(config))),
        request_counter: Arc::new(std::sync::atomic::AtomicU64::new(0)),
    };
    // Bodies over MAX_REQUEST_BYTES are the model's to answer (413 with AWS's
    // code and message), so axum's own limit is well above it.
    Router::new()
        .fallback(handle)
        .layer(axum::extract::DefaultBodyLimit::max(2 * MAX_REQUEST_BYTES))
        .with_state(state)
}

/// A running endpoint.
pub struct Running {
    /// Address it listens on.
    pub addr: SocketAddr,
    handle: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving.
    pub fn stop(self) {
        self.handle.abort();
    }
}

/// Starts the endpoint on `addr` (port 0 picks a free port) in the current runtime.
pub async fn start(addr: SocketAddr, config: Config) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let app = router(config);
    let handle = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Running { addr, handle })
}

/// Model config for the embedded endpoint (serving S3, IAM and SQS beside
/// Lambda) with some faults injected.
pub fn config_with_faults(region: &str, faults: Vec<Fault>) -> Config {
    Config {
        region: region.to_string(),
        faults,
        lookups: lambda_model::Lookups::Served,
        ..Config::default()
    }
}

fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    let dec = |s: &str| {
                        percent_encoding::percent_decode_str(&s.replace('+', " "))
                            .decode_utf8_lossy()
                            .into_owned()
                    };
                    (dec(k), dec(v))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn to_http(resp: lambda_model::Response, request_id: String) -> Response<Body> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    // an invocation's request id is the model's (the handler's context saw it)
    if resp.header("x-amzn-RequestId").is_none() {
        builder = builder.header("x-amzn-RequestId", request_id);
    }
    let has_content_type = resp
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
    for (k, v) in &resp.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let body = match resp.body {
        lambda_model::Body::Empty => Body::empty(),
        lambda_model::Body::Json(v) => {
            if !has_content_type {
                builder = builder.header("content-type", "application/json");
            }
            Body::from(serde_json::to_vec(&v).unwrap_or_default())
        }
        lambda_model::Body::Raw(bytes) => {
            if !has_content_type {
                builder = builder.header("content-type", "application/json");
            }
            Body::from(bytes)
        }
    };
    builder
        .body(body)
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let n = state
        .request_counter
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let request_id = format!("00000000-0000-4000-8000-{n:012x}");
    let routed = state.catalog.route(method.as_str(), uri.path());
    let call = neighbours::Call {
        method: &method,
        uri: &uri,
        headers: &headers,
        body: &body,
        request_id: &request_id,
    };
    if state.neighbours
        && let Some(answer) = neighbours::handle(&state.model, &call, routed.is_some())
    {
        return answer;
    }
    let Some((op, labels)) = routed else {
        // Inferred: AWS's front end answers an unknown route with 404 UnknownOperationException.
        return to_http(
            lambda_model::error_response(
                "UnknownOperationException",
                "Unknown operation",
                Evidence::Inferred,
            ),
            request_id,
        );
    };
    if body.len() > MAX_REQUEST_BYTES {
        let rule = &lambda_model::rules::REQUEST_SIZE;
        let mut r = lambda_model::error_response(
            "RequestEntityTooLargeException",
            &format!(
                "Request must be smaller than {MAX_REQUEST_BYTES} bytes for the {} operation",
                op.name
            ),
            rule.evidence,
        );
        r.rule = Some(rule);
        return to_http(r, request_id);
    }
    let header_pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let has = |f: Fault| state.faults.contains(&f);
    let input = match decode::decode(op, &labels, &query_pairs(&uri), &header_pairs, &body) {
        Ok(i) => i,
        Err(e) if has(Fault::MalformedBody500) => {
            return to_http(
                lambda_model::error_response("ServiceException", &e.message, Evidence::Inferred),
                request_id,
            );
        }
        Err(e) => {
            return to_http(
                lambda_model::error_response(e.code, &e.message, Evidence::Inferred),
                request_id,
            );
        }
    };
    let mut input_value = serde_json::Value::Object(input);
    if has(Fault::RejectsValidEdge)
        && let Some(at) = crate::catalog::constraints::at_upper_edge(op, &input_value)
    {
        return to_http(
            lambda_model::error_response(
                "ValidationException",
                &format!(
                    "1 validation error detected: Value at '{at}' failed to satisfy constraint"
                ),
                Evidence::Inferred,
            ),
            request_id,
        );
    }
    // FMT-003 (recorded): constraint violations are answered before any lookup.
    if let Some(invalid) = validate::validate(op, &input_value) {
        if has(Fault::AcceptsOutOfRange) && invalid.only_ranges() {
            clamp(&mut input_value, &invalid);
        } else {
            let mut response = invalid.response();
            if has(Fault::ValidationAsInvalidParameter) && invalid.code == "ValidationException" {
                response = lambda_model::error_response(
                    "InvalidParameterValueException",
                    &invalid.message,
                    Evidence::Inferred,
                );
            }
            return to_http(response, request_id);
        }
    }
    if has(Fault::ListAliasesHangs) && op.name == "ListAliases" {
        // Long past any client's timeout; the client drops the connection first.
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
    if has(Fault::RevisionCheckRaces) && input_value.get("RevisionId").is_some() {
        // Check on a copy, let go of the model, apply later without the check.
        let checked = {
            let model = state.model.lock().unwrap_or_else(|p| p.into_inner());
            let mut copy = model.clone();
            copy.apply(&Request::new(&op.name, input_value.clone()))
        };
        if checked.error_code.is_some() {
            return to_http(checked, request_id);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if let Some(members) = input_value.as_object_mut() {
            members.remove("RevisionId");
        }
    }
    let function = input_value
        .get("FunctionName")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    let request = Request::new(&op.name, input_value);
    let response = {
        let mut model = state.model.lock().unwrap_or_else(|p| p.into_inner());
        model.apply(&request)
    };
    let starts_transition = matches!(
        op.name.as_str(),
        "CreateFunction" | "UpdateFunctionCode" | "UpdateFunctionConfiguration"
    );
    if starts_transition
        && response.status < 300
        && !state.settle.is_zero()
        && let Some(function) = function
    {
        // Lambda finishes the change in the background (issue 15): the function
        // is Active / its update Successful once the settle time has passed.
        let (model, settle) = (state.model.clone(), state.settle);
        tokio::spawn(async move {
            tokio::time::sleep(settle).await;
            model
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .settle(&function);
        });
    }
    to_http(response, request_id)
}

/// Sets every out-of-range number to the limit it broke (fault `accepts-out-of-range`).
fn clamp(input: &mut serde_json::Value, invalid: &validate::Invalid) {
    for (pointer, _, limit) in &invalid.violations {
        if let (Some(v), Some(limit)) = (input.pointer_mut(pointer), limit) {
            *v = serde_json::json!(*limit as i64);
        }
    }
}
