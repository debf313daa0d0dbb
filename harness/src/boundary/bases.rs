//! The probes' view of each operation: its base request (from the
//! operation's description) over the probe fixtures (one function with
//! version 1, alias `live`, a policy statement and an event source mapping),
//! into which one edge value is placed at a time, and what is known of its
//! members.

use serde_json::{Value, json};

pub use crate::operations::{ALIAS, Context, MISSING_UUID, SID};

/// The base request of `operation` (its description's, see `operations`);
/// `n` makes created names unique. None for an operation the harness does not cover.
pub fn base(operation: &str, cx: &Context, n: usize) -> Option<Value> {
    crate::operations::by_name(operation).map(|d| (d.base)(cx, n))
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
