//! Deleting what a run created. Only names that start with the run's prefix
//! are ever deleted.

use super::{Created, Session, provision};
use crate::catalog::Catalog;
use crate::client::Client;

use serde_json::{Value, json};

/// Deletes everything in `created` and any function left with `prefix`;
/// returns problems met (empty when all went well).
pub async fn cleanup(client: &Client, prefix: &str, created: &Created) -> Vec<String> {
    let catalog = Catalog::embedded();
    let mut problems = Vec::new();
    let mut functions = created.functions.clone();
    for name in list_functions_with_prefix(client, catalog, prefix).await {
        if !functions.contains(&name) {
            functions.push(name);
        }
    }
    let mut mappings = created.mappings.clone();
    for f in &functions {
        for uuid in list_mappings(client, catalog, f).await {
            if !mappings.contains(&uuid) {
                mappings.push(uuid);
            }
        }
    }
    for uuid in &mappings {
        let ex = client
            .call(
                op(catalog, "DeleteEventSourceMapping"),
                &json!({"UUID": uuid}),
            )
            .await;
        if !matches!(ex.status(), Some(s) if s < 300 || s == 404) {
            problems.push(format!(
                "could not delete event source mapping {uuid}: {}",
                outcome(&ex)
            ));
        }
    }
    for name in functions.iter().filter(|n| n.starts_with(prefix)) {
        let ex = client
            .call(
                op(catalog, "DeleteFunction"),
                &json!({"FunctionName": name}),
            )
            .await;
        if !matches!(ex.status(), Some(s) if s < 300 || s == 404) {
            problems.push(format!(
                "could not delete function {name}: {}",
                outcome(&ex)
            ));
        }
    }
    for role in created.roles.iter().filter(|n| n.starts_with(prefix)) {
        if let Err(e) = provision::delete_role(client, role).await {
            problems.push(format!("could not delete IAM role {role}: {e:#}"));
        }
    }
    for queue in &created.queues {
        if let Err(e) = provision::delete_queue(client, queue).await {
            problems.push(format!("could not delete SQS queue {queue}: {e:#}"));
        }
    }
    problems
}

/// Cleans up after a session, reporting problems as notes.
pub async fn cleanup_session(session: &Session) {
    session.emit(super::Event::CleaningUp);
    let problems = cleanup(
        &session.client,
        &session.prefix,
        &session.registry.snapshot(),
    )
    .await;
    for p in problems {
        session.note(format!("clean-up: {p}"));
    }
}

fn op<'a>(catalog: &'a Catalog, name: &str) -> &'a crate::catalog::Operation {
    catalog
        .get(name)
        .expect("reference operations are in the catalog")
}

fn outcome(ex: &crate::client::Exchange) -> String {
    match &ex.outcome {
        Ok(r) => format!("{} {}", r.status, r.error_code().unwrap_or_default()),
        Err(e) => e.to_string(),
    }
}

/// Names of all functions starting with `prefix` (follows NextMarker, bounded).
pub async fn list_functions_with_prefix(
    client: &Client,
    catalog: &Catalog,
    prefix: &str,
) -> Vec<String> {
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..200 {
        let mut input = json!({"MaxItems": 50});
        if let Some(m) = &marker {
            input["Marker"] = json!(m);
        }
        let ex = client.call(op(catalog, "ListFunctions"), &input).await;
        let Some(body) = ex.response().and_then(|r| r.json.clone()) else {
            break;
        };
        for f in body
            .get("Functions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(n) = f
                .get("FunctionName")
                .and_then(Value::as_str)
                .filter(|n| n.starts_with(prefix))
            {
                names.push(n.to_string());
            }
        }
        match body.get("NextMarker").and_then(Value::as_str) {
            Some(m) if !m.is_empty() && marker.as_deref() != Some(m) => {
                marker = Some(m.to_string())
            }
            _ => break,
        }
    }
    names
}

async fn list_mappings(client: &Client, catalog: &Catalog, function: &str) -> Vec<String> {
    let ex = client
        .call(
            op(catalog, "ListEventSourceMappings"),
            &json!({"FunctionName": function}),
        )
        .await;
    ex.response()
        .and_then(|r| r.json.as_ref())
        .and_then(|b| b.get("EventSourceMappings"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| m.get("UUID").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
