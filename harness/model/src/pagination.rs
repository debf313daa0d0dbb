//! Marker/MaxItems pagination shared by the List operations.

use crate::errors::ApiError;
use crate::input::Input;
use crate::rules::{self, Rule};
use crate::{Fault, Model, Response};
use base64::Engine;
use serde_json::{Map, Value, json};

/// One page of a list.
#[derive(Debug)]
pub struct Page {
    /// Items on this page.
    pub items: Vec<Value>,
    /// Opaque marker of the next page, if any.
    pub next_marker: Option<String>,
}

impl Page {
    /// `{<key>: [...], "NextMarker"?: "..."}` with status 200, decided by `rule`.
    pub fn into_response(self, key: &str, rule: &'static Rule) -> Response {
        let mut body = Map::new();
        body.insert(key.to_string(), Value::Array(self.items));
        if let Some(m) = self.next_marker {
            body.insert("NextMarker".into(), json!(m));
        }
        Response::json(200, Value::Object(body), rule)
    }
}

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

fn encode_marker(key: &str) -> String {
    // inferred: NextMarker is opaque; ours encodes the sort key of the next item
    format!("m1.{}", ENGINE.encode(key))
}

fn decode_marker(marker: &str) -> Option<String> {
    let raw = marker.strip_prefix("m1.")?;
    String::from_utf8(ENGINE.decode(raw).ok()?).ok()
}

/// Pages `items` (sort key, JSON) by the request's Marker and MaxItems, at most
/// `cap` per page (recorded: ListFunctions/ListVersionsByFunction 50, ListEventSourceMappings 100).
pub fn paginate(
    model: &Model,
    mut items: Vec<(String, Value)>,
    input: &Input,
    cap: usize,
) -> Result<Page, ApiError> {
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let start = match input.str("Marker") {
        None => 0,
        Some(m) => {
            let Some(key) = decode_marker(m) else {
                // inferred: AWS behaviour for a foreign marker is not recorded
                return Err(ApiError::invalid(
                    format!("Invalid marker: {m}"),
                    &rules::MARKER_VALID,
                ));
            };
            items.partition_point(|(k, _)| *k < key)
        }
    };
    let size = input
        .int("MaxItems")
        .filter(|_| !model.has(Fault::MaxItemsIgnored))
        .map(|n| n.clamp(1, cap as i64) as usize)
        .unwrap_or(cap);
    let end = (start + size).min(items.len());
    let mut page: Vec<Value> = Vec::new();
    if start > 0 && input.str("Marker").is_some() && model.has(Fault::PaginationRepeatsItem) {
        page.push(items[start - 1].1.clone());
    }
    page.extend(items[start..end].iter().map(|(_, v)| v.clone()));
    let next_index = if model.has(Fault::PaginationDropsItem) {
        end + 1
    } else {
        end
    };
    let mut next_marker = (end < items.len() && next_index < items.len())
        .then(|| encode_marker(&items[next_index].0));
    if next_marker.is_none() && model.has(Fault::ListMarkerNeverEnds) {
        // The last page points back at the first item.
        next_marker = items.first().map(|(k, _)| encode_marker(k));
    }
    Ok(Page {
        items: page,
        next_marker,
    })
}
