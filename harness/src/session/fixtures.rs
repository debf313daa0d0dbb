//! What the phases need from the account: an execution role and an event
//! source, given by the user or created in the endpoint's IAM and SQS.

use super::{Session, provision};
use anyhow::{Result, bail};
use base64::Engine;
use serde_json::Value;

/// What the scenarios need from the account.
#[derive(Debug, Clone)]
pub struct Fixtures {
    /// Execution role for CreateFunction.
    pub role_arn: String,
    /// Event source (an SQS queue ARN) for event source mappings.
    pub event_source_arn: String,
    /// Of these, the ARNs made up because the endpoint emulates no IAM or
    /// SQS: nobody made sure they exist, so what AWS answers with them is
    /// not known (the reference model's answers are inferred).
    pub made_up: Vec<String>,
    /// The run's name prefix: resources named with it are the run's alone.
    pub owned_prefix: String,
    /// Whether the endpoint is the run's own in-process reference endpoint
    /// and the run created its role there: its IAM then holds only that role.
    pub own_endpoint: bool,
}

impl Fixtures {
    /// The settings of a phase's model of the endpoint in `region`: the
    /// made-up ARNs unverified, the lookups it knows ([`Fixtures::lookups`]).
    pub fn model_config(&self, region: &str) -> lambda_model::Config {
        lambda_model::Config {
            region: region.to_string(),
            unverified_arns: self.made_up.clone(),
            lookups: self.lookups(),
            ..lambda_model::Config::default()
        }
    }

    /// What a model of the endpoint knows of its other services: the run's
    /// queue exists; any other is presumed missing (an inference). Nothing,
    /// when the endpoint emulates no SQS (the queue was made up).
    pub fn lookups(&self) -> lambda_model::Lookups {
        if self.made_up.contains(&self.event_source_arn) {
            return lambda_model::Lookups::Unseen;
        }
        lambda_model::Lookups::Known {
            queues: vec![self.event_source_arn.clone()],
            roles: self.own_endpoint.then(|| vec![self.role_arn.clone()]),
            owned_prefix: self.owned_prefix.clone(),
        }
    }
}

/// A JSON value as a blob member (base64 of its compact text).
pub fn blob_json(value: &Value) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(serde_json::to_vec(value).expect("JSON values always serialise"))
}

/// Uses the given role and event source, or creates them in the endpoint's
/// IAM and SQS emulation (registered for clean-up), saying so. An endpoint
/// that emulates neither (a Lambda-only emulator) gets made-up ARNs in the
/// emulator's default account; against AWS both ARNs are required upstream.
pub async fn prepare(
    s: &Session,
    role_arn: Option<String>,
    event_source_arn: Option<String>,
) -> Result<Fixtures> {
    let region = s.client.settings().region.clone();
    let mut made_up = Vec::new();
    let role_arn = match role_arn {
        Some(arn) => arn,
        None => {
            let name = format!("{}role", s.prefix);
            match provision::create_role(&s.client, &name).await {
                Ok(arn) => {
                    s.registry.with(|c| c.roles.push(name.clone()));
                    s.note(format!(
                        "created IAM role {arn} in the endpoint (no --role-arn given)"
                    ));
                    arn
                }
                Err(e) if s.client.stop().is_stopped() => return Err(e),
                Err(e) => {
                    let arn = format!("arn:aws:iam::123456789012:role/{name}");
                    made_up.push(arn.clone());
                    s.note(format!(
                        "the endpoint does not emulate IAM ({e:#}); using the role ARN {arn} (pass --role-arn if the endpoint checks roles)"
                    ));
                    arn
                }
            }
        }
    };
    let event_source_arn = match event_source_arn {
        Some(arn) => arn,
        None => {
            let name = format!("{}queue", s.prefix);
            match provision::create_queue(&s.client, &name).await {
                Err(e) if e.downcast_ref::<provision::ExistsAlready>().is_some() => {
                    bail!(
                        "{e}: it is not this run's, so the run will not use or delete it. Choose another --prefix, or pass --event-source-arn."
                    );
                }
                Ok((url, arn)) => {
                    s.registry.with(|c| c.queues.push(url));
                    s.note(format!(
                        "created SQS queue {arn} in the endpoint (no --event-source-arn given)"
                    ));
                    arn
                }
                Err(e) if s.client.stop().is_stopped() => return Err(e),
                Err(e) => {
                    let arn = format!("arn:aws:sqs:{region}:123456789012:{name}");
                    made_up.push(arn.clone());
                    s.note(format!(
                        "the endpoint does not emulate SQS ({e:#}); using the queue ARN {arn} (pass --event-source-arn if it checks queues)"
                    ));
                    arn
                }
            }
        }
    };
    Ok(Fixtures {
        role_arn,
        event_source_arn,
        made_up,
        owned_prefix: s.prefix.clone(),
        own_endpoint: false,
    })
}
