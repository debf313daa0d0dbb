//! One test per fault: the faulted model answers differently from the clean one, as intended.

mod common;
use common::*;
use lambda_model::{Body, Fault, Model, Response};
use serde_json::json;

/// Runs `script` on a clean and on a faulted model; returns the last responses.
fn both(fault: Fault, script: impl Fn(&mut Model) -> Response) -> (Response, Response) {
    let clean = script(&mut model());
    let bad = script(&mut faulty(&[fault]));
    (clean, bad)
}

/// Forces a test to be added for every new fault (non-exhaustive match fails to compile),
/// and checks that the tests named here are this file's tests, one per fault: a fault
/// missing from `Fault::ALL`, or a test named for two faults, leaves a test unclaimed.
#[test]
fn every_fault_has_a_test() {
    let mut claimed = std::collections::BTreeMap::new();
    for f in Fault::ALL {
        let test = match f {
            Fault::GetAlias201 => "get_alias_201",
            Fault::AddPermission200 => "add_permission_200",
            Fault::DeleteFunction200 => "delete_function_200",
            Fault::CreateEventSourceMapping201 => "create_esm_201",
            Fault::MissingFunctionConflictCode => "missing_function_conflict_code",
            Fault::MissingFunction400 => "missing_function_400",
            Fault::NoFunctionArn => "no_function_arn",
            Fault::NoRevisionId => "no_revision_id",
            Fault::TimeoutAsString => "timeout_as_string",
            Fault::PaginationDropsItem => "pagination_drops_item",
            Fault::PaginationRepeatsItem => "pagination_repeats_item",
            Fault::ListFunctionsIgnoresAll => "list_functions_ignores_all",
            Fault::RevisionIdIgnored => "revision_id_ignored",
            Fault::QualifierIgnoredOnGet => "qualifier_ignored_on_get",
            Fault::VersionNumbersReused => "version_numbers_reused",
            Fault::AliasToMissingVersion => "alias_to_missing_version",
            Fault::DeleteAliasedVersion => "delete_aliased_version",
            Fault::DuplicateSidAccepted => "duplicate_sid_accepted",
            Fault::StaleReadAfterDelete => "stale_read_after_delete",
            Fault::PublishAlwaysNew => "publish_always_new",
            Fault::ListVersionsOmitsLatest => "list_versions_omits_latest",
            Fault::InvokeMissing200 => "invoke_missing_200",
            Fault::ListAliases500 => "list_aliases_500",
            Fault::CreateFunctionStored500 => "create_function_stored_500",
            Fault::ErrorBodyNotJson => "error_body_not_json",
            Fault::DeleteLeavesAliases => "delete_leaves_aliases",
            Fault::LastModifiedBackwards => "last_modified_backwards",
            Fault::EsmDeletedWithFunction => "esm_deleted_with_function",
            Fault::VersionArnUnqualified => "version_arn_unqualified",
            Fault::MappingAnswersOtherUuid => "mapping_answers_other_uuid",
            Fault::LastModifiedRfc3339 => "last_modified_rfc3339",
            Fault::TimeoutClamped => "timeout_clamped",
            Fault::DescriptionUpdateLost => "description_update_lost",
            Fault::PolicyRevisionIgnored => "policy_revision_ignored",
            Fault::RevisionIdPerRead => "revision_id_per_read",
            Fault::ExecutedVersionAlwaysLatest => "executed_version_always_latest",
            Fault::ListVersionsBareStrings => "list_versions_bare_strings",
            Fault::ListMarkerNeverEnds => "list_marker_never_ends",
            Fault::CodeUpdateRevisionIgnored => "code_update_revision_ignored",
            Fault::AliasArnUnqualified => "alias_arn_unqualified",
            Fault::MappingListIgnoresSource => "mapping_list_ignores_source",
            Fault::MaxItemsIgnored => "max_items_ignored",
            Fault::CodeNotRun => "code_not_run",
            Fault::HandlerErrorTypeGeneric => "handler_error_type_generic",
            Fault::LogTailUnframed => "log_tail_unframed",
            Fault::ResponseLimitUnenforced => "response_limit_unenforced",
            // Front-end faults: injected by the embedded endpoint, tested in tests/boundary.rs, tests/hang.rs and tests/race.rs.
            Fault::AcceptsOutOfRange
            | Fault::RejectsValidEdge
            | Fault::ValidationAsInvalidParameter
            | Fault::MalformedBody500
            | Fault::ListAliasesHangs
            | Fault::RevisionCheckRaces => {
                assert!(f.front_end(), "{f:?} is tested as a front-end fault");
                continue;
            }
        };
        assert!(
            !f.front_end(),
            "{f:?} is a front-end fault, tested in tests/boundary.rs"
        );
        if let Some(other) = claimed.insert(test, *f) {
            panic!("{test} is named for {other:?} and {f:?}");
        }
    }
    // The tests of this file, but this one.
    let source = include_str!("faults.rs");
    let tests: std::collections::BTreeSet<&str> = source
        .split("#[test]\nfn ")
        .skip(1)
        .filter_map(|rest| rest.split('(').next())
        .filter(|name| *name != "every_fault_has_a_test")
        .collect();
    let named: std::collections::BTreeSet<&str> = claimed.keys().copied().collect();
    assert_eq!(
        named, tests,
        "tests named for the faults of Fault::ALL vs the tests of this file"
    );
}

fn with_alias(m: &mut Model) {
    with_versions(m, "f", 1);
    call(
        m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "live", "FunctionVersion": "1"}),
    );
}

#[test]
fn get_alias_201() {
    let (c, b) = both(Fault::GetAlias201, |m| {
        with_alias(m);
        call(m, "GetAlias", json!({"FunctionName": "f", "Name": "live"}))
    });
    assert_eq!((c.status, b.status), (200, 201));
}

#[test]
fn add_permission_200() {
    let (c, b) = both(Fault::AddPermission200, |m| {
        create(m, "f");
        call(
            m,
            "AddPermission",
            json!({"FunctionName": "f", "StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "*"}),
        )
    });
    assert_eq!((c.status, b.status), (201, 200));
}

#[test]
fn delete_function_200() {
    let (c, b) = both(Fault::DeleteFunction200, |m| {
        create(m, "f");
        call(m, "DeleteFunction", json!({"FunctionName": "f"}))
    });
    assert_eq!((c.status, b.status), (204, 200));
    assert_eq!(c.body, Body::Empty);
    assert_ne!(b.body, Body::Empty);
}

#[test]
fn create_esm_201() {
    let (c, b) = both(Fault::CreateEventSourceMapping201, |m| {
        create(m, "f");
        call(
            m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q"}),
        )
    });
    assert_eq!((c.status, b.status), (202, 201));
}

#[test]
fn missing_function_conflict_code() {
    let (c, b) = both(Fault::MissingFunctionConflictCode, |m| {
        call(m, "GetFunction", json!({"FunctionName": "nope"}))
    });
    assert_eq!((c.status, b.status), (404, 404));
    assert_eq!(c.error_code.as_deref(), Some("ResourceNotFoundException"));
    assert_eq!(b.error_code.as_deref(), Some("ResourceConflictException"));
    assert_eq!(
        b.header("x-amzn-ErrorType"),
        Some("ResourceConflictException")
    );
}

#[test]
fn missing_function_400() {
    let (c, b) = both(Fault::MissingFunction400, |m| {
        call(m, "DeleteFunction", json!({"FunctionName": "nope"}))
    });
    assert_eq!((c.status, b.status), (404, 400));
    assert_eq!(
        b.error_code.as_deref(),
        Some("InvalidParameterValueException")
    );
}

#[test]
fn no_function_arn() {
    let (c, b) = both(Fault::NoFunctionArn, |m| {
        create(m, "f");
        call(m, "GetFunction", json!({"FunctionName": "f"}))
    });
    assert!(body(&c)["Configuration"].get("FunctionArn").is_some());
    assert!(body(&b)["Configuration"].get("FunctionArn").is_none());
}

#[test]
fn no_revision_id() {
    let (c, b) = both(Fault::NoRevisionId, |m| create_with(m, "f", json!({})));
    assert!(body(&c).get("RevisionId").is_some());
    assert!(body(&b).get("RevisionId").is_none());
}

#[test]
fn timeout_as_string() {
    let (c, b) = both(Fault::TimeoutAsString, |m| {
        create(m, "f");
        call(m, "ListFunctions", json!({}))
    });
    assert_eq!(body(&c)["Functions"][0]["Timeout"], json!(3));
    assert_eq!(body(&b)["Functions"][0]["Timeout"], json!("3"));
}

fn three_functions(m: &mut Model) {
    for n in ["a", "b", "c"] {
        create(m, n);
    }
}

#[test]
fn pagination_drops_item() {
    let mut c = model();
    let mut b = faulty(&[Fault::PaginationDropsItem]);
    three_functions(&mut c);
    three_functions(&mut b);
    assert_eq!(
        all_pages(&mut c, "ListFunctions", "Functions", json!({}), 1).len(),
        3
    );
    assert_eq!(
        all_pages(&mut b, "ListFunctions", "Functions", json!({}), 1).len(),
        2
    );
}

#[test]
fn pagination_repeats_item() {
    let mut c = model();
    let mut b = faulty(&[Fault::PaginationRepeatsItem]);
    three_functions(&mut c);
    three_functions(&mut b);
    assert_eq!(
        all_pages(&mut c, "ListFunctions", "Functions", json!({}), 2).len(),
        3
    );
    let items = all_pages(&mut b, "ListFunctions", "Functions", json!({}), 2);
    assert_eq!(items.len(), 4);
    assert_eq!(items[1], items[2]);
}

#[test]
fn revision_id_ignored() {
    let (c, b) = both(Fault::RevisionIdIgnored, |m| {
        create(m, "f");
        call(
            m,
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "f", "Description": "x", "RevisionId": "stale"}),
        )
    });
    assert_eq!((c.status, b.status), (412, 200));
}

#[test]
fn qualifier_ignored_on_get() {
    let (c, b) = both(Fault::QualifierIgnoredOnGet, |m| {
        with_versions(m, "f", 1);
        call(
            m,
            "GetFunctionConfiguration",
            json!({"FunctionName": "f", "Qualifier": "1"}),
        )
    });
    assert_eq!(body(&c)["Version"], "1");
    assert_eq!(body(&b)["Version"], "$LATEST");
}

#[test]
fn version_numbers_reused() {
    let (c, b) = both(Fault::VersionNumbersReused, |m| {
        with_versions(m, "f", 2);
        call(
            m,
            "DeleteFunction",
            json!({"FunctionName": "f", "Qualifier": "2"}),
        );
        touch(m, "f", "new");
        call(m, "PublishVersion", json!({"FunctionName": "f"}))
    });
    assert_eq!(body(&c)["Version"], "3");
    assert_eq!(body(&b)["Version"], "2");
}

#[test]
fn alias_to_missing_version() {
    let (c, b) = both(Fault::AliasToMissingVersion, |m| {
        create(m, "f");
        call(
            m,
            "CreateAlias",
            json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "9"}),
        )
    });
    assert_eq!((c.status, b.status), (404, 201));
}

#[test]
fn delete_aliased_version() {
    let (c, b) = both(Fault::DeleteAliasedVersion, |m| {
        with_alias(m);
        call(
            m,
            "DeleteFunction",
            json!({"FunctionName": "f", "Qualifier": "1"}),
        )
    });
    assert_eq!((c.status, b.status), (409, 204));
}

#[test]
fn duplicate_sid_accepted() {
    let (c, b) = both(Fault::DuplicateSidAccepted, |m| {
        create(m, "f");
        let add = json!({"FunctionName": "f", "StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "*"});
        call(m, "AddPermission", add.clone());
        call(m, "AddPermission", add)
    });
    assert_eq!((c.status, b.status), (409, 201));
}

#[test]
fn stale_read_after_delete() {
    let script = |m: &mut Model| {
        create(m, "f");
        call(m, "DeleteFunction", json!({"FunctionName": "f"}));
        let first = call(m, "GetFunction", json!({"FunctionName": "f"}));
        let second = call(m, "GetFunction", json!({"FunctionName": "f"}));
        (first.status, second.status)
    };
    assert_eq!(script(&mut model()), (404, 404));
    assert_eq!(
        script(&mut faulty(&[Fault::StaleReadAfterDelete])),
        (200, 404)
    );
}

#[test]
fn publish_always_new() {
    let (c, b) = both(Fault::PublishAlwaysNew, |m| {
        create(m, "f");
        publish(m, "f");
        call(m, "PublishVersion", json!({"FunctionName": "f"}))
    });
    assert_eq!(body(&c)["Version"], "1");
    assert_eq!(body(&b)["Version"], "2");
}

#[test]
fn list_versions_omits_latest() {
    let (c, b) = both(Fault::ListVersionsOmitsLatest, |m| {
        create(m, "f");
        call(m, "ListVersionsByFunction", json!({"FunctionName": "f"}))
    });
    assert_eq!(body(&c)["Versions"][0]["Version"], "$LATEST");
    assert_eq!(body(&b)["Versions"], json!([]));
}

#[test]
fn invoke_missing_200() {
    let (c, b) = both(Fault::InvokeMissing200, |m| {
        call(m, "Invoke", json!({"FunctionName": "nope"}))
    });
    assert_eq!((c.status, b.status), (404, 200));
}

#[test]
fn list_aliases_500() {
    let (c, b) = both(Fault::ListAliases500, |m| {
        with_alias(m);
        call(m, "ListAliases", json!({"FunctionName": "f"}))
    });
    assert_eq!((c.status, b.status), (200, 500));
    assert_eq!(b.error_code.as_deref(), Some("ServiceException"));
}

#[test]
fn create_function_stored_500() {
    let (c, b) = both(Fault::CreateFunctionStored500, |m| {
        create_with(m, "f", json!({}))
    });
    assert_eq!((c.status, b.status), (201, 500));
    assert_eq!(b.error_code.as_deref(), Some("ServiceException"));
    // Stored all the same: a later read finds it.
    let mut bad = faulty(&[Fault::CreateFunctionStored500]);
    create_with(&mut bad, "f", json!({}));
    assert_eq!(
        call(&mut bad, "GetFunction", json!({"FunctionName": "f"})).status,
        200
    );
}

#[test]
fn error_body_not_json() {
    let (c, b) = both(Fault::ErrorBodyNotJson, |m| {
        call(m, "GetFunction", json!({"FunctionName": "nope"}))
    });
    assert!(matches!(c.body, Body::Json(_)));
    assert!(matches!(b.body, Body::Raw(_)));
    assert_eq!(b.status, 404);
}

#[test]
fn delete_leaves_aliases() {
    let (c, b) = both(Fault::DeleteLeavesAliases, |m| {
        with_alias(m);
        call(m, "DeleteFunction", json!({"FunctionName": "f"}));
        create(m, "f");
        call(m, "ListAliases", json!({"FunctionName": "f"}))
    });
    assert_eq!(body(&c)["Aliases"].as_array().unwrap().len(), 0);
    assert_eq!(body(&b)["Aliases"].as_array().unwrap().len(), 1);
}

#[test]
fn last_modified_backwards() {
    let script = |m: &mut Model| {
        let a = create(m, "f");
        let b = touch(m, "f", "x");
        (
            body(&a)["LastModified"].as_str().unwrap().to_string(),
            body(&b)["LastModified"].as_str().unwrap().to_string(),
        )
    };
    let (a, b) = script(&mut model());
    assert!(b > a);
    let (a, b) = script(&mut faulty(&[Fault::LastModifiedBackwards]));
    assert!(b < a);
}

#[test]
fn esm_deleted_with_function() {
    let (c, b) = both(Fault::EsmDeletedWithFunction, |m| {
        create(m, "f");
        let r = call(
            m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q"}),
        );
        let uuid = body(&r)["UUID"].as_str().unwrap().to_string();
        call(m, "DeleteFunction", json!({"FunctionName": "f"}));
        call(m, "GetEventSourceMapping", json!({"UUID": uuid}))
    });
    assert_eq!((c.status, b.status), (200, 404));
}

#[test]
fn list_functions_ignores_all() {
    let mut c = model();
    let mut b = faulty(&[Fault::ListFunctionsIgnoresAll]);
    for m in [&mut c, &mut b] {
        create(m, "f");
        publish(m, "f");
    }
    let all = json!({"FunctionVersion": "ALL"});
    assert_eq!(
        all_pages(&mut c, "ListFunctions", "Functions", all.clone(), 50).len(),
        2
    );
    assert_eq!(
        all_pages(&mut b, "ListFunctions", "Functions", all, 50).len(),
        1
    );
}

#[test]
fn version_arn_unqualified() {
    let (c, b) = both(Fault::VersionArnUnqualified, |m| {
        create(m, "f");
        publish(m, "f");
        call(
            m,
            "GetFunctionConfiguration",
            json!({"FunctionName": "f", "Qualifier": "1"}),
        )
    });
    assert_eq!(body(&c)["FunctionArn"], json!(format!("{}:1", arn("f"))));
    assert_eq!(body(&b)["FunctionArn"], json!(arn("f")));
}

#[test]
fn mapping_answers_other_uuid() {
    let answers_asked = |m: &mut Model| {
        create(m, "f");
        let r = call(
            m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q"}),
        );
        let uuid = body(&r)["UUID"].as_str().unwrap().to_string();
        let got = call(m, "GetEventSourceMapping", json!({"UUID": uuid}));
        assert_eq!(got.status, 200);
        body(&got)["UUID"] == json!(uuid)
    };
    assert!(answers_asked(&mut model()));
    assert!(!answers_asked(&mut faulty(&[
        Fault::MappingAnswersOtherUuid
    ])));
}

#[test]
fn last_modified_rfc3339() {
    let (c, b) = both(Fault::LastModifiedRfc3339, |m| create(m, "f"));
    let clean = body(&c)["LastModified"].as_str().unwrap();
    let bad = body(&b)["LastModified"].as_str().unwrap();
    assert!(clean.ends_with("+0000") && clean.len() == 28, "{clean}");
    assert!(bad.ends_with("000000Z") && bad.len() == 30, "{bad}");
}

#[test]
fn timeout_clamped() {
    let (c, b) = both(Fault::TimeoutClamped, |m| {
        create_with(m, "f", json!({"Timeout": 900}));
        call(
            m,
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "f", "Timeout": 600}),
        )
    });
    assert_eq!(body(&c)["Timeout"], json!(600));
    assert_eq!(body(&b)["Timeout"], json!(300));
}

#[test]
fn description_update_lost() {
    let script = |m: &mut Model| {
        create(m, "f");
        let answer = call(
            m,
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "f", "Description": "new"}),
        );
        let read = call(m, "GetFunctionConfiguration", json!({"FunctionName": "f"}));
        (
            body(&answer)["Description"].clone(),
            body(&read)["Description"].clone(),
        )
    };
    assert_eq!(script(&mut model()), (json!("new"), json!("new")));
    assert_eq!(
        script(&mut faulty(&[Fault::DescriptionUpdateLost])),
        (json!("new"), json!(""))
    );
}

#[test]
fn policy_revision_ignored() {
    let stale = "00000000-0000-4000-8000-0000000000ff";
    let script = |m: &mut Model| {
        create(m, "f");
        let add = call(
            m,
            "AddPermission",
            json!({"FunctionName": "f", "StatementId": "s", "Action": "lambda:InvokeFunction",
                   "Principal": "s3.amazonaws.com", "RevisionId": stale}),
        );
        let update = call(
            m,
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "f", "Description": "x", "RevisionId": stale}),
        );
        (add.status, update.status)
    };
    assert_eq!(script(&mut model()), (412, 412));
    assert_eq!(
        script(&mut faulty(&[Fault::PolicyRevisionIgnored])),
        (201, 412)
    );
}

#[test]
fn revision_id_per_read() {
    let reads = |m: &mut Model| {
        create(m, "f");
        let rev = |m: &mut Model| {
            let r = call(m, "GetFunctionConfiguration", json!({"FunctionName": "f"}));
            body(&r)["RevisionId"].clone()
        };
        let (a, b) = (rev(m), rev(m));
        a == b
    };
    assert!(reads(&mut model()));
    assert!(!reads(&mut faulty(&[Fault::RevisionIdPerRead])));
}

#[test]
fn executed_version_always_latest() {
    let (c, b) = both(Fault::ExecutedVersionAlwaysLatest, |m| {
        with_alias(m);
        call(
            m,
            "Invoke",
            json!({"FunctionName": "f", "Qualifier": "live", "Payload": "e30="}),
        )
    });
    assert_eq!(c.header("X-Amz-Executed-Version"), Some("1"));
    assert_eq!(b.header("X-Amz-Executed-Version"), Some("$LATEST"));
}

#[test]
fn list_versions_bare_strings() {
    let (c, b) = both(Fault::ListVersionsBareStrings, |m| {
        create(m, "f");
        publish(m, "f");
        call(m, "ListVersionsByFunction", json!({"FunctionName": "f"}))
    });
    assert_eq!(body(&c)["Versions"][1]["Version"], "1");
    assert_eq!(body(&b)["Versions"], json!(["$LATEST", "1"]));
}

#[test]
fn list_marker_never_ends() {
    let (c, b) = both(Fault::ListMarkerNeverEnds, |m| {
        three_functions(m);
        call(m, "ListFunctions", json!({}))
    });
    assert!(body(&c).get("NextMarker").is_none_or(|v| v.is_null()));
    let marker = body(&b)["NextMarker"]
        .as_str()
        .expect("a marker")
        .to_string();
    // It starts the list again.
    let mut m = faulty(&[Fault::ListMarkerNeverEnds]);
    three_functions(&mut m);
    let again = call(&mut m, "ListFunctions", json!({"Marker": marker}));
    assert_eq!(body(&again)["Functions"], body(&b)["Functions"]);
}

#[test]
fn code_update_revision_ignored() {
    let script = |m: &mut Model, op: &str, extra: serde_json::Value| {
        create(m, "f");
        let mut input = json!({"FunctionName": "f", "RevisionId": "stale"});
        for (k, v) in extra.as_object().expect("members") {
            input[k] = v.clone();
        }
        call(m, op, input).status
    };
    let zip = json!({"ZipFile": zip_b64(b"print(2)")});
    let config = json!({"Description": "x"});
    assert_eq!(script(&mut model(), "UpdateFunctionCode", zip.clone()), 412);
    let bad = &[Fault::CodeUpdateRevisionIgnored];
    assert_eq!(script(&mut faulty(bad), "UpdateFunctionCode", zip), 200);
    // The other operations that take one still check it.
    assert_eq!(
        script(&mut faulty(bad), "UpdateFunctionConfiguration", config),
        412
    );
}

#[test]
fn alias_arn_unqualified() {
    let (c, b) = both(Fault::AliasArnUnqualified, |m| {
        with_alias(m);
        call(
            m,
            "GetFunctionConfiguration",
            json!({"FunctionName": "f", "Qualifier": "live"}),
        )
    });
    assert_eq!(body(&c)["FunctionArn"], json!(format!("{}:live", arn("f"))));
    assert_eq!(body(&b)["FunctionArn"], json!(arn("f")));
}

#[test]
fn mapping_list_ignores_source() {
    let (c, b) = both(Fault::MappingListIgnoresSource, |m| {
        create(m, "f");
        call(
            m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q"}),
        );
        call(
            m,
            "ListEventSourceMappings",
            json!({"FunctionName": "f", "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:other"}),
        )
    });
    assert_eq!(body(&c)["EventSourceMappings"], json!([]));
    assert_eq!(
        body(&b)["EventSourceMappings"].as_array().map(Vec::len),
        Some(1)
    );
}

/// Deploys the catalogue's Python test function of `behaviour` as `f` and invokes it.
fn invoke_test_function(
    m: &mut Model,
    behaviour: lambda_model::handlers::Behaviour,
    extra: serde_json::Value,
) -> Response {
    use lambda_model::handlers::{Language, TestFunction};
    let zip = TestFunction::new(behaviour, Language::Python, 1).zip_base64();
    let r = create_with(m, "f", json!({"Code": {"ZipFile": zip}}));
    assert_eq!(r.status, 201);
    let mut input = json!({"FunctionName": "f", "Payload": b64(b"{\"a\":1}")});
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        i.extend(e.clone());
    }
    call(m, "Invoke", input)
}

fn raw(r: &Response) -> String {
    match &r.body {
        Body::Raw(b) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("not a raw body: {other:?}"),
    }
}

#[test]
fn code_not_run() {
    use lambda_model::handlers::Behaviour;
    let (c, b) = both(Fault::CodeNotRun, |m| {
        invoke_test_function(m, Behaviour::NoReturn, json!({}))
    });
    assert_eq!((raw(&c).as_str(), raw(&b).as_str()), ("null", "{\"a\":1}"));
}

#[test]
fn handler_error_type_generic() {
    use lambda_model::handlers::Behaviour;
    let (c, b) = both(Fault::HandlerErrorTypeGeneric, |m| {
        invoke_test_function(m, Behaviour::Raise, json!({}))
    });
    assert!(raw(&c).contains("\"errorType\":\"Exception\""));
    assert!(raw(&b).contains("Runtime.HandlerError"));
}

#[test]
fn log_tail_unframed() {
    use lambda_model::handlers::Behaviour;
    let (c, b) = both(Fault::LogTailUnframed, |m| {
        invoke_test_function(m, Behaviour::Log, json!({"LogType": "Tail"}))
    });
    let tail = |r: &Response| {
        String::from_utf8(
            base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                r.header("X-Amz-Log-Result").unwrap(),
            )
            .unwrap(),
        )
        .unwrap()
    };
    assert!(tail(&c).starts_with("START RequestId: "));
    assert_eq!(tail(&b), lambda_model::handlers::LOG_LINE);
}

#[test]
fn response_limit_unenforced() {
    use lambda_model::handlers::Behaviour;
    let (c, b) = both(Fault::ResponseLimitUnenforced, |m| {
        invoke_test_function(m, Behaviour::Oversized, json!({}))
    });
    assert_eq!(c.header("X-Amz-Function-Error"), Some("Unhandled"));
    assert_eq!(b.header("X-Amz-Function-Error"), None);
    assert!(raw(&b).len() > 7 * 1024 * 1024);
}

#[test]
fn max_items_ignored() {
    let (c, b) = both(Fault::MaxItemsIgnored, |m| {
        with_versions(m, "f", 3);
        call(
            m,
            "ListVersionsByFunction",
            json!({"FunctionName": "f", "MaxItems": 2}),
        )
    });
    let count = |r: &Response| body(r)["Versions"].as_array().map_or(0, Vec::len);
    assert_eq!((count(&c), count(&b)), (2, 4));
    assert!(body(&b).get("NextMarker").is_none());
}
