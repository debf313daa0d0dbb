//! From checks that failed to root causes: findings that follow from another
//! one are linked to it, and the situations of one bug are grouped under one
//! finding (each keeps its own id, for known deviations and baselines).
//!
//! Two findings are the same root cause when
//! - they are boundary findings of one operation with the same verdict
//!   (e.g. `CreateFunction` accepts what AWS rejects): each constraint is one
//!   situation of the operation's missing validation;
//! - they are protocol findings no rule decided (Content-Type, error body,
//!   error code shape) with the same expected and actual outcomes, on any
//!   operation: one serialiser, seen through many operations;
//! - they are schema findings no rule decided of one member broken the same
//!   way (its last name and the kind of error), on any operation: a shape
//!   the operations share.
//!
//! Everything else stays one finding per signature (rule, operation, check,
//! normalised outcomes). Findings are grouped only with findings of the same
//! standing (known reason, evidence level, flakiness), so a new bug never
//! hides in a known group.

use super::{CheckKind, Finding, normalise, signature::short_id};
use serde::Serialize;
use serde_json::Value;

/// Longest detail kept for a situation or a consequence.
const DETAIL_CHARS: usize = 500;

/// One situation of a finding: a deduplicated failed check with its own id.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Case {
    /// Short stable id of this situation (the id it has when it stands alone).
    pub id: String,
    /// Operation.
    pub operation: String,
    /// Check that failed.
    pub check: String,
    /// The constraint a boundary probe tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    /// Step that first showed it.
    pub step: String,
    /// What AWS does.
    pub expected: String,
    /// What the endpoint did.
    pub actual: String,
    /// Detail, cut to 500 characters.
    pub detail: String,
    /// Index of its first exchange in the run's transcript.
    pub exchange: usize,
    /// Exchanges that showed it.
    pub occurrences: usize,
}

impl Case {
    /// The situation a finding describes.
    pub fn of(f: &Finding) -> Case {
        let mut detail = f.detail.clone();
        if detail.chars().count() > DETAIL_CHARS {
            detail = detail.chars().take(DETAIL_CHARS).collect::<String>() + "…";
        }
        Case {
            id: f.id.clone(),
            operation: f.operation.clone(),
            check: f.check.name().to_string(),
            constraint: f.constraint.clone(),
            step: f.step.clone(),
            expected: f.expected.clone(),
            actual: f.actual.clone(),
            detail,
            exchange: f.exchange,
            occurrences: f.occurrences,
        }
    }
}

/// Links consequential findings to their cause, then groups the situations
/// of one root cause. `input` gives the operation input of an exchange.
pub fn group<'a>(
    findings: Vec<Finding>,
    input: impl Fn(usize) -> Option<&'a Value>,
) -> Vec<Finding> {
    let linked = link(findings, &input);
    let mut out: Vec<Finding> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for f in linked {
        let key = root_key(&f);
        match index.get(&key) {
            Some(&i) => {
                let g = &mut out[i];
                g.occurrences += f.occurrences;
                g.cases.push(Case::of(&f));
                g.consequences.extend(f.consequences);
            }
            None => {
                index.insert(key, out.len());
                let mut f = f;
                f.cases = vec![Case::of(&f)];
                out.push(f);
            }
        }
    }
    for g in &mut out {
        if g.cases.len() > 1 {
            retitle(g);
        }
    }
    out
}

/// The root-cause key of a finding; equal keys are one finding.
fn root_key(f: &Finding) -> String {
    let standing = format!(
        "{:?}|{:?}|{}",
        f.known,
        f.evidence.kind,
        f.sequence.as_ref().is_some_and(|s| s.flaky)
    );
    let cross_operation = matches!(
        f.check,
        CheckKind::ContentType | CheckKind::ErrorBody | CheckKind::ErrorCode
    ) && f.evidence.rule.is_none()
        && f.sequence.is_none();
    if f.check == CheckKind::Constraint
        && let Some(c) = &f.constraint
    {
        format!(
            "{}|constraint|{}|{}|{}|{standing}",
            f.operation,
            f.evidence.rule.as_deref().unwrap_or_default(),
            normalise(&without_constraint(&f.expected, c)),
            normalise(&f.actual)
        )
    } else if f.check == CheckKind::Schema && f.evidence.rule.is_none() && f.sequence.is_none() {
        // One member of a shape many operations share (FunctionConfiguration
        // in GetFunction, ListFunctions, PublishVersion, ...) broken the same way.
        format!(
            "*|schema|{}|{standing}",
            normalise(&schema_member(&f.actual))
        )
    } else if cross_operation {
        format!(
            "*|{}|{}|{}|{standing}",
            f.check.name(),
            normalise(&f.expected),
            normalise(&f.actual)
        )
    } else {
        format!("{}|{standing}", f.signature)
    }
}

/// A schema finding's summary with the member's path cut to its last name:
/// `/Functions/*/State: value outside the enum` → `State: value outside the enum`.
fn schema_member(actual: &str) -> String {
    match actual.split_once(':') {
        Some((path, rest)) if path.starts_with('/') => {
            let name = path
                .rsplit('/')
                .find(|s| !s.is_empty() && *s != "*" && !s.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or(path);
            format!("{name}:{rest}")
        }
        _ => actual.to_string(),
    }
}

/// An expectation with its constraint's id taken out: `400 ValidationException`.
fn without_constraint(expected: &str, constraint: &str) -> String {
    expected
        .replace(&format!(" for {constraint}"), "")
        .replace(&format!(": {constraint} at its edge is valid"), "")
        .replace(constraint, "the constraint")
}

/// A group's own id, signature and words, from its situations.
fn retitle(g: &mut Finding) {
    let key = root_key(g);
    g.signature = key.clone();
    g.id = short_id(&key);
    let operations = g.operations();
    if g.check == CheckKind::Constraint {
        let constraint = g.constraint.take().unwrap_or_default();
        g.expected = format!(
            "{} for each of {} constraints",
            without_constraint(&g.expected, &constraint),
            g.cases.len()
        );
        g.detail = g
            .cases
            .iter()
            .take(20)
            .map(|c| c.detail.clone())
            .collect::<Vec<_>>()
            .join("\n");
    } else if operations.len() > 1 {
        g.detail = format!(
            "on {} operations: {}\n{}",
            operations.len(),
            operations.join(", "),
            g.detail
        );
    }
}

impl Finding {
    /// Operations its situations were seen on, in order of discovery.
    pub fn operations(&self) -> Vec<String> {
        let mut ops: Vec<String> = Vec::new();
        for c in &self.cases {
            if !ops.contains(&c.operation) {
                ops.push(c.operation.clone());
            }
        }
        if ops.is_empty() {
            ops.push(self.operation.clone());
        }
        ops
    }

    /// Whether it was seen on `operation`.
    pub fn seen_on(&self, operation: &str) -> bool {
        self.operation == operation || self.cases.iter().any(|c| c.operation == operation)
    }
}

/// Moves each finding that follows from an earlier one into that one's
/// `consequences`.
fn link<'a>(findings: Vec<Finding>, input: &impl Fn(usize) -> Option<&'a Value>) -> Vec<Finding> {
    let causes: Vec<Option<usize>> = findings
        .iter()
        .map(|f| {
            findings
                .iter()
                .enumerate()
                .filter(|(_, c)| follows_from(f, c, input))
                .max_by_key(|(_, c)| c.exchange)
                .map(|(i, _)| i)
        })
        .collect();
    // A cause is never itself moved (chains end at the first cause).
    let mut moved: Vec<(usize, usize)> = Vec::new();
    for (i, cause) in causes.iter().enumerate() {
        if let Some(c) = *cause
            && causes[c].is_none()
        {
            moved.push((i, c));
        }
    }
    let mut out: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    for (i, c) in moved {
        if let Some(f) = out[i].take()
            && let Some(cause) = out[c].as_mut()
        {
            cause.consequences.push(Case::of(&f));
            cause.consequences.extend(f.consequences);
        }
    }
    out.into_iter().flatten().collect()
}

/// Whether `f` is a consequence of `cause`:
/// - a read that shows a value a boundary probe stored although AWS rejects
///   it (the stored value breaks the output schema or shows up elsewhere);
/// - an error body judged on an error that carries no error code at all (the
///   answer is not a Lambda error, so its body shape says nothing more).
fn follows_from<'a>(
    f: &Finding,
    cause: &Finding,
    input: &impl Fn(usize) -> Option<&'a Value>,
) -> bool {
    if std::ptr::eq(f, cause) {
        return false;
    }
    if f.check == CheckKind::ErrorBody {
        return cause.check == CheckKind::ErrorCode
            && cause.exchange == f.exchange
            && cause.actual.contains("without an error code");
    }
    if f.check != CheckKind::Schema
        || cause.check != CheckKind::Constraint
        || !cause.actual.ends_with("accepts what AWS rejects")
        || cause.exchange >= f.exchange
    {
        return false;
    }
    let Some(member) = cause
        .constraint
        .as_deref()
        .and_then(|c| c.split(' ').next())
    else {
        return false;
    };
    let member: Vec<&str> = member
        .split('.')
        .map(|s| s.trim_end_matches("[]"))
        .collect();
    let Some(value) = input(cause.exchange).and_then(|i| value_at(i, &member)) else {
        return false;
    };
    // The schema error names the member (its path ends with the probed
    // member) and shows the stored value.
    let path = f.actual.split(':').next().unwrap_or_default();
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let shown = serde_json::to_string(value).unwrap_or_default();
    if segments.ends_with(&member) && f.detail.starts_with(&format!("{path}: {shown}")) {
        return true;
    }
    // A distinctive stored string that shows up in another member (a name
    // AWS rejects, listed in an ARN).
    value
        .as_str()
        .is_some_and(|s| s.chars().count() >= 6 && f.detail.contains(s))
}

/// The value at a member path of an operation input (lists: their first item).
fn value_at<'v>(input: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut v = input;
    for (i, seg) in path.iter().enumerate() {
        v = v.get(seg)?;
        if i + 1 < path.len()
            && let Some(items) = v.as_array()
        {
            v = items.first()?;
        }
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Evidence;
    use serde_json::json;

    fn finding(
        check: CheckKind,
        op: &str,
        expected: &str,
        actual: &str,
        detail: &str,
        exchange: usize,
    ) -> Finding {
        Finding::new(
            check,
            op,
            "step",
            expected.into(),
            actual.into(),
            detail.into(),
            Evidence::documented("service model"),
            exchange,
        )
    }

    fn accepted(op: &str, constraint: &str, exchange: usize) -> Finding {
        let mut f = finding(
            CheckKind::Constraint,
            op,
            &format!("400 ValidationException for {constraint}"),
            "success 201: accepts what AWS rejects",
            "was accepted",
            exchange,
        );
        f.constraint = Some(constraint.into());
        f
    }

    #[test]
    fn one_operations_missing_validation_is_one_finding_with_each_constraint_as_a_case() {
        let fs = vec![
            accepted("CreateFunction", "MemorySize maximum 10240", 0),
            accepted("CreateFunction", "Description maxLength 256", 1),
            accepted("UpdateFunctionConfiguration", "MemorySize maximum 10240", 2),
        ];
        let ids: Vec<String> = fs.iter().map(|f| f.id.clone()).collect();
        let g = group(fs, |_| None);
        assert_eq!(g.len(), 2, "{g:#?}");
        assert_eq!(g[0].cases.len(), 2);
        assert_eq!(
            g[0].expected,
            "400 ValidationException for each of 2 constraints"
        );
        assert_eq!(g[0].occurrences, 2);
        assert_eq!(g[1].cases.len(), 1);
        // A lone situation keeps its id; each situation keeps its own.
        assert_eq!(g[1].id, ids[2]);
        assert_eq!(g[0].cases[1].id, ids[1]);
        assert_ne!(g[0].id, ids[0]);
    }

    #[test]
    fn rules_and_standings_are_never_merged() {
        let mut known = accepted("CreateFunction", "Description maxLength 256", 1);
        known.known = Some("moto does not validate".into());
        let ruled = |rule: &str| {
            Finding::new(
                CheckKind::Expectation,
                "GetAlias",
                "step",
                "404 X".into(),
                "success 200".into(),
                String::new(),
                Evidence::documented("x").with_rule(Some(rule)),
                0,
            )
        };
        let (a, b) = (ruled("ALI-EXISTS"), ruled("FN-QUALIFIER-EXISTS"));
        let fs = vec![
            accepted("CreateFunction", "MemorySize maximum 10240", 0),
            known,
            a,
            b,
        ];
        assert_eq!(group(fs, |_| None).len(), 4);
    }

    #[test]
    fn a_protocol_bug_on_many_operations_is_one_finding() {
        let fs = vec![
            finding(
                CheckKind::ContentType,
                "GetFunction",
                "application/json",
                "text/html",
                "",
                0,
            ),
            finding(
                CheckKind::ContentType,
                "ListAliases",
                "application/json",
                "text/html",
                "",
                1,
            ),
            finding(
                CheckKind::Status,
                "GetAlias",
                "status 200",
                "status 201",
                "",
                2,
            ),
            finding(
                CheckKind::Status,
                "UpdateAlias",
                "status 200",
                "status 201",
                "",
                3,
            ),
        ];
        let g = group(fs, |_| None);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].operations(), vec!["GetFunction", "ListAliases"]);
        assert!(g[0].seen_on("ListAliases"));
    }

    #[test]
    fn one_member_broken_alike_in_a_shared_shape_is_one_finding() {
        let schema =
            |op: &str, actual: &str| finding(CheckKind::Schema, op, "valid", actual, "", 0);
        let fs = vec![
            schema(
                "CreateFunction",
                "/LastUpdateStatusReasonCode: value outside the enum",
            ),
            schema(
                "GetFunction",
                "/Configuration/LastUpdateStatusReasonCode: value outside the enum",
            ),
            schema(
                "ListFunctions",
                "/Functions/*/LastUpdateStatusReasonCode: value outside the enum",
            ),
            schema(
                "GetFunction",
                "/Configuration/State: value outside the enum",
            ),
        ];
        let g = group(fs, |_| None);
        assert_eq!(g.len(), 2, "{g:#?}");
        assert_eq!(g[0].operations().len(), 3);
    }

    #[test]
    fn a_stored_invalid_value_read_back_is_linked_to_the_probe_that_stored_it() {
        let inputs = [
            json!({"FunctionName": "lc-abcdef-b7!", "MemorySize": 127}),
            json!({"FunctionName": "lc-abcdef-b7"}),
        ];
        let fs = vec![
            accepted("CreateFunction", "MemorySize minimum 128", 0),
            accepted("CreateFunction", "FunctionName pattern x", 0),
            finding(
                CheckKind::Schema,
                "GetFunction",
                "valid",
                "/Configuration/MemorySize: value out of range",
                "/Configuration/MemorySize: 127 is less than the minimum of 128",
                1,
            ),
            finding(
                CheckKind::Schema,
                "ListFunctions",
                "valid",
                "/Functions/1/FunctionArn: value does not match the pattern",
                "/Functions/1/FunctionArn: \"arn:aws:lambda:us-east-1:1:function:lc-abcdef-b7!\" does not match",
                1,
            ),
            // Another member out of range is not the probe's doing.
            finding(
                CheckKind::Schema,
                "GetFunction",
                "valid",
                "/Configuration/Timeout: value out of range",
                "/Configuration/Timeout: 0 is less than the minimum of 1",
                1,
            ),
        ];
        let g = group(fs, |i| inputs.get(i));
        assert_eq!(g.len(), 2, "{g:#?}");
        assert_eq!(g[0].consequences.len(), 2);
        assert_eq!(g[1].check, CheckKind::Schema);
        assert!(g[1].actual.contains("Timeout"));
    }

    #[test]
    fn a_non_json_error_body_follows_from_the_missing_error_code() {
        let fs = vec![
            finding(
                CheckKind::ErrorCode,
                "GetFunction",
                "a code",
                "status 404 without an error code",
                "",
                4,
            ),
            finding(
                CheckKind::ErrorBody,
                "GetFunction",
                "a JSON object error body",
                "not JSON",
                "",
                4,
            ),
            finding(
                CheckKind::ErrorBody,
                "GetAlias",
                "message in `Message`",
                "message in `message`",
                "",
                5,
            ),
        ];
        let g = group(fs, |_| None);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].consequences.len(), 1);
    }
}
