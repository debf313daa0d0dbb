//! Values just inside and just outside a constraint's boundary. Candidates
//! are generated here; the prober keeps the first one that, placed in the
//! operation's base request, breaks exactly the constraint (or none).

use crate::catalog::constraints::{Constraint, Kind, member_schema, resolve};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};

/// Which side of the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Just inside: AWS accepts it.
    Valid,
    /// Just outside: AWS rejects it.
    Invalid,
}

impl Side {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Side::Valid => "valid",
            Side::Invalid => "invalid",
        }
    }
}

/// A member's new value, or its removal.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set the member to this value.
    Set(Value),
    /// Leave the member out.
    Remove,
}

/// Strings that match `pattern` (anchored ECMA), sampled deterministically.
pub fn pattern_samples(pattern: &str, n: usize) -> Vec<String> {
    let inner = pattern
        .strip_prefix("^(?:")
        .and_then(|p| p.strip_suffix(")$"))
        .unwrap_or(pattern);
    // ASCII classes first (`\d` is not only 0-9 in Unicode mode), then as written.
    let Some(strategy) = proptest::string::string_regex(&format!("(?-u:{inner})"))
        .ok()
        .or_else(|| proptest::string::string_regex(inner).ok())
    else {
        return Vec::new();
    };
    let Ok(re) = fancy_regex::Regex::new(pattern) else {
        return Vec::new();
    };
    let mut runner = TestRunner::deterministic();
    let mut out = Vec::new();
    for _ in 0..n * 8 {
        if let Ok(tree) = strategy.new_tree(&mut runner) {
            let s = tree.current();
            if s.is_ascii() && re.is_match(&s).unwrap_or(false) && !out.contains(&s) {
                out.push(s);
                if out.len() >= n {
                    break;
                }
            }
        }
    }
    // Shortest first: the edges are reached by padding.
    out.sort_by_key(|s| s.len());
    out
}

/// A minimal value of a shape that satisfies its own constraints (best effort).
pub fn instance(schema: &Value, node: &Value, depth: usize) -> Value {
    let node = resolve(schema, node);
    if let Some(first) = node
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        return first.clone();
    }
    let min = |k: &str| node.get(k).and_then(Value::as_u64).unwrap_or(0) as usize;
    match node.get("type").and_then(Value::as_str).unwrap_or("") {
        "string" => {
            let len = min("minLength").max(1);
            if let Some(p) = node.get("pattern").and_then(Value::as_str)
                && let Some(s) = pattern_samples(p, 4)
                    .into_iter()
                    .find(|s| s.len() >= min("minLength"))
            {
                return json!(s);
            }
            json!("a".repeat(len))
        }
        "integer" => json!(node.get("minimum").and_then(Value::as_i64).unwrap_or(1)),
        "number" => json!(node.get("minimum").and_then(Value::as_f64).unwrap_or(0.0)),
        "boolean" => json!(true),
        "array" => {
            let item = node
                .get("items")
                .map(|i| instance(schema, i, depth + 1))
                .unwrap_or(json!("a"));
            Value::Array(vec![item; min("minItems").max(1)])
        }
        _ => {
            let mut obj = serde_json::Map::new();
            if depth < 6
                && let (Some(props), Some(req)) = (
                    node.get("properties").and_then(Value::as_object),
                    node.get("required").and_then(Value::as_array),
                )
            {
                for r in req.iter().filter_map(Value::as_str) {
                    if let Some(p) = props.get(r) {
                        obj.insert(r.to_string(), instance(schema, p, depth + 1));
                    }
                }
            }
            Value::Object(obj)
        }
    }
}

/// Fillers tried when a string is stretched to a length: kept by most patterns.
const FILLERS: [char; 5] = ['a', '0', 'A', '_', '-'];
/// Characters that break most patterns, safe in URIs, query strings and headers.
const BREAKERS: [char; 6] = ['!', '@', '*', '~', ' ', '#'];

/// `s` stretched or cut to `len` characters in a few ways.
fn resized(s: &str, len: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    if chars.len() < len {
        let extra = len - chars.len();
        // Positions: the end, before the last ':' segment's end, the start.
        for f in FILLERS {
            let pad: String = std::iter::repeat_n(f, extra).collect();
            out.push(format!("{s}{pad}"));
            if let Some(i) = s.rfind(':') {
                out.push(format!("{}{pad}{}", &s[..i], &s[i..]));
            }
            out.push(format!("{pad}{s}"));
        }
    } else {
        out.push(chars[..len].iter().collect());
        out.push(chars[chars.len() - len..].iter().collect());
    }
    out
}

/// Candidate edits for one side of one constraint, best first. `seeds` are
/// valid values of the member (from the base request, samples, the pattern).
pub fn candidates(
    schema: &Value,
    c: &Constraint,
    side: Side,
    seeds: &[Value],
    prefix: &str,
) -> Vec<Edit> {
    let node = member_schema(schema, &c.path);
    let is_integer = node
        .and_then(|n| n.get("type"))
        .and_then(Value::as_str)
        .is_some_and(|t| t == "integer" || t == "long");
    let strings: Vec<String> = seeds
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let set = |v: Value| Edit::Set(v);
    match (&c.kind, side) {
        (Kind::Required, Side::Invalid) => vec![Edit::Remove],
        (Kind::Required, Side::Valid) => seeds.iter().cloned().map(set).collect(),
        (Kind::MinLength(n), Side::Valid) | (Kind::MaxLength(n), Side::Valid) => {
            let len = *n as usize;
            let mut out = Vec::new();
            let free_text = node.is_some_and(|n| n.get("pattern").is_none());
            if matches!(c.kind, Kind::MaxLength(_)) && free_text && len >= 32 {
                // Free text at its longest, with unicode (all in the BMP, so
                // characters and UTF-16 units agree).
                let s = format!("{prefix}ünïcødé ✓ 日本 ");
                let fill = len.saturating_sub(s.chars().count());
                out.push(set(json!(format!("{s}{}", "a".repeat(fill)))));
            }
            out.extend(
                strings
                    .iter()
                    .flat_map(|s| resized(s, len))
                    .map(|s| set(json!(s))),
            );
            out
        }
        (Kind::MinLength(n), Side::Invalid) => {
            let len = (*n as usize).saturating_sub(1);
            strings
                .iter()
                .flat_map(|s| resized(s, len))
                .map(|s| set(json!(s)))
                .collect()
        }
        (Kind::MaxLength(n), Side::Invalid) => strings
            .iter()
            .flat_map(|s| resized(s, *n as usize + 1))
            .map(|s| set(json!(s)))
            .collect(),
        (Kind::Minimum(m), side) | (Kind::Maximum(m), side) => {
            let lower = matches!(c.kind, Kind::Minimum(_));
            let step = if is_integer { 1.0 } else { 0.01 };
            let v = match (side, lower) {
                (Side::Valid, _) => *m,
                (Side::Invalid, true) => m - step,
                (Side::Invalid, false) => m + step,
            };
            if is_integer {
                vec![set(json!(v as i64))]
            } else {
                vec![set(json!(v))]
            }
        }
        (Kind::Enum(values), Side::Valid) => {
            let mut out: Vec<Edit> = strings
                .iter()
                .filter(|s| values.contains(s))
                .map(|s| set(json!(s)))
                .collect();
            out.extend(values.iter().map(|v| set(json!(v))));
            out
        }
        (Kind::Enum(values), Side::Invalid) => {
            let base = strings
                .iter()
                .find(|s| values.contains(s))
                .or(values.first())
                .cloned()
                .unwrap_or_default();
            [
                base.to_uppercase(),
                base.to_lowercase(),
                format!("{base}x"),
                "not-a-valid-value".to_string(),
            ]
            .into_iter()
            .filter(|v| !values.contains(v))
            .map(|v| set(json!(v)))
            .collect()
        }
        (Kind::Pattern { .. }, Side::Valid) => strings.iter().map(|s| set(json!(s))).collect(),
        (Kind::Pattern { .. }, Side::Invalid) => {
            let mut out = Vec::new();
            for s in &strings {
                let chars: Vec<char> = s.chars().collect();
                for b in BREAKERS {
                    // One character replaced (the length stays), then one appended.
                    if let Some(last) = chars.len().checked_sub(1) {
                        let mut v = chars.clone();
                        v[last] = b;
                        out.push(set(json!(v.iter().collect::<String>())));
                        let mut v = chars.clone();
                        v[0] = b;
                        out.push(set(json!(v.iter().collect::<String>())));
                    }
                    out.push(set(json!(format!("{s}{b}"))));
                }
            }
            out
        }
        (Kind::MinItems(n), side) | (Kind::MaxItems(n), side) => {
            let lower = matches!(c.kind, Kind::MinItems(_));
            let count = match (side, lower) {
                (Side::Valid, _) => *n as usize,
                (Side::Invalid, true) => (*n as usize).saturating_sub(1),
                (Side::Invalid, false) => *n as usize + 1,
            };
            list_candidates(schema, c, seeds, count)
        }
    }
}

/// Lists of `count` items, distinct where the item shape allows.
fn list_candidates(schema: &Value, c: &Constraint, seeds: &[Value], count: usize) -> Vec<Edit> {
    let mut item_path = c.path.clone();
    item_path.push("[]".into());
    let item = member_schema(schema, &item_path);
    let base_items: Vec<Value> = seeds
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .cloned()
        .collect();
    let mut pool: Vec<Value> = base_items;
    if let Some(item) = item {
        if let Some(values) = item.get("enum").and_then(Value::as_array) {
            pool.extend(values.iter().cloned());
        }
        if let Some(p) = item.get("pattern").and_then(Value::as_str) {
            pool.extend(
                pattern_samples(p, count.max(2) + 2)
                    .into_iter()
                    .map(Value::from),
            );
        }
        pool.push(instance(schema, item, 0));
    }
    let mut distinct: Vec<Value> = Vec::new();
    for v in pool {
        if !distinct.contains(&v) {
            distinct.push(v);
        }
    }
    if distinct.is_empty() {
        return Vec::new();
    }
    let list: Vec<Value> = (0..count)
        .map(|i| distinct[i % distinct.len()].clone())
        .collect();
    let same: Vec<Value> = vec![distinct[0].clone(); count];
    vec![Edit::Set(Value::Array(list)), Edit::Set(Value::Array(same))]
}

/// Places an edit at a constraint's path in an input; missing parents are
/// created as minimal valid instances of their shapes.
pub fn apply(schema: &Value, input: &Value, path: &[String], edit: &Edit) -> Value {
    let mut out = input.clone();
    place(schema, &mut out, path, 0, edit);
    out
}

fn place(schema: &Value, node: &mut Value, path: &[String], i: usize, edit: &Edit) {
    let seg = &path[i];
    let last = i + 1 == path.len();
    if seg == "[]" {
        if !node.is_array() {
            *node = Value::Array(Vec::new());
        }
        let Some(list) = node.as_array_mut() else {
            return;
        };
        if last {
            match edit {
                Edit::Set(v) => {
                    if list.is_empty() {
                        list.push(v.clone());
                    } else {
                        list[0] = v.clone();
                    }
                }
                Edit::Remove => list.clear(),
            }
            return;
        }
        if list.is_empty() {
            let item = member_schema(schema, &path[..=i])
                .map(|s| instance(schema, s, 0))
                .unwrap_or(json!({}));
            list.push(item);
        }
        place(schema, &mut list[0], path, i + 1, edit);
        return;
    }
    if !node.is_object() {
        *node = json!({});
    }
    let Some(obj) = node.as_object_mut() else {
        return;
    };
    if last {
        match edit {
            Edit::Set(v) => {
                obj.insert(seg.clone(), v.clone());
            }
            Edit::Remove => {
                obj.remove(seg);
            }
        }
        return;
    }
    if !obj.contains_key(seg) {
        let parent = member_schema(schema, &path[..=i])
            .map(|s| instance(schema, s, 0))
            .unwrap_or(json!({}));
        obj.insert(seg.clone(), parent);
    }
    if let Some(child) = obj.get_mut(seg) {
        place(schema, child, path, i + 1, edit);
    }
}

/// A short description of a value for reports (long strings abbreviated).
pub fn summary(edit: &Edit) -> String {
    match edit {
        Edit::Remove => "(absent)".into(),
        Edit::Set(Value::String(s)) => {
            let n = s.chars().count();
            if n > 40 {
                format!(
                    "'{}…' ({n} characters)",
                    s.chars().take(24).collect::<String>()
                )
            } else {
                format!("'{s}' ({n} characters)")
            }
        }
        Edit::Set(Value::Array(a)) => format!("a list of {} items", a.len()),
        Edit::Set(v) => {
            let t = v.to_string();
            if t.len() > 60 {
                format!("{}…", &t[..60])
            } else {
                t
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_match_their_pattern() {
        let p = "^(?:arn:(aws[a-zA-Z\\-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+)$";
        let samples = pattern_samples(p, 3);
        assert!(!samples.is_empty());
        let re = fancy_regex::Regex::new(p).unwrap();
        assert!(samples.iter().all(|s| re.is_match(s).unwrap()));
    }

    #[test]
    fn resizing_reaches_the_length() {
        for s in resized("lc-ab-fn", 64) {
            assert_eq!(s.chars().count(), 64);
        }
        assert!(resized("lc-ab-fn", 3).iter().all(|s| s.len() == 3));
    }
}
