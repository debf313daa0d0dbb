//! The first scenario: every reference operation through its happy path and
//! its commonest error paths. The scenario only says what to send; what AWS
//! answers, and the evidence for it, comes from the oracle, which follows the
//! scenario in a model of its own (values the endpoint chooses, such as
//! RevisionIds, version numbers and mapping UUIDs, are bound per side).

use super::follow::{Follow, Pair, bound};
use crate::client::Exchange;
use crate::session::{Fixtures, Session, blob_json, package, wait_mapping, wait_ready};
use lambda_model::Model;
use serde_json::{Value, json};

/// Runs the scenario. Everything it creates is registered for clean-up first.
pub async fn run(s: &Session, fx: &Fixtures) {
    let model = Model::new(fx.model_config(&s.client.settings().region));
    let mut l = Follow { s, model };
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

    // Functions (the session registers what a create may have made).
    let (created, created_p) = l
        .step("create-function", "CreateFunction", create.clone())
        .await;
    if created.status().is_none_or(|st| st >= 300) {
        s.note("CreateFunction failed, so the steps that need the function will answer errors too");
    }
    let function_arn = Pair::at(&created, &created_p, "/FunctionArn");
    wait_ready(s, &f, "wait-function-active").await;
    l.step("create-duplicate-function", "CreateFunction", create)
        .await;
    let (got, _) = l
        .step("get-function", "GetFunction", json!({"FunctionName": f}))
        .await;
    l.step(
        "get-missing-function",
        "GetFunction",
        json!({"FunctionName": missing}),
    )
    .await;
    let (config, config_p) = l
        .step(
            "get-function-configuration",
            "GetFunctionConfiguration",
            json!({"FunctionName": f}),
        )
        .await;
    consistent(
        s,
        "get-function-configuration",
        ("GetFunction", body_at(&got, "/Configuration")),
        ("GetFunctionConfiguration", body_at(&config, "")),
    );
    let before = Pair::at(&config, &config_p, "/RevisionId");
    let (updated, updated_p) = l
        .step(
            "update-function-configuration",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": f, "Description": "updated", "Timeout": 10, "Environment": {"Variables": {"STAGE": "conformance"}}}),
        )
        .await;
    wait_ready(s, &f, "wait-function-updated").await;
    // A RevisionId that is certainly stale on each side: the one before the
    // update, or a fresh UUID when the endpoint sends none or kept it.
    let after = Pair::at(&updated, &updated_p, "/RevisionId");
    let stale = |old: &Option<String>, new: &Option<String>| match (old, new) {
        (Some(old), Some(new)) if old != new => Some(old.clone()),
        _ => Some(uuid::Uuid::new_v4().to_string()),
    };
    let stale = Pair {
        endpoint: stale(&before.endpoint, &after.endpoint),
        model: stale(&before.model, &after.model),
    };
    let (input, model_input) = bound(
        &json!({"FunctionName": f, "Description": "must not apply"}),
        "RevisionId",
        &stale,
        "",
    );
    l.step_bound(
        "update-configuration-stale-revision",
        "UpdateFunctionConfiguration",
        input,
        model_input,
    )
    .await;
    l.step(
        "update-function-code",
        "UpdateFunctionCode",
        json!({"FunctionName": f, "ZipFile": package::zip_base64(2)}),
    )
    .await;
    wait_ready(s, &f, "wait-function-updated").await;
    let (read, _) = l
        .step(
            "get-function-configuration-before-list",
            "GetFunctionConfiguration",
            json!({"FunctionName": f}),
        )
        .await;
    let (listed, _) = l.step("list-functions", "ListFunctions", json!({})).await;
    let item = body_at(&listed, "/Functions").and_then(|items| {
        items
            .as_array()?
            .iter()
            .find(|i| i.get("FunctionName").and_then(Value::as_str) == Some(f.as_str()))
            .cloned()
    });
    consistent(
        s,
        "list-functions",
        ("GetFunctionConfiguration", body_at(&read, "")),
        ("ListFunctions", item),
    );

    // Tags and reserved concurrency.
    let (input, model_input) = bound(
        &json!({"Tags": {"team": "conformance", "stage": "test"}}),
        "Resource",
        &function_arn,
        &f,
    );
    l.step_bound("tag-resource", "TagResource", input, model_input)
        .await;
    let (input, model_input) = bound(&json!({}), "Resource", &function_arn, &f);
    l.step_bound("list-tags", "ListTags", input.clone(), model_input.clone())
        .await;
    let (untag, untag_model) = bound(
        &json!({"TagKeys": ["stage"]}),
        "Resource",
        &function_arn,
        &f,
    );
    l.step_bound("untag-resource", "UntagResource", untag, untag_model)
        .await;
    l.step_bound("list-tags-after-untag", "ListTags", input, model_input)
        .await;
    let missing_arn = Pair {
        endpoint: function_arn
            .endpoint
            .as_ref()
            .map(|arn| arn.replace(&f, &missing)),
        model: function_arn
            .model
            .as_ref()
            .map(|arn| arn.replace(&f, &missing)),
    };
    let (input, model_input) = bound(&json!({}), "Resource", &missing_arn, &missing);
    l.step_bound("list-tags-missing-function", "ListTags", input, model_input)
        .await;
    l.step(
        "put-function-concurrency",
        "PutFunctionConcurrency",
        json!({"FunctionName": f, "ReservedConcurrentExecutions": 5}),
    )
    .await;
    l.step(
        "get-function-concurrency",
        "GetFunctionConcurrency",
        json!({"FunctionName": f}),
    )
    .await;
    l.step(
        "delete-function-concurrency",
        "DeleteFunctionConcurrency",
        json!({"FunctionName": f}),
    )
    .await;
    l.step(
        "put-missing-function-concurrency",
        "PutFunctionConcurrency",
        json!({"FunctionName": missing, "ReservedConcurrentExecutions": 5}),
    )
    .await;

    // Versions and aliases.
    let (published, published_p) = l
        .step(
            "publish-version",
            "PublishVersion",
            json!({"FunctionName": f}),
        )
        .await;
    let version = Pair::at(&published, &published_p, "/Version");
    l.step(
        "list-versions",
        "ListVersionsByFunction",
        json!({"FunctionName": f}),
    )
    .await;
    let (input, model_input) = bound(
        &json!({"FunctionName": f, "Name": "live"}),
        "FunctionVersion",
        &version,
        "1",
    );
    l.step_bound("create-alias", "CreateAlias", input, model_input)
        .await;
    l.step(
        "get-alias",
        "GetAlias",
        json!({"FunctionName": f, "Name": "live"}),
    )
    .await;
    l.step(
        "get-missing-alias",
        "GetAlias",
        json!({"FunctionName": f, "Name": "nope"}),
    )
    .await;
    l.step(
        "update-alias",
        "UpdateAlias",
        json!({"FunctionName": f, "Name": "live", "Description": "conformance alias"}),
    )
    .await;
    l.step("list-aliases", "ListAliases", json!({"FunctionName": f}))
        .await;

    // Resource policy.
    let permission = json!({
        "FunctionName": f,
        "StatementId": "conformance-s3",
        "Action": "lambda:InvokeFunction",
        "Principal": "s3.amazonaws.com",
        "SourceArn": "arn:aws:s3:::lambda-conformance-bucket",
    });
    l.step("add-permission", "AddPermission", permission.clone())
        .await;
    l.step("add-duplicate-permission", "AddPermission", permission)
        .await;
    l.step("get-policy", "GetPolicy", json!({"FunctionName": f}))
        .await;
    // Removing a statement that was never added, while the policy has another.
    l.step(
        "remove-missing-permission",
        "RemovePermission",
        json!({"FunctionName": f, "StatementId": "conformance-never-added"}),
    )
    .await;
    l.step(
        "remove-permission",
        "RemovePermission",
        json!({"FunctionName": f, "StatementId": "conformance-s3"}),
    )
    .await;

    // Event source mappings.
    let (mapping, mapping_p) = l
        .step(
            "create-event-source-mapping",
            "CreateEventSourceMapping",
            json!({"FunctionName": f, "EventSourceArn": fx.event_source_arn, "BatchSize": 5}),
        )
        .await;
    let uuid = Pair::at(&mapping, &mapping_p, "/UUID");
    if let Some(endpoint_uuid) = &uuid.endpoint {
        s.registry.with(|c| c.mappings.push(endpoint_uuid.clone()));
        wait_mapping(s, endpoint_uuid, "wait-mapping").await;
        let (input, model_input) = bound(&json!({}), "UUID", &uuid, endpoint_uuid);
        l.step_bound(
            "get-event-source-mapping",
            "GetEventSourceMapping",
            input,
            model_input,
        )
        .await;
        let (input, model_input) = bound(&json!({"BatchSize": 7}), "UUID", &uuid, endpoint_uuid);
        l.step_bound(
            "update-event-source-mapping",
            "UpdateEventSourceMapping",
            input,
            model_input,
        )
        .await;
        wait_mapping(s, endpoint_uuid, "wait-mapping").await;
    } else {
        s.note("CreateEventSourceMapping returned no UUID; skipping the steps that need it");
    }
    l.step(
        "list-event-source-mappings",
        "ListEventSourceMappings",
        json!({"FunctionName": f}),
    )
    .await;
    l.step(
        "get-missing-event-source-mapping",
        "GetEventSourceMapping",
        json!({"UUID": uuid::Uuid::new_v4().to_string()}),
    )
    .await;

    // Invocation.
    let payload = blob_json(&json!({"hello": "world"}));
    l.step(
        "invoke",
        "Invoke",
        json!({"FunctionName": f, "Payload": payload}),
    )
    .await;
    l.step(
        "invoke-event",
        "Invoke",
        json!({"FunctionName": f, "InvocationType": "Event", "Payload": payload}),
    )
    .await;
    l.step(
        "invoke-dry-run",
        "Invoke",
        json!({"FunctionName": f, "InvocationType": "DryRun", "Payload": payload}),
    )
    .await;
    l.step(
        "invoke-missing-function",
        "Invoke",
        json!({"FunctionName": missing, "Payload": payload}),
    )
    .await;
    l.step(
        "invoke-missing-qualifier",
        "Invoke",
        json!({"FunctionName": f, "Qualifier": "nope", "Payload": payload}),
    )
    .await;
    l.step(
        "invoke-async",
        "InvokeAsync",
        json!({"FunctionName": f, "InvokeArgs": payload}),
    )
    .await;

    // Deletion.
    let (input, model_input) = bound(&json!({"FunctionName": f}), "Qualifier", &version, "1");
    l.step_bound(
        "delete-aliased-version",
        "DeleteFunction",
        input,
        model_input,
    )
    .await;
    if let Some(endpoint_uuid) = &uuid.endpoint {
        let (input, model_input) = bound(&json!({}), "UUID", &uuid, endpoint_uuid);
        l.step_bound(
            "delete-event-source-mapping",
            "DeleteEventSourceMapping",
            input,
            model_input,
        )
        .await;
    }
    l.step(
        "delete-alias",
        "DeleteAlias",
        json!({"FunctionName": f, "Name": "live"}),
    )
    .await;
    l.step(
        "delete-function",
        "DeleteFunction",
        json!({"FunctionName": f}),
    )
    .await;
    l.step(
        "delete-deleted-function",
        "DeleteFunction",
        json!({"FunctionName": f}),
    )
    .await;
}

/// A success body's member at `pointer` ("" for the whole body).
fn body_at(ex: &Exchange, pointer: &str) -> Option<Value> {
    ex.response()
        .filter(|r| r.status < 300)
        .and_then(|r| r.json.as_ref())
        .and_then(|b| b.pointer(pointer))
        .cloned()
}

/// Two descriptions of the function, read with nothing but reads between
/// them, must agree (checks/consistency.rs); the second read carries the finding.
fn consistent(
    s: &Session,
    step: &str,
    first: (&str, Option<Value>),
    second: (&str, Option<Value>),
) {
    let ((first_op, Some(a)), (second_op, Some(b))) = (first, second) else {
        return;
    };
    if let Some(v) = crate::checks::consistency::check(first_op, &a, second_op, &b) {
        let index = s.steps_recorded().saturating_sub(1);
        s.add_finding(crate::findings::Finding::new(
            v.check, second_op, step, v.expected, v.actual, v.detail, v.evidence, index,
        ));
    }
}
