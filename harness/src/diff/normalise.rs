//! What may legitimately differ between two endpoints' answers to the same
//! request, declared once as a list of transformers, each with its reason
//! (in the spirit of LocalStack's snapshot transformers). `diff` applies them
//! to both sides before comparing; nothing else is left out.

use regex::Regex;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// What one side's values are normalised with: its own name prefix and Region.
#[derive(Debug, Clone)]
pub struct Side {
    /// The run's name prefix on this endpoint (every name it creates starts with it).
    pub prefix: String,
    /// The Region its requests are signed for.
    pub region: String,
}

/// One declared normalisation.
pub struct Transformer {
    /// Short name, shown in `diff --help` and the docs.
    pub name: &'static str,
    /// Why the values it replaces may differ between two correct endpoints.
    pub reason: &'static str,
}

/// Every transformer, in the order they apply.
pub const TRANSFORMERS: &[Transformer] = &[
    Transformer {
        name: "name prefix",
        reason: "each endpoint gets its own name prefix, so names and ARNs differ by it",
    },
    Transformer {
        name: "account id",
        reason: "each endpoint has its own account (AWS: yours; emulators: a fixed one)",
    },
    Transformer {
        name: "region",
        reason: "each endpoint answers in the Region it was asked in",
    },
    Transformer {
        name: "uuids",
        reason: "RevisionIds, mapping UUIDs and request ids are minted per endpoint",
    },
    Transformer {
        name: "timestamps",
        reason: "LastModified and other times are the endpoint's clock",
    },
    Transformer {
        name: "code location",
        reason: "Code.Location is a presigned URL of the endpoint's own storage",
    },
    Transformer {
        name: "pagination markers",
        reason: "NextMarker is opaque: only whether there is one is compared",
    },
    Transformer {
        name: "transition states",
        reason: "State, LastUpdateStatus and their reasons depend on timing (AWS is asynchronous, emulators often are not); the harness waits for settled functions",
    },
    Transformer {
        name: "list order",
        reason: "AWS does not promise an order for Functions, Versions, Aliases and EventSourceMappings",
    },
    Transformer {
        name: "error messages",
        reason: "left out unless --compare-messages: the status and error code carry the outcome",
    },
];

/// Members whose value depends on timing (the transition states).
const TRANSITION_MEMBERS: &[&str] = &[
    "State",
    "StateReason",
    "StateReasonCode",
    "LastUpdateStatus",
    "LastUpdateStatusReason",
    "LastUpdateStatusReasonCode",
    "StateTransitionReason",
    "LastProcessingResult",
];

/// List members whose order AWS does not promise.
const UNORDERED_LISTS: &[&str] = &["Functions", "Versions", "Aliases", "EventSourceMappings"];

fn uuid() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
            .expect("static regex")
    })
}

fn timestamp() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
            .expect("static regex")
    })
}

fn arn_account() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(arn:aws[a-zA-Z-]*:[a-z0-9-]+:)([a-z0-9-]*):(\d{12}):").expect("static regex")
    })
}

/// A string with one side's run-specific parts replaced by placeholders.
pub fn text(s: &str, side: &Side) -> String {
    let mut out = if side.prefix.is_empty() {
        s.to_string()
    } else {
        s.replace(&side.prefix, "<prefix>")
    };
    out = arn_account()
        .replace_all(&out, |c: &regex::Captures| {
            let region = if &c[2] == side.region.as_str() {
                "<region>"
            } else {
                &c[2]
            };
            format!("{}{region}:<account>:", &c[1])
        })
        .into_owned();
    out = uuid().replace_all(&out, "<uuid>").into_owned();
    timestamp().replace_all(&out, "<timestamp>").into_owned()
}

/// A response body with one side's run-specific values replaced, timing
/// members and pagination markers left out and unordered lists sorted.
pub fn body(value: &Value, side: &Side) -> Value {
    match value {
        Value::String(s) => Value::String(text(s, side)),
        Value::Array(items) => Value::Array(items.iter().map(|v| body(v, side)).collect()),
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                // A null member counts as absent (SDKs read it so).
                if v.is_null() || TRANSITION_MEMBERS.contains(&k.as_str()) {
                    continue;
                }
                let v = match k.as_str() {
                    "NextMarker" => Value::String("<marker>".into()),
                    "Location" => Value::String("<url>".into()),
                    "LastModified" if v.is_number() => Value::String("<timestamp>".into()),
                    "Message" | "message" => continue,
                    _ => body(v, side),
                };
                let v = match (k.as_str(), v) {
                    (k, Value::Array(mut items)) if UNORDERED_LISTS.contains(&k) => {
                        items.sort_by_key(|i| i.to_string());
                        Value::Array(items)
                    }
                    (_, v) => v,
                };
                out.insert(k.clone(), v);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn side(prefix: &str) -> Side {
        Side {
            prefix: prefix.into(),
            region: "us-east-1".into(),
        }
    }

    #[test]
    fn names_ids_and_times_of_two_endpoints_compare_equal() {
        let a = json!({
            "FunctionName": "lc-aaaaaa-0-f1",
            "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:lc-aaaaaa-0-f1:1",
            "RevisionId": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "LastModified": "2026-01-01T00:00:00.000+0000",
            "State": "Pending",
            "Timeout": 3,
        });
        let b = json!({
            "FunctionName": "lc-bbbbbb-0-f1",
            "FunctionArn": "arn:aws:lambda:us-east-1:000000000000:function:lc-bbbbbb-0-f1:1",
            "RevisionId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "LastModified": "2026-02-02T10:00:00.000+0000",
            "State": "Active",
            "Timeout": 3,
        });
        assert_eq!(body(&a, &side("lc-aaaaaa-")), body(&b, &side("lc-bbbbbb-")));
    }

    #[test]
    fn values_that_matter_still_differ() {
        let a = json!({"FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:p-f:1", "Timeout": 3});
        let b = json!({"FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:p-f", "Timeout": 3});
        assert_ne!(body(&a, &side("p-")), body(&b, &side("p-")));
        let c = json!({"Timeout": 900});
        let d = json!({"Timeout": 300});
        assert_ne!(body(&c, &side("p-")), body(&d, &side("p-")));
    }

    #[test]
    fn unordered_lists_compare_as_sets_and_ordered_ones_do_not() {
        let a = json!({"Aliases": [{"Name": "a"}, {"Name": "b"}], "Layers": ["x", "y"]});
        let b = json!({"Aliases": [{"Name": "b"}, {"Name": "a"}], "Layers": ["x", "y"]});
        let c = json!({"Aliases": [{"Name": "a"}, {"Name": "b"}], "Layers": ["y", "x"]});
        let s = side("p-");
        assert_eq!(body(&a, &s), body(&b, &s));
        assert_ne!(body(&a, &s), body(&c, &s));
    }
}
