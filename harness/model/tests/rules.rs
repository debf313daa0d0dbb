//! The model's rules as values: identities, lists, evidence, and the rule
//! named by the responses of a sample of recorded scenarios.

mod common;
use common::*;
use lambda_model::rules::{self, Rule};
use lambda_model::{Evidence, Fault, Op, Response, error_response, provenance};
use serde_json::json;
use std::collections::BTreeSet;

/// The area prefixes a rule id may start with.
const AREAS: &[&str] = &[
    "FN", "VAL", "VER", "ALI", "PERM", "ESM", "INV", "TAG", "CONC", "PAGE", "RACE",
];

/// The id of the rule a response names (None when it names none).
fn rule_id(r: &Response) -> Option<&'static str> {
    r.rule.map(|rule| rule.id)
}

/// Asserts the response names the rule `id`, that rule is one of [`rules::all`],
/// and it governs `op`.
fn assert_rule(r: &Response, op: Op, id: &str) {
    assert_eq!(
        rule_id(r),
        Some(id),
        "{op}: {} {:?}",
        r.status,
        r.json_body()
    );
    let rule = r.rule.expect("checked");
    assert!(
        rules::all().iter().any(|known| std::ptr::eq(*known, rule)),
        "{id} is not in rules::all()"
    );
    assert!(rule.operations.contains(&op), "{id} does not govern {op}");
}

#[test]
fn ids_are_unique() {
    let mut seen = BTreeSet::new();
    for r in rules::all() {
        assert!(seen.insert(r.id), "two rules share the id {}", r.id);
    }
    assert_eq!(seen.len(), rules::all().len());
}

#[test]
fn ids_are_upper_case_grouped_by_area_and_never_a_scenario_id() {
    for r in rules::all() {
        let segments: Vec<&str> = r.id.split('-').collect();
        assert!(segments.len() >= 2, "{} has no area prefix", r.id);
        assert!(AREAS.contains(&segments[0]), "{}: unknown area", r.id);
        assert!(
            segments.iter().all(|s| !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())),
            "{} is not upper-case words joined by '-'",
            r.id
        );
        // Scenario ids are AREA-NNN: a rule id never ends in a number.
        let last = segments[segments.len() - 1];
        assert!(
            !last.chars().all(|c| c.is_ascii_digit()),
            "{} looks like a scenario id",
            r.id
        );
        assert!(
            provenance::recorded_operations(r.id).is_empty(),
            "{} is a recorded scenario's id",
            r.id
        );
    }
}

#[test]
fn every_rule_governs_some_operations_each_once() {
    for r in rules::all() {
        assert!(!r.operations.is_empty(), "{} governs no operation", r.id);
        let distinct: BTreeSet<Op> = r.operations.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            r.operations.len(),
            "{} repeats an operation",
            r.id
        );
    }
}

#[test]
fn every_operation_is_governed_by_some_rule() {
    for op in Op::ALL {
        assert!(
            rules::all().iter().any(|r| r.operations.contains(&op)),
            "no rule governs {op}"
        );
    }
}

#[test]
fn every_rule_is_reachable_by_id() {
    for r in rules::all() {
        let found = rules::by_id(r.id).unwrap_or_else(|| panic!("by_id misses {}", r.id));
        assert!(std::ptr::eq(found, *r), "by_id({}) is another rule", r.id);
    }
    assert!(
        rules::by_id("FN-006").is_none(),
        "a scenario id is not a rule id"
    );
    assert!(rules::by_id("").is_none());
    assert!(std::ptr::eq(
        rules::by_id("FN-EXISTS").expect("declared"),
        &rules::FUNCTION_MUST_EXIST
    ));
}

#[test]
fn statements_are_one_plain_line() {
    for r in rules::all() {
        assert!(!r.statement.trim().is_empty(), "{} has no statement", r.id);
        assert!(
            !r.statement.contains('\n'),
            "{}: statement is not one line",
            r.id
        );
        assert_eq!(
            r.statement,
            r.statement.trim(),
            "{}: stray whitespace",
            r.id
        );
    }
}

#[test]
fn recorded_evidence_names_a_recording_of_the_provenance_table() {
    for r in rules::all() {
        if let Evidence::Recorded(id) = r.evidence {
            assert!(
                !provenance::recorded_operations(id).is_empty(),
                "{} rests on {id}, which provenance.rs does not list",
                r.id
            );
        }
        if let Evidence::Documented(source) = r.evidence {
            assert!(!source.trim().is_empty(), "{}: empty source", r.id);
        }
    }
}

#[test]
fn a_rule_serialises_with_its_id_statement_evidence_and_operations() {
    let v = serde_json::to_value(&rules::FUNCTION_MUST_EXIST).expect("serialisable");
    assert_eq!(v["id"], "FN-EXISTS");
    assert_eq!(v["evidence"], json!({ "recorded": "FN-006" }));
    assert!(
        v["operations"]
            .as_array()
            .is_some_and(|ops| ops.contains(&json!("GetFunction")))
    );
    assert!(v["statement"].as_str().is_some_and(|s| s.contains("404")));
}

// ---------- the rule a response names ----------

#[test]
fn missing_function_on_get_function_is_fn_exists() {
    let mut m = model();
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "nope"}));
    assert_eq!(r.status, 404);
    assert_rule(&r, Op::GetFunction, "FN-EXISTS");
    // the rule's own evidence is its strongest; the answer keeps its site's recording
    assert_eq!(
        rules::FUNCTION_MUST_EXIST.evidence,
        Evidence::Recorded("FN-006")
    );
    assert_eq!(r.evidence, Evidence::Recorded("FN-016"));
}

#[test]
fn missing_function_on_other_operations_is_fn_exists_with_honest_evidence() {
    let mut m = model();
    let r = call(&mut m, "DeleteFunction", json!({"FunctionName": "nope"}));
    assert_rule(&r, Op::DeleteFunction, "FN-EXISTS");
    assert_eq!(r.evidence, Evidence::Recorded("FN-008"));
    // FN-006 covers GetFunction only: PublishVersion may claim the API reference, no recording
    let r = call(&mut m, "PublishVersion", json!({"FunctionName": "nope"}));
    assert_rule(&r, Op::PublishVersion, "FN-EXISTS");
    assert!(
        matches!(r.evidence, Evidence::Documented(_)),
        "{:?}",
        r.evidence
    );
    let r = call(
        &mut m,
        "InvokeAsync",
        json!({"FunctionName": "nope", "InvokeArgs": b64(b"{}")}),
    );
    assert_rule(&r, Op::InvokeAsync, "FN-EXISTS");
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn stale_revision_id_on_update_function_configuration_is_fn_revision_matches() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "Description": "x", "RevisionId": "stale"}),
    );
    assert_eq!(r.status, 412);
    assert_rule(&r, Op::UpdateFunctionConfiguration, "FN-REVISION-MATCHES");
    assert_eq!(r.evidence, Evidence::Recorded("UPD-006"));
    // the same rule on PublishVersion, resting on PublishVersion's own recording
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "RevisionId": "stale"}),
    );
    assert_rule(&r, Op::PublishVersion, "FN-REVISION-MATCHES");
    assert_eq!(r.evidence, Evidence::Recorded("VER-009"));
}

#[test]
fn alias_to_a_missing_version_is_ali_target_version_exists() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "live", "FunctionVersion": "7"}),
    );
    assert_eq!(r.status, 404);
    assert_rule(&r, Op::CreateAlias, "ALI-TARGET-VERSION-EXISTS");
    assert_eq!(r.evidence, Evidence::Recorded("ALI-011"));
}

#[test]
fn duplicate_statement_id_is_perm_sid_unique() {
    let mut m = model();
    create(&mut m, "f");
    let add = |m: &mut lambda_model::Model| {
        call(
            m,
            "AddPermission",
            json!({
                "FunctionName": "f",
                "StatementId": "s1",
                "Action": "lambda:InvokeFunction",
                "Principal": "s3.amazonaws.com",
            }),
        )
    };
    let r = add(&mut m);
    assert_eq!(r.status, 201);
    assert_rule(&r, Op::AddPermission, "PERM-ADD");
    let r = add(&mut m);
    assert_eq!(r.status, 409);
    assert_rule(&r, Op::AddPermission, "PERM-SID-UNIQUE");
    assert_eq!(r.evidence, Evidence::Recorded("PERM-018"));
}

#[test]
fn success_responses_name_their_rules() {
    let mut m = model();
    let r = create(&mut m, "f");
    assert_rule(&r, Op::CreateFunction, "FN-CREATE");
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "f"}));
    assert_rule(&r, Op::GetFunction, "FN-GET");
    let r = call(&mut m, "PublishVersion", json!({"FunctionName": "f"}));
    assert_rule(&r, Op::PublishVersion, "VER-PUBLISH");
    let r = call(&mut m, "ListFunctions", json!({}));
    assert_rule(&r, Op::ListFunctions, "FN-LIST");
    let r = call(
        &mut m,
        "DeleteAlias",
        json!({"FunctionName": "f", "Name": "never-created"}),
    );
    assert_eq!(r.status, 204);
    assert_rule(&r, Op::DeleteAlias, "ALI-DELETE");
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Payload": b64(b"{}")}),
    );
    assert_rule(&r, Op::Invoke, "INV-SYNC");
    let r = call(&mut m, "DeleteFunction", json!({"FunctionName": "f"}));
    assert_rule(&r, Op::DeleteFunction, "FN-DELETE");
}

#[test]
fn answers_no_model_rule_decided_name_none() {
    let r = error_response(
        "ValidationException",
        "1 validation error detected",
        Evidence::Inferred,
    );
    assert_eq!(r.rule, None);
    let r = Response::error("ValidationException", "bad", Evidence::Recorded("FMT-003"));
    assert_eq!(r.rule, None);
    assert_eq!(r.evidence, Evidence::Recorded("FMT-003"));
    let mut m = model();
    let r = call(&mut m, "GetAccountSettings", json!({}));
    assert_eq!(r.error_code.as_deref(), Some("NotImplemented"));
    assert_eq!(r.rule, None);
}

#[test]
fn bent_answers_keep_the_rule_they_bend() {
    let mut m = faulty(&[Fault::MissingFunction400]);
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "nope"}));
    assert_eq!(
        r.error_code.as_deref(),
        Some("InvalidParameterValueException")
    );
    assert_rule(&r, Op::GetFunction, "FN-EXISTS");

    let mut m = faulty(&[Fault::MissingFunctionConflictCode]);
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "nope"}));
    assert_eq!(r.error_code.as_deref(), Some("ResourceConflictException"));
    assert_rule(&r, Op::GetFunction, "FN-EXISTS");

    let mut m = faulty(&[Fault::ListAliases500]);
    create(&mut m, "f");
    let r = call(&mut m, "ListAliases", json!({"FunctionName": "f"}));
    assert_eq!(r.status, 500);
    assert_rule(&r, Op::ListAliases, "ALI-LIST");

    let mut m = faulty(&[Fault::GetAlias201]);
    create(&mut m, "f");
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "live", "FunctionVersion": "$LATEST"}),
    );
    let r = call(
        &mut m,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "live"}),
    );
    assert_eq!(r.status, 201);
    assert_rule(&r, Op::GetAlias, "ALI-GET");

    let mut m = faulty(&[Fault::InvokeMissing200]);
    let r = call(&mut m, "Invoke", json!({"FunctionName": "nope"}));
    assert_eq!(r.status, 200);
    assert_rule(&r, Op::Invoke, "FN-EXISTS");
}

#[test]
fn an_answer_without_a_site_of_its_own_rests_on_its_rules_evidence() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "CodeSha256": "wrong"}),
    );
    let rule: &Rule = r.rule.expect("a rule");
    assert_eq!(rule.id, "VER-CODE-SHA-MATCHES");
    assert_eq!(r.evidence, rule.evidence);
}
