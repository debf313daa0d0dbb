//! What the harness knows about each operation, in one description per
//! operation (one file per API area): its base valid request over the
//! fixtures, its undo, whether it mutates, what must exist first, which
//! response members are compared with the oracle's prediction and how list
//! items are named. The boundary probes, the generated sequences and the
//! fuzz seeds derive from it; [`describe`] is an exhaustive match, so a new
//! [`Op`] does not compile until it has a description.

mod aliases;
mod concurrency;
mod functions;
mod invoke;
mod mappings;
mod policies;
mod tags;
mod versions;

pub use lambda_model::{Area, Op};

use serde_json::Value;

/// The resources an operation's base request acts on, as one side
/// (endpoint or model) names them.
#[derive(Debug, Clone)]
pub struct Context {
    /// Name prefix of the run (every function name a request sends carries it).
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
    /// Account id in the side's ARNs.
    pub account: String,
    /// Region in the side's ARNs.
    pub region: String,
}

impl Context {
    /// The fixture function's unqualified ARN.
    pub fn function_arn(&self) -> String {
        format!(
            "arn:aws:lambda:{}:{}:function:{}",
            self.region, self.account, self.function
        )
    }
}

/// Alias of the fixture function (points at version 1).
pub const ALIAS: &str = "live";
/// Statement id on the fixture function's policy.
pub const SID: &str = "fixture";
/// A mapping UUID that does not exist.
pub const MISSING_UUID: &str = "00000000-0000-4000-8000-00000000b0de";

/// How the items of a list operation's pages are read.
#[derive(Debug, Clone, Copy)]
pub struct ListItems {
    /// The member holding a page's items.
    pub member: &'static str,
    /// The comparable name of one item.
    pub key: fn(&Value) -> String,
    /// Whether an item seen twice is a pagination fault.
    pub unique: bool,
    /// Whether the list spans the account, so only items named with the run's prefix count.
    pub account_wide: bool,
    /// Members of an item compared with the model's item of the same name
    /// (JSON pointers into the item; only for lists whose names are unique).
    pub compared: &'static [&'static str],
}

/// What the harness knows about one operation.
#[derive(Debug, Clone, Copy)]
pub struct Description {
    /// The operation.
    pub op: Op,
    /// A request valid by the schema over the fixtures of a side, leaving them
    /// in place (deletions target resources that do not exist); `n` makes
    /// created names unique.
    pub base: fn(&Context, usize) -> Value,
    /// The request that undoes a success of `input` (what it created or set), if any.
    pub undo: fn(&Value) -> Option<(Op, Value)>,
    /// The request that reads back what a success of `input` stored, given
    /// the success's answer (each side calls it with its own), if any.
    pub read: fn(&Value, &Value) -> Option<(Op, Value)>,
    /// Whether a success may change what exists.
    pub mutates: bool,
    /// What must exist, in order, for a valid request to succeed on a fresh account.
    pub setup: &'static [Op],
    /// Response members whose values the oracle predicts (JSON pointers).
    pub compared: &'static [&'static str],
    /// Response members AWS always sends on success (their values are the endpoint's).
    pub present: &'static [&'static str],
    /// For list operations, how their items are read.
    pub list: Option<ListItems>,
}

/// Nothing to undo.
pub(crate) fn no_undo(_: &Value) -> Option<(Op, Value)> {
    None
}

/// Nothing to read back.
pub(crate) fn no_read(_: &Value, _: &Value) -> Option<(Op, Value)> {
    None
}

/// Reads back a function's configuration (`$LATEST`, the request's function).
pub(crate) fn read_configuration(input: &Value, _: &Value) -> Option<(Op, Value)> {
    let name = input.get("FunctionName")?;
    Some((
        Op::GetFunctionConfiguration,
        serde_json::json!({"FunctionName": name}),
    ))
}

/// The description of `op`.
pub fn describe(op: Op) -> &'static Description {
    match op {
        Op::CreateFunction => &functions::CREATE_FUNCTION,
        Op::GetFunction => &functions::GET_FUNCTION,
        Op::GetFunctionConfiguration => &functions::GET_FUNCTION_CONFIGURATION,
        Op::UpdateFunctionCode => &functions::UPDATE_FUNCTION_CODE,
        Op::UpdateFunctionConfiguration => &functions::UPDATE_FUNCTION_CONFIGURATION,
        Op::DeleteFunction => &functions::DELETE_FUNCTION,
        Op::ListFunctions => &functions::LIST_FUNCTIONS,
        Op::PublishVersion => &versions::PUBLISH_VERSION,
        Op::ListVersionsByFunction => &versions::LIST_VERSIONS_BY_FUNCTION,
        Op::CreateAlias => &aliases::CREATE_ALIAS,
        Op::GetAlias => &aliases::GET_ALIAS,
        Op::UpdateAlias => &aliases::UPDATE_ALIAS,
        Op::DeleteAlias => &aliases::DELETE_ALIAS,
        Op::ListAliases => &aliases::LIST_ALIASES,
        Op::AddPermission => &policies::ADD_PERMISSION,
        Op::GetPolicy => &policies::GET_POLICY,
        Op::RemovePermission => &policies::REMOVE_PERMISSION,
        Op::CreateEventSourceMapping => &mappings::CREATE_EVENT_SOURCE_MAPPING,
        Op::GetEventSourceMapping => &mappings::GET_EVENT_SOURCE_MAPPING,
        Op::UpdateEventSourceMapping => &mappings::UPDATE_EVENT_SOURCE_MAPPING,
        Op::DeleteEventSourceMapping => &mappings::DELETE_EVENT_SOURCE_MAPPING,
        Op::ListEventSourceMappings => &mappings::LIST_EVENT_SOURCE_MAPPINGS,
        Op::Invoke => &invoke::INVOKE,
        Op::InvokeAsync => &invoke::INVOKE_ASYNC,
        Op::TagResource => &tags::TAG_RESOURCE,
        Op::UntagResource => &tags::UNTAG_RESOURCE,
        Op::ListTags => &tags::LIST_TAGS,
        Op::PutFunctionConcurrency => &concurrency::PUT_FUNCTION_CONCURRENCY,
        Op::GetFunctionConcurrency => &concurrency::GET_FUNCTION_CONCURRENCY,
        Op::DeleteFunctionConcurrency => &concurrency::DELETE_FUNCTION_CONCURRENCY,
    }
}

/// The description of the operation with this name, if the harness covers it.
pub fn by_name(name: &str) -> Option<&'static Description> {
    Op::from_name(name).map(describe)
}

/// Response members of a function configuration whose values the oracle predicts.
pub(crate) const CONFIGURATION: &[&str] = &[
    "/FunctionName",
    // Before the ARN: a wrong version number is the root cause of a wrong qualified ARN.
    "/Version",
    "/FunctionArn",
    "/Description",
    "/Timeout",
    "/MemorySize",
    "/CodeSha256",
    "/CodeSize",
    "/Handler",
    "/Runtime",
];

/// Members AWS always sends in a function configuration.
pub(crate) const CONFIGURATION_PRESENT: &[&str] = &["/FunctionArn", "/RevisionId", "/LastModified"];

/// A member of an item as text (strings bare, anything else as JSON).
pub(crate) fn text(item: &Value, member: &str) -> String {
    item.get(member)
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| x.to_string())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_describes_itself() {
        for op in Op::ALL {
            assert_eq!(
                describe(op).op,
                op,
                "describe({op}) returns another operation"
            );
        }
    }

    #[test]
    fn setup_names_only_operations_that_create() {
        for op in Op::ALL {
            for s in describe(op).setup {
                assert!(
                    describe(*s).mutates,
                    "{op} sets up with {s}, which changes nothing"
                );
            }
        }
    }
}
