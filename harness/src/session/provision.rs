//! What a run needs from the account besides Lambda: an execution role (IAM)
//! and an event source (an SQS queue). Against an emulator that also emulates
//! IAM and SQS (moto, ministack) the run creates them itself; against AWS the
//! user passes `--role-arn` and `--event-source-arn`.

use crate::client::{Client, HttpRequest, RecordedResponse};
use anyhow::{Context, Result, anyhow, bail};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

/// Trust policy letting Lambda assume the role.
const TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

async fn send(client: &Client, service: &str, req: HttpRequest) -> Result<RecordedResponse> {
    let (_, outcome) = client.send(service, req).await;
    outcome.map_err(|e| anyhow!("{service} request failed: {e}"))
}

fn form(params: &[(&str, &str)]) -> Vec<u8> {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

fn xml_value(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{tag}>"))? + start;
    Some(body[start..end].trim().to_string())
}

/// Creates an IAM role in the endpoint's IAM emulation; returns its ARN.
pub async fn create_role(client: &Client, name: &str) -> Result<String> {
    let req = HttpRequest {
        method: "POST".into(),
        path_and_query: "/".into(),
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        )],
        body: form(&[
            ("Action", "CreateRole"),
            ("Version", "2010-05-08"),
            ("RoleName", name),
            ("AssumeRolePolicyDocument", TRUST_POLICY),
        ]),
    };
    let resp = send(client, "iam", req).await?;
    if resp.status != 200 {
        bail!(
            "IAM CreateRole answered {}: {}",
            resp.status,
            resp.body.chars().take(200).collect::<String>()
        );
    }
    xml_value(&resp.body, "Arn").context("IAM CreateRole answer has no <Arn>")
}

fn iam_request(params: &[(&str, &str)]) -> HttpRequest {
    let mut all = vec![("Version", "2010-05-08")];
    all.extend_from_slice(params);
    HttpRequest {
        method: "POST".into(),
        path_and_query: "/".into(),
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        )],
        body: form(&all),
    }
}

/// Whether an IAM or SQS answer says the resource does not exist.
fn says_missing(resp: &RecordedResponse) -> bool {
    resp.status == 404
        || ["NoSuchEntity", "NonExistentQueue", "QueueDoesNotExist"]
            .iter()
            .any(|code| resp.body.contains(code))
}

/// Deletes an IAM role created by [`create_role`]; a role that is gone already is fine.
pub async fn delete_role(client: &Client, name: &str) -> Result<()> {
    let resp = send(
        client,
        "iam",
        iam_request(&[("Action", "DeleteRole"), ("RoleName", name)]),
    )
    .await?;
    if resp.status != 200 && !says_missing(&resp) {
        bail!("IAM DeleteRole answered {}", resp.status);
    }
    Ok(())
}

/// Whether the role exists (IAM GetRole).
pub async fn role_exists(client: &Client, name: &str) -> Result<bool> {
    let resp = send(
        client,
        "iam",
        iam_request(&[("Action", "GetRole"), ("RoleName", name)]),
    )
    .await?;
    match resp.status {
        200 => Ok(true),
        _ if says_missing(&resp) => Ok(false),
        s => bail!("IAM GetRole answered {s}"),
    }
}

/// Names of the IAM roles whose name starts with `prefix` (ListRoles, every page).
pub async fn list_roles(client: &Client, prefix: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..1000 {
        let mut params = vec![("Action", "ListRoles"), ("MaxItems", "100")];
        if let Some(m) = &marker {
            params.push(("Marker", m));
        }
        let resp = send(client, "iam", iam_request(&params)).await?;
        if resp.status != 200 {
            bail!("IAM ListRoles answered {}", resp.status);
        }
        let mut rest = resp.body.as_str();
        while let Some(at) = rest.find("<RoleName>") {
            rest = &rest[at..];
            if let Some(name) = xml_value(rest, "RoleName")
                && name.starts_with(prefix)
            {
                names.push(name);
            }
            rest = &rest["<RoleName>".len()..];
        }
        let truncated = xml_value(&resp.body, "IsTruncated").as_deref() == Some("true");
        match xml_value(&resp.body, "Marker") {
            Some(m) if truncated && marker.as_deref() != Some(&m) => marker = Some(m),
            _ => return Ok(names),
        }
    }
    bail!("IAM ListRoles did not end after 1000 pages")
}

/// A resource the run would create exists already, so it is not the run's.
#[derive(Debug)]
pub struct ExistsAlready(pub String);

impl std::fmt::Display for ExistsAlready {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExistsAlready {}

async fn sqs(client: &Client, action: &str, body: Value) -> Result<Value> {
    let resp = sqs_answer(client, action, body).await?;
    if resp.status != 200 {
        bail!(
            "SQS {action} answered {}: {}",
            resp.status,
            resp.body.chars().take(200).collect::<String>()
        );
    }
    Ok(resp.json.unwrap_or(Value::Null))
}

async fn sqs_answer(client: &Client, action: &str, body: Value) -> Result<RecordedResponse> {
    let req = HttpRequest {
        method: "POST".into(),
        path_and_query: "/".into(),
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.0".into()),
            ("x-amz-target".into(), format!("AmazonSQS.{action}")),
        ],
        body: body.to_string().into_bytes(),
    };
    send(client, "sqs", req).await
}

/// The URL of an existing queue with this name, if there is one.
pub async fn existing_queue(client: &Client, name: &str) -> Option<String> {
    sqs(client, "GetQueueUrl", json!({"QueueName": name}))
        .await
        .ok()
        .and_then(|v| {
            v.get("QueueUrl")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
}

/// Creates an SQS queue in the endpoint's SQS emulation; returns (queue URL, queue ARN).
/// A queue of that name that exists already is not the run's: SQS's CreateQueue would
/// hand it back as if created, so it is refused.
pub async fn create_queue(client: &Client, name: &str) -> Result<(String, String)> {
    if let Some(url) = existing_queue(client, name).await {
        bail!(ExistsAlready(format!("the SQS queue {url} exists already")));
    }
    let created = sqs(client, "CreateQueue", json!({"QueueName": name})).await?;
    let url = created
        .get("QueueUrl")
        .and_then(Value::as_str)
        .context("SQS CreateQueue answer has no QueueUrl")?
        .to_string();
    let attrs = sqs(
        client,
        "GetQueueAttributes",
        json!({"QueueUrl": url, "AttributeNames": ["QueueArn"]}),
    )
    .await?;
    let arn = attrs
        .pointer("/Attributes/QueueArn")
        .and_then(Value::as_str)
        .context("SQS GetQueueAttributes answer has no QueueArn")?
        .to_string();
    Ok((url, arn))
}

/// Deletes a queue created by [`create_queue`]; a queue that is gone already is fine.
pub async fn delete_queue(client: &Client, url: &str) -> Result<()> {
    match sqs_answer(client, "DeleteQueue", json!({"QueueUrl": url})).await? {
        resp if resp.status == 200 || says_missing(&resp) => Ok(()),
        resp => bail!("SQS DeleteQueue answered {}", resp.status),
    }
}

/// Whether the queue exists (SQS GetQueueAttributes).
pub async fn queue_exists(client: &Client, url: &str) -> Result<bool> {
    let resp = sqs_answer(
        client,
        "GetQueueAttributes",
        json!({"QueueUrl": url, "AttributeNames": ["QueueArn"]}),
    )
    .await?;
    match resp.status {
        200 => Ok(true),
        _ if says_missing(&resp) => Ok(false),
        s => bail!("SQS GetQueueAttributes answered {s}"),
    }
}

/// URLs of the SQS queues whose name starts with `prefix` (ListQueues, every page).
pub async fn list_queues(client: &Client, prefix: &str) -> Result<Vec<String>> {
    let mut urls = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..1000 {
        let mut body = json!({"QueueNamePrefix": prefix, "MaxResults": 1000});
        if let Some(t) = &token {
            body["NextToken"] = json!(t);
        }
        let page = sqs(client, "ListQueues", body).await?;
        urls.extend(
            page.get("QueueUrls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string),
        );
        match page.get("NextToken").and_then(Value::as_str) {
            Some(t) if !t.is_empty() && token.as_deref() != Some(t) => token = Some(t.to_string()),
            _ => return Ok(urls),
        }
    }
    bail!("SQS ListQueues did not end after 1000 pages")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_xml_values() {
        let body = "<CreateRoleResponse><CreateRoleResult><Role><Arn>arn:aws:iam::123456789012:role/r</Arn></Role></CreateRoleResult></CreateRoleResponse>";
        assert_eq!(
            xml_value(body, "Arn").as_deref(),
            Some("arn:aws:iam::123456789012:role/r")
        );
        assert_eq!(xml_value(body, "Nope"), None);
    }
}
