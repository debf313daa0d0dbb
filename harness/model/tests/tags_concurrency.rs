//! TagResource / UntagResource / ListTags and Put/Get/DeleteFunctionConcurrency,
//! checked against what LocalStack's parity snapshots recorded on AWS.

mod common;
use common::*;
use lambda_model::{Body, Evidence, Model, Response};
use serde_json::{Map, Value, json};

const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:q";
const QUALIFIED: &str =
    "Tags on function aliases and versions are not supported. Please specify a function ARN.";
const TOO_MANY: &str = "Number of tags exceeds resource tag limit.";
const UNQUALIFIED_ONLY: &str = "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.";
const BELOW_MIN: &str = "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].";

fn tag(m: &mut Model, resource: &str, tags: Value) -> Response {
    call(
        m,
        "TagResource",
        json!({ "Resource": resource, "Tags": tags }),
    )
}

fn untag(m: &mut Model, resource: &str, keys: Value) -> Response {
    call(
        m,
        "UntagResource",
        json!({ "Resource": resource, "TagKeys": keys }),
    )
}

/// ListTags, asserting 200, returning the Tags map.
fn list(m: &mut Model, resource: &str) -> Value {
    let r = call(m, "ListTags", json!({ "Resource": resource }));
    assert_eq!(r.status, 200, "{:?}", r.body);
    let b = body(&r);
    assert_eq!(b.as_object().map(Map::len), Some(1), "{b}");
    b["Tags"].clone()
}

fn get_function(m: &mut Model, name: &str) -> Value {
    let r = call(m, "GetFunction", json!({ "FunctionName": name }));
    assert_eq!(r.status, 200, "{:?}", r.body);
    body(&r).clone()
}

fn revision(m: &mut Model, name: &str) -> String {
    get_function(m, name)["Configuration"]["RevisionId"]
        .as_str()
        .unwrap()
        .to_string()
}

fn put_concurrency(m: &mut Model, name: &str, n: i64) -> Response {
    call(
        m,
        "PutFunctionConcurrency",
        json!({ "FunctionName": name, "ReservedConcurrentExecutions": n }),
    )
}

fn get_concurrency(m: &mut Model, name: &str) -> Response {
    call(m, "GetFunctionConcurrency", json!({ "FunctionName": name }))
}

fn many_tags(range: std::ops::Range<usize>) -> Value {
    let mut t = Map::new();
    for k in range {
        t.insert(format!("{k}_key"), json!(format!("{k}_value")));
    }
    Value::Object(t)
}

fn is_documented(r: &Response) -> bool {
    matches!(r.evidence, Evidence::Documented(s) if s.contains("LocalStack snapshot recorded against AWS"))
}

// ---------- tags ----------

#[test]
fn create_function_tags_show_in_get_function_and_list_tags() {
    let mut m = model();
    let r = create_with(&mut m, "f", json!({ "Tags": { "testtag": "v1" } }));
    assert_eq!(r.status, 201);
    assert_eq!(
        get_function(&mut m, "f")["Tags"],
        json!({ "testtag": "v1" })
    );
    assert_eq!(list(&mut m, &arn("f")), json!({ "testtag": "v1" }));
}

#[test]
fn untagged_function_has_no_tags_member_and_list_tags_is_empty() {
    let mut m = model();
    create(&mut m, "f");
    let g = get_function(&mut m, "f");
    assert!(g.get("Tags").is_none(), "{g}");
    assert!(g.get("Concurrency").is_none(), "{g}");
    assert_eq!(list(&mut m, &arn("f")), json!({}));
}

#[test]
fn tag_lifecycle_adds_overwrites_and_removes() {
    let mut m = model();
    create(&mut m, "f");
    let a = arn("f");
    let r = tag(&mut m, &a, json!({ "A": "tag-a" }));
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Body::Empty);
    assert!(is_documented(&r), "{:?}", r.evidence);
    assert_eq!(list(&mut m, &a), json!({ "A": "tag-a" }));

    assert_eq!(
        tag(&mut m, &a, json!({ "B": "tag-b", "C": "tag-c" })).status,
        204
    );
    assert_eq!(
        list(&mut m, &a),
        json!({ "A": "tag-a", "B": "tag-b", "C": "tag-c" })
    );

    assert_eq!(
        tag(&mut m, &a, json!({ "C": "tag-c-newsuffix", "D": "tag-d" })).status,
        204
    );
    assert_eq!(
        list(&mut m, &a),
        json!({ "A": "tag-a", "B": "tag-b", "C": "tag-c-newsuffix", "D": "tag-d" })
    );

    let r = untag(&mut m, &a, json!(["A"]));
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Body::Empty);
    assert_eq!(
        list(&mut m, &a),
        json!({ "B": "tag-b", "C": "tag-c-newsuffix", "D": "tag-d" })
    );
    assert_eq!(untag(&mut m, &a, json!(["B", "C"])).status, 204);
    assert_eq!(list(&mut m, &a), json!({ "D": "tag-d" }));

    // keys that are not set: still 204, nothing changes
    assert_eq!(untag(&mut m, &a, json!(["F"])).status, 204);
    assert_eq!(list(&mut m, &a), json!({ "D": "tag-d" }));
    assert_eq!(get_function(&mut m, "f")["Tags"], json!({ "D": "tag-d" }));

    // a mix of set and unset keys
    assert_eq!(untag(&mut m, &a, json!(["D", "F"])).status, 204);
    assert_eq!(list(&mut m, &a), json!({}));
    let g = get_function(&mut m, "f");
    assert!(
        g.get("Tags").is_none(),
        "no Tags member once all are removed: {g}"
    );
}

#[test]
fn tag_changes_give_latest_a_new_revision_id() {
    let mut m = model();
    create_with(&mut m, "f", json!({ "Tags": { "key_a": "value_a" } }));
    let r0 = revision(&mut m, "f");
    tag(&mut m, &arn("f"), json!({ "key_b": "value_b" }));
    let r1 = revision(&mut m, "f");
    assert_ne!(r0, r1);
    // an overwrite with the same value still counts as a change
    tag(&mut m, &arn("f"), json!({ "key_b": "value_b" }));
    let r2 = revision(&mut m, "f");
    assert_ne!(r1, r2);
    untag(&mut m, &arn("f"), json!(["key_a"]));
    let r3 = revision(&mut m, "f");
    assert_ne!(r2, r3);
    // the old RevisionId is now stale
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({ "FunctionName": "f", "Description": "x", "RevisionId": r2 }),
    );
    assert_eq!(r.status, 412);
    // tagging is not a configuration change: no new version to publish after version 1
    assert_eq!(publish(&mut m, "f"), "1");
    tag(&mut m, &arn("f"), json!({ "key_c": "value_c" }));
    assert_eq!(publish(&mut m, "f"), "1");
}

#[test]
fn tag_operations_on_missing_or_deleted_function_are_404() {
    let mut m = model();
    let msg = format!("Function not found: {}", arn("doesnotexist"));
    let r = tag(&mut m, &arn("doesnotexist"), json!({ "A": "B" }));
    assert_error(&r, 404, "ResourceNotFoundException", &msg);
    assert_eq!(body(&r)["Type"], "User");
    let r = untag(&mut m, &arn("doesnotexist"), json!(["A"]));
    assert_error(&r, 404, "ResourceNotFoundException", &msg);
    let r = call(
        &mut m,
        "ListTags",
        json!({ "Resource": arn("doesnotexist") }),
    );
    assert_error(&r, 404, "ResourceNotFoundException", &msg);
    assert!(is_documented(&r), "{:?}", r.evidence);

    create_with(&mut m, "f", json!({ "Tags": { "A": "B" } }));
    assert_eq!(
        call(&mut m, "DeleteFunction", json!({ "FunctionName": "f" })).status,
        204
    );
    let msg = format!("Function not found: {}", arn("f"));
    for r in [
        tag(&mut m, &arn("f"), json!({ "A": "B" })),
        untag(&mut m, &arn("f"), json!(["A"])),
        call(&mut m, "ListTags", json!({ "Resource": arn("f") })),
    ] {
        assert_error(&r, 404, "ResourceNotFoundException", &msg);
    }
    // DeleteFunction dropped the tags: a new function of the same name starts without them
    create(&mut m, "f");
    assert_eq!(list(&mut m, &arn("f")), json!({}));
    assert!(get_function(&mut m, "f").get("Tags").is_none());
}

#[test]
fn qualified_function_arns_cannot_be_tagged_even_when_missing() {
    let mut m = model();
    create(&mut m, "f");
    assert_eq!(publish(&mut m, "f"), "1");
    for q in ["1", "$LATEST", "v1"] {
        let r = tag(&mut m, &format!("{}:{q}", arn("f")), json!({ "k": "v" }));
        assert_error(&r, 400, "InvalidParameterValueException", QUALIFIED);
        assert_eq!(body(&r)["Type"], "User");
    }
    // checked before existence
    let r = call(
        &mut m,
        "ListTags",
        json!({ "Resource": format!("{}:alias", arn("nope")) }),
    );
    assert_error(&r, 400, "InvalidParameterValueException", QUALIFIED);
    let r = untag(&mut m, &format!("{}:alias", arn("nope")), json!(["k"]));
    assert_error(&r, 400, "InvalidParameterValueException", QUALIFIED);
    // nothing was stored
    assert_eq!(list(&mut m, &arn("f")), json!({}));
}

#[test]
fn resource_outside_the_taggable_pattern_is_a_validation_exception() {
    let mut m = model();
    let pattern = r"arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)";
    for resource in [
        "arn:aws:something".to_string(),
        format!("arn:aws:lambda:{REGION}:{ACCOUNT}:foobar:x"),
        format!("arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:not-a-uuid"),
        format!("arn:aws:lambda:{REGION}:{ACCOUNT}:capacity-provider:cp:alias"),
        "f".to_string(),
    ] {
        let r = call(&mut m, "ListTags", json!({ "Resource": resource }));
        assert_error(
            &r,
            400,
            "ValidationException",
            &format!(
                "1 validation error detected: Value '{resource}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
            ),
        );
        assert!(body(&r).get("Type").is_none());
        let r = tag(&mut m, &resource, json!({ "k": "v" }));
        assert_eq!(r.error_code.as_deref(), Some("ValidationException"));
    }
}

#[test]
fn empty_tags_and_empty_tag_keys_are_rejected() {
    let mut m = model();
    create(&mut m, "f");
    let r = tag(&mut m, &arn("f"), json!({}));
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "An error occurred and the request cannot be processed.",
    );
    assert_eq!(body(&r)["Type"], "User");
    let r = untag(&mut m, &arn("f"), json!([]));
    assert_error(
        &r,
        400,
        "ValidationException",
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
    // neither changed anything, RevisionId included
    let before = revision(&mut m, "f");
    tag(&mut m, &arn("f"), json!({}));
    untag(&mut m, &arn("f"), json!([]));
    assert_eq!(revision(&mut m, "f"), before);
}

#[test]
fn at_most_fifty_tags_per_function() {
    let mut m = model();
    create(&mut m, "f");
    let r = tag(&mut m, &arn("f"), many_tags(0..51));
    assert_error(&r, 400, "InvalidParameterValueException", TOO_MANY);
    assert_eq!(list(&mut m, &arn("f")), json!({}));

    assert_eq!(tag(&mut m, &arn("f"), many_tags(0..50)).status, 204);
    let listed = list(&mut m, &arn("f"));
    assert_eq!(listed.as_object().unwrap().len(), 50);
    assert_eq!(listed["49_key"], "49_value");
    assert_eq!(
        get_function(&mut m, "f")["Tags"].as_object().unwrap().len(),
        50
    );

    let r = tag(&mut m, &arn("f"), json!({ "a_key": "a_value" }));
    assert_error(&r, 400, "InvalidParameterValueException", TOO_MANY);
    assert!(list(&mut m, &arn("f")).get("a_key").is_none());

    // overwriting a stored key does not add one
    assert_eq!(
        tag(&mut m, &arn("f"), json!({ "0_key": "new" })).status,
        204
    );
    assert_eq!(list(&mut m, &arn("f"))["0_key"], "new");
}

#[test]
fn create_function_with_more_than_fifty_tags_is_refused() {
    let mut m = model();
    let r = create_with(&mut m, "f", json!({ "Tags": many_tags(0..51) }));
    assert_error(&r, 400, "InvalidParameterValueException", TOO_MANY);
    let g = call(&mut m, "GetFunction", json!({ "FunctionName": "f" }));
    assert_eq!(g.status, 404);
    let r = create_with(&mut m, "g", json!({ "Tags": many_tags(0..50) }));
    assert_eq!(r.status, 201);
    assert_eq!(list(&mut m, &arn("g")).as_object().unwrap().len(), 50);
}

#[test]
fn event_source_mappings_carry_their_own_tags() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({ "FunctionName": "f", "EventSourceArn": QUEUE, "BatchSize": 1, "Tags": { "testtag": "t" } }),
    );
    assert_eq!(r.status, 202, "{:?}", r.body);
    let esm_arn = body(&r)["EventSourceMappingArn"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(list(&mut m, &esm_arn), json!({ "testtag": "t" }));
    assert_eq!(tag(&mut m, &esm_arn, json!({ "A": "tag-a" })).status, 204);
    assert_eq!(
        list(&mut m, &esm_arn),
        json!({ "testtag": "t", "A": "tag-a" })
    );
    assert_eq!(untag(&mut m, &esm_arn, json!(["testtag", "F"])).status, 204);
    assert_eq!(list(&mut m, &esm_arn), json!({ "A": "tag-a" }));
    // the function's tags are separate
    assert_eq!(list(&mut m, &arn("f")), json!({}));

    let missing = format!(
        "arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:2b3c4d5e-1111-4222-8333-444455556666"
    );
    for r in [
        tag(&mut m, &missing, json!({ "A": "B" })),
        untag(&mut m, &missing, json!(["A"])),
        call(&mut m, "ListTags", json!({ "Resource": missing })),
    ] {
        assert_error(
            &r,
            404,
            "ResourceNotFoundException",
            &format!("Event source mapping not found: {missing}"),
        );
    }
}

#[test]
fn capacity_providers_are_never_found() {
    let mut m = model();
    let cp = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:capacity-provider:my-provider");
    let r = call(&mut m, "ListTags", json!({ "Resource": cp }));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Capacity provider not found: {cp}"),
    );
    assert!(is_documented(&r));
}

#[test]
fn foreign_region_resource_is_not_found_and_unverified() {
    let mut m = model();
    create(&mut m, "f");
    let foreign = format!("arn:aws:lambda:eu-central-1:{ACCOUNT}:function:f");
    let r = tag(&mut m, &foreign, json!({ "A": "B" }));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {foreign}"),
    );
    assert_eq!(r.evidence, Evidence::Inferred);
    assert_eq!(list(&mut m, &arn("f")), json!({}));
}

// ---------- reserved concurrency ----------

#[test]
fn concurrency_crud_round_trip() {
    let mut m = model();
    create(&mut m, "f");
    let r = get_concurrency(&mut m, "f");
    assert_eq!(r.status, 200);
    assert_eq!(body(&r), &json!({}));

    let r = put_concurrency(&mut m, "f", 0);
    assert_eq!(r.status, 200);
    assert_eq!(body(&r), &json!({ "ReservedConcurrentExecutions": 0 }));
    assert!(is_documented(&r));
    let r = get_concurrency(&mut m, "f");
    assert_eq!(body(&r), &json!({ "ReservedConcurrentExecutions": 0 }));

    let r = put_concurrency(&mut m, "f", 3);
    assert_eq!(body(&r), &json!({ "ReservedConcurrentExecutions": 3 }));
    assert_eq!(
        body(&get_concurrency(&mut m, "f")),
        &json!({ "ReservedConcurrentExecutions": 3 })
    );
    assert_eq!(
        get_function(&mut m, "f")["Concurrency"],
        json!({ "ReservedConcurrentExecutions": 3 })
    );

    let r = call(
        &mut m,
        "DeleteFunctionConcurrency",
        json!({ "FunctionName": "f" }),
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Body::Empty);
    let r = get_concurrency(&mut m, "f");
    assert_eq!(r.status, 200);
    assert_eq!(body(&r), &json!({}));
    let g = get_function(&mut m, "f");
    assert!(g.get("Concurrency").is_none(), "{g}");
}

#[test]
fn concurrency_is_reachable_by_arn_and_partial_arn() {
    let mut m = model();
    create(&mut m, "f");
    assert_eq!(put_concurrency(&mut m, &arn("f"), 7).status, 200);
    let r = get_concurrency(&mut m, &format!("{ACCOUNT}:function:f"));
    assert_eq!(body(&r), &json!({ "ReservedConcurrentExecutions": 7 }));
}

#[test]
fn concurrency_on_missing_function() {
    let mut m = model();
    for n in [1, 0] {
        let r = put_concurrency(&mut m, "doesnotexist", n);
        assert_error(
            &r,
            404,
            "ResourceNotFoundException",
            &format!("Function not found: {}:$LATEST", arn("doesnotexist")),
        );
    }
    let r = get_concurrency(&mut m, "doesnotexist");
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("doesnotexist")),
    );
    assert!(is_documented(&r));
    let r = call(
        &mut m,
        "DeleteFunctionConcurrency",
        json!({ "FunctionName": "doesnotexist" }),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("doesnotexist")),
    );
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn concurrency_wrong_region_arn() {
    let mut m = model();
    create(&mut m, "f");
    let r = get_concurrency(
        &mut m,
        &format!("arn:aws:lambda:eu-central-1:{ACCOUNT}:function:f"),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        "Functions from 'eu-central-1' are not reachable in this region ('us-east-1')",
    );
    assert!(is_documented(&r));
}

#[test]
fn concurrency_refuses_qualified_names() {
    let mut m = model();
    create(&mut m, "f");
    let r = put_concurrency(&mut m, &format!("{}:$LATEST", arn("f")), 0);
    assert_error(&r, 400, "InvalidParameterValueException", UNQUALIFIED_ONLY);
    assert_eq!(body(&r)["Type"], "User");
    assert_eq!(
        r.evidence,
        Evidence::Recorded("localstack:test_function_concurrency_exceptions")
    );
    // nothing was stored
    assert_eq!(body(&get_concurrency(&mut m, "f")), &json!({}));
    // inferred for the other two operations
    let r = get_concurrency(&mut m, "f:1");
    assert_error(&r, 400, "InvalidParameterValueException", UNQUALIFIED_ONLY);
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn unreserved_concurrency_minimum_of_one_hundred() {
    let mut m = model();
    create(&mut m, "f");
    create(&mut m, "g");
    for n in [1001, 1000, 901] {
        let r = put_concurrency(&mut m, "f", n);
        assert_error(&r, 400, "InvalidParameterValueException", BELOW_MIN);
        // recorded without a Type member
        assert!(body(&r).get("Type").is_none(), "{:?}", r.body);
    }
    assert_eq!(body(&get_concurrency(&mut m, "f")), &json!({}));

    // 1000 - 900 = 100 left unreserved: allowed
    assert_eq!(put_concurrency(&mut m, "f", 900).status, 200);
    let r = put_concurrency(&mut m, "g", 1);
    assert_error(&r, 400, "InvalidParameterValueException", BELOW_MIN);
    // 0 always fits
    assert_eq!(put_concurrency(&mut m, "g", 0).status, 200);
    // a function's own reservation is replaced, not added to
    assert_eq!(put_concurrency(&mut m, "f", 900).status, 200);
    assert_eq!(put_concurrency(&mut m, "f", 850).status, 200);
    assert_eq!(put_concurrency(&mut m, "g", 50).status, 200);
    assert_eq!(
        put_concurrency(&mut m, "g", 51).error_code.as_deref(),
        Some("InvalidParameterValueException")
    );

    // DeleteFunctionConcurrency and DeleteFunction both release the reservation
    call(
        &mut m,
        "DeleteFunctionConcurrency",
        json!({ "FunctionName": "g" }),
    );
    assert_eq!(put_concurrency(&mut m, "g", 50).status, 200);
    call(&mut m, "DeleteFunction", json!({ "FunctionName": "f" }));
    assert_eq!(put_concurrency(&mut m, "g", 900).status, 200);
}

#[test]
fn delete_function_drops_reserved_concurrency() {
    let mut m = model();
    create(&mut m, "f");
    put_concurrency(&mut m, "f", 5);
    call(&mut m, "DeleteFunction", json!({ "FunctionName": "f" }));
    let r = get_concurrency(&mut m, "f");
    assert_eq!(r.status, 404);
    create(&mut m, "f");
    assert_eq!(body(&get_concurrency(&mut m, "f")), &json!({}));
    assert!(get_function(&mut m, "f").get("Concurrency").is_none());
}

#[test]
fn negative_reserved_concurrency_is_a_validation_error() {
    let mut m = model();
    create(&mut m, "f");
    let r = put_concurrency(&mut m, "f", -1);
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code.as_deref(), Some("ValidationException"));
    assert_eq!(r.evidence, Evidence::Inferred);
    assert_eq!(body(&get_concurrency(&mut m, "f")), &json!({}));
}

// ---------- invoke with reserved concurrency ----------

#[test]
fn reserved_concurrency_zero_throttles_synchronous_invokes() {
    let mut m = model();
    create(&mut m, "f");
    assert_eq!(publish(&mut m, "f"), "1");
    put_concurrency(&mut m, "f", 0);
    for q in [None, Some("$LATEST"), Some("1")] {
        let mut input = json!({ "FunctionName": arn("f"), "Payload": b64(br#"{"a":1}"#) });
        if let Some(q) = q {
            input["Qualifier"] = json!(q);
        }
        let r = call(&mut m, "Invoke", input);
        assert_error(&r, 429, "TooManyRequestsException", "Rate Exceeded.");
        assert_eq!(
            body(&r),
            &json!({
                "Type": "User",
                "message": "Rate Exceeded.",
                "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded",
            })
        );
        assert!(is_documented(&r));
    }
    // an Event invoke is still accepted
    let r = call(
        &mut m,
        "Invoke",
        json!({ "FunctionName": "f", "InvocationType": "Event" }),
    );
    assert_eq!(r.status, 202);

    // any reservation above 0 lets the (sequential) model's invokes run
    put_concurrency(&mut m, "f", 1);
    let r = call(
        &mut m,
        "Invoke",
        json!({ "FunctionName": "f", "Payload": b64(br#"{"a":1}"#) }),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, Body::Raw(br#"{"a":1}"#.to_vec()));

    put_concurrency(&mut m, "f", 0);
    call(
        &mut m,
        "DeleteFunctionConcurrency",
        json!({ "FunctionName": "f" }),
    );
    let r = call(&mut m, "Invoke", json!({ "FunctionName": "f" }));
    assert_eq!(r.status, 200);
}
