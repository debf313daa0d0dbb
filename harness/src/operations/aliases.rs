//! Aliases.

use super::{ALIAS, Description, ListItems, Op, no_read, no_undo, text};
use serde_json::{Value, json};

const ALIAS_MEMBERS: &[&str] = &["/Name", "/AliasArn", "/FunctionVersion", "/Description"];
const ALIAS_PRESENT: &[&str] = &["/AliasArn", "/RevisionId"];

fn delete_created(input: &Value) -> Option<(Op, Value)> {
    Some((
        Op::DeleteAlias,
        json!({"FunctionName": input["FunctionName"], "Name": input["Name"]}),
    ))
}

/// Reads back the request's alias.
fn read_alias(input: &Value, _: &Value) -> Option<(Op, Value)> {
    Some((
        Op::GetAlias,
        json!({"FunctionName": input.get("FunctionName")?, "Name": input.get("Name")?}),
    ))
}

/// CreateAlias.
pub const CREATE_ALIAS: Description = Description {
    op: Op::CreateAlias,
    base: |cx, n| json!({"FunctionName": cx.function, "Name": format!("b{n}"), "FunctionVersion": "1"}),
    undo: delete_created,
    read: read_alias,
    mutates: true,
    setup: &[Op::CreateFunction, Op::PublishVersion],
    compared: ALIAS_MEMBERS,
    present: ALIAS_PRESENT,
    list: None,
};

/// GetAlias.
pub const GET_ALIAS: Description = Description {
    op: Op::GetAlias,
    base: |cx, _| json!({"FunctionName": cx.function, "Name": ALIAS}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction, Op::PublishVersion, Op::CreateAlias],
    compared: ALIAS_MEMBERS,
    present: ALIAS_PRESENT,
    list: None,
};

/// UpdateAlias.
pub const UPDATE_ALIAS: Description = Description {
    op: Op::UpdateAlias,
    base: |cx, _| json!({"FunctionName": cx.function, "Name": ALIAS, "Description": "boundary"}),
    undo: no_undo,
    read: read_alias,
    mutates: true,
    setup: &[Op::CreateFunction, Op::PublishVersion, Op::CreateAlias],
    compared: ALIAS_MEMBERS,
    present: ALIAS_PRESENT,
    list: None,
};

/// DeleteAlias (the base deletes an alias that does not exist).
pub const DELETE_ALIAS: Description = Description {
    op: Op::DeleteAlias,
    base: |cx, _| json!({"FunctionName": cx.function, "Name": "missing-alias"}),
    undo: no_undo,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction, Op::PublishVersion, Op::CreateAlias],
    compared: &[],
    present: &[],
    list: None,
};

/// ListAliases.
pub const LIST_ALIASES: Description = Description {
    op: Op::ListAliases,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction, Op::PublishVersion, Op::CreateAlias],
    compared: &[],
    present: &[],
    list: Some(ListItems {
        member: "Aliases",
        key: |a| format!("{}={}", text(a, "Name"), text(a, "FunctionVersion")),
        unique: true,
        account_wide: false,
        compared: ALIAS_MEMBERS,
    }),
};
