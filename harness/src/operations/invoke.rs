//! Invocation (Invoke's headers and payload are compared in stateful::predict).

use super::{Description, Op, no_read, no_undo};
use serde_json::json;

/// Invoke (the base is a DryRun, which runs nothing).
pub const INVOKE: Description = Description {
    op: Op::Invoke,
    base: |cx, _| json!({"FunctionName": cx.function, "InvocationType": "DryRun", "Payload": "e30="}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction],
    compared: &[],
    present: &[],
    list: None,
};

/// InvokeAsync.
pub const INVOKE_ASYNC: Description = Description {
    op: Op::InvokeAsync,
    base: |cx, _| json!({"FunctionName": cx.function, "InvokeArgs": "e30="}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction],
    compared: &[],
    present: &[],
    list: None,
};
