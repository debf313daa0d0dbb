//! Reserved concurrency.

use super::{Description, Op, no_read, no_undo};
use serde_json::{Value, json};

/// A reservation is put back, so that a probe of 0 never throttles later Invokes.
fn delete_put(input: &Value) -> Option<(Op, Value)> {
    Some((
        Op::DeleteFunctionConcurrency,
        json!({"FunctionName": input["FunctionName"]}),
    ))
}

/// PutFunctionConcurrency.
pub const PUT_FUNCTION_CONCURRENCY: Description = Description {
    op: Op::PutFunctionConcurrency,
    base: |cx, _| json!({"FunctionName": cx.function, "ReservedConcurrentExecutions": 1}),
    undo: delete_put,
    read: |input, _| {
        Some((
            Op::GetFunctionConcurrency,
            json!({"FunctionName": input.get("FunctionName")?}),
        ))
    },
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: &["/ReservedConcurrentExecutions"],
    present: &[],
    list: None,
};

/// GetFunctionConcurrency.
pub const GET_FUNCTION_CONCURRENCY: Description = Description {
    op: Op::GetFunctionConcurrency,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction],
    compared: &["/ReservedConcurrentExecutions"],
    present: &[],
    list: None,
};

/// DeleteFunctionConcurrency.
pub const DELETE_FUNCTION_CONCURRENCY: Description = Description {
    op: Op::DeleteFunctionConcurrency,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: &[],
    present: &[],
    list: None,
};
