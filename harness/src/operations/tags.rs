//! Tags (of functions; the Resource is the function's unqualified ARN).

use super::{Description, Op, no_read, no_undo};
use serde_json::{Value, json};

fn untag_added(input: &Value) -> Option<(Op, Value)> {
    input.get("Tags").and_then(Value::as_object).map(|tags| {
        let keys: Vec<&String> = tags.keys().collect();
        (
            Op::UntagResource,
            json!({"Resource": input["Resource"], "TagKeys": keys}),
        )
    })
}

/// TagResource.
pub const TAG_RESOURCE: Description = Description {
    op: Op::TagResource,
    base: |cx, _| json!({"Resource": cx.function_arn(), "Tags": {"boundary": "b"}}),
    undo: untag_added,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: &[],
    present: &[],
    list: None,
};

/// UntagResource.
pub const UNTAG_RESOURCE: Description = Description {
    op: Op::UntagResource,
    base: |cx, _| json!({"Resource": cx.function_arn(), "TagKeys": ["boundary"]}),
    undo: no_undo,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction, Op::TagResource],
    compared: &[],
    present: &[],
    list: None,
};

/// ListTags (the whole tag map is compared).
pub const LIST_TAGS: Description = Description {
    op: Op::ListTags,
    base: |cx, _| json!({"Resource": cx.function_arn()}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction],
    compared: &["/Tags"],
    present: &[],
    list: None,
};
