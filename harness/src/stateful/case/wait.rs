//! Waiting for a function to settle after a mutation, on both sides.

use super::super::transition::*;
use super::Case;
use super::requests::function_name;
use serde_json::{Value, json};

impl Case<'_> {
    /// Reads the function again after a mutation (like AWS's FunctionUpdatedV2
    /// waiter), so that the next step sees the settled RevisionId.
    pub(super) async fn settle(&mut self, f: u8) {
        let name = function_name(&self.prefix, f);
        let deadline = tokio::time::Instant::now() + self.session.wait_timeout;
        for attempt in 0.. {
            let t = Transition::GetFunction { f, qualifier: None };
            let (ex, pred) = self
                .exchange(
                    "wait",
                    "GetFunction",
                    json!({"FunctionName": name}),
                    json!({"FunctionName": name}),
                )
                .await;
            let state = ex
                .response()
                .and_then(|r| r.json.as_ref())
                .and_then(|b| b.pointer("/Configuration/LastUpdateStatus"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let busy = matches!(state.as_deref(), Some("InProgress"))
                || ex
                    .response()
                    .and_then(|r| r.json.as_ref())
                    .and_then(|b| b.pointer("/Configuration/State"))
                    .and_then(Value::as_str)
                    == Some("Pending");
            if !busy || tokio::time::Instant::now() >= deadline {
                if !self.compare("GetFunction", &ex, &pred) && !self.through_divergences {
                    return;
                }
                self.learn(&t, &ex, &pred);
                return;
            }
            tokio::time::sleep(self.session.poll_delay(attempt)).await;
        }
    }
}
