//! The stream sources of event source mappings: Kinesis (JSON 1.1) and
//! DynamoDB tables with streams plus DynamoDB Streams (JSON 1.0): create,
//! describe, list and delete.

use super::{Call, response};
use axum::body::Body;
use axum::http::Response;
use lambda_model::Model;
use serde_json::{Value, json};

/// The `x-amz-target` prefixes served here.
pub const TARGETS: &[&str] = &[
    "Kinesis_20131202.",
    "DynamoDB_20120810.",
    "DynamoDBStreams_20120810.",
];

pub fn handle(model: &mut Model, call: &Call<'_>) -> Response<Body> {
    let target = call.header("x-amz-target").unwrap_or("").to_string();
    let (service, action) = target.split_once('.').unwrap_or(("", ""));
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
    let n = model.neighbours_mut();
    match (service, action) {
        ("Kinesis_20131202", "CreateStream") => {
            let name = text("StreamName");
            if n.kinesis.contains_key(&name) {
                return error(
                    "1.1",
                    "ResourceInUseException",
                    &format!("Stream {name} under account {account} already exists."),
                );
            }
            n.kinesis_used = true;
            let arn = format!("arn:aws:kinesis:{region}:{account}:stream/{name}");
            n.kinesis.insert(name, arn);
            ok("1.1", json!({}))
        }
        ("Kinesis_20131202", "DescribeStream" | "DescribeStreamSummary") => {
            let name = text("StreamName");
            let Some(arn) = n.kinesis.get(&name) else {
                return error(
                    "1.1",
                    "ResourceNotFoundException",
                    &format!("Stream {name} under account {account} not found."),
                );
            };
            let description = json!({"StreamName": name, "StreamARN": arn, "StreamStatus": "ACTIVE",
                "RetentionPeriodHours": 24, "StreamCreationTimestamp": 0, "EncryptionType": "NONE"});
            if action == "DescribeStream" {
                let mut d = description;
                d["Shards"] = json!([]);
                d["HasMoreShards"] = json!(false);
                d["EnhancedMonitoring"] = json!([]);
                ok("1.1", json!({"StreamDescription": d}))
            } else {
                let mut d = description;
                d["OpenShardCount"] = json!(1);
                d["EnhancedMonitoring"] = json!([]);
                ok("1.1", json!({"StreamDescriptionSummary": d}))
            }
        }
        ("Kinesis_20131202", "DeleteStream") => match n.kinesis.remove(&text("StreamName")) {
            Some(_) => ok("1.1", json!({})),
            None => error(
                "1.1",
                "ResourceNotFoundException",
                &format!(
                    "Stream {} under account {account} not found.",
                    text("StreamName")
                ),
            ),
        },
        ("Kinesis_20131202", "ListStreams") => ok(
            "1.1",
            json!({"StreamNames": n.kinesis.keys().collect::<Vec<_>>(), "HasMoreStreams": false}),
        ),
        ("DynamoDB_20120810", "CreateTable") => {
            let name = text("TableName");
            if n.tables.contains_key(&name) {
                return error(
                    "1.0",
                    "ResourceInUseException",
                    &format!("Table already exists: {name}"),
                );
            }
            n.dynamodb_used = true;
            let streams = input
                .pointer("/StreamSpecification/StreamEnabled")
                .and_then(Value::as_bool)
                == Some(true);
            let stamp = time::OffsetDateTime::now_utc()
                .format(time::macros::format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]"
                ))
                .unwrap_or_default();
            let table_arn = format!("arn:aws:dynamodb:{region}:{account}:table/{name}");
            let stream = streams.then(|| format!("{table_arn}/stream/{stamp}"));
            let description = table(&name, &table_arn, stream.as_deref(), &input);
            n.tables.insert(name, stream);
            ok("1.0", json!({"TableDescription": description}))
        }
        ("DynamoDB_20120810", "DescribeTable" | "DeleteTable") => {
            let name = text("TableName");
            let Some(stream) = n.tables.get(&name).cloned() else {
                return error(
                    "1.0",
                    "ResourceNotFoundException",
                    &format!("Requested resource not found: Table: {name} not found"),
                );
            };
            let table_arn = format!("arn:aws:dynamodb:{region}:{account}:table/{name}");
            let description = table(&name, &table_arn, stream.as_deref(), &input);
            if action == "DeleteTable" {
                n.tables.remove(&name);
                return ok("1.0", json!({"TableDescription": description}));
            }
            ok("1.0", json!({"Table": description}))
        }
        ("DynamoDBStreams_20120810", "DescribeStream") => {
            let arn = text("StreamArn");
            match n
                .tables
                .iter()
                .find(|(_, s)| s.as_deref() == Some(arn.as_str()))
            {
                Some((table_name, _)) => ok(
                    "1.0",
                    json!({"StreamDescription": {
                    "StreamArn": arn, "StreamLabel": arn.rsplit('/').next().unwrap_or(""),
                    "StreamStatus": "ENABLED", "TableName": table_name, "Shards": []}}),
                ),
                None => error(
                    "1.0",
                    "ResourceNotFoundException",
                    &format!("Requested resource not found: Stream: {arn} not found"),
                ),
            }
        }
        ("DynamoDBStreams_20120810", "ListStreams") => {
            let streams: Vec<Value> = n
                .tables
                .iter()
                .filter_map(|(t, s)| {
                    s.as_ref().map(|s| {
                        json!({"StreamArn": s, "TableName": t,
                    "StreamLabel": s.rsplit('/').next().unwrap_or("")})
                    })
                })
                .collect();
            ok("1.0", json!({"Streams": streams}))
        }
        _ => error(
            if service.starts_with("Kinesis") {
                "1.1"
            } else {
                "1.0"
            },
            "UnknownOperationException",
            &format!("{target} is not served by this endpoint."),
        ),
    }
}

fn table(name: &str, arn: &str, stream: Option<&str>, input: &Value) -> Value {
    let mut t = json!({"TableName": name, "TableArn": arn, "TableStatus": "ACTIVE",
        "KeySchema": input.get("KeySchema").cloned().unwrap_or(json!([])),
        "AttributeDefinitions": input.get("AttributeDefinitions").cloned().unwrap_or(json!([])),
        "ItemCount": 0, "TableSizeBytes": 0});
    if let Some(s) = stream {
        t["LatestStreamArn"] = json!(s);
        t["LatestStreamLabel"] = json!(s.rsplit('/').next().unwrap_or(""));
        t["StreamSpecification"] = input
            .get("StreamSpecification")
            .cloned()
            .unwrap_or(Value::Null);
    }
    t
}

fn ok(version: &str, body: Value) -> Response<Body> {
    response(
        200,
        &[("content-type", format!("application/x-amz-json-{version}"))],
        body.to_string(),
    )
}

fn error(version: &str, kind: &str, message: &str) -> Response<Body> {
    response(
        400,
        &[("content-type", format!("application/x-amz-json-{version}"))],
        json!({"__type": kind, "message": message}).to_string(),
    )
}
