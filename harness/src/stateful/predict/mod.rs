//! Comparing what the endpoint did with what the reference model predicts:
//! the outcome (success, or which error), the values that matter, Invoke's
//! headers and payload, and the items of lists.

mod invoke;

use crate::client::Exchange;
use crate::findings::{CheckKind, Evidence};
use crate::oracle::{describe, evidence_of};
use lambda_model::Response;
use serde_json::Value;
use std::collections::BTreeSet;

/// A difference between the endpoint and the model.
#[derive(Debug, Clone)]
pub struct Divergence {
    /// Expectation (outcome) or Prediction (values).
    pub check: CheckKind,
    /// What the model predicts.
    pub expected: String,
    /// What the endpoint did.
    pub actual: String,
    /// More detail.
    pub detail: String,
    /// The model rule's evidence.
    pub evidence: Evidence,
}

/// Members whose values the model knows, per operation (JSON pointers; the
/// operation's description).
fn compared_members(operation: &str) -> &'static [&'static str] {
    crate::operations::by_name(operation).map_or(&[], |d| d.compared)
}

/// Whether the endpoint's value is the predicted one: numbers by value, ARNs
/// without their account id (each side has its own; the region is the
/// client's on both), anything else exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if x.starts_with("arn:") && y.starts_with("arn:") => {
            without_account(x) == without_account(y)
        }
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// An ARN with its account field (the fifth) blanked.
fn without_account(arn: &str) -> String {
    arn.split(':')
        .enumerate()
        .map(|(i, f)| if i == 4 { "" } else { f })
        .collect::<Vec<_>>()
        .join(":")
}

/// The first of `pointers` whose value in `actual` is not the one in
/// `predicted` (members the prediction leaves out are not compared), as
/// (expected, actual).
pub fn member_divergence(
    pointers: &[&str],
    predicted: &Value,
    actual: &Value,
) -> Option<(String, String)> {
    for pointer in pointers {
        let Some(pv) = predicted.pointer(pointer).filter(|v| !v.is_null()) else {
            continue;
        };
        match actual.pointer(pointer).filter(|v| !v.is_null()) {
            None => return Some((format!("{pointer} = {pv}"), format!("no {pointer}"))),
            Some(av) if !same(av, pv) => {
                return Some((format!("{pointer} = {pv}"), format!("{pointer} = {av}")));
            }
            Some(_) => {}
        }
    }
    None
}

/// Whether a divergence is in a function ARN asked for with an explicit
/// `$LATEST`: AWS's answer to that form is not recorded (the unqualified and
/// version forms are: lifecycle snapshot, VER-004, ALI-023, LIST-002, VER-001).
fn explicit_latest_arn(input: &Value, expected: &str) -> bool {
    let explicit = input.get("Qualifier").and_then(Value::as_str) == Some("$LATEST")
        || input
            .get("FunctionName")
            .and_then(Value::as_str)
            .is_some_and(|n| n.ends_with(":$LATEST"));
    explicit && expected.contains("FunctionArn")
}

/// Members AWS always sends when it answers with success (their values are
/// the endpoint's to choose), per operation (the operation's description).
fn present_members(operation: &str) -> &'static [&'static str] {
    crate::operations::by_name(operation).map_or(&[], |d| d.present)
}

/// Members the model predicts but the endpoint left out (the model always
/// sends them on success; values are the endpoint's to choose). Such a
/// difference does not change state, so it does not end the case.
pub fn missing_members(operation: &str, ex: &Exchange, p: &Response) -> Vec<String> {
    let (Some(pb), Some(ab)) = (
        p.json_body(),
        ex.response()
            .filter(|r| r.status < 300)
            .and_then(|r| r.json.as_ref()),
    ) else {
        return Vec::new();
    };
    if p.status >= 300 {
        return Vec::new();
    }
    present_members(operation)
        .iter()
        .filter(|m| {
            pb.pointer(m).is_some_and(|v| !v.is_null()) && ab.pointer(m).is_none_or(Value::is_null)
        })
        .map(|m| m.to_string())
        .collect()
}

/// Compares an exchange with the prediction. `None` means no divergence; a
/// transport failure or 5xx is `Some` with check Transport/ServerError (already
/// reported by the contract checks, it only ends the case).
pub fn compare(operation: &str, ex: &Exchange, p: &Response) -> Option<Divergence> {
    let ev = evidence_of(p);
    let Some(resp) = ex.response() else {
        return Some(Divergence {
            check: CheckKind::Transport,
            expected: String::new(),
            actual: String::new(),
            detail: String::new(),
            evidence: ev,
        });
    };
    if resp.status >= 500 && p.status < 500 {
        return Some(Divergence {
            check: CheckKind::ServerError,
            expected: String::new(),
            actual: String::new(),
            detail: String::new(),
            evidence: ev,
        });
    }
    let actual_outcome = if resp.status < 400 {
        format!("success {}", resp.status)
    } else {
        format!(
            "{} {}",
            resp.status,
            resp.error_code().unwrap_or_else(|| "(no code)".into())
        )
    };
    if p.status >= 400 {
        let same_error = resp.status == p.status && resp.error_code() == p.error_code;
        let evidence = if resp.status >= 400
            && crate::checks::revision_order_unknown(&ex.input, p.status, resp.status)
        {
            Evidence::inferred(
                "which AWS checks first, the RevisionId or another precondition, is not recorded",
            )
        } else {
            ev
        };
        return (!same_error).then(|| Divergence {
            check: CheckKind::Expectation,
            expected: describe(p),
            actual: actual_outcome,
            detail: resp.error_message().unwrap_or_default(),
            evidence,
        });
    }
    if resp.status >= 400 {
        return Some(Divergence {
            check: CheckKind::Expectation,
            expected: "success".into(),
            actual: actual_outcome,
            detail: resp.error_message().unwrap_or_default(),
            evidence: ev,
        });
    }
    let value_divergence = |expected: String, actual: String, detail: String| Divergence {
        check: CheckKind::Prediction,
        expected,
        actual,
        detail,
        evidence: evidence_of(p),
    };
    if let (Some(pb), Some(ab)) = (p.json_body(), resp.json.as_ref()) {
        if let Some(d) = identity_divergence(&ex.input, ab) {
            return Some(d);
        }
        if let Some((expected, actual)) = member_divergence(compared_members(operation), pb, ab) {
            let mut d = value_divergence(expected, actual, String::new());
            if explicit_latest_arn(&ex.input, &d.expected) {
                d.evidence = Evidence::inferred(
                    "AWS's FunctionArn for an explicit $LATEST qualifier is not recorded",
                );
            }
            return Some(d);
        }
        if operation == "GetPolicy" {
            let (ps, as_) = (policy_sids(pb), policy_sids(ab));
            if ps != as_ {
                return Some(value_divergence(
                    format!("statements {}", render_set(&ps.iter().collect())),
                    format!("statements {}", render_set(&as_.iter().collect())),
                    String::new(),
                ));
            }
        }
    }
    if operation == "Invoke" {
        return invoke::compare(ex, p);
    }
    None
}

/// The resource answered is the one asked for: a mapping's UUID (the only
/// identifier the endpoint chooses, so the model cannot predict its value).
fn identity_divergence(input: &Value, body: &Value) -> Option<Divergence> {
    let asked = input.get("UUID").and_then(Value::as_str)?;
    let answered = body.get("UUID").and_then(Value::as_str)?;
    (asked != answered).then(|| Divergence {
        check: CheckKind::Prediction,
        expected: "the mapping asked for (UUID as requested)".into(),
        actual: "another mapping's UUID".into(),
        detail: format!("asked for {asked}, answered {answered}"),
        evidence: Evidence::documented(
            "API reference: Get/Update/DeleteEventSourceMapping return the mapping with the given UUID",
        ),
    })
}

fn policy_sids(body: &Value) -> BTreeSet<String> {
    body.get("Policy")
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .and_then(|p| p.get("Statement").cloned())
        .and_then(|s| s.as_array().cloned())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("Sid").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// How a list's items are compared.
pub struct ListKey {
    /// Whether an item appearing twice is a pagination fault.
    pub unique: bool,
}

/// The comparison key of a list operation.
pub fn list_key(operation: &str) -> ListKey {
    ListKey {
        unique: crate::operations::by_name(operation)
            .and_then(|d| d.list)
            .is_none_or(|l| l.unique),
    }
}

/// The items of one page, as comparable strings (names of this case only, for
/// lists that span the account).
pub fn list_items(operation: &str, body: &Value, prefix: &str) -> Vec<String> {
    list_entries(operation, body, prefix)
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// The items of one page with their names (names of this case only, for
/// lists that span the account).
pub fn list_entries(operation: &str, body: &Value, prefix: &str) -> Vec<(String, Value)> {
    let Some(list) = crate::operations::by_name(operation).and_then(|d| d.list) else {
        return Vec::new();
    };
    body.get(list.member)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|item| ((list.key)(item), item.clone()))
        .filter(|(k, _)| !list.account_wide || k.starts_with(prefix))
        .collect()
}

/// The first item whose compared members differ from the model's item of
/// the same name, as (item name, expected, actual). Lists whose names are
/// not unique are not compared item by item.
pub fn item_divergence(
    operation: &str,
    predicted: &[(String, Value)],
    actual: &[(String, Value)],
) -> Option<(String, String, String)> {
    let list = crate::operations::by_name(operation).and_then(|d| d.list)?;
    if !list.unique {
        return None;
    }
    actual.iter().find_map(|(name, item)| {
        let (_, want) = predicted.iter().find(|(n, _)| n == name)?;
        member_divergence(list.compared, want, item).map(|(e, a)| (name.clone(), e, a))
    })
}

/// `{a, b}`.
pub fn render_set(items: &BTreeSet<&String>) -> String {
    format!(
        "{{{}}}",
        items
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}
