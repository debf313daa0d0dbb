//! Constraint validation of an input against the operation's schema, with
//! AWS's ValidationException message form (FMT-003, recorded):
//! `N validation error(s) detected: Value '<v>' at '<member>' failed to satisfy constraint: <constraint>`.

use crate::catalog::Operation;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A constraint violation found in an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// Error code AWS uses for it.
    pub code: &'static str,
    /// AWS-style message.
    pub message: String,
    /// Each violated constraint: JSON pointer of the value, keyword, numeric limit.
    pub violations: Vec<(String, &'static str, Option<f64>)>,
}

impl Invalid {
    /// The error response AWS gives, with its evidence.
    pub fn response(&self) -> lambda_model::Response {
        let rule = if self.code == "ValidationException" {
            &lambda_model::rules::SCHEMA_CONSTRAINTS
        } else {
            &lambda_model::rules::RUNTIME_ENUM
        };
        let mut response = lambda_model::error_response(self.code, &self.message, rule.evidence);
        response.rule = Some(rule);
        response
    }

    /// Whether every violation is a numeric range (`minimum`/`maximum`).
    pub fn only_ranges(&self) -> bool {
        self.violations
            .iter()
            .all(|(_, k, _)| matches!(*k, "minimum" | "maximum"))
    }
}

/// camelCase member path as AWS prints it: `/VpcConfig/SubnetIds/0` -> `vpcConfig.subnetIds`.
fn member_path(pointer: &str) -> String {
    pointer
        .split('/')
        .filter(|s| !s.is_empty() && s.parse::<usize>().is_err())
        .map(|s| {
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Java-style rendering of a value: strings quoted, lists `[a, b]`, maps `{k=v}`.
fn java_value(v: &Value) -> String {
    fn inner(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Array(a) => format!("[{}]", a.iter().map(inner).collect::<Vec<_>>().join(", ")),
            Value::Object(o) => format!(
                "{{{}}}",
                o.iter()
                    .map(|(k, v)| format!("{k}={}", inner(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Number(n) if n.is_f64() => format!("{:?}", n.as_f64().unwrap_or(0.0)),
            other => other.to_string(),
        }
    }
    match v {
        Value::Null => "null".into(),
        other => format!("'{}'", inner(other)),
    }
}

/// ECMA pattern -> the model's Java pattern, from the schema's `x-java-pattern`.
fn java_patterns(op: &Operation) -> &'static HashMap<String, String> {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<String, &'static HashMap<String, String>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut guard = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(m) = guard.get(&op.name) {
        return m;
    }
    let mut map = HashMap::new();
    if let Some(defs) = op.schema.get("$defs").and_then(Value::as_object) {
        for d in defs.values() {
            if let (Some(p), Some(j)) = (
                d.get("pattern").and_then(Value::as_str),
                d.get("x-java-pattern").and_then(Value::as_str),
            ) {
                map.insert(p.to_string(), j.to_string());
            }
        }
    }
    let leaked: &'static HashMap<String, String> = Box::leak(Box::new(map));
    guard.insert(op.name.clone(), leaked);
    leaked
}

/// Validates an input; None when it satisfies every constraint.
pub fn validate(op: &Operation, input: &Value) -> Option<Invalid> {
    let validator = op.input_validator()?;
    if validator.is_valid(input) {
        return None;
    }
    let mut items = Vec::new();
    let mut violations = Vec::new();
    for e in validator.iter_errors(input) {
        let pointer = e.instance_path().to_string();
        violations.push((pointer.clone(), keyword(e.kind()), limit(e.kind())));
        let instance = input.pointer(&pointer).cloned().unwrap_or(Value::Null);
        let path = member_path(&pointer);
        let item = match e.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let full = if path.is_empty() {
                    member_path(name)
                } else {
                    format!("{path}.{}", member_path(name))
                };
                format!(
                    "Value null at '{full}' failed to satisfy constraint: Member must not be null"
                )
            }
            ValidationErrorKind::MaxLength { limit } | ValidationErrorKind::MaxItems { limit } => {
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {limit}",
                    java_value(&instance)
                )
            }
            ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MinItems { limit } => {
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {limit}",
                    java_value(&instance)
                )
            }
            ValidationErrorKind::Maximum { limit } => {
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must have value less than or equal to {limit}",
                    java_value(&instance)
                )
            }
            ValidationErrorKind::Minimum { limit } => {
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {limit}",
                    java_value(&instance)
                )
            }
            ValidationErrorKind::Pattern { pattern } => {
                let java = java_patterns(op)
                    .get(pattern.as_str())
                    .cloned()
                    .unwrap_or_else(|| pattern.to_string());
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {java}",
                    java_value(&instance)
                )
            }
            ValidationErrorKind::Enum { options } => {
                if path == "runtime" {
                    // VAL-018 (recorded): an unknown Runtime is an InvalidParameterValueException with its own wording.
                    return Some(Invalid {
                        violations,
                        code: "InvalidParameterValueException",
                        message: format!(
                            "Value {} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: {} or be a valid ARN",
                            instance.as_str().unwrap_or_default(),
                            java_value(options).trim_matches('\'')
                        ),
                    });
                }
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: {}",
                    java_value(&instance),
                    java_value(options).trim_matches('\'')
                )
            }
            _ => {
                // Wrong JSON types: inferred, AWS rejects them before validation.
                return Some(Invalid {
                    violations,
                    code: "InvalidRequestContentException",
                    message: format!(
                        "Could not parse request body into json: unexpected value at '{path}'"
                    ),
                });
            }
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    let n = items.len();
    Some(Invalid {
        violations,
        code: "ValidationException",
        message: format!(
            "{n} validation error{} detected: {}",
            if n == 1 { "" } else { "s" },
            items.join("; ")
        ),
    })
}

/// The JSON Schema keyword of a violation.
fn keyword(kind: &ValidationErrorKind) -> &'static str {
    match kind {
        ValidationErrorKind::Required { .. } => "required",
        ValidationErrorKind::MaxLength { .. } => "maxLength",
        ValidationErrorKind::MinLength { .. } => "minLength",
        ValidationErrorKind::MaxItems { .. } => "maxItems",
        ValidationErrorKind::MinItems { .. } => "minItems",
        ValidationErrorKind::Maximum { .. } => "maximum",
        ValidationErrorKind::Minimum { .. } => "minimum",
        ValidationErrorKind::Pattern { .. } => "pattern",
        ValidationErrorKind::Enum { .. } => "enum",
        _ => "type",
    }
}

/// The numeric limit of a range violation.
fn limit(kind: &ValidationErrorKind) -> Option<f64> {
    match kind {
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::Minimum { limit } => {
            limit.as_f64()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use serde_json::json;

    #[test]
    fn aws_message_form() {
        let op = Catalog::embedded().get("AddPermission").unwrap();
        let bad = json!({"FunctionName": "f", "StatementId": "example.com", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
        let e = validate(op, &bad).unwrap();
        assert_eq!(e.code, "ValidationException");
        // PERM-004 (recorded)
        assert_eq!(
            e.message,
            "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"
        );
        let good = json!({"FunctionName": "f", "StatementId": "ok-1", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
        assert_eq!(validate(op, &good), None);
    }

    #[test]
    fn numeric_alias_names_are_rejected() {
        let op = Catalog::embedded().get("CreateAlias").unwrap();
        let e = validate(
            op,
            &json!({"FunctionName": "f", "Name": "2024", "FunctionVersion": "1"}),
        )
        .unwrap();
        assert!(e.message.contains("at 'name'"), "{}", e.message); // ALI-010 (recorded)
    }
}
