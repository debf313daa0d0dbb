//! Every constraint on every input member of an operation, read from its JSON
//! Schema (`$defs.Input`, corrections applied) plus the catalog's extra
//! constraints: required, minLength/maxLength, minimum/maximum, enum,
//! pattern, minItems/maxItems, down nested structures and list items.

use crate::catalog::{Catalog, Location, Operation};
use serde_json::Value;

/// What a constraint limits.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// The member must be present.
    Required,
    /// Shortest string.
    MinLength(u64),
    /// Longest string.
    MaxLength(u64),
    /// Smallest number.
    Minimum(f64),
    /// Largest number.
    Maximum(f64),
    /// One of these strings.
    Enum(Vec<String>),
    /// A full match of this ECMA pattern (the model's Java text beside it).
    Pattern {
        /// Anchored ECMA-262 pattern.
        ecma: String,
        /// The model's Java pattern.
        java: String,
    },
    /// Fewest list items.
    MinItems(u64),
    /// Most list items.
    MaxItems(u64),
}

impl Kind {
    /// The JSON Schema keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            Kind::Required => "required",
            Kind::MinLength(_) => "minLength",
            Kind::MaxLength(_) => "maxLength",
            Kind::Minimum(_) => "minimum",
            Kind::Maximum(_) => "maximum",
            Kind::Enum(_) => "enum",
            Kind::Pattern { .. } => "pattern",
            Kind::MinItems(_) => "minItems",
            Kind::MaxItems(_) => "maxItems",
        }
    }
}

/// One constraint on one input member.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// Operation.
    pub operation: String,
    /// Member path by model names; `[]` stands for a list item.
    pub path: Vec<String>,
    /// Where the top-level member travels.
    pub location: Location,
    /// What is limited.
    pub kind: Kind,
    /// Only values of this form are limited (`plain-name`: a function name, not an ARN).
    pub form: Option<String>,
    /// Error code AWS answers a violation with.
    pub code: String,
    /// Where the constraint comes from.
    pub source: String,
    /// Whether the source is a recording of AWS (not only the service model).
    pub recorded: bool,
}

impl Constraint {
    /// The member path as printed, e.g. `VpcConfig.SubnetIds[]`.
    pub fn member(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            if seg == "[]" {
                out.push_str("[]");
            } else {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(seg);
            }
        }
        out
    }

    /// A stable id naming the constraint, e.g. `MemorySize minimum 128`.
    pub fn id(&self) -> String {
        let bound = match &self.kind {
            Kind::Required => String::new(),
            Kind::MinLength(n) | Kind::MaxLength(n) | Kind::MinItems(n) | Kind::MaxItems(n) => {
                format!(" {n}")
            }
            Kind::Minimum(n) | Kind::Maximum(n) => format!(" {}", number(*n)),
            Kind::Enum(v) => format!(" ({} values)", v.len()),
            Kind::Pattern { java, .. } => format!(" {}", short(java, 60)),
        };
        let form = self
            .form
            .as_deref()
            .map(|f| format!(" ({})", f.replace('-', " ")))
            .unwrap_or_default();
        format!("{} {}{bound}{form}", self.member(), self.kind.keyword())
    }

    /// JSON pointer of the member in an input (list items at index 0).
    pub fn pointer(&self) -> String {
        pointer_of(&self.path)
    }
}

/// JSON pointer of a member path (list items at index 0).
pub fn pointer_of(path: &[String]) -> String {
    path.iter()
        .map(|s| {
            if s == "[]" {
                "/0".to_string()
            } else {
                format!("/{s}")
            }
        })
        .collect()
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Follows `$ref` and `allOf` to the definition that carries the constraints.
pub fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix("#").and_then(|p| schema.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(first) = node
            .get("allOf")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            node = first;
        } else {
            return node;
        }
    }
    node
}

/// The resolved schema of the member at `path` (None when the path leaves the schema).
pub fn member_schema<'a>(schema: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut node = resolve(schema, schema.pointer("/$defs/Input")?);
    for seg in path {
        node = if seg == "[]" {
            resolve(schema, node.get("items")?)
        } else {
            resolve(schema, node.get("properties")?.get(seg)?)
        };
    }
    Some(node)
}

/// Nesting depth explored below a top-level member.
const MAX_DEPTH: usize = 4;

/// Every constraint of one operation's input, in member order.
pub fn of_operation(catalog: &Catalog, op: &Operation) -> Vec<Constraint> {
    let schema = &op.schema;
    let Some(input) = schema.pointer("/$defs/Input") else {
        return Vec::new();
    };
    let input = resolve(schema, input);
    let mut out = Vec::new();
    let location_of = |member: &str| {
        op.input
            .iter()
            .find(|m| m.name == member)
            .map(|m| m.location)
            .unwrap_or(Location::Body)
    };
    walk_object(
        schema,
        input,
        &mut Vec::new(),
        &mut out,
        &|path: &[String]| location_of(&path[0]),
    );
    for c in &mut out {
        c.operation = op.name.clone();
    }
    for extra in catalog.extra_constraints(&op.name) {
        let kind = match extra.kind.as_str() {
            "maxLength" => Kind::MaxLength(extra.limit.max(0) as u64),
            "minLength" => Kind::MinLength(extra.limit.max(0) as u64),
            "maximum" => Kind::Maximum(extra.limit as f64),
            "minimum" => Kind::Minimum(extra.limit as f64),
            _ => continue,
        };
        out.push(Constraint {
            operation: op.name.clone(),
            path: vec![extra.member.clone()],
            location: location_of(&extra.member),
            kind,
            form: extra.form.clone(),
            code: extra.code.clone(),
            source: extra.evidence.clone(),
            recorded: true,
        });
    }
    out
}

fn walk_object(
    schema: &Value,
    object: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<Constraint>,
    location: &dyn Fn(&[String]) -> Location,
) {
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let Some(props) = object.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, prop) in props {
        path.push(name.clone());
        let loc = location(path);
        if required.contains(&name.as_str()) {
            out.push(model_constraint(path, loc, Kind::Required, None));
        }
        walk_member(schema, resolve(schema, prop), path, out, location, loc);
        path.pop();
    }
}

fn walk_member(
    schema: &Value,
    node: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<Constraint>,
    location: &dyn Fn(&[String]) -> Location,
    loc: Location,
) {
    let corrected = node.get("x-corrected").and_then(Value::as_str);
    let mut push = |kind: Kind| out.push(model_constraint(path, loc, kind, corrected));
    let u = |k: &str| node.get(k).and_then(Value::as_u64);
    let f = |k: &str| node.get(k).and_then(Value::as_f64);
    if let Some(n) = u("minLength").filter(|n| *n > 0) {
        push(Kind::MinLength(n));
    }
    if let Some(n) = u("maxLength") {
        push(Kind::MaxLength(n));
    }
    if let Some(n) = f("minimum") {
        push(Kind::Minimum(n));
    }
    if let Some(n) = f("maximum") {
        push(Kind::Maximum(n));
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        push(Kind::Enum(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ));
    }
    if let Some(p) = node.get("pattern").and_then(Value::as_str) {
        let java = node
            .get("x-java-pattern")
            .and_then(Value::as_str)
            .unwrap_or(p)
            .to_string();
        push(Kind::Pattern {
            ecma: p.to_string(),
            java,
        });
    }
    if let Some(n) = u("minItems").filter(|n| *n > 0) {
        push(Kind::MinItems(n));
    }
    if let Some(n) = u("maxItems") {
        push(Kind::MaxItems(n));
    }
    if path.len() > MAX_DEPTH {
        return;
    }
    if let Some(items) = node.get("items") {
        path.push("[]".into());
        walk_member(schema, resolve(schema, items), path, out, location, loc);
        path.pop();
    }
    if node.get("properties").is_some() {
        walk_object(schema, node, path, out, location);
    }
}

fn model_constraint(
    path: &[String],
    location: Location,
    kind: Kind,
    corrected: Option<&str>,
) -> Constraint {
    let member = path.join(".").replace(".[]", "[]");
    let (source, recorded) = match corrected {
        Some(evidence) => (evidence.to_string(), evidence.contains("recorded")),
        None => (format!("service model: {member} {}", kind.keyword()), false),
    };
    // VAL-018 (recorded): an unknown Runtime is an InvalidParameterValueException, not a ValidationException.
    let code = if path == ["Runtime"] && matches!(kind, Kind::Enum(_)) {
        "InvalidParameterValueException"
    } else {
        // FMT-003 (recorded): front-end constraint violations are 400 ValidationException.
        "ValidationException"
    };
    Constraint {
        operation: String::new(),
        path: path.to_vec(),
        location,
        kind,
        form: None,
        code: code.to_string(),
        source,
        recorded,
    }
}

/// The first member of `input` at the upper edge of its range (a string of
/// its maximum length, a number at its maximum), for fault `rejects-valid-edge`.
pub fn at_upper_edge(op: &Operation, input: &Value) -> Option<String> {
    let catalog = Catalog::embedded();
    of_operation(catalog, op).into_iter().find_map(|c| {
        let v = input.pointer(&c.pointer())?;
        let hit = match c.kind {
            Kind::MaxLength(n) => v.as_str().is_some_and(|s| s.chars().count() as u64 == n),
            Kind::Maximum(m) => v.as_f64() == Some(m),
            _ => false,
        };
        hit.then(|| c.member())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(op: &str) -> Vec<String> {
        let catalog = Catalog::embedded();
        of_operation(catalog, catalog.get(op).unwrap())
            .iter()
            .map(Constraint::id)
            .collect()
    }

    #[test]
    fn create_function_constraints_include_corrections_and_nested_members() {
        let ids = ids("CreateFunction");
        for want in [
            "FunctionName required",
            "FunctionName maxLength 140",
            "FunctionName maxLength 64 (plain name)",
            "MemorySize minimum 128",
            "MemorySize maximum 10240",
            "Timeout minimum 1",
            "Timeout maximum 900",
            "Architectures maxItems 1",
            "Architectures[] enum (2 values)",
            "Layers[] maxLength 2048",
            "Description maxLength 256",
        ] {
            assert!(
                ids.iter().any(|i| i == want),
                "{want} missing from {ids:#?}"
            );
        }
        assert!(ids.iter().any(|i| i == "VpcConfig.SubnetIds maxItems 16"));
        assert!(!ids.iter().any(|i| i == "MemorySize maximum 32768"));
    }
}
