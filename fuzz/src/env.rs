//! The process-wide tokio runtime, endpoint and client of a fuzz target.

use lambda_conformance::client::{Client, Credentials, Settings};
use std::sync::OnceLock;
use std::time::Duration;

/// Name prefix of everything the record-based targets create.
pub const PREFIX: &str = "lc-fuzz00-";

/// One current-thread runtime per process; every input is `block_on`-ed on it.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

/// The endpoint under test: `LAMBDA_ENDPOINT`, else the embedded reference
/// endpoint started once in this process (its state lives as long as the process).
pub fn endpoint() -> Option<String> {
    std::env::var("LAMBDA_ENDPOINT")
        .ok()
        .map(|s| s.trim().trim_end_matches('/').to_string())
        .filter(|s| !s.is_empty())
}

/// URL of the endpoint, starting the embedded one when `LAMBDA_ENDPOINT` is unset.
pub fn endpoint_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| match endpoint() {
        Some(url) => url,
        None => {
            let running = runtime()
                .block_on(lambda_conformance::server::start(
                    ([127, 0, 0, 1], 0).into(),
                    lambda_model::Config::default(),
                ))
                .expect("cannot start the embedded reference endpoint");
            let url = running.url();
            // The endpoint serves for the rest of the process.
            std::mem::forget(running);
            url
        }
    })
}

/// Timeout of one request (`LC_FUZZ_TIMEOUT_SECS`, default 10): no answer
/// within it is a hang finding.
pub fn request_timeout() -> Duration {
    Duration::from_secs(
        std::env::var("LC_FUZZ_TIMEOUT_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(10),
    )
}

/// The signed client for the endpoint.
pub fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let url = endpoint_url().to_string();
        // Creating the reqwest client needs a runtime context for its timers.
        let _guard = runtime().enter();
        Client::new(Settings::new(
            url,
            std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into()),
            Credentials::from_env().unwrap_or_else(Credentials::dummy),
            request_timeout(),
        ))
        .expect("cannot build the HTTP client")
    })
}

/// Execution role used by CreateFunction (`LC_FUZZ_ROLE_ARN`).
pub fn role_arn() -> String {
    std::env::var("LC_FUZZ_ROLE_ARN")
        .unwrap_or_else(|_| "arn:aws:iam::123456789012:role/lc-fuzz00-role".into())
}

/// Event source for CreateEventSourceMapping (`LC_FUZZ_EVENT_SOURCE_ARN`).
pub fn event_source_arn() -> String {
    std::env::var("LC_FUZZ_EVENT_SOURCE_ARN")
        .unwrap_or_else(|_| "arn:aws:sqs:us-east-1:123456789012:lc-fuzz00-queue".into())
}

/// Known deviations of the endpoint (`LC_FUZZ_KNOWN_DEVIATIONS=file`): findings they explain do not fail.
pub fn known_deviations() -> Option<&'static lambda_conformance::findings::KnownDeviations> {
    static KNOWN: OnceLock<Option<lambda_conformance::findings::KnownDeviations>> = OnceLock::new();
    KNOWN
        .get_or_init(|| {
            let path = std::env::var("LC_FUZZ_KNOWN_DEVIATIONS").ok()?;
            Some(
                lambda_conformance::findings::KnownDeviations::load(std::path::Path::new(&path))
                    .expect("LC_FUZZ_KNOWN_DEVIATIONS"),
            )
        })
        .as_ref()
}

/// Whether a contract violation fails, as in `run`: not a known deviation
/// (`LC_FUZZ_KNOWN_DEVIATIONS`) and resting on verified AWS behaviour.
pub fn fails(operation: &str, v: &lambda_conformance::checks::Violation) -> bool {
    let f = lambda_conformance::findings::Finding::new(
        v.check,
        operation,
        "fuzz",
        v.expected.clone(),
        v.actual.clone(),
        v.detail.clone(),
        v.evidence.clone(),
        0,
    );
    f.verified() && known_deviations().is_none_or(|k| k.explain(&f).is_none())
}
