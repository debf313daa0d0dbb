//! The first scenario: all 24 reference operations through their happy paths
//! and their commonest error paths. Each expected outcome names its evidence
//! (scenario ids refer to recorded AWS behaviour, see docs/evidence.md).

use crate::checks::Expectation;
use crate::client::Exchange;
use crate::findings::Evidence;
use crate::session::Session;
use crate::session::{Fixtures, blob_json, package, wait_mapping, wait_ready};
use serde_json::{Value, json};

fn ok(source: &str) -> Option<Expectation> {
    Some(Expectation::success(Evidence::documented(source)))
}

fn recorded_error(status: u16, code: &str, source: &str) -> Option<Expectation> {
    Some(Expectation::error(status, code, Evidence::recorded(source)))
}

fn documented_error(status: u16, code: &str, source: &str) -> Option<Expectation> {
    Some(Expectation::error(
        status,
        code,
        Evidence::documented(source),
    ))
}

fn body(ex: &Exchange) -> Value {
    ex.response()
        .and_then(|r| r.json.clone())
        .unwrap_or(Value::Null)
}

fn string_at(ex: &Exchange, pointer: &str) -> Option<String> {
    body(ex)
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Runs the scenario. Everything it creates is registered for clean-up first.
pub async fn run(s: &Session, fx: &Fixtures) {
    let f = format!("{}fn", s.prefix);
    let missing = format!("{}missing", s.prefix);
    let create = json!({
        "FunctionName": f,
        "Runtime": "python3.12",
        "Role": fx.role_arn,
        "Handler": "index.handler",
        "Code": {"ZipFile": package::zip_base64(1)},
        "Description": "lambda-conformance",
        "Timeout": 3,
        "MemorySize": 128,
    });

    // Functions.
    s.registry.with(|c| c.functions.push(f.clone()));
    let created = s
        .call(
            "create-function",
            "CreateFunction",
            create.clone(),
            ok("API reference: CreateFunction"),
        )
        .await;
    if created.status().is_none_or(|st| st >= 300) {
        s.note("CreateFunction failed, so the steps that need the function will answer errors too");
    }
    wait_ready(s, &f, "wait-function-active").await;
    s.call(
        "create-duplicate-function",
        "CreateFunction",
        create,
        documented_error(
            409,
            "ResourceConflictException",
            "API reference: CreateFunction, the resource already exists",
        ),
    )
    .await;
    s.call(
        "get-function",
        "GetFunction",
        json!({"FunctionName": f}),
        ok("API reference: GetFunction"),
    )
    .await;
    s.call(
        "get-missing-function",
        "GetFunction",
        json!({"FunctionName": missing}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "FN-006 (recorded 2025-11-25)",
        ),
    )
    .await;
    let config = s
        .call(
            "get-function-configuration",
            "GetFunctionConfiguration",
            json!({"FunctionName": f}),
            ok("API reference: GetFunctionConfiguration"),
        )
        .await;
    let revision = string_at(&config, "/RevisionId");
    let updated = s
        .call(
            "update-function-configuration",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": f, "Description": "updated", "Timeout": 10, "Environment": {"Variables": {"STAGE": "conformance"}}}),
            ok("UPD-001 (recorded 2025-11-25)"),
        )
        .await;
    wait_ready(s, &f, "wait-function-updated").await;
    // A RevisionId that is certainly stale: the one before the update, or a fresh UUID when the endpoint sends none.
    let current = string_at(&updated, "/RevisionId");
    let stale = match (&revision, &current) {
        (Some(old), Some(new)) if old != new => old.clone(),
        _ => uuid::Uuid::new_v4().to_string(),
    };
    s.call(
        "update-configuration-stale-revision",
        "UpdateFunctionConfiguration",
        json!({"FunctionName": f, "Description": "must not apply", "RevisionId": stale}),
        recorded_error(
            412,
            "PreconditionFailedException",
            "UPD-006 (recorded 2025-11-25; same for UpdateFunctionConfiguration)",
        ),
    )
    .await;
    s.call(
        "update-function-code",
        "UpdateFunctionCode",
        json!({"FunctionName": f, "ZipFile": package::zip_base64(2)}),
        ok("UPD-002 (recorded 2025-11-25)"),
    )
    .await;
    wait_ready(s, &f, "wait-function-updated").await;
    s.call(
        "list-functions",
        "ListFunctions",
        json!({}),
        ok("LIST-001 (recorded 2025-11-25)"),
    )
    .await;

    // Versions and aliases.
    let published = s
        .call(
            "publish-version",
            "PublishVersion",
            json!({"FunctionName": f}),
            ok("VER-004 (recorded 2025-11-25)"),
        )
        .await;
    let version = string_at(&published, "/Version").unwrap_or_else(|| "1".into());
    s.call(
        "list-versions",
        "ListVersionsByFunction",
        json!({"FunctionName": f}),
        ok("VER-001 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "create-alias",
        "CreateAlias",
        json!({"FunctionName": f, "Name": "live", "FunctionVersion": version}),
        ok("ALI-002 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "get-alias",
        "GetAlias",
        json!({"FunctionName": f, "Name": "live"}),
        ok("ALI-001 (recorded 2025-11-25: GetAlias returns the created alias)"),
    )
    .await;
    s.call(
        "get-missing-alias",
        "GetAlias",
        json!({"FunctionName": f, "Name": "nope"}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "ALI-006 (recorded 2025-11-25)",
        ),
    )
    .await;
    s.call(
        "update-alias",
        "UpdateAlias",
        json!({"FunctionName": f, "Name": "live", "Description": "conformance alias"}),
        ok("API reference: UpdateAlias"),
    )
    .await;
    s.call(
        "list-aliases",
        "ListAliases",
        json!({"FunctionName": f}),
        ok("ALI-022 (recorded 2025-11-25)"),
    )
    .await;

    // Resource policy.
    let permission = json!({
        "FunctionName": f,
        "StatementId": "conformance-s3",
        "Action": "lambda:InvokeFunction",
        "Principal": "s3.amazonaws.com",
        "SourceArn": "arn:aws:s3:::lambda-conformance-bucket",
    });
    s.call(
        "add-permission",
        "AddPermission",
        permission.clone(),
        ok("PERM-001 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "add-duplicate-permission",
        "AddPermission",
        permission,
        recorded_error(
            409,
            "ResourceConflictException",
            "PERM-018 (recorded 2025-11-25)",
        ),
    )
    .await;
    s.call(
        "get-policy",
        "GetPolicy",
        json!({"FunctionName": f}),
        ok("PERM-002 (recorded 2025-11-25)"),
    )
    .await;
    // Removing a statement that was never added, while the policy has another: 404 (PERM-014).
    s.call(
        "remove-missing-permission",
        "RemovePermission",
        json!({"FunctionName": f, "StatementId": "conformance-never-added"}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "PERM-014 (recorded 2025-11-25)",
        ),
    )
    .await;
    s.call(
        "remove-permission",
        "RemovePermission",
        json!({"FunctionName": f, "StatementId": "conformance-s3"}),
        ok("API reference: RemovePermission"),
    )
    .await;

    // Event source mappings.
    let mapping = s
        .call(
            "create-event-source-mapping",
            "CreateEventSourceMapping",
            json!({"FunctionName": f, "EventSourceArn": fx.event_source_arn, "BatchSize": 5}),
            ok("API reference: CreateEventSourceMapping (SQS source)"),
        )
        .await;
    let uuid = string_at(&mapping, "/UUID");
    if let Some(uuid) = &uuid {
        s.registry.with(|c| c.mappings.push(uuid.clone()));
        wait_mapping(s, uuid, "wait-mapping").await;
        s.call(
            "get-event-source-mapping",
            "GetEventSourceMapping",
            json!({"UUID": uuid}),
            ok("ESM-026 (recorded 2025-11-25)"),
        )
        .await;
        s.call(
            "update-event-source-mapping",
            "UpdateEventSourceMapping",
            json!({"UUID": uuid, "BatchSize": 7}),
            ok("API reference: UpdateEventSourceMapping"),
        )
        .await;
        wait_mapping(s, uuid, "wait-mapping").await;
    } else {
        s.note("CreateEventSourceMapping returned no UUID; skipping the steps that need it");
    }
    s.call(
        "list-event-source-mappings",
        "ListEventSourceMappings",
        json!({"FunctionName": f}),
        ok("ESM-002 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "get-missing-event-source-mapping",
        "GetEventSourceMapping",
        json!({"UUID": uuid::Uuid::new_v4().to_string()}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "ESM-001 (recorded 2025-11-25)",
        ),
    )
    .await;

    // Invocation.
    let payload = blob_json(&json!({"hello": "world"}));
    s.call(
        "invoke",
        "Invoke",
        json!({"FunctionName": f, "Payload": payload}),
        ok("INV-001 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "invoke-event",
        "Invoke",
        json!({"FunctionName": f, "InvocationType": "Event", "Payload": payload}),
        ok("INV-002 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "invoke-dry-run",
        "Invoke",
        json!({"FunctionName": f, "InvocationType": "DryRun", "Payload": payload}),
        ok("INV-003 (recorded 2023-04-26)"),
    )
    .await;
    s.call(
        "invoke-missing-function",
        "Invoke",
        json!({"FunctionName": missing, "Payload": payload}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "INV-009 (recorded 2025-11-25)",
        ),
    )
    .await;
    s.call(
        "invoke-missing-qualifier",
        "Invoke",
        json!({"FunctionName": f, "Qualifier": "nope", "Payload": payload}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "ALI-025 (recorded 2025-11-25)",
        ),
    )
    .await;
    s.call(
        "invoke-async",
        "InvokeAsync",
        json!({"FunctionName": f, "InvokeArgs": payload}),
        ok("INV-012 (API reference)"),
    )
    .await;

    // Deletion.
    s.call(
        "delete-aliased-version",
        "DeleteFunction",
        json!({"FunctionName": f, "Qualifier": version}),
        Some(Expectation::error(
            409,
            "ResourceConflictException",
            Evidence::recorded("third-party live reports quoting AWS: 409 'Unable to delete version because the following aliases reference it'"),
        )),
    )
    .await;
    if let Some(uuid) = &uuid {
        s.call(
            "delete-event-source-mapping",
            "DeleteEventSourceMapping",
            json!({"UUID": uuid}),
            ok("ESM-025 (recorded 2025-11-25)"),
        )
        .await;
    }
    s.call(
        "delete-alias",
        "DeleteAlias",
        json!({"FunctionName": f, "Name": "live"}),
        ok("ALI-009 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "delete-function",
        "DeleteFunction",
        json!({"FunctionName": f}),
        ok("FN-004 (recorded 2025-11-25)"),
    )
    .await;
    s.call(
        "delete-deleted-function",
        "DeleteFunction",
        json!({"FunctionName": f}),
        recorded_error(
            404,
            "ResourceNotFoundException",
            "FN-005 (recorded 2025-11-25)",
        ),
    )
    .await;
}
