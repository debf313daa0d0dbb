//! Persistence: what a successful request set is what the answer (or a later
//! read) shows, member by member. Which members AWS shows as asked is the
//! reference model's to say: a member counts only where the model's own
//! answer shows the model's request value, so defaults, derived values and
//! members AWS answers in another shape (Layers, Enabled → State) are left out.

use super::Violation;
use crate::findings::{CheckKind, Evidence};
use serde_json::Value;

/// Whether a value asks to clear a member rather than set it: an empty
/// string (KMSKeyArn "" restores the default key, DeadLetterConfig.TargetArn
/// "" removes the queue), list or map. How AWS shows a cleared member is not
/// recorded, so such values are not compared.
fn clears(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.values().all(clears),
        _ => false,
    }
}

/// The leaves a request sets, as JSON pointers: scalars and lists of
/// scalars; maps of strings (Environment.Variables, Tags) as a whole.
fn leaves(v: &Value, path: String, out: &mut Vec<String>) {
    if clears(v) {
        return;
    }
    match v {
        Value::Object(m) if m.values().all(Value::is_string) && !path.is_empty() => out.push(path),
        Value::Object(m) => {
            for (k, child) in m {
                leaves(
                    child,
                    format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => out.push(path),
        Value::Array(_) => {}
        _ => out.push(path),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The first member `endpoint_input` set that `endpoint_body` shows
/// otherwise, among the members `model_body` shows as `model_input` asked.
/// `what` names the answer (e.g. "the answer", "GetFunctionConfiguration afterwards").
pub fn not_as_asked(
    endpoint_input: &Value,
    endpoint_body: &Value,
    model_input: &Value,
    model_body: &Value,
    what: &str,
) -> Option<Violation> {
    let mut pointers = Vec::new();
    leaves(endpoint_input, String::new(), &mut pointers);
    pointers.into_iter().find_map(|p| {
        let asked_model = model_input.pointer(&p)?;
        if !model_body.pointer(&p).is_some_and(|v| same(v, asked_model)) {
            return None;
        }
        let asked = endpoint_input.pointer(&p)?;
        let shown = endpoint_body.pointer(&p);
        if shown.is_some_and(|v| same(v, asked)) {
            return None;
        }
        let member = p.trim_start_matches('/').replace('/', ".");
        let shown_text = shown.map_or_else(|| "nothing".to_string(), Value::to_string);
        Some(Violation {
            check: CheckKind::Prediction,
            expected: format!("{member} as asked in {what}"),
            actual: format!("{member} stored otherwise"),
            detail: format!(
                "asked {member} = {}, {what} shows {shown_text}",
                clip(&asked.to_string())
            ),
            evidence: Evidence::documented(
                "API reference: the answer and later reads describe the resource as configured; \
                 the reference model shows this member as asked",
            ),
        })
    })
}

fn clip(s: &str) -> String {
    if s.chars().count() > 120 {
        format!(
            "{}… ({} characters)",
            s.chars().take(120).collect::<String>(),
            s.chars().count()
        )
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_clamped_value_is_named() {
        let input =
            json!({"FunctionName": "f", "Timeout": 900, "Environment": {"Variables": {"A": "1"}}});
        let model =
            json!({"FunctionName": "f", "Timeout": 900, "Environment": {"Variables": {"A": "1"}}});
        let endpoint =
            json!({"FunctionName": "f", "Timeout": 300, "Environment": {"Variables": {"A": "1"}}});
        let v = not_as_asked(&input, &endpoint, &input, &model, "the answer").expect("clamped");
        assert_eq!(v.expected, "Timeout as asked in the answer");
        assert_eq!(v.detail, "asked Timeout = 900, the answer shows 300");
        assert!(not_as_asked(&input, &model, &input, &model, "the answer").is_none());
    }

    #[test]
    fn members_the_model_does_not_echo_are_not_compared() {
        // AWS answers Layers as objects and Enabled as a State: the model's answer differs
        // from its request there, so the endpoint's is not judged.
        let input = json!({"Layers": ["arn:l:1"], "Enabled": false});
        let model = json!({"Layers": [{"Arn": "arn:l:1"}], "State": "Disabled"});
        let endpoint = json!({});
        assert!(not_as_asked(&input, &endpoint, &input, &model, "the answer").is_none());
    }

    #[test]
    fn values_that_clear_a_member_are_not_compared() {
        let input = json!({"KMSKeyArn": "", "DeadLetterConfig": {"TargetArn": ""}, "Layers": []});
        let model = input.clone();
        let endpoint = json!({});
        assert!(not_as_asked(&input, &endpoint, &input, &model, "the answer").is_none());
    }

    #[test]
    fn each_side_is_compared_with_its_own_request() {
        let input = json!({"UUID": "endpoint-uuid", "BatchSize": 7});
        let model_input = json!({"UUID": "model-uuid", "BatchSize": 7});
        let model = json!({"UUID": "model-uuid", "BatchSize": 7});
        let endpoint = json!({"UUID": "endpoint-uuid", "BatchSize": 7});
        assert!(not_as_asked(&input, &endpoint, &model_input, &model, "the answer").is_none());
        let truncated = json!({"UUID": "endpoint-uuid", "BatchSize": 5});
        let v = not_as_asked(&input, &truncated, &model_input, &model, "the answer").unwrap();
        assert_eq!(v.actual, "BatchSize stored otherwise");
    }
}
