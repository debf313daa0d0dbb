//! Invariants: version numbers, pagination, RevisionIds, determinism.

mod common;
use common::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

#[test]
fn version_numbers_are_never_reused() {
    let mut m = model();
    with_versions(&mut m, "f", 3);
    assert_eq!(
        call(
            &mut m,
            "DeleteFunction",
            json!({"FunctionName": "f", "Qualifier": "3"})
        )
        .status,
        204
    );
    touch(&mut m, "f", "again");
    assert_eq!(publish(&mut m, "f"), "4");
    call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "f", "Qualifier": "4"}),
    );
    call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "f", "Qualifier": "2"}),
    );
    touch(&mut m, "f", "once more");
    assert_eq!(publish(&mut m, "f"), "5");
    let r = call(
        &mut m,
        "ListVersionsByFunction",
        json!({"FunctionName": "f"}),
    );
    let v: Vec<&str> = body(&r)["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["Version"].as_str().unwrap())
        .collect();
    assert_eq!(v, ["$LATEST", "1", "5"]);
}

fn names(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pagination_yields_every_item_once_for_every_page_size() {
    let mut m = model();
    let n = 7;
    for i in 0..n {
        create(&mut m, &format!("fn-{i}"));
    }
    with_versions(&mut m, "v", 6);
    for i in 0..5 {
        call(
            &mut m,
            "CreateAlias",
            json!({"FunctionName": "v", "Name": format!("a{i}"), "FunctionVersion": "1"}),
        );
    }
    for i in 0..6 {
        call(
            &mut m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "v", "EventSourceArn": format!("arn:aws:sqs:us-east-1:123456789012:q{i}")}),
        );
    }
    let cases = [
        (
            "ListFunctions",
            "Functions",
            json!({}),
            "FunctionName",
            n + 1,
        ),
        (
            "ListFunctions",
            "Functions",
            json!({"FunctionVersion": "ALL"}),
            "FunctionArn",
            n + 7,
        ),
        (
            "ListVersionsByFunction",
            "Versions",
            json!({"FunctionName": "v"}),
            "Version",
            7,
        ),
        (
            "ListAliases",
            "Aliases",
            json!({"FunctionName": "v"}),
            "Name",
            5,
        ),
        (
            "ListEventSourceMappings",
            "EventSourceMappings",
            json!({}),
            "UUID",
            6,
        ),
    ];
    for (op, key, input, id, total) in cases {
        let full = all_pages(&mut m, op, key, input.clone(), 1000);
        assert_eq!(full.len(), total, "{op}");
        for max in 1..=total as i64 + 1 {
            let items = all_pages(&mut m, op, key, input.clone(), max);
            assert_eq!(names(&items, id), names(&full, id), "{op} MaxItems={max}");
            let unique: BTreeSet<_> = names(&items, id).into_iter().collect();
            assert_eq!(unique.len(), total, "{op} MaxItems={max}");
        }
    }
}

#[test]
fn list_functions_pages_hold_at_most_50() {
    let mut m = model();
    for i in 0..51 {
        create(&mut m, &format!("f{i:02}"));
    }
    let r = call(&mut m, "ListFunctions", json!({"MaxItems": 1000}));
    assert_eq!(body(&r)["Functions"].as_array().unwrap().len(), 50);
    assert!(body(&r)["NextMarker"].is_string());
}

#[test]
fn invalid_marker_is_rejected() {
    let mut m = model();
    let r = call(&mut m, "ListFunctions", json!({"Marker": "garbage"}));
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, lambda_model::Evidence::Inferred);
}

#[test]
fn revision_id_changes_on_every_mutation_and_stale_ones_are_rejected() {
    let mut m = model();
    let mut seen = BTreeSet::new();
    let rev = |r: &lambda_model::Response| body(r)["RevisionId"].as_str().unwrap().to_string();
    let mut current = rev(&create(&mut m, "f"));
    seen.insert(current.clone());
    for step in 0..6 {
        let r = match step % 3 {
            0 => call(
                &mut m,
                "UpdateFunctionConfiguration",
                json!({"FunctionName": "f", "Description": format!("d{step}"), "RevisionId": current}),
            ),
            1 => call(
                &mut m,
                "UpdateFunctionCode",
                json!({"FunctionName": "f", "ZipFile": zip_b64(format!("z{step}").as_bytes()), "RevisionId": current}),
            ),
            _ => {
                let p = call(
                    &mut m,
                    "PublishVersion",
                    json!({"FunctionName": "f", "RevisionId": current}),
                );
                assert_eq!(p.status, 201);
                call(
                    &mut m,
                    "GetFunctionConfiguration",
                    json!({"FunctionName": "f"}),
                )
            }
        };
        assert_eq!(r.status, 200, "{:?}", r.body);
        let next = rev(&r);
        assert!(
            seen.insert(next.clone()),
            "RevisionId repeated at step {step}"
        );
        // the old one is now stale
        let stale = call(
            &mut m,
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "f", "Description": "x", "RevisionId": current}),
        );
        assert_eq!(stale.status, 412);
        current = next;
    }
}

#[test]
fn clock_advances_one_ms_per_request_and_runs_repeat() {
    let run = || {
        let mut m = model();
        create(&mut m, "a");
        call(&mut m, "GetFunction", json!({"FunctionName": "a"}));
        let r = touch(&mut m, "a", "x");
        (
            body(&r)["LastModified"].clone(),
            body(&r)["RevisionId"].clone(),
        )
    };
    let (lm, rev) = run();
    assert_eq!(lm, "2026-01-01T00:00:00.002+0000");
    assert_eq!(run(), (lm, rev));
}

#[test]
fn delete_function_removes_versions_aliases_and_policies() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "1"}),
    );
    call(
        &mut m,
        "AddPermission",
        json!({"FunctionName": "f", "StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "*"}),
    );
    call(&mut m, "DeleteFunction", json!({"FunctionName": "f"}));
    create(&mut m, "f");
    assert_eq!(
        body(&call(&mut m, "ListAliases", json!({"FunctionName": "f"})))["Aliases"],
        json!([])
    );
    assert_eq!(
        call(&mut m, "GetPolicy", json!({"FunctionName": "f"})).status,
        404
    );
    let v = call(
        &mut m,
        "ListVersionsByFunction",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(body(&v)["Versions"].as_array().unwrap().len(), 1);
}
