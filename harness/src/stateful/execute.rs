//! Running one sequence against the endpoint and the reference model side by
//! side. Every exchange gets the contract checks; every outcome is compared
//! with the model's prediction; invariants across operations are checked.
//! The case ends at the first divergence of state (a wrong outcome or value),
//! since predictions after it would no longer mean anything.

use super::bindings::{Bindings, RevisionKey};
use super::predict::{self, Divergence};
use super::transition::*;
use crate::catalog::Catalog;
use crate::checks::check_exchange;
use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence, Finding};
use crate::session::{Event, Session, Step};
use crate::session::{Fixtures, blob_json, package};
use lambda_model::{Model, Request};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Most pages a list is followed through; beyond, the list is not compared.
const MAX_PAGES: usize = 100;

/// One running case.
pub struct Case<'a> {
    session: &'a Session,
    fixtures: &'a Fixtures,
    prefix: String,
    model: Model,
    endpoint: Bindings,
    predicted: Bindings,
    last_modified: std::collections::HashMap<u8, String>,
    stopped: bool,
    /// Exchanges made, in order.
    pub steps: Vec<Step>,
    /// Findings, in order.
    pub findings: Vec<Finding>,
}

fn function_name(prefix: &str, f: u8) -> String {
    format!("{prefix}f{f}")
}

fn alias_name(a: u8) -> String {
    format!("a{a}")
}

fn qualifier_value(q: QualifierRef) -> String {
    match q {
        QualifierRef::Latest => "$LATEST".into(),
        QualifierRef::Version(n) => n.to_string(),
        QualifierRef::Alias(a) => alias_name(a),
    }
}

fn tag_key(t: u8) -> String {
    format!("k{t}")
}

fn version_value(v: VersionRef) -> String {
    match v {
        VersionRef::Latest => "$LATEST".into(),
        VersionRef::Number(n) => n.to_string(),
    }
}

impl<'a> Case<'a> {
    /// A new case with its own name prefix and a fresh model.
    pub fn new(
        session: &'a Session,
        fixtures: &'a Fixtures,
        prefix: String,
        config: lambda_model::Config,
    ) -> Case<'a> {
        Case {
            session,
            fixtures,
            prefix,
            model: Model::new(config),
            endpoint: Bindings::default(),
            predicted: Bindings::default(),
            last_modified: Default::default(),
            stopped: false,
            steps: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Function names this case may create.
    pub fn function_names(&self) -> Vec<String> {
        (0..FUNCTION_SLOTS)
            .map(|f| function_name(&self.prefix, f))
            .collect()
    }

    /// Mapping UUIDs the endpoint gave this case.
    /// The unqualified ARN of a function slot as a side named it (a side that
    /// never answered with one gets the ARN the model would use).
    fn function_arn(&self, f: u8, model_side: bool) -> String {
        let side = if model_side {
            &self.predicted
        } else {
            &self.endpoint
        };
        side.function_arns.get(&f).cloned().unwrap_or_else(|| {
            let config = self.model.config();
            format!(
                "arn:aws:lambda:{}:{}:function:{}",
                config.region,
                config.account,
                function_name(&self.prefix, f)
            )
        })
    }

    pub fn mapping_uuids(&self) -> Vec<String> {
        self.endpoint.mappings.clone()
    }

    /// Whether a divergence ended the case: later predictions would mean nothing.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    fn finding(
        &mut self,
        check: CheckKind,
        operation: &str,
        expected: String,
        actual: String,
        detail: String,
        evidence: Evidence,
    ) {
        self.stopped = true;
        let index = self.steps.len().saturating_sub(1);
        let step = self
            .steps
            .last()
            .map(|s| s.step.clone())
            .unwrap_or_default();
        self.findings.push(Finding::new(
            check, operation, &step, expected, actual, detail, evidence, index,
        ));
    }

    /// Sends the input to the endpoint (recorded and contract-checked) and to the model.
    async fn exchange(
        &mut self,
        label: &str,
        operation: &str,
        input: Value,
        model_input: Value,
    ) -> (Exchange, lambda_model::Response) {
        let catalog = Catalog::embedded();
        let op = catalog
            .get(operation)
            .expect("transitions use catalog operations");
        let exchange = self.session.client.call(op, &input).await;
        // Constraint violations are answered before any lookup (FMT-003), as the
        // embedded endpoint does; the model itself only sees valid requests.
        let predicted = crate::oracle::predict(&mut self.model, op, model_input);
        let expectation = Some(crate::oracle::expectation(&predicted));
        let violations = check_exchange(op, &exchange, expectation.as_ref());
        let index = self.steps.len();
        let step = format!("{}. {label}", index + 1);
        self.steps.push(Step {
            step: step.clone(),
            expected: Some(crate::oracle::describe(&predicted)),
            exchange: exchange.clone(),
        });
        let mut new = Vec::new();
        for v in violations
            .into_iter()
            .filter(|v| v.check != CheckKind::Expectation)
        {
            new.push(Finding::new(
                v.check, operation, &step, v.expected, v.actual, v.detail, v.evidence, index,
            ));
        }
        self.session.emit(Event::Exchanged {
            index,
            step,
            operation: operation.to_string(),
            status: exchange.status(),
            findings: new.clone(),
        });
        self.findings.extend(new);
        (exchange, predicted)
    }

    /// Compares an outcome with the prediction; records a finding on divergence.
    fn compare(
        &mut self,
        operation: &str,
        exchange: &Exchange,
        predicted: &lambda_model::Response,
    ) -> bool {
        for member in predict::missing_members(operation, exchange, predicted) {
            let index = self.steps.len().saturating_sub(1);
            let step = self
                .steps
                .last()
                .map(|s| s.step.clone())
                .unwrap_or_default();
            self.findings.push(Finding::new(
                CheckKind::Prediction,
                operation,
                &step,
                format!("{member} present"),
                format!("no {member}"),
                String::new(),
                crate::oracle::evidence(predicted.evidence),
                index,
            ));
        }
        match predict::compare(operation, exchange, predicted) {
            None => true,
            Some(Divergence {
                check: CheckKind::Transport | CheckKind::ServerError,
                ..
            }) => {
                // Already reported by the contract checks; it only ends the case.
                self.stopped = true;
                false
            }
            Some(Divergence {
                check,
                expected,
                actual,
                detail,
                evidence,
            }) => {
                self.finding(check, operation, expected, actual, detail, evidence);
                false
            }
        }
    }

    fn revision_input(
        &self,
        input: &mut Value,
        model_input: &mut Value,
        key: RevisionKey,
        r: RevisionRef,
    ) {
        match r {
            RevisionRef::None => {}
            RevisionRef::Current => {
                if let Some(rev) = self.endpoint.current(&key) {
                    input["RevisionId"] = json!(rev);
                }
                if let Some(rev) = self.predicted.current(&key) {
                    model_input["RevisionId"] = json!(rev);
                }
            }
            RevisionRef::Stale => {
                input["RevisionId"] = json!(self.endpoint.stale(&key));
                model_input["RevisionId"] = json!(self.predicted.stale(&key));
            }
        }
    }

    /// Learns RevisionIds, UUIDs and LastModified from a successful response, per side.
    fn learn(&mut self, t: &Transition, exchange: &Exchange, predicted: &lambda_model::Response) {
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

    /// Reads the function again after a mutation (like AWS's FunctionUpdatedV2
    /// waiter), so that the next step sees the settled RevisionId.
    async fn settle(&mut self, f: u8) {
        let name = function_name(&self.prefix, f);
        let deadline = tokio::time::Instant::now() + self.session.wait_timeout;
        loop {
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
                if !self.compare("GetFunction", &ex, &pred) {
                    return;
                }
                self.learn(&t, &ex, &pred);
                return;
            }
            tokio::time::sleep(self.session.poll_interval).await;
        }
    }

    /// Pages through a list operation on both sides and compares the items.
    async fn list(&mut self, t: &Transition, operation: &str, base: Value, max_items: Option<u8>) {
        let key = predict::list_key(operation);
        let mut seen: Vec<String> = Vec::new();
        let mut markers: Vec<String> = Vec::new();
        let mut marker: Option<String> = None;
        let mut model_marker: Option<String> = None;
        let mut model_items: Vec<String> = Vec::new();
        let mut model_done = false;
        for page in 0..MAX_PAGES {
            let mut input = base.clone();
            let mut model_input = base.clone();
            if let Some(n) = max_items {
                input["MaxItems"] = json!(n);
                model_input["MaxItems"] = json!(n);
            }
            if let Some(m) = &marker {
                input["Marker"] = json!(m);
            }
            if let Some(m) = &model_marker {
                model_input["Marker"] = json!(m);
            }
            let (ex, pred) = self
                .exchange(
                    &format!("{operation} page {}", page + 1),
                    operation,
                    input,
                    model_input,
                )
                .await;
            if page == 0 && !self.compare(operation, &ex, &pred) {
                return;
            }
            if !model_done {
                let body = pred.json_body().cloned().unwrap_or(Value::Null);
                model_items.extend(predict::list_items(operation, &body, &self.prefix));
                model_marker = body
                    .get("NextMarker")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                model_done = model_marker.is_none();
            }
            let Some(body) = ex
                .response()
                .filter(|r| r.status < 300)
                .and_then(|r| r.json.clone())
            else {
                return;
            };
            let items = predict::list_items(operation, &body, &self.prefix);
            for item in &items {
                if seen.contains(item) && key.unique {
                    self.finding(
                        CheckKind::Invariant,
                        operation,
                        "every item once across pages".into(),
                        "an item repeated on a later page".into(),
                        format!(
                            "{item} repeated (MaxItems {})",
                            max_items.map_or("default".into(), |n| n.to_string())
                        ),
                        Evidence::documented(
                            "API reference: Marker pagination returns the next page of items",
                        ),
                    );
                    return;
                }
            }
            seen.extend(items);
            let next = body
                .get("NextMarker")
                .and_then(Value::as_str)
                .filter(|m| !m.is_empty())
                .map(str::to_string);
            let Some(next) = next else { break };
            if markers.contains(&next) {
                self.finding(
                    CheckKind::Invariant,
                    operation,
                    "each page moves on".into(),
                    "a NextMarker seen before".into(),
                    format!(
                        "NextMarker {next} repeated (MaxItems {})",
                        max_items.map_or("default".into(), |n| n.to_string())
                    ),
                    Evidence::documented(
                        "API reference: NextMarker points at the next page of items",
                    ),
                );
                return;
            }
            markers.push(next.clone());
            marker = Some(next);
            if page + 1 == MAX_PAGES {
                // The account holds too many items to page through at this page size
                // (other functions live there too): the list is not compared.
                return;
            }
        }
        // Drain the model if the endpoint stopped first.
        while !model_done {
            let mut model_input = base.clone();
            if let Some(n) = max_items {
                model_input["MaxItems"] = json!(n);
            }
            model_input["Marker"] = json!(model_marker.clone().unwrap_or_default());
            let pred = self.model.apply(&Request::new(operation, model_input));
            let body = pred.json_body().cloned().unwrap_or(Value::Null);
            model_items.extend(predict::list_items(operation, &body, &self.prefix));
            model_marker = body
                .get("NextMarker")
                .and_then(Value::as_str)
                .map(str::to_string);
            model_done = model_marker.is_none();
        }
        let actual: BTreeSet<&String> = seen.iter().collect();
        let expected: BTreeSet<&String> = model_items.iter().collect();
        if actual != expected {
            let missing: Vec<&&String> = expected.difference(&actual).collect();
            let extra: Vec<&&String> = actual.difference(&expected).collect();
            // The signature names the kind of difference only, so that shorter
            // witnesses of the same fault share it; the items are in the detail.
            let kind = match (missing.is_empty(), extra.is_empty()) {
                (false, true) => "existing items missing",
                (true, false) => "items that do not exist listed",
                _ => "existing items missing and others listed",
            };
            self.finding(
                CheckKind::Prediction,
                operation,
                "every existing item, once".into(),
                kind.into(),
                format!(
                    "expected {}, got {} (MaxItems {}); missing {missing:?}, unexpected {extra:?}",
                    predict::render_set(&expected),
                    predict::render_set(&actual),
                    max_items.map_or("default".into(), |n| n.to_string())
                ),
                if operation == "ListEventSourceMappings"
                    && !self.predicted.deleted_mappings.is_empty()
                {
                    // AWS removes deleted mappings asynchronously (ESM-025).
                    Evidence::inferred(
                        "mappings deleted in this sequence may still be listed as Deleting on AWS",
                    )
                } else {
                    Evidence::documented(format!("reference model: {operation} lists what exists"))
                },
            );
        }
        let _ = t;
    }

    /// Runs one transition.
    pub async fn step(&mut self, t: &Transition) {
        let name = |f: u8| function_name(&self.prefix, f);
        let op = t.operation();
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
            Transition::ListFunctions { max_items } => {
                return self.list(t, op, json!({}), max_items).await;
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
            Transition::AddPermission { f, sid, qualifier } => {
                input = json!({"FunctionName": name(f), "StatementId": format!("s{sid}"), "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
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
            Transition::RemovePermission { f, sid, qualifier } => {
                input = json!({"FunctionName": name(f), "StatementId": format!("s{sid}")});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
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
            Transition::ListEventSourceMappings { f, max_items } => {
                return self
                    .list(t, op, json!({"FunctionName": name(f)}), max_items)
                    .await;
            }
            Transition::Invoke { f, qualifier, kind } => {
                let kind = match kind {
                    InvocationKind::RequestResponse => "RequestResponse",
                    InvocationKind::Event => "Event",
                    InvocationKind::DryRun => "DryRun",
                };
                input = json!({"FunctionName": name(f), "InvocationType": kind, "Payload": blob_json(&json!({"step": self.steps.len()}))});
                if let Some(q) = qualifier {
                    input["Qualifier"] = json!(qualifier_value(q));
                }
                model_input = input.clone();
            }
            Transition::InvokeAsync { f } => {
                input = json!({"FunctionName": name(f), "InvokeArgs": blob_json(&json!({"step": self.steps.len()}))});
                model_input = input.clone();
            }
            Transition::TagResource { f, tag } => {
                let tags = json!({tag_key(tag): format!("v{}", self.steps.len())});
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
        if !self.compare(op, &ex, &pred) {
            return;
        }
        self.learn(t, &ex, &pred);
        let mutated = pred.status < 300
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
