//! Two transcripts of the same sequence, compared step by step after
//! normalisation (two endpoints in `diff`, a snapshot and an endpoint in
//! `verify`): every member that differs is a divergence.

use super::normalise::{self, Side};
use crate::session::Step;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// What to compare besides outcomes and bodies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Compare error messages too (`--compare-messages`).
    pub messages: bool,
}

/// A difference between two transcripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    /// Index of the step in the compared transcripts.
    pub index: usize,
    /// What differs: `step` (the sequences took other paths), `outcome`
    /// (status and error code), `pages`, `items`, `message`, `header NAME`,
    /// `body.Member.Path` or `items[ID].Member.Path`.
    pub member: String,
    /// The reference's value (normalised).
    pub reference: String,
    /// The candidate's value (normalised).
    pub candidate: String,
}

/// Headers whose values are compared (Invoke's routing and error signal).
const HEADERS: &[&str] = &["X-Amz-Executed-Version", "X-Amz-Function-Error"];

/// List members whose pages are compared as one list (`normalise` sorts them).
const LISTS: &[&str] = &["Functions", "Versions", "Aliases", "EventSourceMappings"];

/// One exchange as it is compared: normalised, with what may legitimately
/// differ left out. A snapshot is a list of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormalStep {
    /// What the step did (its label without its number), e.g. `wait` or
    /// `CreateFunction {...}`.
    pub step: String,
    /// The operation called.
    pub operation: String,
    /// Whether the request carried a Marker (a later page of a list).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub page: bool,
    /// Status and error code, e.g. `201` or `404 ResourceNotFoundException`, or `no answer`.
    pub outcome: String,
    /// The error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The compared headers that were sent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// A success's body: JSON, or text when it is not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// The steps that are compared, normalised, with their indices in `steps`:
/// all but a waiter's reads (how often an endpoint is polled depends on its
/// timing, and whether a wait follows a step on how that step compared with
/// the reference model; the sequence's own reads are compared).
pub fn normal_steps(steps: &[Step], side: &Side) -> (Vec<NormalStep>, Vec<usize>) {
    let kept: Vec<usize> = (0..steps.len())
        .filter(|&i| label_text(&steps[i]) != "wait")
        .collect();
    (
        kept.iter().map(|&i| normal(&steps[i], side)).collect(),
        kept,
    )
}

/// One step, normalised.
pub fn normal(step: &Step, side: &Side) -> NormalStep {
    let ex = &step.exchange;
    let mut n = NormalStep {
        step: normalise::text(label_text(step), side),
        operation: ex.operation.clone(),
        page: ex.input.get("Marker").is_some(),
        outcome: "no answer".into(),
        message: None,
        headers: BTreeMap::new(),
        body: None,
    };
    let Some(r) = ex.response() else {
        return n;
    };
    if r.status >= 300 {
        n.outcome = format!(
            "{} {}",
            r.status,
            r.error_code().unwrap_or_else(|| "(no error code)".into())
        );
        n.message = r.error_message().map(|m| normalise::text(&m, side));
        return n;
    }
    n.outcome = r.status.to_string();
    for h in HEADERS {
        if let Some(v) = r.header(h) {
            n.headers.insert(h.to_string(), v.to_string());
        }
    }
    n.body = match &r.json {
        Some(j) => Some(normalise::body(j, side)),
        None if r.body.is_empty() => None,
        None => Some(Value::String(normalise::text(&r.body, side))),
    };
    n
}

/// The divergences of two transcripts of one sequence, at most one per step:
/// every divergent value, up to and including the first divergent outcome
/// (status and error code, a path, a list), after which the two sides'
/// states may differ and later steps prove nothing. Steps past the end of the
/// shorter transcript are not compared: a side stops where it departed from
/// the reference model, and that step is compared.
pub fn all(
    reference: &[NormalStep],
    candidate: &[NormalStep],
    options: Options,
) -> Vec<Divergence> {
    let n = reference.len().min(candidate.len());
    let mut found = Vec::new();
    let mut i = 0;
    while i < n {
        let (r, c) = (&reference[i], &candidate[i]);
        if r.step != c.step {
            found.push(divergence(i, "step", r.step.clone(), c.step.clone()));
            break;
        }
        // A list walked page by page: its pages compare as one list.
        let (re, ce) = (walk_end(reference, i), walk_end(candidate, i));
        let (d, next) = if re > i + 1 || ce > i + 1 {
            match walk(reference, candidate, i, (re, ce)) {
                Some(d) => (Some(d), re),
                // Same items, other paging: later steps do not line up.
                None if re != ce => break,
                None => (None, re),
            }
        } else {
            (step(i, r, c, options), i + 1)
        };
        if let Some(d) = d {
            let last = ends_comparison(&d);
            found.push(d);
            if last {
                break;
            }
        }
        i = next;
    }
    found
}

/// Whether a divergence leaves the two sides in states that may differ.
fn ends_comparison(d: &Divergence) -> bool {
    matches!(d.member.as_str(), "step" | "outcome" | "items" | "pages")
}

fn divergence(index: usize, member: &str, reference: String, candidate: String) -> Divergence {
    Divergence {
        index,
        member: member.to_string(),
        reference,
        candidate,
    }
}

/// A step's label without its number, e.g. `wait` or `CreateFunction {...}`.
fn label_text(step: &Step) -> &str {
    step.step
        .split_once(". ")
        .map_or(step.step.as_str(), |(_, l)| l)
}

/// One past the last page of the list walk that starts at `start` (the
/// following steps of the same List operation that carry a Marker).
fn walk_end(steps: &[NormalStep], start: usize) -> usize {
    let op = &steps[start].operation;
    if !op.starts_with("List") || steps[start].page {
        return start + 1;
    }
    let mut end = start + 1;
    while end < steps.len() && steps[end].operation == *op && steps[end].page {
        end += 1;
    }
    end
}

/// Compares two list walks: every page's outcome, the items of all pages
/// together, and the number of pages.
fn walk(
    reference: &[NormalStep],
    candidate: &[NormalStep],
    start: usize,
    (re, ce): (usize, usize),
) -> Option<Divergence> {
    for (k, (r, c)) in reference[start..re]
        .iter()
        .zip(&candidate[start..ce])
        .enumerate()
    {
        if r.outcome != c.outcome {
            return Some(divergence(
                start + k,
                "outcome",
                r.outcome.clone(),
                c.outcome.clone(),
            ));
        }
    }
    let items = |steps: &[NormalStep]| -> Vec<(String, Value)> {
        let mut all: Vec<(String, Value)> = steps
            .iter()
            .filter_map(|s| s.body.as_ref())
            .flat_map(|body| {
                LISTS
                    .iter()
                    .find_map(|m| body.get(*m).and_then(Value::as_array).cloned())
                    .unwrap_or_default()
            })
            .map(|v| (identity(&v), v))
            .collect();
        all.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
        });
        all
    };
    let (ri, ci) = (items(&reference[start..re]), items(&candidate[start..ce]));
    let (rids, cids): (Vec<&String>, Vec<&String>) = (
        ri.iter().map(|i| &i.0).collect(),
        ci.iter().map(|i| &i.0).collect(),
    );
    if rids != cids {
        let missing: Vec<&String> = rids.iter().copied().filter(|i| !cids.contains(i)).collect();
        let extra: Vec<&String> = cids.iter().copied().filter(|i| !rids.contains(i)).collect();
        return Some(divergence(
            start,
            "items",
            format!(
                "{} items{}",
                ri.len(),
                listed(" not in the candidate's", &missing)
            ),
            format!(
                "{} items{}",
                ci.len(),
                listed(" not in the reference's", &extra)
            ),
        ));
    }
    // The same items: the first member that differs in one of them.
    if let Some((path, a, b)) = ri
        .iter()
        .zip(&ci)
        .find_map(|((id, a), (_, b))| first_difference(&format!("items[{id}]"), a, b))
    {
        return Some(divergence(start, &path, a, b));
    }
    if re - start != ce - start {
        return Some(divergence(
            start,
            "pages",
            format!("{} pages", re - start),
            format!("{} pages", ce - start),
        ));
    }
    None
}

/// What names a list item: its function name and version, or its name, or its UUID.
fn identity(item: &Value) -> String {
    let get = |k: &str| item.get(k).and_then(Value::as_str);
    match (
        get("FunctionName"),
        get("Version"),
        get("Name"),
        get("UUID"),
    ) {
        (Some(f), Some(v), _, _) => format!("{f}:{v}"),
        (Some(f), None, _, _) => f.to_string(),
        (None, _, Some(n), _) => n.to_string(),
        (None, _, None, Some(u)) => u.to_string(),
        _ => item.to_string(),
    }
}

/// The member a divergence is keyed by: its path without list identities or
/// the Configuration wrapper, so that one deviation of a member is one
/// finding whichever operation or item shows it.
pub fn key_member(member: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for ch in member.chars() {
        match ch {
            '[' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("[]");
                }
            }
            ']' => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    let mut out = out
        .replacen("body.Configuration.", "body.", 1)
        .replacen("items[].", "body.", 1);
    for list in LISTS {
        out = out.replacen(&format!("body.{list}[]."), "body.", 1);
    }
    out
}

fn listed(what: &str, items: &[&String]) -> String {
    match items.first() {
        None => String::new(),
        Some(first) => format!(
            ";{what}: {}{}",
            cut(first),
            if items.len() > 1 {
                format!(" and {} more", items.len() - 1)
            } else {
                String::new()
            }
        ),
    }
}

fn cut(s: &str) -> String {
    const MAX: usize = 300;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn step(index: usize, r: &NormalStep, c: &NormalStep, options: Options) -> Option<Divergence> {
    if r.outcome != c.outcome {
        return Some(divergence(
            index,
            "outcome",
            r.outcome.clone(),
            c.outcome.clone(),
        ));
    }
    if options.messages && r.message != c.message {
        let show = |m: &Option<String>| m.clone().unwrap_or_else(|| "(none)".into());
        return Some(divergence(
            index,
            "message",
            show(&r.message),
            show(&c.message),
        ));
    }
    for h in HEADERS {
        let (rh, ch) = (r.headers.get(*h), c.headers.get(*h));
        if rh != ch {
            let show = |v: Option<&String>| v.map_or("(absent)".to_string(), String::clone);
            return Some(divergence(
                index,
                &format!("header {h}"),
                show(rh),
                show(ch),
            ));
        }
    }
    match (&r.body, &c.body) {
        (Some(Value::String(a)), Some(Value::String(b))) if a != b => {
            Some(divergence(index, "body", cut(a), cut(b)))
        }
        (a, b) => first_difference(
            "body",
            a.as_ref().unwrap_or(&Value::Null),
            b.as_ref().unwrap_or(&Value::Null),
        )
        .map(|(path, x, y)| divergence(index, &path, x, y)),
    }
}

/// The path of the first member that differs, with both values.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<(String, String, String)> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(va), Some(vb)) => first_difference(&format!("{path}.{k}"), va, vb),
                (va, vb) => Some((format!("{path}.{k}"), shown(va), shown(vb))),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (va, vb))| first_difference(&format!("{path}[{i}]"), va, vb)),
        _ if a == b => None,
        _ => Some((path.to_string(), shown(Some(a)), shown(Some(b)))),
    }
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(absent)".into(),
        Some(v) => cut(&v.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_differing_member_is_named_with_both_values() {
        let a = json!({"Timeout": 900, "Environment": {"Variables": {"K": "v"}}});
        let b = json!({"Timeout": 300, "Environment": {"Variables": {"K": "v"}}});
        assert_eq!(
            first_difference("body", &a, &b),
            Some(("body.Timeout".into(), "900".into(), "300".into()))
        );
        let c = json!({"Timeout": 900});
        assert_eq!(
            first_difference("body", &a, &c),
            Some((
                "body.Environment".into(),
                "{\"Variables\":{\"K\":\"v\"}}".into(),
                "(absent)".into()
            ))
        );
        assert_eq!(first_difference("body", &a, &a), None);
    }

    #[test]
    fn a_member_is_keyed_the_same_in_every_operation_and_item() {
        assert_eq!(key_member("body.Configuration.Layers"), "body.Layers");
        assert_eq!(key_member("items[lc-1:2].Layers"), "body.Layers");
        assert_eq!(key_member("body.Layers"), "body.Layers");
        assert_eq!(key_member("body.Versions[0].Layers"), "body.Layers");
        assert_eq!(
            key_member("body.Environment.Variables[0]"),
            "body.Environment.Variables[]"
        );
    }
}
