//! Invariants across operations: what a side learns from each answer
//! (RevisionIds, LastModified, mapping UUIDs, function ARNs) and the rules
//! between answers (a new RevisionId on every update, LastModified never
//! going back).

use super::super::bindings::RevisionKey;
use super::super::transition::*;
use super::Case;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence};
use serde_json::Value;

impl Case<'_> {
    /// Learns RevisionIds, UUIDs and LastModified from a successful response, per side.
    pub(super) fn learn(
        &mut self,
        t: &Transition,
        exchange: &Exchange,
        predicted: &lambda_model::Response,
    ) {
        let actual = exchange
            .response()
            .filter(|r| r.status < 300)
            .and_then(|r| r.json.clone());
        let predicted_body = (predicted.status < 300)
            .then(|| predicted.json_body().cloned())
            .flatten();
        let config_of = |body: &Value| -> Value {
            body.get("Configuration")
                .cloned()
                .unwrap_or_else(|| body.clone())
        };
        if let Transition::CreateFunction { f, .. } = *t {
            let arn_of = |b: &Option<Value>| {
                b.as_ref()
                    .and_then(|b| b.get("FunctionArn"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if let Some(arn) = arn_of(&actual) {
                self.endpoint.saw_function_arn(f, &arn);
            }
            if let Some(arn) = arn_of(&predicted_body) {
                self.predicted.saw_function_arn(f, &arn);
            }
        }
        let key = match *t {
            Transition::CreateFunction { f, .. }
            | Transition::UpdateFunctionCode { f, .. }
            | Transition::UpdateFunctionConfiguration { f, .. } => Some(RevisionKey::Function(f)),
            Transition::GetFunction {
                f,
                qualifier: None | Some(QualifierRef::Latest),
            }
            | Transition::GetFunctionConfiguration {
                f,
                qualifier: None | Some(QualifierRef::Latest),
            } => Some(RevisionKey::Function(f)),
            Transition::CreateAlias { f, alias, .. }
            | Transition::GetAlias { f, alias }
            | Transition::UpdateAlias { f, alias, .. } => Some(RevisionKey::Alias(f, alias)),
            _ => None,
        };
        // RevisionId must change with every mutation (UPD-001/UPD-003, recorded).
        if let (
            Some(RevisionKey::Function(f)),
            Transition::UpdateFunctionCode { .. } | Transition::UpdateFunctionConfiguration { .. },
        ) = (&key, t)
            && let Some(new) = actual
                .as_ref()
                .and_then(|b| b.get("RevisionId"))
                .and_then(Value::as_str)
            && self.endpoint.current(&RevisionKey::Function(*f)).as_deref() == Some(new)
        {
            self.finding(
                CheckKind::Invariant,
                t.operation(),
                "a new RevisionId after the update".into(),
                "the same RevisionId as before".into(),
                new.to_string(),
                Evidence::recorded(
                    "UPD-001/UPD-003 (recorded 2025-11-25): every update mints a new RevisionId",
                ),
            );
        }
        let read = matches!(
            t,
            Transition::GetFunction { .. }
                | Transition::GetFunctionConfiguration { .. }
                | Transition::GetAlias { .. }
                | Transition::ListFunctions { .. }
                | Transition::ListVersionsByFunction { .. }
                | Transition::ListAliases { .. }
                | Transition::GetPolicy { .. }
                | Transition::GetEventSourceMapping { .. }
                | Transition::ListEventSourceMappings { .. }
                | Transition::ListTags { .. }
                | Transition::GetFunctionConcurrency { .. }
        );
        if !read {
            self.read_revisions.clear();
        } else if let Some(key) = &key {
            self.same_revision_on_reads(
                t,
                key,
                actual.as_ref().map(config_of),
                predicted_body.as_ref().map(config_of),
            );
        }
        if let Some(key) = key {
            if let Some(rev) = actual
                .as_ref()
                .map(config_of)
                .as_ref()
                .and_then(|b| b.get("RevisionId"))
                .and_then(Value::as_str)
            {
                self.endpoint.saw_revision(key.clone(), rev);
            }
            if let Some(rev) = predicted_body
                .as_ref()
                .map(config_of)
                .as_ref()
                .and_then(|b| b.get("RevisionId"))
                .and_then(Value::as_str)
            {
                self.predicted.saw_revision(key, rev);
            }
        }
        if let Transition::CreateEventSourceMapping { .. } = t {
            if let Some(u) = actual
                .as_ref()
                .and_then(|b| b.get("UUID"))
                .and_then(Value::as_str)
            {
                self.endpoint.mappings.push(u.to_string());
            }
            if let Some(u) = predicted_body
                .as_ref()
                .and_then(|b| b.get("UUID"))
                .and_then(Value::as_str)
            {
                self.predicted.mappings.push(u.to_string());
            }
        }
        if let Transition::DeleteFunction { f, qualifier: None } = *t
            && exchange.status().is_some_and(|s| s < 300)
        {
            self.endpoint.forget_function(f);
            self.predicted.forget_function(f);
            self.last_modified.remove(&f);
        }
        // LastModified of $LATEST never goes backwards.
        if let (Some(RevisionKey::Function(f)), Some(body)) =
            (self.revision_key_latest(t), actual.as_ref().map(config_of))
            && let Some(lm) = body.get("LastModified").and_then(Value::as_str)
        {
            if let Some(prev) = self.last_modified.get(&f)
                && prev.len() == lm.len()
                && lm < prev.as_str()
            {
                let prev = prev.clone();
                self.finding(
                    CheckKind::Invariant,
                    t.operation(),
                    format!("LastModified not before {prev}"),
                    format!("LastModified {lm}"),
                    String::new(),
                    Evidence::documented("API reference: LastModified is when the function was last updated, so it never goes back"),
                );
            }
            self.last_modified.insert(f, lm.to_string());
        }
    }

    /// Two reads of a resource with only reads between them show the same
    /// RevisionId, where the model's does not change either (fakecloud PR 892:
    /// a fresh RevisionId on every call). Only reads that show the resource
    /// settled count: AWS mints a new RevisionId when a function becomes Active.
    fn same_revision_on_reads(
        &mut self,
        t: &Transition,
        key: &RevisionKey,
        actual: Option<Value>,
        predicted: Option<Value>,
    ) {
        let revision = |b: &Option<Value>| {
            b.as_ref()
                .and_then(|b| b.get("RevisionId"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let (Some(now), Some(model_now)) = (revision(&actual), revision(&predicted)) else {
            return;
        };
        let settled = actual.as_ref().is_some_and(|b| {
            b.get("State")
                .and_then(Value::as_str)
                .is_none_or(|s| s == "Active")
                && b.get("LastUpdateStatus")
                    .and_then(Value::as_str)
                    .is_none_or(|s| s == "Successful")
        });
        if let Some((before, model_before)) = self.read_revisions.get(key).cloned()
            && model_before == model_now
            && before != now
        {
            self.finding(
                CheckKind::Invariant,
                t.operation(),
                "the RevisionId of the last read (only reads since)".into(),
                "another RevisionId".into(),
                format!("{before} before, {now} now"),
                Evidence::documented(
                    "API reference: RevisionId is the latest updated revision of the function or alias; reads change nothing",
                ),
            );
            return;
        }
        if settled {
            self.read_revisions.insert(key.clone(), (now, model_now));
        } else {
            self.read_revisions.remove(key);
        }
    }

    fn revision_key_latest(&self, t: &Transition) -> Option<RevisionKey> {
        match *t {
            Transition::CreateFunction { f, .. }
            | Transition::UpdateFunctionCode { f, .. }
            | Transition::UpdateFunctionConfiguration { f, .. }
            | Transition::GetFunction {
                f,
                qualifier: None | Some(QualifierRef::Latest),
            }
            | Transition::GetFunctionConfiguration {
                f,
                qualifier: None | Some(QualifierRef::Latest),
            } => Some(RevisionKey::Function(f)),
            _ => None,
        }
    }
}
