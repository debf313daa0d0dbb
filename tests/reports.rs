//! Snapshots of the JSON, JUnit and Markdown reports for a fixed set of findings.

use lambda_conformance::catalog::{Catalog, REFERENCE_OPERATIONS};
use lambda_conformance::client::{Exchange, RecordedRequest, RecordedResponse};
use lambda_conformance::findings::{CheckKind, Evidence, Finding, KnownDeviations};
use lambda_conformance::report::{Summary, json, junit, markdown};
use lambda_conformance::runner::{RunResult, Step, Transcript};
use serde_json::json;

fn step(
    name: &str,
    operation: &str,
    input: serde_json::Value,
    method: &str,
    url: &str,
    status: u16,
    body: &str,
) -> Step {
    Step {
        step: name.into(),
        expected: None,
        exchange: Exchange {
            operation: operation.into(),
            input,
            request: RecordedRequest {
                method: method.into(),
                url: url.into(),
                headers: vec![("authorization".into(), "AWS4-HMAC-SHA256 Credential=<redacted>, SignedHeaders=host;x-amz-date, Signature=<redacted>".into())],
                body: String::new(),
            },
            outcome: Ok(RecordedResponse::new(status, vec![("content-type".into(), "application/json".into())], body.as_bytes())),
            elapsed_ms: 3,
        },
        concurrent: false,
    }
}

fn fixed_result() -> RunResult {
    let e = "http://127.0.0.1:5001";
    let steps = vec![
        step(
            "create-function",
            "CreateFunction",
            json!({"FunctionName": "lc-abc123-fn", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"ZipFile": "UEsDBA=="}}),
            "POST",
            &format!("{e}/2015-03-31/functions"),
            201,
            r#"{"FunctionName":"lc-abc123-fn"}"#,
        ),
        step(
            "get-alias",
            "GetAlias",
            json!({"FunctionName": "lc-abc123-fn", "Name": "live"}),
            "GET",
            &format!("{e}/2015-03-31/functions/lc-abc123-fn/aliases/live"),
            201,
            r#"{"Name":"live"}"#,
        ),
        step(
            "invoke-missing-function",
            "Invoke",
            json!({"FunctionName": "lc-abc123-missing", "Payload": "e30="}),
            "POST",
            &format!("{e}/2015-03-31/functions/lc-abc123-missing/invocations"),
            200,
            "{}",
        ),
        step(
            "get-missing-function",
            "GetFunction",
            json!({"FunctionName": "lc-abc123-missing"}),
            "GET",
            &format!("{e}/2015-03-31/functions/lc-abc123-missing"),
            404,
            r#"{"__type":"ResourceNotFoundException","message":"Function not found"}"#,
        ),
    ];
    let findings = vec![
        Finding::new(
            CheckKind::Status,
            "GetAlias",
            "get-alias",
            "status 200".into(),
            "status 201".into(),
            String::new(),
            Evidence::documented("service model: GetAlias answers 200"),
            1,
        ),
        Finding::new(
            CheckKind::Expectation,
            "Invoke",
            "invoke-missing-function",
            "404 ResourceNotFoundException".into(),
            "success 200".into(),
            String::new(),
            Evidence::recorded("INV-009 (recorded 2025-11-25)"),
            2,
        ),
        Finding::new(
            CheckKind::ErrorBody,
            "GetFunction",
            "get-missing-function",
            "message in `Message`".into(),
            "message in `message`".into(),
            String::new(),
            Evidence::recorded("FN-005/FMT-002 (recorded)"),
            3,
        ),
        Finding::new(
            CheckKind::Expectation,
            "CreateFunction",
            "create-function",
            "success".into(),
            "409 ResourceConflictException".into(),
            String::new(),
            Evidence::inferred("inferred rule"),
            0,
        ),
    ];
    let transcript = Transcript { steps, findings, notes: vec!["created IAM role arn:aws:iam::123456789012:role/lc-abc123-role in the endpoint (no --role-arn given)".into()], rules: Default::default() };
    let mut result = RunResult::from_transcript(
        transcript,
        e.into(),
        "us-east-1".into(),
        "lc-abc123-".into(),
        false,
        1.25,
        None,
    );
    let known: KnownDeviations = serde_json::from_value(json!({
        "endpoint": "test",
        "deviations": [{"operation": "GetFunction", "check": "error-body", "actual": "message in `message`", "why": "AWS sends Message (FN-005)"}]
    }))
    .unwrap();
    known.apply(&mut result.findings);
    result
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn summary_counts_failures_known_and_unverified_apart() {
    let s = Summary::of(&fixed_result());
    assert_eq!(
        (s.findings, s.new_findings, s.known, s.unverified),
        (4, 2, 1, 1)
    );
    assert_eq!((s.exchanges, s.operations_exercised), (4, 4));
}

#[test]
fn json_report() {
    snapshot(
        "report_json",
        &json::render(&fixed_result(), Catalog::embedded()),
    );
}

#[test]
fn junit_report() {
    let text = junit::render(&fixed_result());
    let rule_cases: usize = REFERENCE_OPERATIONS
        .iter()
        .map(|op| {
            lambda_model::rules::all()
                .iter()
                .filter(|r| r.operations.iter().any(|o| o.name() == *op))
                .count()
        })
        .sum();
    assert_eq!(
        text.matches("<testcase").count(),
        rule_cases + REFERENCE_OPERATIONS.len() * CheckKind::ALL.len() + 2,
        "per operation one testcase per rule and per check, and the run's own two (completed, clean-up)"
    );
    snapshot("report_junit", &text);
}

/// Two runs that find the same bug give the same first line; different bugs different ones.
#[test]
fn junit_first_lines_name_the_rule_and_are_stable_across_runs() {
    let result = fixed_result();
    let lines: Vec<String> = result.findings.iter().map(junit::first_line).collect();
    for (f, line) in result.findings.iter().zip(&lines) {
        assert!(
            !line.contains("lc-"),
            "run-specific names are normalised: {line}"
        );
        if let Some(rule) = &f.evidence.rule {
            assert!(line.starts_with(rule.as_str()), "{line}");
        }
    }
    let mut distinct = lines.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        lines.len(),
        "different findings, different lines: {lines:?}"
    );
    let mut renamed = fixed_result();
    for f in &mut renamed.findings {
        f.expected = f.expected.replace("lc-", "lc-zz");
        f.actual = f.actual.replace("lc-", "lc-zz");
    }
    let again: Vec<String> = renamed.findings.iter().map(junit::first_line).collect();
    assert_eq!(lines, again);
}

#[test]
fn markdown_report() {
    snapshot(
        "report_markdown",
        &markdown::render(&fixed_result(), Catalog::embedded()),
    );
}

#[test]
fn flaky_findings_are_reported_apart_and_do_not_fail() {
    let mut result = fixed_result();
    let f = result
        .findings
        .iter_mut()
        .find(|f| f.operation == "GetAlias")
        .unwrap();
    f.sequence = Some(lambda_conformance::findings::Sequence {
        seed: 1,
        transitions: json!([]),
        shrunk_from: 3,
        flaky: true,
    });
    let s = Summary::of(&result);
    assert_eq!((s.new_findings, s.flaky), (1, 1));
    let md = markdown::render(&result, Catalog::embedded());
    let flaky_section = md.split("## Flaky").nth(1).expect("a Flaky section");
    assert!(flaky_section.contains("GetAlias"));
    let report: serde_json::Value =
        serde_json::from_str(&json::render(&result, Catalog::embedded())).unwrap();
    let getalias = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["operation"] == "GetAlias")
        .unwrap();
    assert_eq!(
        (getalias["status"].as_str(), getalias["fails_run"].as_bool()),
        (Some("flaky"), Some(false))
    );
}

/// Whatever the endpoint does, the Markdown report stays under 1 MiB and says
/// what it left out (an endpoint answering every request with a huge body and a
/// new deviation each time).
#[test]
fn markdown_report_stays_under_1_mib() {
    let e = "http://127.0.0.1:5001";
    let big = "x".repeat(200_000);
    let mut steps = Vec::new();
    let mut findings = Vec::new();
    for i in 0..3000 {
        steps.push(step(
            &format!("step-{i}"),
            "GetFunction",
            json!({"FunctionName": format!("lc-abc123-f{i}")}),
            "GET",
            &format!("{e}/2015-03-31/functions/lc-abc123-f{i}"),
            200,
            &big,
        ));
        findings.push(Finding::new(
            CheckKind::Schema,
            "GetFunction",
            &format!("step-{i}"),
            format!("a body of kind {i}"),
            format!("another body {i}"),
            big.clone(),
            Evidence::documented("service model"),
            i,
        ));
    }
    let t = Transcript {
        steps,
        findings,
        notes: vec![],
        rules: Default::default(),
    };
    let result = RunResult::from_transcript(
        t,
        e.into(),
        "us-east-1".into(),
        "lc-abc123-".into(),
        false,
        1.0,
        None,
    );
    let md = markdown::render(&result, Catalog::embedded());
    assert!(md.len() < 1024 * 1024, "{} bytes", md.len());
    assert!(
        md.contains("more left out"),
        "the table says how many it left out"
    );
    assert!(md.contains("are left out to keep this report under 1 MiB"));
}
