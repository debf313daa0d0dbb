//! Event source mappings.

use super::{Context, Description, ListItems, MISSING_UUID, Op, no_read, no_undo, text};
use serde_json::{Value, json};

const MAPPING_MEMBERS: &[&str] = &["/BatchSize", "/FunctionArn", "/EventSourceArn"];
const MAPPING_PRESENT: &[&str] = &["/UUID", "/FunctionArn", "/EventSourceArn"];

/// The UUID of the created mapping is the endpoint's to choose: the prober fills it in.
fn delete_created(_: &Value) -> Option<(Op, Value)> {
    Some((Op::DeleteEventSourceMapping, json!({})))
}

fn fifo(cx: &Context) -> bool {
    cx.queue_arn.ends_with(".fifo")
}

/// Reads back the mapping the answer names.
fn read_mapping(_: &Value, answer: &Value) -> Option<(Op, Value)> {
    Some((
        Op::GetEventSourceMapping,
        json!({"UUID": answer.get("UUID")?}),
    ))
}

/// CreateEventSourceMapping.
pub const CREATE_EVENT_SOURCE_MAPPING: Description = Description {
    op: Op::CreateEventSourceMapping,
    // ESM-017 (recorded): an SQS BatchSize above 10 needs a batching window, so the base
    // has one, and a BatchSize of 10 so that a window of 0 is valid too (the state an
    // earlier probe left must not decide a later one); FIFO queues take no window
    // (documented).
    base: |cx, _| {
        if fifo(cx) {
            json!({"FunctionName": cx.function, "EventSourceArn": cx.queue_arn, "BatchSize": 10})
        } else {
            json!({
                "FunctionName": cx.function,
                "EventSourceArn": cx.queue_arn,
                "BatchSize": 10,
                "MaximumBatchingWindowInSeconds": 1,
            })
        }
    },
    undo: delete_created,
    read: read_mapping,
    mutates: true,
    setup: &[Op::CreateFunction],
    compared: MAPPING_MEMBERS,
    present: MAPPING_PRESENT,
    list: None,
};

/// GetEventSourceMapping.
pub const GET_EVENT_SOURCE_MAPPING: Description = Description {
    op: Op::GetEventSourceMapping,
    base: |cx, _| json!({"UUID": cx.uuid}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[Op::CreateFunction, Op::CreateEventSourceMapping],
    compared: MAPPING_MEMBERS,
    present: MAPPING_PRESENT,
    list: None,
};

/// UpdateEventSourceMapping.
pub const UPDATE_EVENT_SOURCE_MAPPING: Description = Description {
    op: Op::UpdateEventSourceMapping,
    base: |cx, _| {
        if fifo(cx) {
            json!({"UUID": cx.uuid, "BatchSize": 10})
        } else {
            json!({"UUID": cx.uuid, "BatchSize": 10, "MaximumBatchingWindowInSeconds": 1})
        }
    },
    undo: no_undo,
    read: read_mapping,
    mutates: true,
    setup: &[Op::CreateFunction, Op::CreateEventSourceMapping],
    compared: MAPPING_MEMBERS,
    present: MAPPING_PRESENT,
    list: None,
};

/// DeleteEventSourceMapping (the base deletes a mapping that does not exist).
pub const DELETE_EVENT_SOURCE_MAPPING: Description = Description {
    op: Op::DeleteEventSourceMapping,
    base: |_, _| json!({"UUID": MISSING_UUID}),
    undo: no_undo,
    read: no_read,
    mutates: true,
    setup: &[Op::CreateFunction, Op::CreateEventSourceMapping],
    compared: MAPPING_MEMBERS,
    present: &[],
    list: None,
};

/// ListEventSourceMappings (mappings have no name: items compare by their
/// BatchSize, so two alike are not a pagination fault).
pub const LIST_EVENT_SOURCE_MAPPINGS: Description = Description {
    op: Op::ListEventSourceMappings,
    base: |cx, _| json!({"FunctionName": cx.function}),
    undo: no_undo,
    read: no_read,
    mutates: false,
    setup: &[],
    compared: &[],
    present: &[],
    list: Some(ListItems {
        member: "EventSourceMappings",
        key: |m| {
            let function = text(m, "FunctionArn");
            let name = function.split(':').nth(6).unwrap_or_default().to_string();
            format!("{name} BatchSize={}", text(m, "BatchSize"))
        },
        unique: false,
        account_wide: false,
        compared: &[],
    }),
};
