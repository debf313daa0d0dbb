//! Recorded AWS scenarios (ids from /work/shared/aws-truth/scenarios.jsonl) replayed against the model.

mod common;
use common::*;
use lambda_model::{Body, Evidence};
use serde_json::{Value, json};

// ---------- functions ----------

#[test]
fn fn_004_delete_function_is_204_empty_and_fn_005_not_idempotent() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(&mut m, "DeleteFunction", json!({"FunctionName": "f"}));
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Body::Empty);
    let r = call(&mut m, "DeleteFunction", json!({"FunctionName": "f"}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("f")),
    );
    // FN-005: capital-M Message and Type User
    assert_eq!(body(&r)["Type"], "User");
    assert!(body(&r).get("message").is_none());
}

#[test]
fn fn_006_get_missing_function_message_has_full_arn() {
    let mut m = model();
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "nope"}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("nope")),
    );
    assert_eq!(r.evidence, Evidence::Recorded("FN-016"));
}

#[test]
fn fn_008_delete_missing_function() {
    let mut m = model();
    let r = call(&mut m, "DeleteFunction", json!({"FunctionName": "nope"}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("nope")),
    );
}

#[test]
fn fn_010_missing_version_message_is_qualified() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "GetFunctionConfiguration",
        json!({"FunctionName": "f", "Qualifier": "1221"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:1221", arn("f")),
    );
}

#[test]
fn fn_014_qualifier_mismatch_before_existence() {
    let mut m = model();
    let msg =
        "The derived qualifier from the function name does not match the specified qualifier.";
    for op in ["DeleteFunction", "GetFunction", "GetFunctionConfiguration"] {
        let r = call(
            &mut m,
            op,
            json!({"FunctionName": format!("{}:1", arn("f")), "Qualifier": "$LATEST"}),
        );
        assert_error(&r, 400, "InvalidParameterValueException", msg);
        assert_eq!(body(&r)["Type"], "User");
        assert!(body(&r).get("message").is_some());
    }
}

#[test]
fn fn_015_latest_cannot_be_deleted() {
    let mut m = model();
    let r = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": format!("{}:$LATEST", arn("f")), "Qualifier": "$LATEST"}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "$LATEST version cannot be deleted without deleting the function.",
    );
}

#[test]
fn fn_016_matching_latest_qualifier_on_missing_function() {
    let mut m = model();
    for op in ["GetFunction", "GetFunctionConfiguration"] {
        let r = call(
            &mut m,
            op,
            json!({"FunctionName": format!("{}:$LATEST", arn("f")), "Qualifier": "$LATEST"}),
        );
        assert_error(
            &r,
            404,
            "ResourceNotFoundException",
            &format!("Function not found: {}:$LATEST", arn("f")),
        );
    }
}

#[test]
fn fn_017_alias_like_qualifier_on_delete() {
    let mut m = model();
    let q = "a".repeat(65);
    let r = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "my-function", "Qualifier": q}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Deletion of aliases is not currently supported.",
    );
    let r = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": "my-function", "Qualifier": q}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:{q}", arn("my-function")),
    );
}

#[test]
fn fn_021_foreign_region_arn_on_create_is_404() {
    let mut m = model();
    let r = create_with(
        &mut m,
        &format!("arn:aws:lambda:ap-southeast-1:{ACCOUNT}:function:f"),
        json!({}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')",
    );
}

#[test]
fn val_005_plain_name_over_64_is_ipve() {
    let mut m = model();
    let name = "a".repeat(65);
    let r = create_with(&mut m, &name, json!({}));
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        &format!(
            "1 validation error detected: Value '{name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"
        ),
    );
    assert_eq!(body(&r)["Type"], "User");
}

#[test]
fn val_006_long_name_on_read_paths_is_not_found() {
    let mut m = model();
    let name = "a".repeat(65);
    let r = call(&mut m, "GetFunction", json!({"FunctionName": name}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn(&name)),
    );
    let r = call(&mut m, "Invoke", json!({"FunctionName": name}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:$LATEST", arn(&name)),
    );
}

#[test]
fn val_011_arn_missing_name_names_function_called_function() {
    let mut m = model();
    let raw = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function");
    let r = call(&mut m, "GetFunction", json!({"FunctionName": raw}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("function")),
    );
    let r = create_with(&mut m, &raw, json!({}));
    assert_eq!(r.status, 201);
    assert_eq!(body(&r)["FunctionName"], "function");
}

#[test]
fn val_013_invoke_qualifier_mismatch() {
    let mut m = model();
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": format!("{}:$LATEST", arn("f")), "Qualifier": "1"}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "The derived qualifier from the function name does not match the specified qualifier.",
    );
}

#[test]
fn val_014_lowercase_latest_is_an_alias_like_qualifier() {
    let mut m = model();
    let r = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": arn("f"), "Qualifier": "$latest"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:$latest", arn("f")),
    );
    let r = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": arn("f"), "Qualifier": "$latest"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("f")),
    );
}

#[test]
fn val_018_unknown_runtime_is_ipve() {
    let mut m = model();
    let r = create_with(&mut m, "f", json!({"Runtime": "PYTHON3.9"}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error_code.as_deref(),
        Some("InvalidParameterValueException")
    );
    let msg = message(&r);
    assert!(msg.starts_with("Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x"), "{msg}");
    assert!(msg.ends_with("java8.al2] or be a valid ARN"), "{msg}");
}

#[test]
fn val_019_deprecated_runtime() {
    let mut m = model();
    let r = create_with(&mut m, "f", json!({"Runtime": "python3.7"}));
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.",
    );
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "f"}));
    assert_eq!(r.status, 404);
}

#[test]
fn val_025_environment_limit_is_4096_bytes_of_compact_json() {
    let mut m = model();
    // {"LARGE_VAR":"x..."} = 16 bytes of overhead
    let ok = "x".repeat(4096 - 16);
    let r = create_with(
        &mut m,
        "ok",
        json!({"Environment": {"Variables": {"LARGE_VAR": ok}}}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    let big = "x".repeat(4097 - 16);
    let r = create_with(
        &mut m,
        "big",
        json!({"Environment": {"Variables": {"LARGE_VAR": big}}}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        &format!(
            "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {{\"LARGE_VAR\":\"{big}\"}}"
        ),
    );
    assert_eq!(
        call(&mut m, "GetFunction", json!({"FunctionName": "big"})).status,
        404
    );
}

#[test]
fn val_026_zip_over_50mb_is_413() {
    let mut m = model();
    let zip = vec![0u8; 52_428_801];
    let r = create_with(&mut m, "f", json!({"Code": {"ZipFile": zip_b64(&zip)}}));
    assert_error(
        &r,
        413,
        "RequestEntityTooLargeException",
        "Zipped size must be smaller than 52428800 bytes",
    );
}

#[test]
fn val_029_030_032_layers() {
    let mut m = model();
    let l = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:layer:L");
    let r = create_with(
        &mut m,
        "f",
        json!({"Layers": [format!("{l}:1"), format!("{l}:2")]}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        &format!(
            "Two different versions of the same layer are not allowed to be referenced in the same function. {l}:1 and {l}:2 are versions of the same layer."
        ),
    );
    let r = create_with(&mut m, "f", json!({"Layers": [format!("{l}:9")]}));
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        &format!("Layer version {l}:9 does not exist."),
    );
    let r = create_with(
        &mut m,
        "f",
        json!({"Layers": [format!("arn:aws:lambda:eu-west-1:{ACCOUNT}:layer:L:1")]}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Layers are not in the same region as the function. Layers are expected to be in region us-east-1.",
    );
}

#[test]
fn create_response_members_for_a_zip_function() {
    let mut m = model();
    let r = create(&mut m, "f");
    let b = body(&r);
    assert_eq!(b["FunctionArn"], arn("f"));
    assert_eq!(b["Timeout"], 3);
    assert_eq!(b["MemorySize"], 128);
    assert_eq!(b["Version"], "$LATEST");
    // The stand-in package: a 4-byte zip header and "zip-v1".
    assert_eq!(b["CodeSize"], 10);
    assert_eq!(b["CodeSha256"], sha_b64(&zipped(b"zip-v1")));
    assert_eq!(b["TracingConfig"], json!({"Mode": "PassThrough"}));
    assert_eq!(b["LastModified"], "2026-01-01T00:00:00.000+0000");
    assert_eq!(b["State"], "Active");
    assert_eq!(b["LastUpdateStatus"], "Successful");
    assert_eq!(b["PackageType"], "Zip");
    assert_eq!(b["Architectures"], json!(["x86_64"]));
    assert_eq!(b["EphemeralStorage"], json!({"Size": 512}));
    assert_eq!(
        b["LoggingConfig"],
        json!({"LogFormat": "Text", "LogGroup": "/aws/lambda/f"})
    );
    assert!(b.get("Environment").is_none());
    assert!(b["RevisionId"].as_str().unwrap().len() == 36);
}

/// The bytes `zip_b64` encodes.
fn zipped(content: &[u8]) -> Vec<u8> {
    [b"PK\x03\x04".as_slice(), content].concat()
}

fn sha_b64(bytes: &[u8]) -> String {
    use sha2::Digest;
    b64(&sha2::Sha256::digest(bytes))
}

#[test]
fn get_function_has_code_location_and_tags() {
    let mut m = model();
    create_with(&mut m, "f", json!({"Tags": {"team": "a"}}));
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "f"}));
    assert_eq!(r.status, 200);
    let b = body(&r);
    assert_eq!(b["Code"]["RepositoryType"], "S3");
    assert!(
        b["Code"]["Location"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert_eq!(b["Tags"], json!({"team": "a"}));
    assert_eq!(b["Configuration"]["FunctionName"], "f");
}

#[test]
fn timeout_and_memory_limits() {
    let mut m = model();
    let r = create_with(&mut m, "f", json!({"Timeout": 901}));
    assert_error(
        &r,
        400,
        "ValidationException",
        "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    assert!(body(&r).get("Type").is_none());
    let r = create_with(&mut m, "f", json!({"MemorySize": 10241}));
    assert_error(
        &r,
        400,
        "ValidationException",
        "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
    assert_eq!(
        create_with(&mut m, "f", json!({"Timeout": 900, "MemorySize": 10240})).status,
        201
    );
}

#[test]
fn duplicate_function_is_409() {
    let mut m = model();
    create(&mut m, "f");
    let r = create_with(&mut m, "f", json!({}));
    assert_error(
        &r,
        409,
        "ResourceConflictException",
        "Function already exist: f",
    );
}

// ---------- updates ----------

#[test]
fn upd_001_002_003_every_update_changes_revision() {
    let mut m = model();
    let r0 = create(&mut m, "f");
    let r1 = touch(&mut m, "f", "same");
    let r2 = touch(&mut m, "f", "same");
    assert_ne!(body(&r0)["RevisionId"], body(&r1)["RevisionId"]);
    assert_ne!(body(&r1)["RevisionId"], body(&r2)["RevisionId"]);
    assert_eq!(body(&r2)["Description"], "same");
    let r3 = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": zip_b64(b"zip-v2")}),
    );
    assert_eq!(r3.status, 200);
    assert_eq!(body(&r3)["CodeSha256"], sha_b64(&zipped(b"zip-v2")));
    assert_ne!(body(&r3)["RevisionId"], body(&r2)["RevisionId"]);
}

#[test]
fn upd_006_stale_revision_is_412_and_changes_nothing() {
    let mut m = model();
    let r = create(&mut m, "f");
    let rev = body(&r)["RevisionId"].as_str().unwrap().to_string();
    let msg = "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id";
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": zip_b64(b"x"), "RevisionId": "wrong"}),
    );
    assert_error(&r, 412, "PreconditionFailedException", msg);
    assert_eq!(body(&r)["Type"], "User");
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "Description": "x", "RevisionId": "wrong"}),
    );
    assert_error(&r, 412, "PreconditionFailedException", msg);
    let g = call(
        &mut m,
        "GetFunctionConfiguration",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(body(&g)["RevisionId"], rev);
    assert_eq!(body(&g)["Description"], "");
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "Description": "x", "RevisionId": rev}),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn upd_007_image_uri_on_zip_function() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:latest"}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Please don't provide ImageUri when updating a function with packageType Zip.",
    );
}

#[test]
fn updates_reject_qualified_names() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f:1", "Description": "x"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, Evidence::Inferred);
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f:$LATEST", "Description": "x"}),
    );
    assert_eq!(r.status, 200);
}

// ---------- listing ----------

#[test]
fn list_001_002_list_functions() {
    let mut m = model();
    create_with(&mut m, "fn1", json!({"Publish": true}));
    create(&mut m, "fn2");
    let items = all_pages(&mut m, "ListFunctions", "Functions", json!({}), 1);
    assert_eq!(items.len(), 2);
    for i in &items {
        assert!(i.get("State").is_none() && i.get("LastUpdateStatus").is_none());
        assert!(i.get("RuntimeVersionConfig").is_none());
        assert!(!i["FunctionArn"].as_str().unwrap().ends_with(":$LATEST"));
    }
    let r = call(&mut m, "ListFunctions", json!({"FunctionVersion": "ALL"}));
    let arns: Vec<&str> = body(&r)["Functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["FunctionArn"].as_str().unwrap())
        .collect();
    assert_eq!(
        arns,
        vec![
            format!("{}:$LATEST", arn("fn1")),
            format!("{}:1", arn("fn1")),
            format!("{}:$LATEST", arn("fn2"))
        ]
    );
}

// ---------- versions ----------

#[test]
fn ver_001_list_versions_has_qualified_latest_first() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "ListVersionsByFunction",
        json!({"FunctionName": "f"}),
    );
    let v = body(&r)["Versions"].as_array().unwrap().clone();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["Version"], "$LATEST");
    assert_eq!(v[0]["FunctionArn"], format!("{}:$LATEST", arn("f")));
    assert!(v[0].get("State").is_none());
}

#[test]
fn ver_003_unchanged_publish_returns_existing_version() {
    let mut m = model();
    let c = create_with(&mut m, "f", json!({"Publish": true}));
    assert_eq!(body(&c)["Version"], "1");
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "Description": "Repeated version description :)"}),
    );
    assert_eq!(r.status, 201);
    assert_eq!(body(&r)["Version"], "1");
    assert_eq!(body(&r)["Description"], "");
    // The create answer is $LATEST's (unqualified ARN, $LATEST's RevisionId);
    // the repeated publish answers version 1's.
    assert_eq!(body(&c)["FunctionArn"], arn("f"));
    assert_ne!(body(&r)["RevisionId"], body(&c)["RevisionId"]);
    let v1 = call(
        &mut m,
        "GetFunctionConfiguration",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    assert_eq!(body(&r)["RevisionId"], body(&v1)["RevisionId"]);
    let l = call(
        &mut m,
        "ListVersionsByFunction",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(body(&l)["Versions"].as_array().unwrap().len(), 2);
}

#[test]
fn ver_004_version_description_and_arn() {
    let mut m = model();
    create(&mut m, "f");
    touch(&mut m, "f", "First version :)");
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "Description": "First version description :)"}),
    );
    assert_eq!(r.status, 201);
    let b = body(&r);
    assert_eq!(b["Version"], "1");
    assert_eq!(b["FunctionArn"], format!("{}:1", arn("f")));
    assert_eq!(b["Description"], "First version description :)");
    assert_eq!(b["State"], "Active");
    let g = call(
        &mut m,
        "GetFunctionConfiguration",
        json!({"FunctionName": "f"}),
    );
    assert_eq!(body(&g)["Description"], "First version :)");
}

#[test]
fn ver_006_versions_are_immutable() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    let before = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    touch(&mut m, "f", "changed");
    let after = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    assert_eq!(
        body(&before)["Configuration"],
        body(&after)["Configuration"]
    );
    assert_eq!(body(&after)["Configuration"]["Description"], "d1");
}

#[test]
fn ver_008_code_sha_precondition() {
    let mut m = model();
    let c = create(&mut m, "f");
    let sha = body(&c)["CodeSha256"].as_str().unwrap().to_string();
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "CodeSha256": "somenonexistentsha256"}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        &format!(
            "CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST ({sha}). Please try again with the CodeSHA256 in $LATEST."
        ),
    );
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "CodeSha256": sha}),
    );
    assert_eq!(body(&r)["Version"], "1");
}

#[test]
fn ver_009_010_publish_revision_ids() {
    let mut m = model();
    let c = create(&mut m, "f");
    let r2 = body(&c)["RevisionId"].as_str().unwrap().to_string();
    let r = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "RevisionId": "wrong"}),
    );
    assert_error(
        &r,
        412,
        "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    );
    let p = call(
        &mut m,
        "PublishVersion",
        json!({"FunctionName": "f", "RevisionId": r2}),
    );
    assert_eq!(p.status, 201);
    let vrev = body(&p)["RevisionId"].as_str().unwrap().to_string();
    assert_ne!(vrev, r2);
    let g = call(&mut m, "GetFunction", json!({"FunctionName": "f"}));
    let r3 = body(&g)["Configuration"]["RevisionId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(r3, r2);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "1"}),
    );
    let g = call(&mut m, "GetFunction", json!({"FunctionName": "f"}));
    assert_eq!(body(&g)["Configuration"]["RevisionId"], r3.as_str());
    let g = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    assert_eq!(body(&g)["Configuration"]["RevisionId"], vrev.as_str());
}

#[test]
fn delete_version_referenced_by_alias_is_409() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "live", "FunctionVersion": "1"}),
    );
    let r = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    assert_error(
        &r,
        409,
        "ResourceConflictException",
        "Unable to delete version because the following aliases reference it: [live]",
    );
}

// ---------- aliases ----------

#[test]
fn ali_001_create_alias_with_routing_and_get_identical() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "aliasname1_1", "FunctionVersion": "1", "Description": "custom-alias", "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.2}}}),
    );
    assert_eq!(r.status, 201);
    let b = body(&r).clone();
    assert_eq!(b["AliasArn"], format!("{}:aliasname1_1", arn("f")));
    assert_eq!(
        b["RoutingConfig"],
        json!({"AdditionalVersionWeights": {"2": 0.2}})
    );
    let g = call(
        &mut m,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "aliasname1_1"}),
    );
    assert_eq!(g.status, 200);
    assert_eq!(body(&g), &b);
}

#[test]
fn ali_002_003_004_defaults() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "aliasname1_3", "FunctionVersion": "1"}),
    );
    assert_eq!(body(&r)["Description"], "");
    assert!(body(&r).get("RoutingConfig").is_none());
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "empty", "FunctionVersion": "1", "RoutingConfig": {"AdditionalVersionWeights": {}}}),
    );
    assert_eq!(r.status, 201);
    assert!(body(&r).get("RoutingConfig").is_none());
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "custom-latest", "FunctionVersion": "$LATEST"}),
    );
    assert_eq!(r.status, 201);
}

#[test]
fn ali_006_007_008_009_missing_alias_wordings() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "non-existent"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Cannot find alias arn: {}:non-existent", arn("f")),
    );
    let r = call(
        &mut m,
        "UpdateAlias",
        json!({"FunctionName": "f", "Name": "non-existent"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Alias not found: {}:non-existent", arn("f")),
    );
    let r = call(
        &mut m,
        "DeleteAlias",
        json!({"FunctionName": "f", "Name": "non-existent"}),
    );
    assert_eq!(r.status, 204);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "$LATEST"}),
    );
    assert_eq!(
        call(
            &mut m,
            "DeleteAlias",
            json!({"FunctionName": "f", "Name": "a"})
        )
        .status,
        204
    );
    let l = call(&mut m, "ListAliases", json!({"FunctionName": "f"}));
    assert_eq!(body(&l)["Aliases"], json!([]));
}

#[test]
fn ali_011_012_014_routing_rules() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "10", "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.5}}}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:10", arn("f")),
    );
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "1", "RoutingConfig": {"AdditionalVersionWeights": {"10": 0.5}}}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:10", arn("f")),
    );
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "1", "RoutingConfig": {"AdditionalVersionWeights": {"1": 0.8, "2": 0.2}}}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Number of items in AdditionalVersionWeights cannot be greater than 1",
    );
}

#[test]
fn ali_019_update_clears_routing_and_changes_revision() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    let c = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "a", "FunctionVersion": "1", "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.2}}}),
    );
    let u = call(
        &mut m,
        "UpdateAlias",
        json!({"FunctionName": "f", "Name": "a", "RoutingConfig": {"AdditionalVersionWeights": {}}}),
    );
    assert_eq!(u.status, 200);
    assert!(body(&u).get("RoutingConfig").is_none());
    assert_ne!(body(&u)["RevisionId"], body(&c)["RevisionId"]);
    let g = call(
        &mut m,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "a"}),
    );
    assert!(body(&g).get("RoutingConfig").is_none());
}

#[test]
fn ali_022_list_aliases_filter() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    for (n, v) in [("a1", "1"), ("a2", "1"), ("a3", "1"), ("b", "2")] {
        call(
            &mut m,
            "CreateAlias",
            json!({"FunctionName": "f", "Name": n, "FunctionVersion": v}),
        );
    }
    let r = call(
        &mut m,
        "ListAliases",
        json!({"FunctionName": "f", "FunctionVersion": "1"}),
    );
    assert_eq!(body(&r)["Aliases"].as_array().unwrap().len(), 3);
    let all = all_pages(
        &mut m,
        "ListAliases",
        "Aliases",
        json!({"FunctionName": "f"}),
        1,
    );
    assert_eq!(all.len(), 4);
    let g = call(
        &mut m,
        "GetAlias",
        json!({"FunctionName": "f", "Name": "b"}),
    );
    assert_eq!(&all[3], body(&g));
}

#[test]
fn ali_023_get_function_through_alias() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "aliasname1_1", "FunctionVersion": "1"}),
    );
    let v = call(
        &mut m,
        "GetFunction",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    for input in [
        json!({"FunctionName": "f", "Qualifier": "aliasname1_1"}),
        json!({"FunctionName": format!("{}:aliasname1_1", arn("f"))}),
    ] {
        let r = call(&mut m, "GetFunction", input);
        let c = &body(&r)["Configuration"];
        assert_eq!(c["FunctionArn"], format!("{}:aliasname1_1", arn("f")));
        assert_eq!(c["Version"], "1");
        assert_eq!(c["RevisionId"], body(&v)["Configuration"]["RevisionId"]);
    }
}

#[test]
fn ali_024_invoke_through_alias_reports_resolved_version() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "alias1", "FunctionVersion": "1"}),
    );
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Qualifier": "alias1", "Payload": b64(b"{}")}),
    );
    assert_eq!(r.header("X-Amz-Executed-Version"), Some("1"));
    call(
        &mut m,
        "UpdateAlias",
        json!({"FunctionName": "f", "Name": "alias1", "FunctionVersion": "2"}),
    );
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": format!("{}:alias1", arn("f"))}),
    );
    assert_eq!(r.header("X-Amz-Executed-Version"), Some("2"));
}

#[test]
fn ali_025_invoke_missing_alias() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Qualifier": "non-existent-alias"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:non-existent-alias", arn("f")),
    );
}

// ---------- permissions ----------

fn add(m: &mut lambda_model::Model, input: Value) -> lambda_model::Response {
    let mut i = json!({"FunctionName": "f", "StatementId": "s3", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
    for (k, v) in input.as_object().unwrap() {
        i[k] = v.clone();
    }
    call(m, "AddPermission", i)
}

#[test]
fn perm_001_002_statement_and_policy_shape() {
    let mut m = model();
    create(&mut m, "f");
    let r = add(&mut m, json!({"SourceArn": "arn:aws:s3:::test-bucket"}));
    assert_eq!(r.status, 201);
    let st: Value = serde_json::from_str(body(&r)["Statement"].as_str().unwrap()).unwrap();
    assert_eq!(
        st,
        json!({"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": arn("f"), "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::test-bucket"}}})
    );
    add(
        &mut m,
        json!({"StatementId": "sqs", "Principal": "sqs.amazonaws.com"}),
    );
    let g = call(&mut m, "GetPolicy", json!({"FunctionName": "f"}));
    assert_eq!(g.status, 200);
    let p: Value = serde_json::from_str(body(&g)["Policy"].as_str().unwrap()).unwrap();
    assert_eq!(p["Version"], "2012-10-17");
    assert_eq!(p["Id"], "default");
    let sids: Vec<&str> = p["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap())
        .collect();
    assert_eq!(sids, ["s3", "sqs"]);
    assert!(body(&g)["RevisionId"].is_string());
}

#[test]
fn perm_003_principal_and_condition_mapping() {
    let mut m = model();
    create(&mut m, "f");
    let cases = [
        ("*", json!("*")),
        (
            ACCOUNT,
            json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
        ),
        (
            "arn:aws:iam::123456789012:role/r",
            json!({"AWS": "arn:aws:iam::123456789012:role/r"}),
        ),
    ];
    for (i, (p, want)) in cases.iter().enumerate() {
        let r = add(
            &mut m,
            json!({"StatementId": format!("s{i}"), "Principal": p}),
        );
        let st: Value = serde_json::from_str(body(&r)["Statement"].as_str().unwrap()).unwrap();
        assert_eq!(&st["Principal"], want);
    }
    let r = add(
        &mut m,
        json!({"StatementId": "c", "SourceAccount": ACCOUNT, "SourceArn": "arn:aws:s3:::b", "PrincipalOrgID": "o-abcdefghij", "FunctionUrlAuthType": "NONE", "EventSourceToken": "tok"}),
    );
    let st: Value = serde_json::from_str(body(&r)["Statement"].as_str().unwrap()).unwrap();
    assert_eq!(
        st["Condition"],
        json!({
            "StringEquals": {"AWS:SourceAccount": ACCOUNT, "aws:PrincipalOrgID": "o-abcdefghij", "lambda:FunctionUrlAuthType": "NONE", "lambda:EventSourceToken": "tok"},
            "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::b"}
        })
    );
}

#[test]
fn perm_006_007_011_015_018_add_permission_errors() {
    let mut m = model();
    let r = add(&mut m, json!({"FunctionName": "doesnotexist"}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("doesnotexist")),
    );
    create(&mut m, "f");
    let r = add(
        &mut m,
        json!({"FunctionName": "f:$LATEST", "Qualifier": "$LATEST"}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "We currently do not support adding policies for $LATEST.",
    );
    let r = add(
        &mut m,
        json!({"Principal": "invalid.nonaws.com", "SourceAccount": ACCOUNT}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "The provided principal was invalid. Please check the principal and try again.",
    );
    let r = add(&mut m, json!({"FunctionName": "f:alias-doesnotexist"}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Cannot find alias arn: {}:alias-doesnotexist", arn("f")),
    );
    assert_eq!(add(&mut m, json!({})).status, 201);
    let r = add(&mut m, json!({}));
    assert_error(
        &r,
        409,
        "ResourceConflictException",
        "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.",
    );
}

#[test]
fn perm_008_009_010_get_policy_generic_not_found() {
    let mut m = model();
    let msg = "The resource you requested does not exist.";
    let r = call(&mut m, "GetPolicy", json!({"FunctionName": "doesnotexist"}));
    assert_error(&r, 404, "ResourceNotFoundException", msg);
    create(&mut m, "f");
    add(&mut m, json!({}));
    let before = call(&mut m, "GetPolicy", json!({"FunctionName": "f"}));
    let r = call(
        &mut m,
        "GetPolicy",
        json!({"FunctionName": "f", "Qualifier": "77"}),
    );
    assert_error(&r, 404, "ResourceNotFoundException", msg);
    publish(&mut m, "f");
    let r = call(
        &mut m,
        "GetPolicy",
        json!({"FunctionName": "f", "Qualifier": "1"}),
    );
    assert_error(&r, 404, "ResourceNotFoundException", msg);
    let after = call(&mut m, "GetPolicy", json!({"FunctionName": "f"}));
    assert_eq!(body(&before), body(&after));
}

#[test]
fn perm_012_013_014_remove_permission_wordings() {
    let mut m = model();
    let r = call(
        &mut m,
        "RemovePermission",
        json!({"FunctionName": "doesnotexist", "StatementId": "s3"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("No policy found for: {}", arn("doesnotexist")),
    );
    create(&mut m, "f");
    let r = call(
        &mut m,
        "RemovePermission",
        json!({"FunctionName": "f", "StatementId": "s3"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        "No policy is associated with the given resource.",
    );
    add(&mut m, json!({}));
    add(&mut m, json!({"StatementId": "sqs"}));
    let r = call(
        &mut m,
        "RemovePermission",
        json!({"FunctionName": "f", "StatementId": "non-existent"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        "Statement non-existent is not found in resource policy.",
    );
    let r = call(
        &mut m,
        "RemovePermission",
        json!({"FunctionName": "f", "StatementId": "s3"}),
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Body::Empty);
}

#[test]
fn perm_019_020_per_qualifier_policies_and_revisions() {
    let mut m = model();
    with_versions(&mut m, "f", 1);
    let a = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "f", "Name": "permission-alias", "FunctionVersion": "1"}),
    );
    let alias_rev = body(&a)["RevisionId"].as_str().unwrap().to_string();
    add(&mut m, json!({}));
    let unq = call(&mut m, "GetPolicy", json!({"FunctionName": "f"}));
    let r = add(
        &mut m,
        json!({"FunctionName": "f:permission-alias", "Qualifier": "permission-alias", "RevisionId": "wrong"}),
    );
    assert_error(
        &r,
        412,
        "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id",
    );
    let r = add(&mut m, json!({"FunctionName": "f:1", "Qualifier": "1"}));
    assert_eq!(r.status, 201);
    let st: Value = serde_json::from_str(body(&r)["Statement"].as_str().unwrap()).unwrap();
    assert_eq!(st["Resource"], format!("{}:1", arn("f")));
    let r = add(
        &mut m,
        json!({"FunctionName": "f:permission-alias", "Qualifier": "permission-alias", "RevisionId": alias_rev}),
    );
    assert_eq!(r.status, 201);
    let st: Value = serde_json::from_str(body(&r)["Statement"].as_str().unwrap()).unwrap();
    assert_eq!(st["Resource"], format!("{}:permission-alias", arn("f")));
    assert_eq!(
        body(&call(&mut m, "GetPolicy", json!({"FunctionName": "f"}))),
        body(&unq)
    );
}

// ---------- invoke ----------

#[test]
fn inv_001_002_003_invocation_types() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Payload": b64(b"{\"a\":1}")}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, Body::Raw(b"{\"a\":1}".to_vec()));
    assert_eq!(r.header("X-Amz-Executed-Version"), Some("$LATEST"));
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "InvocationType": "Event", "Payload": b64(b"{}")}),
    );
    assert_eq!(r.status, 202);
    assert_eq!(r.body, Body::Empty);
    assert_eq!(r.header("X-Amz-Executed-Version"), None);
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "InvocationType": "DryRun"}),
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Body::Empty);
}

#[test]
fn inv_009_invoke_missing_function_appends_latest() {
    let mut m = model();
    let r = call(&mut m, "Invoke", json!({"FunctionName": "doesnotexist"}));
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:$LATEST", arn("doesnotexist")),
    );
}

#[test]
fn inv_012_invoke_async() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "InvokeAsync",
        json!({"FunctionName": "f", "InvokeArgs": b64(b"{}")}),
    );
    assert_eq!(r.status, 202);
    assert_eq!(body(&r), &json!({"Status": 202}));
    let r = call(
        &mut m,
        "InvokeAsync",
        json!({"FunctionName": "g", "InvokeArgs": b64(b"{}")}),
    );
    assert_eq!(r.status, 404);
}

#[test]
fn inv_013_each_qualifier_runs_its_version() {
    let mut m = model();
    with_versions(&mut m, "f", 2);
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": zip_b64(b"v3"), "Publish": true}),
    );
    assert_eq!(body(&r)["Version"], "3");
    for q in ["1", "2", "3"] {
        let r = call(
            &mut m,
            "Invoke",
            json!({"FunctionName": "f", "Qualifier": q}),
        );
        assert_eq!(r.header("X-Amz-Executed-Version"), Some(q));
    }
    let r = call(&mut m, "Invoke", json!({"FunctionName": "f"}));
    assert_eq!(r.header("X-Amz-Executed-Version"), Some("$LATEST"));
}

#[test]
fn invoke_payload_limits() {
    let mut m = model();
    create(&mut m, "f");
    let big = vec![b' '; 6_291_457];
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Payload": b64(&big)}),
    );
    assert_eq!(r.status, 413);
    assert_eq!(
        r.error_code.as_deref(),
        Some("RequestEntityTooLargeException")
    );
}

// ---------- event source mappings ----------

const QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:q";
const STREAM: &str =
    "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000";
const KINESIS: &str = "arn:aws:kinesis:us-east-1:123456789012:stream/s";

#[test]
fn esm_001_unknown_uuid() {
    let mut m = model();
    let u = "00000000-0000-4000-8000-000000000000";
    for op in [
        "GetEventSourceMapping",
        "DeleteEventSourceMapping",
        "UpdateEventSourceMapping",
    ] {
        let r = call(&mut m, op, json!({"UUID": u, "Enabled": false}));
        assert_error(
            &r,
            404,
            "ResourceNotFoundException",
            "The resource you requested does not exist.",
        );
    }
}

#[test]
fn esm_002_filters_on_nothing_are_empty() {
    let mut m = model();
    for f in [
        json!({}),
        json!({"FunctionName": "doesnotexist"}),
        json!({"EventSourceArn": "arn:aws:sqs:us-east-1:111111111111:somequeue"}),
    ] {
        let r = call(&mut m, "ListEventSourceMappings", f);
        assert_eq!(r.status, 200);
        assert_eq!(body(&r)["EventSourceMappings"], json!([]));
    }
}

#[test]
fn esm_003_004_create_errors() {
    let mut m = model();
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "doesnotexist"}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Unrecognized event source.",
    );
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "doesnotexist", "EventSourceArn": QUEUE}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Function does not exist",
    );
}

#[test]
fn esm_006_008_024_starting_position() {
    let mut m = model();
    create(&mut m, "f");
    for src in [STREAM, KINESIS] {
        let r = call(
            &mut m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": src}),
        );
        assert_error(
            &r,
            400,
            "InvalidParameterValueException",
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
        );
    }
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": STREAM, "StartingPosition": "AT_TIMESTAMP", "StartingPositionTimestamp": 1_700_000_000}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        &format!("Unsupported starting position for arn type: {STREAM}"),
    );
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": KINESIS, "StartingPosition": "AT_TIMESTAMP", "StartingPositionTimestamp": -1}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Received Exception while reading from provided stream. class java.lang.Long can not be converted to a Timestamp",
    );
}

#[test]
fn esm_011_025_026_lifecycle_states() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": STREAM, "BatchSize": 1, "StartingPosition": "TRIM_HORIZON", "MaximumBatchingWindowInSeconds": 1, "MaximumRetryAttempts": 1, "DestinationConfig": {"OnFailure": {"Destination": QUEUE}}}),
    );
    assert_eq!(r.status, 202);
    let b = body(&r).clone();
    let uuid = b["UUID"].as_str().unwrap().to_string();
    assert_eq!(b["State"], "Creating");
    assert_eq!(b["StateTransitionReason"], "User action");
    assert_eq!(b["LastProcessingResult"], "No records processed");
    assert_eq!(b["BisectBatchOnFunctionError"], false);
    assert_eq!(b["MaximumRecordAgeInSeconds"], -1);
    assert_eq!(b["MaximumRetryAttempts"], 1);
    assert_eq!(b["ParallelizationFactor"], 1);
    assert_eq!(b["TumblingWindowInSeconds"], 0);
    assert_eq!(b["FunctionResponseTypes"], json!([]));
    assert_eq!(
        b["EventSourceMappingArn"],
        format!("arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:{uuid}")
    );
    assert!(b["LastModified"].is_f64());
    let g = call(&mut m, "GetEventSourceMapping", json!({"UUID": uuid}));
    assert_eq!(g.status, 200);
    assert_eq!(body(&g)["State"], "Enabled");
    let d = call(&mut m, "DeleteEventSourceMapping", json!({"UUID": uuid}));
    assert_eq!(d.status, 202);
    assert_eq!(body(&d)["State"], "Deleting");
    assert_eq!(body(&d)["UUID"], uuid.as_str());
}

#[test]
fn esm_012_mapping_survives_function_deletion() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": STREAM, "StartingPosition": "LATEST"}),
    );
    let uuid = body(&r)["UUID"].as_str().unwrap().to_string();
    assert_eq!(
        call(&mut m, "DeleteFunction", json!({"FunctionName": "f"})).status,
        204
    );
    let g = call(&mut m, "GetEventSourceMapping", json!({"UUID": uuid}));
    assert_eq!(g.status, 200);
    assert_eq!(body(&g)["State"], "Enabled");
    assert_eq!(body(&g)["FunctionArn"], arn("f"));
}

#[test]
fn esm_017_sqs_batch_over_10_needs_window() {
    let mut m = model();
    create(&mut m, "f");
    let msg = "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10";
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE, "BatchSize": 11}),
    );
    assert_error(&r, 400, "InvalidParameterValueException", msg);
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE}),
    );
    assert_eq!(r.status, 202);
    assert_eq!(body(&r)["BatchSize"], 10);
    let uuid = body(&r)["UUID"].as_str().unwrap().to_string();
    let r = call(
        &mut m,
        "UpdateEventSourceMapping",
        json!({"UUID": uuid, "BatchSize": 11}),
    );
    assert_error(&r, 400, "InvalidParameterValueException", msg);
    let r = call(
        &mut m,
        "UpdateEventSourceMapping",
        json!({"UUID": uuid, "BatchSize": 11, "MaximumBatchingWindowInSeconds": 1}),
    );
    assert_eq!(r.status, 202);
    assert_eq!(body(&r)["BatchSize"], 11);
}

#[test]
fn esm_019_duplicate_stream_mapping() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": KINESIS, "StartingPosition": "LATEST"}),
    );
    assert_eq!(body(&r)["BatchSize"], 100);
    let uuid = body(&r)["UUID"].as_str().unwrap().to_string();
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": KINESIS, "StartingPosition": "LATEST"}),
    );
    assert_error(
        &r,
        409,
        "ResourceConflictException",
        &format!(
            "The event source arn (\" {KINESIS} \") and function (\" f \") provided mapping already exists. Please update or delete the existing mapping with UUID {uuid}"
        ),
    );
}

// ---------- wire format ----------

#[test]
fn fmt_002_003_error_bodies() {
    let r = lambda_model::Response::error(
        "ValidationException",
        "1 validation error detected: x",
        Evidence::Recorded("FMT-003"),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        body(&r),
        &json!({"message": "1 validation error detected: x"})
    );
    assert_eq!(r.header("x-amzn-ErrorType"), Some("ValidationException"));
    for (code, status) in [
        ("InvalidParameterValueException", 400),
        ("ResourceConflictException", 409),
        ("PreconditionFailedException", 412),
    ] {
        let r = lambda_model::Response::error(code, "m", Evidence::Recorded("FMT-002"));
        assert_eq!(r.status, status);
        assert_eq!(body(&r), &json!({"Type": "User", "message": "m"}));
    }
    let r = lambda_model::Response::error(
        "ResourceNotFoundException",
        "m",
        Evidence::Recorded("FN-005"),
    );
    assert_eq!(body(&r), &json!({"Type": "User", "Message": "m"}));
}

#[test]
fn unknown_operation_is_501() {
    let mut m = model();
    let r = call(&mut m, "GetAccountSettings", json!({}));
    assert_eq!(r.status, 501);
    assert_eq!(r.error_code.as_deref(), Some("NotImplemented"));
}

// moto's AWS-verified test_update_function_zip (moto PR 8379): AWS decides by
// the calls made since the last publish, not by comparing the code.
#[test]
fn publish_after_an_update_with_the_same_code_is_a_new_version() {
    let mut m = model();
    let c = create_with(&mut m, "f", json!({"Publish": true}));
    assert_eq!(body(&c)["Version"], "1");
    let code = zip_b64(b"zip-v1");
    let u = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": code.clone()}),
    );
    assert_eq!(u.status, 200);
    assert_eq!(body(&u)["CodeSha256"], body(&c)["CodeSha256"]);
    let p = call(&mut m, "PublishVersion", json!({"FunctionName": "f"}));
    assert_eq!(body(&p)["Version"], "2");
    assert_ne!(p.evidence, Evidence::Inferred);
    // Nothing called since: the same version again (VER-003).
    let p = call(&mut m, "PublishVersion", json!({"FunctionName": "f"}));
    assert_eq!(body(&p)["Version"], "2");
    // The same code with Publish=True: a new version again.
    let u = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": code, "Publish": true}),
    );
    assert_eq!(body(&u)["Version"], "3");
}

#[test]
fn publish_after_an_update_that_changed_nothing_is_not_decided() {
    let mut m = model();
    create_with(&mut m, "f", json!({"Publish": true}));
    let u = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "Timeout": 3}),
    );
    assert_eq!(u.status, 200);
    let p = call(&mut m, "PublishVersion", json!({"FunctionName": "f"}));
    assert_eq!(p.status, 201);
    assert_eq!(p.evidence, Evidence::Inferred);
}

// LocalStack TestLambdaFunction::test_delete_on_nonexisting_version (2025-11-25).
#[test]
fn deleting_a_version_that_does_not_exist_succeeds() {
    let mut m = model();
    create(&mut m, "f");
    for _ in 0..2 {
        let r = call(
            &mut m,
            "DeleteFunction",
            json!({"FunctionName": "f", "Qualifier": "1233"}),
        );
        assert_eq!(r.status, 204);
        assert!(matches!(r.evidence, Evidence::Recorded(_)));
    }
    call(&mut m, "DeleteFunction", json!({"FunctionName": "f"}));
    let r = call(
        &mut m,
        "DeleteFunction",
        json!({"FunctionName": "f", "Qualifier": "1233"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}", arn("f")),
    );
}

// LocalStack test_event_source_mapping_exceptions `destination_config_failure` (2025-11-27).
#[test]
fn an_sqs_mapping_with_a_destination_is_rejected_before_the_function_is_looked_up() {
    let mut m = model();
    for name in ["doesnotexist", "f"] {
        if name == "f" {
            create(&mut m, "f");
        }
        let r = call(
            &mut m,
            "CreateEventSourceMapping",
            json!({"FunctionName": name, "EventSourceArn": QUEUE,
                   "DestinationConfig": {"OnSuccess": {"Destination": QUEUE}}}),
        );
        assert_error(
            &r,
            400,
            "InvalidParameterValueException",
            "Unsupported DestinationConfig parameter for given event source mapping type.",
        );
    }
}

// LocalStack test_permission_exceptions `add_permission_fn_qualifier_valid_doesnotexist` (2025-11-25).
#[test]
fn a_permission_qualifier_that_is_no_alias_name_is_a_function_not_found() {
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "AddPermission",
        json!({"FunctionName": "f", "Qualifier": "valid-with-$-but-doesnotexist",
               "StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!(
            "Function not found: {}:valid-with-$-but-doesnotexist",
            arn("f")
        ),
    );
}

// LocalStack test_notfound_and_invalid_routingconfigs `routing_config_exc_fn_doesnotexist` (2025-11-25).
#[test]
fn an_alias_of_a_missing_function_names_the_version() {
    let mut m = model();
    let r = call(
        &mut m,
        "CreateAlias",
        json!({"FunctionName": "nope", "Name": "custom", "FunctionVersion": "1"}),
    );
    assert_error(
        &r,
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {}:1", arn("nope")),
    );
}

// A made-up queue or role (an endpoint without SQS or IAM): AWS would look it
// up, so the model's answer to a request that names it is not known.
#[test]
fn answers_naming_an_unverified_arn_are_inferred() {
    let mut m = lambda_model::Model::new(lambda_model::Config {
        unverified_arns: vec![QUEUE.to_string()],
        ..lambda_model::Config::default()
    });
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE}),
    );
    assert_eq!(r.status, 202);
    assert_eq!(r.evidence, Evidence::Inferred);
    // The same request with a queue nobody doubts keeps the rule's evidence.
    let mut m = model();
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE}),
    );
    assert_ne!(r.evidence, Evidence::Inferred);
}

#[test]
fn deleting_a_version_deleted_before_is_not_decided_by_the_recording() {
    let mut m = model();
    create(&mut m, "f");
    publish(&mut m, "f");
    let q = json!({"FunctionName": "f", "Qualifier": "1"});
    assert_eq!(call(&mut m, "DeleteFunction", q.clone()).status, 204);
    let again = call(&mut m, "DeleteFunction", q);
    assert_eq!(again.status, 204);
    assert_eq!(again.evidence, Evidence::Inferred);
    let c = create_with(&mut m, "g", json!({"Publish": true}));
    assert!(matches!(c.evidence, Evidence::Recorded(_)));
}

// ---------- recordings of LocalStack's AWS-validated tests (docs/evidence.md) ----------

#[test]
fn filter_patterns_must_be_objects_of_non_empty_lists() {
    let mut m = model();
    create(&mut m, "f");
    let with_pattern = |m: &mut lambda_model::Model, pattern: &str| {
        call(
            m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": QUEUE,
                   "FilterCriteria": {"Filters": [{"Pattern": pattern}]}}),
        )
    };
    // test_sqs_invalid_event_filter / test_dynamodb_invalid_event_filter (recorded on AWS)
    for bad in [
        "null",
        "simple string",
        r#"{"eventSource": "aws:sqs"}"#,
        r#"{"eventSource": []}"#,
        r#"[{"eventName": ["INSERT"=123}]"#,
    ] {
        let r = with_pattern(&mut m, bad);
        assert_error(
            &r,
            400,
            "InvalidParameterValueException",
            "Invalid filter pattern definition.",
        );
    }
    let r = with_pattern(&mut m, r#"{"body": {"kind": ["a", {"prefix": "b"}]}}"#);
    assert_eq!(r.status, 202, "{:?}", r.body);
    assert!(body(&r)["FilterCriteria"]["Filters"].is_array());
}

#[test]
fn empty_filter_list_is_no_filter_criteria_and_disabled_mappings_start_disabled() {
    let mut m = model();
    create(&mut m, "f");
    // test_create_event_filter_criteria_validation (response-with-empty-filters, recorded)
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": QUEUE, "FilterCriteria": {"Filters": []}}),
    );
    assert_eq!(r.status, 202);
    assert!(body(&r).get("FilterCriteria").is_none());
    assert_eq!(body(&r)["State"], "Creating");
    // test_fifo_message_group_parallelism (create_esm_disabled, recorded)
    create(&mut m, "g");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "g", "EventSourceArn": QUEUE, "Enabled": false}),
    );
    assert_eq!(r.status, 202);
    assert_eq!(body(&r)["State"], "Disabled");
}

#[test]
fn create_function_in_another_account_is_denied() {
    let mut m = model();
    // test_function_arns (function_arn_other_account_exc, recorded): 403, nothing created
    let r = create_with(
        &mut m,
        "arn:aws:lambda:us-east-1:111111111111:function:x",
        json!({}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.error_code.as_deref(), Some("AccessDeniedException"));
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "x"}));
    assert_eq!(r.status, 404);
}

#[test]
fn image_functions_take_image_uris() {
    // LocalStack TestLambdaImages (recorded on AWS)
    let mut m = model();
    let uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest";
    let r = call(
        &mut m,
        "CreateFunction",
        json!({"FunctionName": "img", "Role": ROLE, "PackageType": "Image",
               "Code": {"ImageUri": uri}, "ImageConfig": {"Command": ["app.handler"]}}),
    );
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(body(&r)["PackageType"], "Image");
    assert!(body(&r).get("Runtime").is_none());
    assert_eq!(
        body(&r)["ImageConfigResponse"]["ImageConfig"]["Command"][0],
        "app.handler"
    );
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "img"}));
    assert_eq!(body(&r)["Code"]["RepositoryType"], "ECR");
    assert_eq!(body(&r)["Code"]["ImageUri"], uri);
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "img", "ZipFile": zip_b64(b"zip-v2")}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Please provide ImageUri when updating a function with packageType Image.",
    );
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "img", "ImageUri": format!("{uri}-2")}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "img", "ImageConfig": {}}),
    );
    assert_eq!(r.status, 200);
    assert!(body(&r).get("ImageConfigResponse").is_none());
    let r = call(&mut m, "PublishVersion", json!({"FunctionName": "img"}));
    assert_eq!(r.status, 201);
    assert_eq!(body(&r)["PackageType"], "Image");
}

/// A model that passes through AWS's asynchronous states (settled by hand here).
fn asynchronous() -> lambda_model::Model {
    lambda_model::Model::new(lambda_model::Config {
        settle_ms: 100,
        ..lambda_model::Config::default()
    })
}

#[test]
fn upd_005_inv_011_a_pending_function_refuses_updates_and_invokes() {
    let mut m = asynchronous();
    let r = create(&mut m, "f");
    assert_eq!(body(&r)["State"], "Pending");
    assert_eq!(body(&r)["StateReasonCode"], "Creating");
    assert!(body(&r).get("LastUpdateStatus").is_none());
    let pending_revision = body(&r)["RevisionId"].clone();
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "Description": "x"}),
    );
    assert_error(
        &r,
        409,
        "ResourceConflictException",
        &format!(
            "The operation cannot be performed at this time. The resource {} is currently in the following state: 'Pending'. StateReasonCode: 'Creating'",
            arn("f")
        ),
    );
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Payload": b64(b"{}")}),
    );
    assert_error(
        &r,
        409,
        "ResourceConflictException",
        "The operation cannot be performed at this time. The function is currently in the following state: Pending",
    );
    m.settle("f");
    let r = call(&mut m, "GetFunction", json!({"FunctionName": "f"}));
    assert_eq!(body(&r)["Configuration"]["State"], "Active");
    assert_ne!(body(&r)["Configuration"]["RevisionId"], pending_revision);
}

#[test]
fn upd_004_an_update_in_progress_refuses_other_updates_not_invokes() {
    let mut m = asynchronous();
    create(&mut m, "f");
    m.settle("f");
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "Description": "x"}),
    );
    assert_eq!(body(&r)["LastUpdateStatus"], "InProgress");
    let in_progress = format!(
        "The operation cannot be performed at this time. An update is in progress for resource: {}",
        arn("f")
    );
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "ZipFile": zip_b64(b"zip-v2")}),
    );
    assert_error(&r, 409, "ResourceConflictException", &in_progress);
    let r = call(&mut m, "PublishVersion", json!({"FunctionName": "f"}));
    assert_error(&r, 409, "ResourceConflictException", &in_progress);
    let r = call(
        &mut m,
        "Invoke",
        json!({"FunctionName": "f", "Payload": b64(b"{}")}),
    );
    assert_eq!(r.status, 200);
    m.settle("f");
    let r = call(&mut m, "PublishVersion", json!({"FunctionName": "f"}));
    assert_eq!(r.status, 201);
    assert_eq!(body(&r)["State"], "Active");
}

#[test]
fn val_028_a_package_too_large_unzipped_is_refused() {
    use std::io::Write;
    // A zip whose one entry unzips to 250 MB (deflated, it is a few hundred KB).
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        w.start_file::<_, ()>("big.bin", zip::write::SimpleFileOptions::default())
            .unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..250 {
            w.write_all(&chunk).unwrap();
        }
        w.finish().unwrap();
    }
    let mut m = model();
    let r = create_with(
        &mut m,
        "big",
        json!({"Code": {"ZipFile": b64(buf.get_ref())}}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Unzipped size must be smaller than 262144000 bytes",
    );
}
