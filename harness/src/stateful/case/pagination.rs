//! Lists paged through on both sides: every item once, no endless markers,
//! and the same items as the model.

use super::super::predict;
use super::super::transition::*;
use super::{Case, MAX_PAGES};
use crate::findings::{CheckKind, Evidence};
use lambda_model::Request;
use serde_json::{Value, json};
use std::collections::BTreeSet;

impl Case<'_> {
    /// Pages through a list operation on both sides and compares the items.
    pub(super) async fn list(
        &mut self,
        t: &Transition,
        operation: &str,
        base: Value,
        max_items: Option<u8>,
    ) {
        let key = predict::list_key(operation);
        let mut seen: Vec<String> = Vec::new();
        let mut markers: Vec<String> = Vec::new();
        let mut marker: Option<String> = None;
        let mut model_marker: Option<String> = None;
        let mut model_items: Vec<(String, Value)> = Vec::new();
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut evidence =
            Evidence::documented(format!("reference model: {operation} lists what exists"));
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
            if page == 0 && !self.compare(operation, &ex, &pred) && !self.through_divergences {
                return;
            }
            if !model_done {
                let body = pred.json_body().cloned().unwrap_or(Value::Null);
                if page == 0 {
                    evidence = crate::oracle::evidence_of(&pred);
                }
                model_items.extend(predict::list_entries(operation, &body, &self.prefix));
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
            let page_entries = predict::list_entries(operation, &body, &self.prefix);
            let items: Vec<String> = page_entries.iter().map(|(k, _)| k.clone()).collect();
            entries.extend(page_entries);
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
            if let Some(n) = max_items {
                let on_page = crate::operations::by_name(operation)
                    .and_then(|d| d.list)
                    .and_then(|l| body.get(l.member))
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                if on_page > usize::from(n) {
                    self.finding(
                        CheckKind::Invariant,
                        operation,
                        format!("at most MaxItems ({n}) items on a page"),
                        "more items on a page than MaxItems".into(),
                        format!("{on_page} items on page {} with MaxItems {n}", page + 1),
                        Evidence::documented(
                            "API reference: MaxItems is the maximum number of items to return in one response",
                        ),
                    );
                    return;
                }
            }
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
            model_items.extend(predict::list_entries(operation, &body, &self.prefix));
            model_marker = body
                .get("NextMarker")
                .and_then(Value::as_str)
                .map(str::to_string);
            model_done = model_marker.is_none();
        }
        let actual: BTreeSet<&String> = seen.iter().collect();
        let expected: BTreeSet<&String> = model_items.iter().map(|(k, _)| k).collect();
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
            return;
        }
        if let Some((item, expected, actual)) =
            predict::item_divergence(operation, &model_items, &entries)
        {
            self.finding(
                CheckKind::Prediction,
                operation,
                format!("item {expected}"),
                format!("item {actual}"),
                format!(
                    "{item}: the item describes it otherwise than the model (MaxItems {})",
                    max_items.map_or("default".into(), |n| n.to_string())
                ),
                evidence,
            );
        }
        let _ = t;
    }
}
