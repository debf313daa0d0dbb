//! Two endpoints' transcripts of the same sequence, compared step by step
//! after normalisation: the first member that differs is the divergence.

use super::normalise::{self, Side};
use crate::client::exchange::RecordedResponse;
use crate::session::Step;
use serde_json::Value;

/// What to compare besides outcomes and bodies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Compare error messages too (`--compare-messages`).
    pub messages: bool,
}

/// The first difference between two transcripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    /// Index of the step in both transcripts.
    pub index: usize,
    /// What differs: `step` (the sequences took other paths), `outcome`
    /// (status and error code), `pages`, `items`, `message`, `header NAME`
    /// or `body.Member.Path`.
    pub member: String,
    /// The reference endpoint's value (normalised).
    pub reference: String,
    /// The candidate endpoint's value (normalised).
    pub candidate: String,
}

/// Headers whose values are compared (Invoke's routing and error signal).
const HEADERS: &[&str] = &["X-Amz-Executed-Version", "X-Amz-Function-Error"];

/// List members whose pages are compared as one list (`normalise` sorts them).
const LISTS: &[&str] = &["Functions", "Versions", "Aliases", "EventSourceMappings"];

/// The divergences of two transcripts of one sequence, at most one per step:
/// every divergent value, up to and including the first divergent outcome
/// (status and error code, a path, a list), after which the two endpoints'
/// states may differ and later steps prove nothing. Steps past the end of the
/// shorter transcript are not compared: a side stops where it departed from
/// the reference model, and that step is compared.
pub fn all(
    reference: &[Step],
    candidate: &[Step],
    sides: (&Side, &Side),
    options: Options,
) -> Vec<Divergence> {
    let (rk, ck) = (comparable(reference), comparable(candidate));
    let (rs, cs): (Vec<Step>, Vec<Step>) = (
        rk.iter().map(|&i| reference[i].clone()).collect(),
        ck.iter().map(|&i| candidate[i].clone()).collect(),
    );
    let mut found = all_of(&rs, &cs, sides, options);
    for d in &mut found {
        d.index = ck.get(d.index).copied().unwrap_or(d.index);
    }
    found
}

/// The steps that are compared: all but the polls of a waiter before its
/// last read (how often an endpoint is polled depends on its timing).
fn comparable(steps: &[Step]) -> Vec<usize> {
    let is_wait = |s: &Step| label_text(s) == "wait";
    (0..steps.len())
        .filter(|&i| !(is_wait(&steps[i]) && steps.get(i + 1).is_some_and(is_wait)))
        .collect()
}

/// Whether a divergence leaves the two endpoints in states that may differ.
fn ends_comparison(d: &Divergence) -> bool {
    matches!(d.member.as_str(), "step" | "outcome" | "items" | "pages")
}

fn all_of(
    reference: &[Step],
    candidate: &[Step],
    sides: (&Side, &Side),
    options: Options,
) -> Vec<Divergence> {
    let n = reference.len().min(candidate.len());
    let mut found = Vec::new();
    let mut i = 0;
    while i < n {
        let (r, c) = (&reference[i], &candidate[i]);
        let (rl, cl) = (label(r, sides.0), label(c, sides.1));
        if rl != cl {
            found.push(divergence(i, "step", rl, cl));
            break;
        }
        // A list walked page by page: its pages compare as one list.
        let (re, ce) = (walk_end(reference, i), walk_end(candidate, i));
        let (d, next) = if re > i + 1 || ce > i + 1 {
            match walk(reference, candidate, i, (re, ce), sides) {
                Some(d) => (Some(d), re),
                // Same items, other paging: later steps do not line up.
                None if re != ce => break,
                None => (None, re),
            }
        } else {
            (step(i, r, c, sides, options), i + 1)
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

fn label(step: &Step, side: &Side) -> String {
    normalise::text(label_text(step), side)
}

/// One past the last page of the list walk that starts at `start` (the
/// following steps of the same List operation that carry a Marker).
fn walk_end(steps: &[Step], start: usize) -> usize {
    let op = &steps[start].exchange.operation;
    if !op.starts_with("List") || steps[start].exchange.input.get("Marker").is_some() {
        return start + 1;
    }
    let mut end = start + 1;
    while end < steps.len()
        && steps[end].exchange.operation == *op
        && steps[end].exchange.input.get("Marker").is_some()
    {
        end += 1;
    }
    end
}

/// Compares two list walks: every page's outcome, the number of pages, and
/// the items of all pages together.
fn walk(
    reference: &[Step],
    candidate: &[Step],
    start: usize,
    (re, ce): (usize, usize),
    sides: (&Side, &Side),
) -> Option<Divergence> {
    for (k, (r, c)) in reference[start..re]
        .iter()
        .zip(&candidate[start..ce])
        .enumerate()
    {
        let (ro, co) = (outcome(r), outcome(c));
        if ro != co {
            return Some(divergence(start + k, "outcome", ro, co));
        }
    }
    let items = |steps: &[Step], side: &Side| -> Vec<(String, Value)> {
        let mut all: Vec<(String, Value)> = steps
            .iter()
            .filter_map(|s| s.exchange.response()?.json.clone())
            .flat_map(|body| {
                let body = normalise::body(&body, side);
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
    let (ri, ci) = (
        items(&reference[start..re], sides.0),
        items(&candidate[start..ce], sides.1),
    );
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

/// Status and error code, or why there was no answer.
fn outcome(step: &Step) -> String {
    match step.exchange.response() {
        None => "no answer".into(),
        Some(r) if r.status >= 300 => format!(
            "{} {}",
            r.status,
            r.error_code().unwrap_or_else(|| "(no error code)".into())
        ),
        Some(r) => r.status.to_string(),
    }
}

fn step(
    index: usize,
    r: &Step,
    c: &Step,
    sides: (&Side, &Side),
    options: Options,
) -> Option<Divergence> {
    let (ro, co) = (outcome(r), outcome(c));
    if ro != co {
        return Some(divergence(index, "outcome", ro, co));
    }
    let (Some(rr), Some(cr)) = (r.exchange.response(), c.exchange.response()) else {
        return None;
    };
    if rr.status >= 300 {
        if options.messages {
            let (rm, cm) = (message(rr, sides.0), message(cr, sides.1));
            if rm != cm {
                return Some(divergence(index, "message", rm, cm));
            }
        }
        return None;
    }
    for h in HEADERS {
        let (rh, ch) = (rr.header(h), cr.header(h));
        if rh != ch {
            let show = |v: Option<&str>| v.map_or("(absent)".to_string(), str::to_string);
            return Some(divergence(
                index,
                &format!("header {h}"),
                show(rh),
                show(ch),
            ));
        }
    }
    match (&rr.json, &cr.json) {
        (Some(rj), Some(cj)) => {
            let (rn, cn) = (normalise::body(rj, sides.0), normalise::body(cj, sides.1));
            first_difference("body", &rn, &cn).map(|(path, a, b)| divergence(index, &path, a, b))
        }
        _ => {
            let (rb, cb) = (
                normalise::text(&rr.body, sides.0),
                normalise::text(&cr.body, sides.1),
            );
            (rb != cb).then(|| divergence(index, "body", cut(&rb), cut(&cb)))
        }
    }
}

fn message(r: &RecordedResponse, side: &Side) -> String {
    r.error_message()
        .map_or("(none)".into(), |m| normalise::text(&m, side))
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
