//! Waiters: poll until a function or a mapping leaves its transitional
//! state, as AWS's own waiters do (bounded by the session's wait timeout).

use super::Session;
use crate::client::Exchange;
use serde_json::{Value, json};

fn string_at(ex: &Exchange, pointer: &str) -> Option<String> {
    ex.response()
        .and_then(|r| r.json.as_ref())
        .and_then(|b| b.pointer(pointer))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Polls GetFunction until the function is Active and its last update is over,
/// like AWS's FunctionActiveV2 / FunctionUpdatedV2 waiters (bounded by the
/// session's wait timeout).
pub async fn wait_ready(s: &Session, function: &str, step: &str) {
    let deadline = tokio::time::Instant::now() + s.wait_timeout;
    for attempt in 0.. {
        let ex = s
            .call(step, "GetFunction", json!({"FunctionName": function}), None)
            .await;
        let state = string_at(&ex, "/Configuration/State");
        let update = string_at(&ex, "/Configuration/LastUpdateStatus");
        let settled = ex.status() == Some(200)
            && matches!(
                state.as_deref(),
                None | Some("Active") | Some("Failed") | Some("Inactive")
            )
            && matches!(
                update.as_deref(),
                None | Some("Successful") | Some("Failed")
            );
        if settled || ex.status() != Some(200) || ex.stopped() {
            if state.as_deref() == Some("Failed") {
                s.note(format!(
                    "function {function} is in State Failed; later steps may fail for that reason"
                ));
            }
            return;
        }
        if tokio::time::Instant::now() >= deadline {
            s.note(format!(
                "function {function} still {} / {} after {:?}; going on",
                state.unwrap_or_default(),
                update.unwrap_or_default(),
                s.wait_timeout
            ));
            return;
        }
        tokio::time::sleep(s.poll_delay(attempt)).await;
    }
}

/// Polls GetEventSourceMapping until the mapping leaves a transitional state.
pub async fn wait_mapping(s: &Session, uuid: &str, step: &str) {
    let deadline = tokio::time::Instant::now() + s.wait_timeout;
    for attempt in 0.. {
        let ex = s
            .call(step, "GetEventSourceMapping", json!({"UUID": uuid}), None)
            .await;
        let state = string_at(&ex, "/State");
        if ex.stopped()
            || ex.status() != Some(200)
            || !matches!(state.as_deref(), Some("Creating" | "Updating" | "Enabling"))
        {
            return;
        }
        if tokio::time::Instant::now() >= deadline {
            s.note(format!(
                "event source mapping {uuid} still {} after {:?}",
                state.unwrap_or_default(),
                s.wait_timeout
            ));
            return;
        }
        tokio::time::sleep(s.poll_delay(attempt)).await;
    }
}
