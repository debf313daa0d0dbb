//! Before anything is created: does the endpoint answer, does it speak
//! Lambda's REST-JSON protocol, does it accept the credentials, and is the
//! prefix free. Each refusal says what was seen and what to do.

use crate::catalog::Catalog;
use crate::client::{Client, Exchange};
use crate::session::cleanup;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// Error codes AWS answers for credentials it does not accept.
const CREDENTIAL_ERRORS: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidClientTokenId",
    "AccessDeniedException",
    "MissingAuthenticationTokenException",
];

fn seen(ex: &Exchange) -> String {
    let Some(r) = ex.response() else {
        return ex
            .outcome
            .as_ref()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
    };
    let kind = r
        .header("content-type")
        .map(|c| c.split(';').next().unwrap_or(c).trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "no content type".into());
    let start: String = r
        .body
        .chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("HTTP {} {kind} ({:?})", r.status, start.trim())
}

/// Whether a response is one of Lambda's JSON error answers.
fn is_json_error(ex: &Exchange) -> bool {
    ex.response().is_some_and(|r| {
        r.status >= 400 && r.json.as_ref().is_some_and(Value::is_object) && r.error_code().is_some()
    })
}

/// Refuses what cannot be tested: nothing answers, a redirect, an answer
/// that is not Lambda's protocol, refused credentials.
pub async fn check_endpoint(client: &Client, url: &str, prefix: &str) -> Result<()> {
    let catalog = Catalog::embedded();
    let list = catalog
        .get("ListFunctions")
        .context("catalog lacks ListFunctions")?;
    let ex = client.call(list, &json!({"MaxItems": 1})).await;
    let Some(resp) = ex.response() else {
        bail!(
            "cannot reach the endpoint {url}: {}\nStart the emulator first, or check --endpoint-url / AWS_ENDPOINT_URL.",
            seen(&ex)
        );
    };
    if (300..400).contains(&resp.status) {
        bail!(
            "the endpoint {url} answered ListFunctions with a redirect ({}, to {}); redirects are never followed. Give the URL of the Lambda endpoint itself.",
            seen(&ex),
            resp.header("location").unwrap_or("nowhere")
        );
    }
    if let Some(code) = resp.error_code()
        && CREDENTIAL_ERRORS.contains(&code.as_str())
    {
        bail!(
            "the endpoint {url} refused the credentials: HTTP {} {code}: {}\nCheck AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN and the region.",
            resp.status,
            resp.error_message().unwrap_or_default()
        );
    }
    let lists = resp.status == 200
        && resp
            .json
            .as_ref()
            .and_then(|b| b.get("Functions"))
            .is_some_and(Value::is_array);
    if lists || is_json_error(&ex) {
        return Ok(());
    }
    // ListFunctions may be broken on a real emulator; a lookup of a function
    // that does not exist must still answer Lambda's JSON 404.
    let get = catalog
        .get("GetFunction")
        .context("catalog lacks GetFunction")?;
    let missing = format!("{prefix}preflight-missing");
    let ex2 = client.call(get, &json!({"FunctionName": missing})).await;
    if ex2.status() == Some(404) && is_json_error(&ex2) {
        return Ok(());
    }
    bail!(
        "{url} does not look like a Lambda endpoint: ListFunctions (GET /2015-03-31/functions/) answered {}, and GetFunction of a function that does not exist answered {}; Lambda answers JSON (a Functions list, a 404 ResourceNotFoundException). Check --endpoint-url: it must be the Lambda API's base URL (LocalStack and ministack: http://localhost:4566, moto server: http://localhost:5000).",
        seen(&ex),
        seen(&ex2)
    )
}

/// Refuses a prefix under which functions exist already (they are not the
/// run's, and the clean-up would delete them), unless told to reuse it.
/// Returns a note when the endpoint could not list its functions.
pub async fn check_prefix_free(client: &Client, prefix: &str) -> Result<Option<String>> {
    match cleanup::list_functions_with_prefix(client, Catalog::embedded(), prefix).await {
        Ok(existing) if existing.is_empty() => Ok(None),
        Ok(existing) => bail!(
            "functions named with the prefix {prefix} exist already ({}): the run touches only what it creates, and would delete these. Choose another --prefix, or pass --reuse-prefix if they are a killed run's leftovers (or run `lambda-conformance cleanup --prefix {prefix}`).",
            existing.join(", ")
        ),
        Err(e) => Ok(Some(format!(
            "could not list the endpoint's functions to check that the prefix {prefix} is free ({e}); going on"
        ))),
    }
}
