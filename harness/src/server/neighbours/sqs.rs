//! SQS's JSON protocol (botocore's since 1.31.81) for the queue calls the
//! runner makes: CreateQueue, GetQueueUrl, GetQueueAttributes, DeleteQueue,
//! ListQueues.

use super::{Call, response};
use axum::body::Body;
use axum::http::Response;
use lambda_model::Model;
use lambda_model::neighbours::Queue;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Attributes every queue has, with SQS's documented defaults.
const DEFAULTS: &[(&str, &str)] = &[
    ("VisibilityTimeout", "30"),
    ("MaximumMessageSize", "262144"),
    ("MessageRetentionPeriod", "345600"),
    ("DelaySeconds", "0"),
    ("ReceiveMessageWaitTimeSeconds", "0"),
];

pub fn handle(model: &mut Model, call: &Call<'_>) -> Response<Body> {
    let action = call
        .header("x-amz-target")
        .and_then(|t| t.strip_prefix("AmazonSQS."))
        .unwrap_or("")
        .to_string();
    let input = call.json();
    let text = |k: &str| {
        input
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (account, region) = (
        model.config().account.clone(),
        model.config().region.clone(),
    );
    let url_of = |name: &str| format!("http://{}/{account}/{name}", call.host());
    let n = model.neighbours_mut();
    // A queue URL's last segment is the queue's name.
    let named = |url: &str| url.rsplit('/').next().unwrap_or("").to_string();
    match action.as_str() {
        "CreateQueue" => {
            let name = text("QueueName");
            if name.is_empty() || name.len() > 80 {
                return error(
                    call,
                    "InvalidParameterValue",
                    "AWS.SimpleQueueService.InvalidParameterValue",
                    "Queue name must be 1 to 80 characters.",
                );
            }
            let mut attributes: BTreeMap<String, String> = DEFAULTS
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            if let Some(given) = input.get("Attributes").and_then(Value::as_object) {
                for (k, v) in given {
                    attributes.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
                }
            }
            let arn = format!("arn:aws:sqs:{region}:{account}:{name}");
            attributes.insert("QueueArn".into(), arn.clone());
            n.sqs_used = true;
            n.queues
                .entry(name.clone())
                .or_insert(Queue { arn, attributes });
            ok(json!({"QueueUrl": url_of(&name)}))
        }
        "GetQueueUrl" => match n.queues.contains_key(&text("QueueName")) {
            true => ok(json!({"QueueUrl": url_of(&text("QueueName"))})),
            false => missing(call),
        },
        "GetQueueAttributes" => match n.queues.get(&named(&text("QueueUrl"))) {
            Some(q) => {
                let wanted: Vec<String> = input
                    .get("AttributeNames")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                let all = wanted.is_empty() || wanted.iter().any(|w| w == "All");
                let attributes: serde_json::Map<String, Value> = q
                    .attributes
                    .iter()
                    .filter(|(k, _)| all || wanted.contains(k))
                    .map(|(k, v)| (k.clone(), json!(v)))
                    .collect();
                ok(json!({"Attributes": attributes}))
            }
            None => missing(call),
        },
        "DeleteQueue" => match n.queues.remove(&named(&text("QueueUrl"))) {
            Some(_) => ok(json!({})),
            None => missing(call),
        },
        "ListQueues" => {
            let prefix = text("QueueNamePrefix");
            let urls: Vec<String> = n
                .queues
                .keys()
                .filter(|k| k.starts_with(&prefix))
                .map(|k| url_of(k))
                .collect();
            ok(json!({"QueueUrls": urls}))
        }
        other => error(
            call,
            "UnsupportedOperation",
            "AWS.SimpleQueueService.UnsupportedOperation",
            &format!("{other} is not served by this endpoint."),
        ),
    }
}

fn ok(body: Value) -> Response<Body> {
    response(
        200,
        &[("content-type", "application/x-amz-json-1.0".into())],
        body.to_string(),
    )
}

fn missing(call: &Call<'_>) -> Response<Body> {
    error(
        call,
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
    )
}

/// SQS's JSON error: the modelled type, and the query-protocol code in
/// `x-amzn-query-error` (how botocore maps it back).
fn error(call: &Call<'_>, kind: &str, query_code: &str, message: &str) -> Response<Body> {
    response(
        400,
        &[
            ("content-type", "application/x-amz-json-1.0".into()),
            ("x-amzn-query-error", format!("{query_code};Sender")),
            ("x-amzn-requestid", call.request_id.to_string()),
        ],
        json!({"__type": format!("com.amazonaws.sqs#{kind}"), "message": message}).to_string(),
    )
}
