//! Formats of response values that the schema leaves open (it types them
//! as plain strings) but AWS always sends in one form: LastModified
//! timestamps, RevisionIds and mapping UUIDs, CodeSha256. Checked on every
//! member of that name anywhere in a success body, so every operation that
//! returns one is covered.

use super::Violation;
use crate::findings::{CheckKind, Evidence};
use base64::Engine;
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// One format rule: the member it applies to, what AWS sends, and why we know.
struct Format {
    member: &'static str,
    aws_form: &'static str,
    pattern: fn(&str) -> bool,
    evidence: fn() -> Evidence,
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static regex"))
}

fn aws_timestamp(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$").is_match(s)
}

fn uuid(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    )
    .is_match(s)
}

fn sha256_base64(s: &str) -> bool {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .is_ok_and(|b| b.len() == 32)
}

const FORMATS: &[Format] = &[
    Format {
        member: "LastModified",
        aws_form: "2024-01-02T03:04:05.123+0000 (milliseconds, +0000)",
        pattern: aws_timestamp,
        evidence: || {
            Evidence::documented(
                "API reference: FunctionConfiguration.LastModified, ISO-8601 \
                 YYYY-MM-DDThh:mm:ss.sTZD; AWS's examples show milliseconds and +0000",
            )
        },
    },
    Format {
        member: "RevisionId",
        aws_form: "a lower-case UUID",
        pattern: uuid,
        evidence: || {
            Evidence::recorded(
                "LocalStack's AWS-recorded snapshots: RevisionId values are UUIDs \
                 (replaced by the <uuid:N> transformer)",
            )
        },
    },
    Format {
        member: "UUID",
        aws_form: "a lower-case UUID",
        pattern: uuid,
        evidence: || {
            Evidence::recorded(
                "LocalStack's AWS-recorded snapshots: event source mapping UUIDs are UUIDs \
                 (replaced by the <uuid:N> transformer)",
            )
        },
    },
    Format {
        member: "CodeSha256",
        aws_form: "the base64 of a SHA-256 digest (32 bytes)",
        pattern: sha256_base64,
        evidence: || {
            Evidence::recorded(
                "LocalStack's AWS-recorded snapshots (test_function_lifecycle): CodeSha256 is \
                 the base64 of the package's SHA-256",
            )
        },
    },
];

/// The format violations of a success body: one per rule broken (the first
/// member found that breaks it).
pub fn check(body: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    for format in FORMATS {
        if let Some((path, value)) = first_breaking(body, format, String::new()) {
            out.push(Violation {
                check: CheckKind::Format,
                expected: format!("{} in AWS's form: {}", format.member, format.aws_form),
                actual: format!("{} in another form", format.member),
                detail: format!("{path} = {value:?}"),
                evidence: (format.evidence)(),
            });
        }
    }
    out
}

fn first_breaking(v: &Value, format: &Format, path: String) -> Option<(String, String)> {
    match v {
        Value::Object(m) => m.iter().find_map(|(k, child)| {
            let here = format!("{path}/{k}");
            match child {
                Value::String(s) if k == format.member => {
                    (!(format.pattern)(s)).then(|| (here, s.clone()))
                }
                _ => first_breaking(child, format, here),
            }
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, child)| first_breaking(child, format, format!("{path}/{i}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aws_forms_pass() {
        let body = json!({
            "LastModified": "2026-01-01T00:00:00.000+0000",
            "RevisionId": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "CodeSha256": "x0zFlPg0mV2gr7SPgaCq35ep0lWyUbKOVcve0gt+Qms=",
            "Versions": [{"LastModified": "2000-02-29T23:59:59.999+0000"}],
        });
        assert!(check(&body).is_empty(), "{:?}", check(&body));
    }

    #[test]
    fn other_forms_are_named_by_member() {
        let body = json!({
            "Functions": [
                {"LastModified": "2026-01-01T00:00:00.000+0000"},
                {"LastModified": "2026-12-03T18:29:32.576171000Z", "RevisionId": "r-1"},
            ],
            "UUID": "0F8FAD5B-D9CB-469F-A165-70867728950E",
            "CodeSha256": "abc",
        });
        let v = check(&body);
        let details: Vec<&str> = v.iter().map(|v| v.detail.as_str()).collect();
        assert_eq!(
            details,
            [
                "/Functions/1/LastModified = \"2026-12-03T18:29:32.576171000Z\"",
                "/Functions/1/RevisionId = \"r-1\"",
                "/UUID = \"0F8FAD5B-D9CB-469F-A165-70867728950E\"",
                "/CodeSha256 = \"abc\"",
            ]
        );
        assert!(v.iter().all(|v| v.check == CheckKind::Format));
    }

    #[test]
    fn numbers_are_left_to_the_schema() {
        // A mapping's LastModified is an epoch number (the schema's timestamp).
        assert!(check(&json!({"LastModified": 1767225600.0})).is_empty());
    }
}
