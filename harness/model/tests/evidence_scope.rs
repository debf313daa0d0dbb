//! A rule decides only what its evidence covers: situations next to a recording, but not
//! in it, are answered with inferred evidence (their findings are unverified, never failures).

mod common;
use common::*;
use lambda_model::Evidence;
use serde_json::json;

const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:q";
const OTHER_QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:other";

fn verified(e: &Evidence) -> bool {
    !matches!(e, Evidence::Inferred)
}

#[test]
fn a_list_that_may_still_show_a_deleted_mapping_is_inferred() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE}),
    );
    let uuid = body(&r)["UUID"].as_str().expect("UUID").to_string();
    let before = call(&mut m, "ListEventSourceMappings", json!({}));
    assert!(verified(&before.evidence), "{:?}", before.evidence);
    call(&mut m, "DeleteEventSourceMapping", json!({"UUID": uuid}));
    // ESM-025: AWS answers State Deleting and removes the mapping later.
    let after = call(&mut m, "ListEventSourceMappings", json!({}));
    assert_eq!(after.evidence, Evidence::Inferred);
    let same = call(
        &mut m,
        "ListEventSourceMappings",
        json!({"EventSourceArn": QUEUE}),
    );
    assert_eq!(same.evidence, Evidence::Inferred);
    // A filter the deleted mapping does not match is still decided by the recording.
    let other = call(
        &mut m,
        "ListEventSourceMappings",
        json!({"EventSourceArn": OTHER_QUEUE}),
    );
    assert!(verified(&other.evidence), "{:?}", other.evidence);
    // Creating the same mapping again while the old one may be Deleting is not recorded.
    let again = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE}),
    );
    assert_eq!(again.status, 202);
    assert_eq!(again.evidence, Evidence::Inferred);
}

#[test]
fn stream_only_members_on_an_sqs_mapping_update_are_inferred_as_on_create() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE}),
    );
    let uuid = body(&r)["UUID"].as_str().expect("UUID").to_string();
    let plain = call(
        &mut m,
        "UpdateEventSourceMapping",
        json!({"UUID": uuid, "BatchSize": 5}),
    );
    assert!(verified(&plain.evidence), "{:?}", plain.evidence);
    let stream_only = call(
        &mut m,
        "UpdateEventSourceMapping",
        json!({"UUID": uuid, "MaximumRetryAttempts": 3}),
    );
    assert_eq!(stream_only.status, 202);
    assert_eq!(stream_only.evidence, Evidence::Inferred);
}

#[test]
fn another_accounts_arn_is_inferred_outside_create_function() {
    let mut m = model();
    create(&mut m, "f");
    let own = call(&mut m, "GetFunction", json!({"FunctionName": arn("f")}));
    assert_eq!(own.status, 200);
    assert!(verified(&own.evidence), "{:?}", own.evidence);
    let foreign = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": "arn:aws:lambda:us-east-1:210987654321:function:f"}),
    );
    assert_eq!(foreign.evidence, Evidence::Inferred);
}

#[test]
fn reserved_concurrency_on_a_qualified_name_is_recorded_for_latest_only() {
    let mut m = model();
    create(&mut m, "f");
    publish(&mut m, "f");
    let put = |m: &mut lambda_model::Model, name: String| {
        call(
            m,
            "PutFunctionConcurrency",
            json!({"FunctionName": name, "ReservedConcurrentExecutions": 1}),
        )
    };
    let latest = put(&mut m, format!("{}:$LATEST", arn("f")));
    assert_eq!(latest.status, 400);
    assert!(verified(&latest.evidence), "{:?}", latest.evidence);
    let version = put(&mut m, format!("{}:1", arn("f")));
    assert_eq!(version.status, 400);
    assert_eq!(version.evidence, Evidence::Inferred);
    let missing = put(&mut m, format!("{}:$LATEST", arn("nope")));
    assert_eq!(missing.evidence, Evidence::Inferred);
}

#[test]
fn a_foreign_region_arn_is_recorded_as_404_only_where_it_was_recorded() {
    let mut m = model();
    create(&mut m, "f");
    let foreign = "arn:aws:lambda:eu-west-1:123456789012:function:f";
    let get = call(&mut m, "GetFunction", json!({"FunctionName": foreign}));
    assert_eq!(get.status, 404);
    assert!(verified(&get.evidence), "{:?}", get.evidence);
    let list = call(
        &mut m,
        "ListEventSourceMappings",
        json!({"FunctionName": foreign}),
    );
    assert_eq!(list.status, 404);
    assert_eq!(list.evidence, Evidence::Inferred);
}

#[test]
fn delete_alias_of_a_missing_function_is_inferred() {
    let mut m = model();
    let r = call(
        &mut m,
        "DeleteAlias",
        json!({"FunctionName": "nope", "Name": "live"}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn a_version_only_routed_to_and_a_delete_of_nothing_reserved_are_inferred() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "live", "FunctionVersion": "1",
               "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.5}}}),
    );
    let primary = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    assert_eq!(primary.status, 409);
    assert!(verified(&primary.evidence), "{:?}", primary.evidence);
    let routed = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "f", "Qualifier": "2"}),
    );
    assert_eq!(routed.status, 409);
    assert_eq!(routed.evidence, Evidence::Inferred);

    let nothing = call(
        &mut m,
        "DeleteFunctionConcurrency",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(nothing.status, 204);
    assert_eq!(nothing.evidence, Evidence::Inferred);
    call(
        &mut m,
        "PutFunctionConcurrency",
        json!({"FunctionName": "f", "ReservedConcurrentExecutions": 1}),
    );
    let reserved = call(
        &mut m,
        "DeleteFunctionConcurrency",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(reserved.status, 204);
    assert!(verified(&reserved.evidence), "{:?}", reserved.evidence);
}

/// A request that breaks two rules: which one AWS answers is not recorded, so the model's
/// answer (the first in its order) is inferred; each rule alone keeps its evidence.
#[test]
fn a_request_that_breaks_two_rules_is_answered_as_an_inference() {
    const KINESIS: &str = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
    let long = "f".repeat(65);
    let mut m = model();
    // CreateFunction: a name over 64 characters (VAL-005), and no Handler.
    let r = create_with(&mut m, &long, json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, Evidence::Recorded("VAL-005"));
    let both = create_with(&mut m, &long, json!({"Handler": null}));
    assert_eq!(both.error_code, r.error_code);
    assert_eq!(both.evidence, Evidence::Inferred);

    // CreateEventSourceMapping: no such function (ESM-004), and a stream without
    // StartingPosition (ESM-006).
    let missing = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "nope", "EventSourceArn": QUEUE}),
    );
    assert_eq!(missing.evidence, Evidence::Recorded("ESM-004"));
    let both = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "nope", "EventSourceArn": KINESIS}),
    );
    assert_eq!(both.status, 400);
    assert_eq!(both.evidence, Evidence::Inferred);

    // AddPermission: no such function (PERM-011), and a principal that is not one.
    let good = json!({"FunctionName": "nope", "StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
    let missing = call(&mut m, "AddPermission", good.clone());
    assert_eq!(missing.evidence, Evidence::Recorded("PERM-011"));
    let mut bad = good;
    bad["Principal"] = json!("not a principal");
    let both = call(&mut m, "AddPermission", bad);
    assert_eq!(both.status, 404);
    assert_eq!(both.evidence, Evidence::Inferred);

    // Invoke: no such function (INV-009), and a payload that is not JSON.
    let missing = call(&mut m, "Invoke", json!({"FunctionName": "nope"}));
    assert_eq!(missing.evidence, Evidence::Recorded("INV-009"));
    let both = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "nope", "Payload": b64(b"{not json")}),
    );
    assert_eq!(both.status, 404);
    assert_eq!(both.evidence, Evidence::Inferred);
}

/// The model knows no layer: the region and two-versions refusals, recorded with layers
/// that exist, are inferred for the layers it is asked about; a missing layer is recorded.
#[test]
fn layer_refusals_recorded_with_existing_layers_are_inferred() {
    let l = "arn:aws:lambda:us-east-1:123456789012:layer:L";
    let mut m = model();
    let two = create_with(
        &mut m,
        "f",
        json!({"Layers": [format!("{l}:1"), format!("{l}:2")]}),
    );
    assert_eq!(two.status, 400);
    assert_eq!(two.evidence, Evidence::Inferred);
    let region = create_with(
        &mut m,
        "f",
        json!({"Layers": ["arn:aws:lambda:eu-west-1:123456789012:layer:L:1"]}),
    );
    assert_eq!(region.status, 400);
    assert_eq!(region.evidence, Evidence::Inferred);
    let missing = create_with(&mut m, "f", json!({"Layers": [format!("{l}:9")]}));
    assert_eq!(missing.status, 400);
    assert!(verified(&missing.evidence), "{:?}", missing.evidence);
}

/// Recordings of LocalStack's AWS snapshots cover the operations they called, no more.
#[test]
fn snapshot_recordings_cover_only_the_operations_they_called() {
    let mut m = model();
    create(&mut m, "f");
    // FN-CODE-IS-ZIP: recorded on CreateFunction, not on UpdateFunctionCode.
    let not_zip = b64(b"this is not a zip");
    let r = create_with(&mut m, "g", json!({"Code": {"ZipFile": not_zip}}));
    assert_eq!(r.status, 400);
    assert!(verified(&r.evidence), "{:?}", r.evidence);
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": not_zip}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, Evidence::Inferred);
    // TAG-RESOURCE-PATTERN: recorded on TagResource and ListTags, not UntagResource.
    let bad = "arn:aws:something";
    let r = call(&mut m, "ListTags", json!({"Resource": bad}));
    assert_eq!(r.status, 400);
    assert!(verified(&r.evidence), "{:?}", r.evidence);
    let r = call(
        &mut m,
        "UntagResource",
        json!({"Resource": bad, "TagKeys": ["k"]}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, Evidence::Inferred);
    // TAG-NOT-QUALIFIED: before existence is recorded for ListTags only.
    let missing = format!("{}:alias", arn("nope"));
    let r = call(&mut m, "ListTags", json!({"Resource": missing}));
    assert_eq!(r.status, 400);
    assert!(verified(&r.evidence), "{:?}", r.evidence);
    let r = call(
        &mut m,
        "TagResource",
        json!({"Resource": missing, "Tags": {"k": "v"}}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, Evidence::Inferred);
    let r = call(
        &mut m,
        "TagResource",
        json!({"Resource": format!("{}:v1", arn("f")), "Tags": {"k": "v"}}),
    );
    assert_eq!(r.status, 400);
    assert!(verified(&r.evidence), "{:?}", r.evidence);
}
