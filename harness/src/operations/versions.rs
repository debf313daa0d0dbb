//! Published versions.

use super::{
    CONFIGURATION, CONFIGURATION_PRESENT, Description, ListItems, Op, no_read, no_undo, text,
};
use serde_json::json;

/// PublishVersion.
pub const PUBLISH_VERSION: Description = Description {
    op: Op::PublishVersion,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: |input, answer| {
        Some((
            Op::GetFunctionConfiguration,
            json!({"FunctionName": input.get("FunctionName")?, "Qualifier": answer.get("Version")?}),
        ))
    },
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: CONFIGURATION,
    present: CONFIGURATION_PRESENT,
    list: None,
};

/// ListVersionsByFunction.
pub const LIST_VERSIONS_BY_FUNCTION: Description = Description {
    op: Op::ListVersionsByFunction,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction, Op::PublishVersion],
    compared: &[],
    present: &[],
    list: Some(ListItems {
        member: "Versions",
        key: |v| text(v, "Version"),
        unique: true,
        account_wide: false,
        compared: CONFIGURATION,
    }),
};
