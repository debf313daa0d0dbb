//! Scenarios: what a run asks of the endpoint, each step with the outcome AWS gives.

pub mod lifecycle;
pub mod package;
pub mod provision;

use crate::runner::Session;
use anyhow::{Context, Result};
use base64::Engine;
use serde_json::Value;

/// What the scenarios need from the account.
#[derive(Debug, Clone)]
pub struct Fixtures {
    /// Execution role for CreateFunction.
    pub role_arn: String,
    /// Event source (an SQS queue ARN) for event source mappings.
    pub event_source_arn: String,
}

/// A JSON value as a blob member (base64 of its compact text).
pub fn blob_json(value: &Value) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(serde_json::to_vec(value).expect("JSON values always serialise"))
}

/// Uses the given role and event source, or creates them in the endpoint's
/// IAM and SQS emulation (registered for clean-up), saying so.
pub async fn prepare(
    s: &Session,
    role_arn: Option<String>,
    event_source_arn: Option<String>,
) -> Result<Fixtures> {
    let role_arn = match role_arn {
        Some(arn) => arn,
        None => {
            let name = format!("{}role", s.prefix);
            let arn = provision::create_role(&s.client, &name).await.context(
                "no --role-arn was given and the endpoint does not emulate IAM; pass --role-arn with an execution role",
            )?;
            s.registry.with(|c| c.roles.push(name.clone()));
            s.note(format!(
                "created IAM role {arn} in the endpoint (no --role-arn given)"
            ));
            arn
        }
    };
    let event_source_arn = match event_source_arn {
        Some(arn) => arn,
        None => {
            let name = format!("{}queue", s.prefix);
            let (url, arn) = provision::create_queue(&s.client, &name).await.context(
                "no --event-source-arn was given and the endpoint does not emulate SQS; pass --event-source-arn with an SQS queue ARN",
            )?;
            s.registry.with(|c| c.queues.push(url));
            s.note(format!(
                "created SQS queue {arn} in the endpoint (no --event-source-arn given)"
            ));
            arn
        }
    };
    Ok(Fixtures {
        role_arn,
        event_source_arn,
    })
}
