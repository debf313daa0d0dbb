//! Consistency between operations: two descriptions of one function that
//! nothing changed in between (GetFunction's Configuration,
//! GetFunctionConfiguration, its ListFunctions item) must agree, member by
//! member, whatever the reference model knows of those members.

use super::Violation;
use crate::findings::{CheckKind, Evidence};
use serde_json::Value;

/// Members that say where a function is in a transition: a read may see it
/// end between two others.
const TRANSIENT: &[&str] = &[
    "State",
    "StateReason",
    "StateReasonCode",
    "LastUpdateStatus",
    "LastUpdateStatusReason",
    "LastUpdateStatusReasonCode",
];

/// The members in which two configurations of one unchanged function differ,
/// as `Member: a | b`. Members only one of them carries are left out when
/// `partial` (a list item carries fewer by design, LIST-001).
pub fn differences(first: &Value, second: &Value, partial: bool) -> Vec<String> {
    let (Some(a), Some(b)) = (first.as_object(), second.as_object()) else {
        return Vec::new();
    };
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|k| !TRANSIENT.contains(&k.as_str()))
        .filter_map(|k| match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) if x != y => Some(format!("{k}: {x} | {y}")),
            (Some(_), None) | (None, Some(_)) if !partial => Some(format!(
                "{k}: {} | {}",
                a.get(k).map_or("absent".into(), Value::to_string),
                b.get(k).map_or("absent".into(), Value::to_string)
            )),
            _ => None,
        })
        .collect()
}

/// The violation two disagreeing descriptions make, named after the
/// operations that gave them; None when they agree.
pub fn check(first_op: &str, first: &Value, second_op: &str, second: &Value) -> Option<Violation> {
    let partial = first_op == "ListFunctions" || second_op == "ListFunctions";
    let differ = differences(first, second, partial);
    if differ.is_empty() {
        return None;
    }
    let members: Vec<&str> = differ.iter().filter_map(|d| d.split(':').next()).collect();
    Some(Violation {
        check: CheckKind::Invariant,
        expected: format!("the configuration {first_op} showed (nothing changed in between)"),
        actual: format!("another {}", members.join(", ")),
        detail: format!("{first_op} | {second_op}: {}", differ.join("; ")),
        evidence: Evidence::documented(
            "API reference: GetFunction's Configuration, GetFunctionConfiguration and ListFunctions' items are the same FunctionConfiguration; reads change nothing",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn descriptions_that_differ_are_named_by_member() {
        let get = json!({"FunctionName": "f", "Timeout": 3, "State": "Pending", "Role": "r"});
        let config = json!({"FunctionName": "f", "Timeout": 3, "State": "Active", "Role": "r"});
        assert_eq!(
            check("GetFunction", &get, "GetFunctionConfiguration", &config),
            None
        );
        let other = json!({"FunctionName": "f", "Timeout": 30, "State": "Active"});
        let v = check("GetFunction", &get, "GetFunctionConfiguration", &other).unwrap();
        assert_eq!(v.actual, "another Role, Timeout");
        // A list item leaves members out by design; only values it carries count.
        assert_eq!(
            check(
                "GetFunctionConfiguration",
                &config,
                "ListFunctions",
                &json!({"FunctionName": "f"})
            ),
            None
        );
        let v = check(
            "GetFunctionConfiguration",
            &config,
            "ListFunctions",
            &json!({"Timeout": 9}),
        )
        .unwrap();
        assert_eq!(v.actual, "another Timeout");
    }
}
