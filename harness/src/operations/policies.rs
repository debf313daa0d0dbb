//! Resource-based policies.

use super::{Description, Op, no_read, no_undo};
use serde_json::{Value, json};

fn remove_added(input: &Value) -> Option<(Op, Value)> {
    let mut i = json!({"FunctionName": input["FunctionName"], "StatementId": input["StatementId"]});
    if let Some(q) = input.get("Qualifier") {
        i["Qualifier"] = q.clone();
    }
    Some((Op::RemovePermission, i))
}

/// AddPermission.
pub const ADD_PERMISSION: Description = Description {
    op: Op::AddPermission,
    base: |cx, n| {
        json!({
            "FunctionName": cx.function,
            "StatementId": format!("b{n}"),
            "Action": "lambda:InvokeFunction",
            "Principal": "s3.amazonaws.com",
        })
    },
    undo: remove_added,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: &[],
    present: &[],
    list: None,
};

/// GetPolicy (its statements are compared by statement id, see stateful::predict).
pub const GET_POLICY: Description = Description {
    op: Op::GetPolicy,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction, Op::AddPermission],
    compared: &[],
    present: &[],
    list: None,
};

/// RemovePermission (the base removes a statement that does not exist).
pub const REMOVE_PERMISSION: Description = Description {
    op: Op::RemovePermission,
    base: |cx, _| json!({"FunctionName": cx.function, "StatementId": "missing-sid"}),
    undo: no_undo,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction, Op::AddPermission],
    compared: &[],
    present: &[],
    list: None,
};
