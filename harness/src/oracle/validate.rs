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
    /// Whether the answer is inferred: a wrong JSON type (no recording), or an unknown
    /// Runtime together with other violations (VAL-018 recorded the Runtime alone, and which
    /// AWS reports first is not recorded).
    pub inferred: bool,
}

impl Invalid {
    /// The error response AWS gives, with its evidence.
    pub fn response(&self) -> lambda_model::Response {
        let rule = if self.code == "ValidationException" {
            &lambda_model::rules::SCHEMA_CONSTRAINTS
        } else {
            &lambda_model::rules::RUNTIME_ENUM
        };
        let evidence = if self.inferred {
            lambda_model::Evidence::Inferred
        } else {
            rule.evidence
        };
        let mut response = lambda_model::error_response(self.code, &self.message, evidence);
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

/// Enums AWS lists in another order than the service model's, as recorded:
/// StartingPosition (LocalStack test_create_event_source_validation and
/// test_create_event_source_validation_kinesis, `invalid_starting_position`).
const AWS_ENUM_ORDER: &[(&str, &[&str])] = &[(
    "startingPosition",
    &["LATEST", "AT_TIMESTAMP", "TRIM_HORIZON"],
)];

/// The enum list as AWS prints it for `path`, when a recording says its
/// order and it holds the same values as the schema's.
fn aws_enum_order(path: &str, options: &Value) -> Option<String> {
    let (_, order) = AWS_ENUM_ORDER.iter().find(|(p, _)| *p == path)?;
    let schema: Vec<&str> = options
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let same = schema.len() == order.len() && order.iter().all(|v| schema.contains(v));
    same.then(|| format!("[{}]", order.join(", ")))
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
        if let Some(item) = collection_item(op, input, &pointer, e.kind()) {
            if !items.contains(&item) {
                items.push(item);
            }
            continue;
        }
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
                        inferred: validator.iter_errors(input).nth(1).is_some(),
                        code: "InvalidParameterValueException",
                        message: lambda_model::unknown_runtime_message(
                            instance.as_str().unwrap_or_default(),
                        ),
                    });
                }
                format!(
                    "Value {} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: {}",
                    java_value(&instance),
                    aws_enum_order(&path, options)
                        .unwrap_or_else(|| java_value(options).trim_matches('\'').to_string())
                )
            }
            _ => {
                // Wrong JSON types: inferred, AWS rejects them before validation.
                return Some(Invalid {
                    violations,
                    inferred: true,
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
        inferred: false,
        code: "ValidationException",
        message: format!(
            "{n} validation error{} detected: {}",
            if n == 1 { "" } else { "s" },
            items.join("; ")
        ),
    })
}

/// AWS's form for a member of a list or map that breaks a constraint
/// (recorded: VAL-029 Layers, VAL-034 SubnetIds, ALI-015 map keys, and the
/// Architectures and map-value recordings of the same LocalStack tests): the
/// whole collection is quoted, and every constraint of the member shape is
/// listed, not only the one broken. "Member must not be null" closes the list
/// for list members and map values, except where the member may be empty
/// (SubnetId and SecurityGroupId, minimum length 0, are recorded without it;
/// inferred from these three recordings); map keys never carry it.
fn collection_item(
    op: &Operation,
    input: &Value,
    pointer: &str,
    kind: &ValidationErrorKind,
) -> Option<String> {
    let input_schema = op.schema.pointer("/$defs/Input")?;
    if matches!(kind, ValidationErrorKind::PropertyNames { .. }) {
        let map_schema = schema_at(op, input_schema, pointer)?;
        let keys = resolve(op, map_schema.get("propertyNames")?)?;
        let map = input.pointer(pointer)?;
        return Some(format!(
            "Value {} at '{}' failed to satisfy constraint: Map keys must satisfy constraint: [{}]",
            java_map(map),
            member_path(pointer),
            constraints(op, keys, false).join(", ")
        ));
    }
    if matches!(kind, ValidationErrorKind::Required { .. }) {
        return None;
    }
    let (parent_pointer, _) = pointer.rsplit_once('/')?;
    let parent = input.pointer(parent_pointer)?;
    let parent_schema = schema_at(op, input_schema, parent_pointer)?;
    let member = schema_at(op, input_schema, pointer)?;
    if !matches!(
        member.get("type").and_then(Value::as_str),
        Some("string" | "number" | "integer")
    ) {
        return None;
    }
    let (value, form) = match parent {
        Value::Array(_) => (java_value(parent), "Member must satisfy constraint"),
        Value::Object(_) if parent_schema.get("additionalProperties").is_some() => {
            (java_map(parent), "Map value must satisfy constraint")
        }
        _ => return None,
    };
    let nullable = member.get("minLength").and_then(Value::as_u64) == Some(0);
    Some(format!(
        "Value {value} at '{}' failed to satisfy constraint: {form}: [{}]",
        member_path(parent_pointer),
        constraints(op, member, !nullable).join(", ")
    ))
}

/// A map as AWS's Java service prints it: `{k=v}`, numbers as doubles.
fn java_map(map: &Value) -> String {
    let Some(o) = map.as_object() else {
        return java_value(map);
    };
    let entries: Vec<String> = o
        .iter()
        .map(|(k, v)| match v {
            Value::Number(n) => format!("{k}={:?}", n.as_f64().unwrap_or(0.0)),
            other => format!("{k}={}", java_value(other).trim_matches('\'')),
        })
        .collect();
    format!("'{{{}}}'", entries.join(", "))
}

/// Every constraint of a scalar shape, in AWS's order.
fn constraints(op: &Operation, shape: &Value, not_null: bool) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = shape.get("maxLength") {
        out.push(format!("Member must have length less than or equal to {n}"));
    }
    if let Some(n) = shape.get("minLength") {
        out.push(format!(
            "Member must have length greater than or equal to {n}"
        ));
    }
    if let Some(n) = shape.get("maximum") {
        out.push(format!(
            "Member must have value less than or equal to {}",
            double(n)
        ));
    }
    if let Some(n) = shape.get("minimum") {
        out.push(format!(
            "Member must have value greater than or equal to {}",
            double(n)
        ));
    }
    if let Some(p) = shape.get("pattern").and_then(Value::as_str) {
        let java = java_patterns(op)
            .get(p)
            .cloned()
            .unwrap_or_else(|| p.to_string());
        out.push(format!(
            "Member must satisfy regular expression pattern: {java}"
        ));
    }
    if let Some(e) = shape.get("enum") {
        out.push(format!(
            "Member must satisfy enum value set: {}",
            java_value(e).trim_matches('\'')
        ));
    }
    if not_null {
        out.push("Member must not be null".into());
    }
    out
}

/// A numeric limit as Java prints a double (`1.0`) or an integer (`128`).
fn double(n: &Value) -> String {
    match n.as_i64() {
        Some(_) => n.to_string(),
        None => format!("{:?}", n.as_f64().unwrap_or(0.0)),
    }
}

/// Follows a local `$ref` (bare or as `allOf`'s only member) into the operation's `$defs`.
fn resolve<'a>(op: &'a Operation, schema: &'a Value) -> Option<&'a Value> {
    let target = schema
        .get("$ref")
        .or_else(|| schema.pointer("/allOf/0/$ref"))
        .and_then(Value::as_str);
    match target {
        Some(r) => resolve(op, op.schema.pointer(r.strip_prefix('#')?)?),
        None => Some(schema),
    }
}

/// The schema of the value at `pointer` under the input schema.
fn schema_at<'a>(op: &'a Operation, input: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut schema = resolve(op, input)?;
    for segment in pointer.split('/').filter(|s| !s.is_empty()) {
        let next = if let Some(items) = schema.get("items") {
            items
        } else if let Some(p) = schema.get("properties").and_then(|p| p.get(segment)) {
            p
        } else {
            schema.get("additionalProperties")?
        };
        schema = resolve(op, next)?;
    }
    Some(schema)
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
        ValidationErrorKind::PropertyNames { .. } => "propertyNames",
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
    fn an_unknown_runtime_is_recorded_alone_and_inferred_with_other_violations() {
        let op = Catalog::embedded().get("CreateFunction").unwrap();
        let base = json!({"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r",
            "Runtime": "python0.1", "Handler": "h.h", "Code": {"ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}});
        let alone = validate(op, &base).unwrap();
        assert_eq!(alone.code, "InvalidParameterValueException");
        assert!(!alone.inferred);
        assert_ne!(alone.response().evidence, lambda_model::Evidence::Inferred);
        let mut two = base.clone();
        two["Role"] = json!("r1");
        let both = validate(op, &two).unwrap();
        assert!(both.inferred, "{both:?}");
        assert_eq!(both.response().evidence, lambda_model::Evidence::Inferred);
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

    #[test]
    fn list_members_quote_the_list_and_every_constraint() {
        let create = Catalog::embedded().get("CreateFunction").unwrap();
        let base = json!({"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"ZipFile": "UEs="}});
        let with = |member: &str, value: Value| {
            let mut input = base.clone();
            input[member] = value;
            validate(create, &input).unwrap().message
        };
        // Recorded: LocalStack test_create_lambda_exceptions (uppercase_architecture).
        assert_eq!(
            with("Architectures", json!(["X86_64"])),
            "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
        );
        // VAL-034 (recorded): a member that may be empty carries no "not null".
        assert_eq!(
            with(
                "VpcConfig",
                json!({"SubnetIds": ["bad-id"], "SecurityGroupIds": []})
            ),
            "1 validation error detected: Value '[bad-id]' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: subnet-[0-9a-z]*]"
        );
    }

    #[test]
    fn map_keys_and_values_quote_the_map() {
        let op = Catalog::embedded().get("CreateAlias").unwrap();
        let alias = |weights: Value| {
            validate(
                op,
                &json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "1",
                        "RoutingConfig": {"AdditionalVersionWeights": weights}}),
            )
            .unwrap()
        };
        // ALI-015 (recorded): a key that is not a version number.
        let e = alias(json!({"$LATEST": 0.5}));
        assert_eq!(e.code, "ValidationException");
        assert_eq!(
            e.message,
            "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]"
        );
        // Recorded: LocalStack test_notfound_and_invalid_routingconfigs (routing_config_exc_toohigh).
        assert_eq!(
            alias(json!({"2": 2})).message,
            "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]"
        );
    }

    #[test]
    fn starting_position_is_listed_in_aws_order() {
        let op = Catalog::embedded().get("CreateEventSourceMapping").unwrap();
        let e = validate(
            op,
            &json!({"FunctionName": "f", "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                    "StartingPosition": "invalid"}),
        )
        .unwrap();
        // Recorded: LocalStack test_create_event_source_validation (invalid_starting_position).
        assert_eq!(
            e.message,
            "1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"
        );
    }
}
