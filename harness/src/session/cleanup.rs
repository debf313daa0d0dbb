//! Deleting what a run created, then checking that nothing is left. Only
//! names that start with the run's prefix are ever deleted: the preflight
//! refuses a prefix under which functions exist, so after it everything
//! under the prefix is the run's (also what an ambiguous answer, a 5xx or a
//! timeout on a create, left behind).

use super::{Created, Session, provision};
use crate::catalog::Catalog;
use crate::client::{Client, Exchange};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;

/// A resource that is still there after the clean-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leftover {
    /// `function`, `event source mapping`, `IAM role` or `SQS queue`.
    pub kind: String,
    /// Its name (a mapping's UUID, a queue's URL).
    pub name: String,
    /// Why it is still there: the last deletion's answer.
    pub reason: String,
}

impl std::fmt::Display for Leftover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.kind, self.name, self.reason)
    }
}

/// What a clean-up found at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cleanup {
    /// Resources still there after deletion (and retries).
    pub left_behind: Vec<Leftover>,
    /// What could not be checked, and why (a listing that failed, a stop).
    pub unchecked: Vec<Unchecked>,
}

/// Something the clean-up could not check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unchecked {
    /// `lambda`, `iam` or `sqs` (an endpoint may not emulate the latter two).
    pub service: String,
    /// What, and why.
    pub what: String,
}

impl std::fmt::Display for Unchecked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

fn unchecked(service: &str, what: String) -> Unchecked {
    Unchecked {
        service: service.into(),
        what,
    }
}

impl Cleanup {
    /// Whether a final listing showed nothing left, and everything was checked.
    pub fn is_clean(&self) -> bool {
        self.left_behind.is_empty() && self.unchecked.is_empty()
    }

    /// Whether Lambda's own listings could not be done (nothing can be promised then).
    pub fn lambda_unchecked(&self) -> bool {
        self.unchecked.iter().any(|u| u.service == "lambda")
    }

    /// One line for people: what is left, or that nothing is.
    pub fn summary(&self) -> String {
        if self.is_clean() {
            return "everything the run created was deleted (checked by listing)".into();
        }
        let mut parts = Vec::new();
        if !self.left_behind.is_empty() {
            let names: Vec<String> = self.left_behind.iter().map(|l| l.to_string()).collect();
            parts.push(format!("left behind: {}", names.join("; ")));
        }
        if !self.unchecked.is_empty() {
            let what: Vec<String> = self.unchecked.iter().map(|u| u.to_string()).collect();
            parts.push(format!("not checked: {}", what.join("; ")));
        }
        parts.join("; ")
    }
}

/// Where to look for IAM roles and SQS queues besides the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Only the roles and queues the registry names (a run knows what it made).
    Registry,
    /// Also every role and queue named with the prefix (`cleanup` after a killed run).
    Prefix,
}

/// Attempts of one deletion that meets a transient answer (5xx, 429, 409, no answer).
const ATTEMPTS: u32 = 4;

/// Deletes everything in `created` and everything else named with `prefix`
/// (mappings of the prefix's functions, the functions with their versions
/// and aliases, roles, queues), retrying transient failures, then lists
/// again and reports what is left.
pub async fn cleanup(client: &Client, prefix: &str, created: &Created, search: Search) -> Cleanup {
    let catalog = Catalog::embedded();
    let mut out = Cleanup::default();
    let mut reasons: Vec<(String, String)> = Vec::new();

    let mut functions = created.functions.clone();
    match list_functions_with_prefix(client, catalog, prefix).await {
        Ok(listed) => merge(&mut functions, listed),
        Err(e) => out
            .unchecked
            .push(unchecked("lambda", format!("functions: {e}"))),
    }
    functions.retain(|n| n.starts_with(prefix));
    let mut mappings = created.mappings.clone();
    match list_mappings_of_prefix(client, catalog, prefix).await {
        Ok(listed) => merge(&mut mappings, listed),
        Err(e) => out
            .unchecked
            .push(unchecked("lambda", format!("event source mappings: {e}"))),
    }
    for uuid in &mappings {
        let ex = delete(
            client,
            catalog,
            "DeleteEventSourceMapping",
            json!({"UUID": uuid}),
        )
        .await;
        reasons.push((uuid.clone(), answer(&ex)));
    }
    for name in &functions {
        let ex = delete(
            client,
            catalog,
            "DeleteFunction",
            json!({"FunctionName": name}),
        )
        .await;
        reasons.push((name.clone(), answer(&ex)));
    }
    let mut roles: Vec<String> = created.roles.clone();
    let mut queues: Vec<String> = created.queues.clone();
    if search == Search::Prefix {
        match provision::list_roles(client, prefix).await {
            Ok(listed) => merge(&mut roles, listed),
            Err(e) => out
                .unchecked
                .push(unchecked("iam", format!("IAM roles: {e:#}"))),
        }
        match provision::list_queues(client, prefix).await {
            Ok(listed) => merge(&mut queues, listed),
            Err(e) => out
                .unchecked
                .push(unchecked("sqs", format!("SQS queues: {e:#}"))),
        }
    }
    roles.retain(|n| n.starts_with(prefix));
    for role in &roles {
        if let Err(e) = provision::delete_role(client, role).await {
            reasons.push((role.clone(), format!("DeleteRole failed: {e:#}")));
        }
    }
    for queue in &queues {
        if let Err(e) = provision::delete_queue(client, queue).await {
            reasons.push((queue.clone(), format!("DeleteQueue failed: {e:#}")));
        }
    }

    // The final listing decides: what is still there is left behind.
    let reason_of = |name: &str| {
        reasons
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, r)| format!("still listed after {r}"))
            .unwrap_or_else(|| "still listed at the end".into())
    };
    let mut leftover = |kind: &str, name: &str| {
        out.left_behind.push(Leftover {
            kind: kind.into(),
            name: name.into(),
            reason: reason_of(name),
        })
    };
    let mut later = Vec::new();
    match list_functions_with_prefix(client, catalog, prefix).await {
        Ok(left) => left.iter().for_each(|n| leftover("function", n)),
        Err(e) => later.push(unchecked(
            "lambda",
            format!("functions after clean-up: {e}"),
        )),
    }
    match list_mappings_of_prefix(client, catalog, prefix).await {
        Ok(mut left) => {
            for uuid in &mappings {
                if !left.contains(uuid) && mapping_exists(client, catalog, uuid).await {
                    left.push(uuid.clone());
                }
            }
            left.iter()
                .for_each(|u| leftover("event source mapping", u));
        }
        Err(e) => later.push(unchecked(
            "lambda",
            format!("event source mappings after clean-up: {e}"),
        )),
    }
    for role in &roles {
        match provision::role_exists(client, role).await {
            Ok(true) => leftover("IAM role", role),
            Ok(false) => {}
            Err(e) => later.push(unchecked("iam", format!("IAM role {role}: {e:#}"))),
        }
    }
    for queue in &queues {
        match provision::queue_exists(client, queue).await {
            Ok(true) => leftover("SQS queue", queue),
            Ok(false) => {}
            Err(e) => later.push(unchecked("sqs", format!("SQS queue {queue}: {e:#}"))),
        }
    }
    out.unchecked.extend(later);
    if let Some(why) = client.stop().reason() {
        // A stop cut the listings short: what is left is one unknown, not one per listing.
        out.unchecked = vec![unchecked(
            "lambda",
            format!(
                "the clean-up was stopped before it could finish ({why}), so what is left is not known"
            ),
        )];
    }
    out
}

/// Cleans up after a session: notes what is left, and returns it.
pub async fn cleanup_session(session: &Session) -> Cleanup {
    session.emit(super::Event::CleaningUp);
    let done = cleanup(
        &session.client,
        &session.prefix,
        &session.registry.snapshot(),
        Search::Registry,
    )
    .await;
    if !done.is_clean() {
        session.note(format!("clean-up: {}", done.summary()));
    }
    done
}

/// Between phases: deletes the functions and mappings under the prefix (not
/// the role and queue, which later phases use), so that what one phase left
/// cannot cause findings in the next; notes what stays.
pub async fn sweep_between_phases(session: &Session, phase: &str) {
    let created = session.registry.snapshot();
    let only = Created {
        functions: created.functions,
        mappings: created.mappings,
        ..Created::default()
    };
    let done = cleanup(&session.client, &session.prefix, &only, Search::Registry).await;
    if !done.is_clean() && !session.client.stop().is_stopped() {
        session.note(format!("after the {phase}: {}", done.summary()));
    }
}

fn merge(into: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        if !into.contains(&m) {
            into.push(m);
        }
    }
}

fn op<'a>(catalog: &'a Catalog, name: &str) -> &'a crate::catalog::Operation {
    catalog
        .get(name)
        .expect("reference operations are in the catalog")
}

/// Sends a deletion, again after a pause while the answer is transient.
async fn delete(client: &Client, catalog: &Catalog, operation: &str, input: Value) -> Exchange {
    let mut attempt = 0;
    loop {
        let ex = client.call(op(catalog, operation), &input).await;
        let transient = match ex.status() {
            Some(s) => s >= 500 || s == 429 || s == 409,
            None => !ex.stopped(),
        };
        attempt += 1;
        if !transient || attempt >= ATTEMPTS {
            return ex;
        }
        tokio::time::sleep(Duration::from_millis(500 * u64::from(attempt))).await;
    }
}

/// Why a deletion did not delete, or None (done, or gone already).
fn failure(ex: &Exchange) -> Option<String> {
    match &ex.outcome {
        Ok(r) if r.status < 300 || r.status == 404 => None,
        Ok(r) => Some(format!(
            "{} answered HTTP {}{}",
            ex.operation,
            r.status,
            r.error_code().map(|c| format!(" {c}")).unwrap_or_default()
        )),
        Err(e) => Some(format!("{}: {e}", ex.operation)),
    }
}

/// The answer to a deletion, for people.
fn answer(ex: &Exchange) -> String {
    failure(ex).unwrap_or_else(|| {
        format!(
            "{} answered HTTP {}",
            ex.operation,
            ex.status().unwrap_or_default()
        )
    })
}

fn listing_error(ex: &Exchange) -> String {
    failure(ex).unwrap_or_else(|| format!("{} answered no list", ex.operation))
}

/// Pages of a Lambda list operation (Marker / NextMarker), to the end.
async fn list_all(
    client: &Client,
    catalog: &Catalog,
    operation: &str,
    input: Value,
    items: &str,
) -> Result<Vec<Value>, String> {
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..10_000 {
        let mut page_input = input.clone();
        page_input["MaxItems"] = json!(50);
        if let Some(m) = &marker {
            page_input["Marker"] = json!(m);
        }
        let ex = client.call(op(catalog, operation), &page_input).await;
        let body = match ex.response() {
            Some(r) if r.status == 200 => r.json.clone(),
            _ => None,
        };
        let Some(body) = body else {
            return Err(listing_error(&ex));
        };
        let Some(page) = body.get(items).and_then(Value::as_array) else {
            return Err(format!("{operation} answered no {items} list"));
        };
        all.extend(page.iter().cloned());
        match body.get("NextMarker").and_then(Value::as_str) {
            Some(m) if !m.is_empty() && marker.as_deref() != Some(m) => {
                marker = Some(m.to_string())
            }
            _ => return Ok(all),
        }
    }
    Err(format!("{operation} did not end after 10000 pages"))
}

/// Names of all functions starting with `prefix` (every page).
pub async fn list_functions_with_prefix(
    client: &Client,
    catalog: &Catalog,
    prefix: &str,
) -> Result<Vec<String>, String> {
    let functions = list_all(client, catalog, "ListFunctions", json!({}), "Functions").await?;
    Ok(functions
        .iter()
        .filter_map(|f| f.get("FunctionName").and_then(Value::as_str))
        .filter(|n| n.starts_with(prefix))
        .map(str::to_string)
        .collect())
}

/// UUIDs of the mappings whose function is named with `prefix` (every page
/// of the unfiltered list, so that mappings of deleted functions are found).
async fn list_mappings_of_prefix(
    client: &Client,
    catalog: &Catalog,
    prefix: &str,
) -> Result<Vec<String>, String> {
    let mappings = list_all(
        client,
        catalog,
        "ListEventSourceMappings",
        json!({}),
        "EventSourceMappings",
    )
    .await?;
    let marker = format!(":function:{prefix}");
    Ok(mappings
        .iter()
        .filter(|m| {
            m.get("FunctionArn")
                .and_then(Value::as_str)
                .is_some_and(|a| a.contains(&marker))
        })
        .filter_map(|m| m.get("UUID").and_then(Value::as_str).map(str::to_string))
        .collect())
}

async fn mapping_exists(client: &Client, catalog: &Catalog, uuid: &str) -> bool {
    let ex = client
        .call(op(catalog, "GetEventSourceMapping"), &json!({"UUID": uuid}))
        .await;
    ex.status() == Some(200)
}
