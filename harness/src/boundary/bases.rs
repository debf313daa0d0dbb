//! The base request of each operation: a valid request over the probe
//! fixtures (one function with version 1, alias `live`, a policy statement
//! and an event source mapping), into which one edge value is placed at a time.

use serde_json::{Value, json};

/// The resources the probes act on, as one side (endpoint or model) names them.
#[derive(Debug, Clone)]
pub struct Context {
    /// Name prefix of the run (every function name a probe sends carries it).
    pub prefix: String,
    /// The fixture function (exists, has version 1).
    pub function: String,
    /// A function name that does not exist.
    pub missing_function: String,
    /// Execution role.
    pub role_arn: String,
    /// SQS queue for event source mappings.
    pub queue_arn: String,
    /// UUID of the fixture event source mapping.
    pub uuid: String,
    /// Base64 deployment package.
    pub zip: String,
    /// Account id in the endpoint's ARNs.
    pub account: String,
    /// Region in the endpoint's ARNs.
    pub region: String,
}

/// Alias of the fixture function (points at version 1).
pub const ALIAS: &str = "live";
/// Statement id on the fixture function's policy.
pub const SID: &str = "fixture";
/// A mapping UUID that does not exist.
pub const MISSING_UUID: &str = "00000000-0000-4000-8000-00000000b0de";

/// The base request of `operation`; `n` makes created names unique.
pub fn base(operation: &str, cx: &Context, n: usize) -> Option<Value> {
    let f = &cx.function;
    Some(match operation {
        "CreateFunction" => json!({
            "FunctionName": format!("{}b{n}", cx.prefix),
            "Runtime": "python3.12",
            "Role": cx.role_arn,
            "Handler": "index.handler",
            "Code": {"ZipFile": cx.zip},
        }),
        "GetFunction"
        | "GetFunctionConfiguration"
        | "ListVersionsByFunction"
        | "ListAliases"
        | "GetPolicy"
        | "PublishVersion" => json!({"FunctionName": f}),
        "UpdateFunctionCode" => json!({"FunctionName": f, "ZipFile": cx.zip}),
        "UpdateFunctionConfiguration" => json!({"FunctionName": f, "Description": "boundary"}),
        "DeleteFunction" => json!({"FunctionName": cx.missing_function}),
        "ListFunctions" => json!({}),
        "CreateAlias" => {
            json!({"FunctionName": f, "Name": format!("b{n}"), "FunctionVersion": "1"})
        }
        "GetAlias" => json!({"FunctionName": f, "Name": ALIAS}),
        "UpdateAlias" => json!({"FunctionName": f, "Name": ALIAS, "Description": "boundary"}),
        "DeleteAlias" => json!({"FunctionName": f, "Name": "missing-alias"}),
        "AddPermission" => json!({
            "FunctionName": f,
            "StatementId": format!("b{n}"),
            "Action": "lambda:InvokeFunction",
            "Principal": "s3.amazonaws.com",
        }),
        "RemovePermission" => json!({"FunctionName": f, "StatementId": "missing-sid"}),
        // ESM-017 (recorded): an SQS BatchSize above 10 needs a batching window, so the base
        // has one, and a BatchSize of 10 so that a window of 0 is valid too (the state an
        // earlier probe left must not decide a later one); FIFO queues take no window
        // (documented).
        "CreateEventSourceMapping" if cx.queue_arn.ends_with(".fifo") => {
            json!({"FunctionName": f, "EventSourceArn": cx.queue_arn, "BatchSize": 10})
        }
        "CreateEventSourceMapping" => json!({
            "FunctionName": f,
            "EventSourceArn": cx.queue_arn,
            "BatchSize": 10,
            "MaximumBatchingWindowInSeconds": 1,
        }),
        "GetEventSourceMapping" => json!({"UUID": cx.uuid}),
        "UpdateEventSourceMapping" if cx.queue_arn.ends_with(".fifo") => {
            json!({"UUID": cx.uuid, "BatchSize": 10})
        }
        "UpdateEventSourceMapping" => {
            json!({"UUID": cx.uuid, "BatchSize": 10, "MaximumBatchingWindowInSeconds": 1})
        }
        "DeleteEventSourceMapping" => json!({"UUID": MISSING_UUID}),
        "ListEventSourceMappings" => json!({"FunctionName": f}),
        "Invoke" => json!({"FunctionName": f, "InvocationType": "DryRun", "Payload": "e30="}),
        "InvokeAsync" => json!({"FunctionName": f, "InvokeArgs": "e30="}),
        "TagResource" => json!({"Resource": function_arn(cx), "Tags": {"boundary": "b"}}),
        "UntagResource" => json!({"Resource": function_arn(cx), "TagKeys": ["boundary"]}),
        "ListTags" => json!({"Resource": function_arn(cx)}),
        // Reserved concurrency of the fixture is put back by the undo (DeleteFunctionConcurrency),
        // so a probe of 0 never throttles later Invoke probes.
        "PutFunctionConcurrency" => json!({"FunctionName": f, "ReservedConcurrentExecutions": 1}),
        "GetFunctionConcurrency" | "DeleteFunctionConcurrency" => json!({"FunctionName": f}),
        _ => return None,
    })
}

/// The fixture function's unqualified ARN, as this side names it.
pub fn function_arn(cx: &Context) -> String {
    format!(
        "arn:aws:lambda:{}:{}:function:{}",
        cx.region, cx.account, cx.function
    )
}

/// Valid values of members the base request leaves out, used as seeds for edge values.
pub fn samples(operation: &str, member: &str, cx: &Context) -> Vec<Value> {
    let fn_arn_like = |name: &str| {
        vec![
            json!(name),
            json!(format!("function:{name}")),
            json!(format!("{}:function:{name}", cx.account)),
        ]
    };
    match member {
        "FunctionName" => {
            let name = match operation {
                "CreateFunction" => format!("{}b", cx.prefix),
                "DeleteFunction" => cx.missing_function.clone(),
                _ => cx.function.clone(),
            };
            let mut out = fn_arn_like(&name);
            if matches!(
                operation,
                "GetFunction"
                    | "GetFunctionConfiguration"
                    | "GetPolicy"
                    | "Invoke"
                    | "ListEventSourceMappings"
            ) {
                // A full ARN with a qualifier reaches the longest names while the name
                // part stays within 64 characters; these operations take qualified ARNs
                // (API reference), so reading a missing alias is a 404.
                out.push(json!(format!(
                    "arn:aws:lambda:{}:{}:function:{name}:b",
                    cx.region, cx.account
                )));
            }
            out
        }
        "Runtime" => vec![json!("python3.12")],
        "Qualifier" => vec![json!("1"), json!(ALIAS)],
        "FunctionVersion" => vec![json!("1"), json!("ALL")],
        "Name" => vec![json!("b")],
        "StatementId" => vec![json!("b")],
        "Description" => vec![json!("boundary")],
        "Handler" => vec![json!("index.handler")],
        "Marker" => vec![json!("1")],
        "MasterRegion" => vec![json!("us-east-1")],
        _ => Vec::new(),
    }
}

/// Top-level members whose valid values AWS accepts in the base request
/// without further checks the reference model lacks (no other resource
/// looked up, no cross-member rule it does not know). A valid edge value of
/// any other member may meet such a check on AWS (a subnet that does not
/// exist, a KMS key, a principal), so a difference from the model there is
/// reported as unverified.
pub fn semantics_known(operation: &str, member: &str) -> bool {
    let common = matches!(
        member,
        "FunctionName"
            | "Qualifier"
            | "Description"
            | "MemorySize"
            | "Timeout"
            | "Handler"
            | "Runtime"
            | "Publish"
            | "MaxItems"
            | "UUID"
            | "StatementId"
            | "InvocationType"
            | "LogType"
            | "Architectures"
            | "Environment"
            | "BatchSize"
            | "MaximumBatchingWindowInSeconds"
            | "Enabled"
    );
    common
        || matches!(
            (operation, member),
            ("ListFunctions", "FunctionVersion")
                | (
                    "CreateAlias" | "GetAlias" | "UpdateAlias" | "DeleteAlias",
                    "Name"
                )
        )
}

/// Whether a probe of this operation may change what exists when it succeeds.
pub fn mutates(operation: &str) -> bool {
    !(operation.starts_with("Get") || operation.starts_with("List"))
}

/// Members whose limits depend on the type of event source (documented:
/// BatchSize 10 and no batching window for FIFO queues, 10000 for streams).
pub fn depends_on_source(operation: &str, member: &str) -> bool {
    operation.ends_with("EventSourceMapping")
        && matches!(member, "BatchSize" | "MaximumBatchingWindowInSeconds")
}

/// Whether an event source ARN is a standard (not FIFO) SQS queue, whose
/// limits the reference model knows.
pub fn standard_sqs(arn: &str) -> bool {
    arn.starts_with("arn:") && arn.split(':').nth(2) == Some("sqs") && !arn.ends_with(".fifo")
}
