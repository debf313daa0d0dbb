//! Applying one transition: its request per side, the exchange, the
//! comparison, what is learnt, and the wait after a mutation.

use super::super::bindings::{MADE_UP_REVISION, RevisionKey};
use super::super::transition::*;
use super::Case;
use super::requests::{alias_name, function_name, qualifier_value, tag_key, version_value};
use crate::session::{blob_json, package};
use serde_json::{Value, json};

impl Case<'_> {
    /// Runs one transition.
    pub async fn step(&mut self, t: &Transition) {
        let name = |f: u8| function_name(&self.prefix, f);
        let op = t.operation();
        self.transitions += 1;
        let mut input: Value;
        let mut model_input: Value;
        let mut settle_function = None;
        match *t {
            Transition::CreateFunction {
                f,
                code,
                memory,
                timeout,
                publish,
            } => {
                input = json!({
                    "FunctionName": name(f), "Runtime": "python3.12", "Role": self.fixtures.role_arn,
                    "Handler": "index.handler", "Code": {"ZipFile": package::zip_base64(u32::from(code) + 1)},
                    "MemorySize": memory, "Timeout": timeout, "Publish": publish,
                });
                model_input = input.clone();
                settle_function = Some(f);
            }
            Transition::GetFunction { f, qualifier }
            | Transition::GetFunctionConfiguration { f, qualifier } => {
                input = json!({"FunctionName": name(f)});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                model_input = input.clone();
            }
            Transition::UpdateFunctionCode { f, code, revision } => {
                input = json!({"FunctionName": name(f), "ZipFile": package::zip_base64(u32::from(code) + 1)});
                model_input = input.clone();
                self.revision_input(
                    &mut input,
                    &mut model_input,
                    RevisionKey::Function(f),
                    revision,
                );
                settle_function = Some(f);
            }
            Transition::UpdateFunctionConfiguration {
                f,
                description,
                timeout,
                revision,
            } => {
                input = json!({"FunctionName": name(f), "Description": format!("d{description}"), "Timeout": timeout});
                model_input = input.clone();
                self.revision_input(
                    &mut input,
                    &mut model_input,
                    RevisionKey::Function(f),
                    revision,
                );
                settle_function = Some(f);
            }
            Transition::DeleteFunction { f, qualifier } => {
                input = json!({"FunctionName": name(f)});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                model_input = input.clone();
            }
            Transition::ListFunctions {
                max_items,
                all_versions,
            } => {
                let base = if all_versions {
                    json!({"FunctionVersion": "ALL"})
                } else {
                    json!({})
                };
                return self.list(t, op, base, max_items).await;
            }
            Transition::PublishVersion {
                f,
                description,
                revision,
            } => {
                input = json!({"FunctionName": name(f), "Description": format!("v{description}")});
                model_input = input.clone();
                self.revision_input(
                    &mut input,
                    &mut model_input,
                    RevisionKey::Function(f),
                    revision,
                );
                settle_function = Some(f);
            }
            Transition::ListVersionsByFunction { f, max_items } => {
                return self
                    .list(t, op, json!({"FunctionName": name(f)}), max_items)
                    .await;
            }
            Transition::CreateAlias { f, alias, version } => {
                input = json!({"FunctionName": name(f), "Name": alias_name(alias), "FunctionVersion": version_value(version)});
                model_input = input.clone();
            }
            Transition::GetAlias { f, alias } | Transition::DeleteAlias { f, alias } => {
                input = json!({"FunctionName": name(f), "Name": alias_name(alias)});
                model_input = input.clone();
            }
            Transition::UpdateAlias {
                f,
                alias,
                version,
                revision,
            } => {
                input = json!({"FunctionName": name(f), "Name": alias_name(alias), "FunctionVersion": version_value(version)});
                model_input = input.clone();
                self.revision_input(
                    &mut input,
                    &mut model_input,
                    RevisionKey::Alias(f, alias),
                    revision,
                );
            }
            Transition::ListAliases { f, max_items } => {
                return self
                    .list(t, op, json!({"FunctionName": name(f)}), max_items)
                    .await;
            }
            Transition::AddPermission {
                f,
                sid,
                qualifier,
                stale_revision,
            } => {
                input = json!({"FunctionName": name(f), "StatementId": format!("s{sid}"), "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                if stale_revision {
                    input["RevisionId"] = json!(MADE_UP_REVISION);
                }
                model_input = input.clone();
            }
            Transition::GetPolicy { f, qualifier } => {
                input = json!({"FunctionName": name(f)});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                model_input = input.clone();
            }
            Transition::RemovePermission {
                f,
                sid,
                qualifier,
                stale_revision,
            } => {
                input = json!({"FunctionName": name(f), "StatementId": format!("s{sid}")});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                if stale_revision {
                    input["RevisionId"] = json!(MADE_UP_REVISION);
                }
                model_input = input.clone();
            }
            Transition::CreateEventSourceMapping { f, batch_size } => {
                input = json!({"FunctionName": name(f), "EventSourceArn": self.fixtures.event_source_arn, "BatchSize": batch_size});
                model_input = input.clone();
            }
            Transition::DeleteEventSourceMapping { m } => {
                input = json!({"UUID": self.endpoint.mapping(m)});
                model_input = json!({"UUID": self.predicted.mapping(m)});
                self.predicted.deleted_mappings.insert(m);
            }
            Transition::GetEventSourceMapping { m } => {
                input = json!({"UUID": self.endpoint.mapping(m)});
                model_input = json!({"UUID": self.predicted.mapping(m)});
            }
            Transition::UpdateEventSourceMapping { m, batch_size } => {
                input = json!({"UUID": self.endpoint.mapping(m), "BatchSize": batch_size});
                model_input = json!({"UUID": self.predicted.mapping(m), "BatchSize": batch_size});
            }
            Transition::ListEventSourceMappings {
                f,
                max_items,
                other_source,
            } => {
                let mut filters = json!({"FunctionName": name(f)});
                if other_source {
                    // An event source in the same account that no mapping uses.
                    filters["EventSourceArn"] =
                        json!(format!("{}-unmapped", self.fixtures.event_source_arn));
                }
                return self.list(t, op, filters, max_items).await;
            }
            Transition::Invoke { f, qualifier, kind } => {
                let kind = match kind {
                    InvocationKind::RequestResponse => "RequestResponse",
                    InvocationKind::Event => "Event",
                    InvocationKind::DryRun => "DryRun",
                };
                input = json!({"FunctionName": name(f), "InvocationType": kind, "Payload": blob_json(&json!({"step": self.transitions}))});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                model_input = input.clone();
            }
            Transition::InvokeAsync { f } => {
                input = json!({"FunctionName": name(f), "InvokeArgs": blob_json(&json!({"step": self.transitions}))});
                model_input = input.clone();
            }
            Transition::TagResource { f, tag } => {
                let tags = json!({tag_key(tag): format!("v{}", self.transitions)});
                input = json!({"Resource": self.function_arn(f, false), "Tags": tags});
                model_input = json!({"Resource": self.function_arn(f, true), "Tags": tags});
            }
            Transition::UntagResource { f, tag } => {
                input = json!({"Resource": self.function_arn(f, false), "TagKeys": [tag_key(tag)]});
                model_input =
                    json!({"Resource": self.function_arn(f, true), "TagKeys": [tag_key(tag)]});
            }
            Transition::ListTags { f } => {
                input = json!({"Resource": self.function_arn(f, false)});
                model_input = json!({"Resource": self.function_arn(f, true)});
            }
            Transition::PutFunctionConcurrency { f, reserved } => {
                input = json!({"FunctionName": name(f), "ReservedConcurrentExecutions": reserved});
                model_input = input.clone();
            }
            Transition::GetFunctionConcurrency { f }
            | Transition::DeleteFunctionConcurrency { f } => {
                input = json!({"FunctionName": name(f)});
                model_input = input.clone();
            }
        }
        let label = format!("{op} {}", serde_json::to_string(t).unwrap_or_default());
        let (ex, pred) = self.exchange(&label, op, input, model_input).await;
        let agreed = self.compare(op, &ex, &pred);
        if !agreed && !self.through_divergences {
            return;
        }
        self.learn(t, &ex, &pred);
        // Past a divergence, the endpoint's answer says whether it changed something.
        let succeeded = if agreed {
            pred.status < 300
        } else {
            ex.status().is_some_and(|s| s < 300)
        };
        let mutated = succeeded
            && !matches!(
                t,
                Transition::GetFunction { .. }
                    | Transition::GetFunctionConfiguration { .. }
                    | Transition::GetAlias { .. }
                    | Transition::GetPolicy { .. }
                    | Transition::GetEventSourceMapping { .. }
                    | Transition::Invoke { .. }
                    | Transition::InvokeAsync { .. }
                    | Transition::ListTags { .. }
                    | Transition::GetFunctionConcurrency { .. }
            );
        let f = match *t {
            Transition::DeleteFunction {
                qualifier: None, ..
            } => None,
            Transition::CreateFunction { f, .. }
            | Transition::UpdateFunctionCode { f, .. }
            | Transition::UpdateFunctionConfiguration { f, .. }
            | Transition::DeleteFunction { f, .. }
            | Transition::PublishVersion { f, .. }
            | Transition::CreateAlias { f, .. }
            | Transition::UpdateAlias { f, .. }
            | Transition::DeleteAlias { f, .. }
            | Transition::AddPermission { f, .. }
            | Transition::RemovePermission { f, .. }
            // Tags give $LATEST a new RevisionId (the model's rule); the wait re-reads it.
            | Transition::TagResource { f, .. }
            | Transition::UntagResource { f, .. }
            | Transition::PutFunctionConcurrency { f, .. }
            | Transition::DeleteFunctionConcurrency { f } => Some(f),
            _ => None,
        };
        if let Some(f) = settle_function.or(f).filter(|_| mutated) {
            self.settle(f).await;
        }
    }
}
