//! Functions: create, read, update, delete, list.

use super::{
    CONFIGURATION, CONFIGURATION_PRESENT, Context, Description, ListItems, Op, no_read, no_undo,
    read_configuration, text,
};
use serde_json::{Value, json};

fn delete_created(input: &Value) -> Option<(Op, Value)> {
    input
        .get("FunctionName")
        .map(|f| (Op::DeleteFunction, json!({"FunctionName": f})))
}

/// CreateFunction.
pub const CREATE_FUNCTION: Description = Description {
    op: Op::CreateFunction,
    base: |cx: &Context, n| {
        json!({
            "FunctionName": format!("{}b{n}", cx.prefix),
            "Runtime": "python3.12",
            "Role": cx.role_arn,
            "Handler": "index.handler",
            "Code": {"ZipFile": cx.zip},
        })
    },
    undo: delete_created,
    read: read_configuration,
    mutates: true,
    setup: &[],
    compared: CONFIGURATION,
    present: CONFIGURATION_PRESENT,
    list: None,
};

/// GetFunction.
pub const GET_FUNCTION: Description = Description {
    op: Op::GetFunction,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction],
    compared: &[
        "/Configuration/FunctionName",
        "/Configuration/FunctionArn",
        "/Configuration/Version",
        "/Configuration/Description",
        "/Configuration/Timeout",
        "/Configuration/MemorySize",
        "/Configuration/CodeSha256",
        "/Configuration/CodeSize",
        "/Tags",
        "/Concurrency/ReservedConcurrentExecutions",
    ],
    present: &[
        "/Configuration/FunctionArn",
        "/Configuration/RevisionId",
        "/Configuration/LastModified",
    ],
    list: None,
};

/// GetFunctionConfiguration.
pub const GET_FUNCTION_CONFIGURATION: Description = Description {
    op: Op::GetFunctionConfiguration,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction],
    compared: CONFIGURATION,
    present: CONFIGURATION_PRESENT,
    list: None,
};

/// UpdateFunctionCode.
pub const UPDATE_FUNCTION_CODE: Description = Description {
    op: Op::UpdateFunctionCode,
    base: |cx, _| json!({"FunctionName": cx.function, "ZipFile": cx.zip}),
    undo: no_undo,
    read: read_configuration,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: CONFIGURATION,
    present: CONFIGURATION_PRESENT,
    list: None,
};

/// UpdateFunctionConfiguration.
pub const UPDATE_FUNCTION_CONFIGURATION: Description = Description {
    op: Op::UpdateFunctionConfiguration,
    base: |cx, _| json!({"FunctionName": cx.function, "Description": "boundary"}),
    undo: no_undo,
    read: read_configuration,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: CONFIGURATION,
    present: CONFIGURATION_PRESENT,
    list: None,
};

/// DeleteFunction (the base deletes a function that does not exist).
pub const DELETE_FUNCTION: Description = Description {
    op: Op::DeleteFunction,
    base: |cx, _| json!({"FunctionName": cx.missing_function}),
    undo: no_undo,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: &[],
    present: &[],
    list: None,
};

/// ListFunctions (account-wide: only the run's functions are compared).
pub const LIST_FUNCTIONS: Description = Description {
    op: Op::ListFunctions,
    base: |_, _| json!({}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[],
    compared: &[],
    present: &[],
    list: Some(ListItems {
        member: "Functions",
        // With FunctionVersion=ALL a function is listed once per version.
        key: |f| match text(f, "Version").as_str() {
            "" | "$LATEST" => text(f, "FunctionName"),
            v => format!("{}:{v}", text(f, "FunctionName")),
        },
        unique: true,
        account_wide: true,
        compared: CONFIGURATION,
    }),
};
