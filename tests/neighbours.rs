//! The embedded endpoint serves S3, IAM and SQS on its own port, in their
//! wire formats, and Lambda's lookups see what was created there; the
//! Lambda-only configuration serves none of them.

use lambda_conformance::server;
use reqwest::{Client, Method};
use serde_json::{Value, json};

async fn send(
    http: &Client,
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, String) {
    let mut req = http.request(method, url).body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("the endpoint answers");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("a body"))
}

/// The embedded endpoint as `serve` runs it: Lambda, S3, IAM, SQS and streams.
async fn served() -> server::Running {
    server::start(
        ([127, 0, 0, 1], 0).into(),
        server::config_with_faults("us-east-1", vec![]),
    )
    .await
    .expect("starts")
}

const S3: &[(&str, &str)] = &[("x-amz-content-sha256", "UNSIGNED-PAYLOAD")];

/// A stand-in deployment package (a zip's local file header, then bytes).
fn package() -> Vec<u8> {
    b"PK\x03\x04 served from S3".to_vec()
}

#[tokio::test]
async fn code_put_in_served_s3_deploys_and_a_missing_key_answers_as_aws() {
    let ep = served().await;
    let base = ep.url();
    let http = Client::new();
    let (st, _) = send(&http, Method::PUT, &format!("{base}/code"), S3, vec![]).await;
    assert_eq!(st, 200, "CreateBucket");
    // Streamed the way SDKs sign a payload in chunks (aws-chunked framing).
    let data = package();
    let mut framed = format!("{:x};chunk-signature=abc\r\n", data.len()).into_bytes();
    framed.extend_from_slice(&data);
    framed.extend_from_slice(b"\r\n0;chunk-signature=def\r\n\r\n");
    let chunked = [
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        ("content-encoding", "aws-chunked"),
    ];
    let (st, _) = send(
        &http,
        Method::PUT,
        &format!("{base}/code/f.zip"),
        &chunked,
        framed,
    )
    .await;
    assert_eq!(st, 200, "PutObject");
    let (st, body) = send(
        &http,
        Method::GET,
        &format!("{base}/code/f.zip"),
        S3,
        vec![],
    )
    .await;
    assert_eq!(
        (st, body.into_bytes()),
        (200, data.clone()),
        "GetObject gives the bytes put"
    );
    let (st, body) = send(&http, Method::GET, &format!("{base}/code/nope"), S3, vec![]).await;
    assert_eq!(st, 404);
    assert!(body.contains("<Code>NoSuchKey</Code>"), "{body}");

    let create = |key: &str| {
        json!({"FunctionName": format!("f-{}", key.len()), "Runtime": "python3.12",
               "Role": "arn:aws:iam::123456789012:role/r", "Handler": "index.handler",
               "Code": {"S3Bucket": "code", "S3Key": key}})
    };
    let lambda = format!("{base}/2015-03-31/functions");
    let json_ct = [("content-type", "application/json")];
    let (st, body) = send(
        &http,
        Method::POST,
        &lambda,
        &json_ct,
        create("f.zip").to_string().into_bytes(),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let created: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(created["CodeSize"], json!(data.len()));
    let (st, body) = send(
        &http,
        Method::POST,
        &lambda,
        &json_ct,
        create("missing.zip").to_string().into_bytes(),
    )
    .await;
    assert_eq!(st, 400);
    assert!(body.contains("S3 Error Code: NoSuchKey"), "{body}");
    ep.stop();
}

#[tokio::test]
async fn iam_and_sqs_answer_in_their_own_formats() {
    let ep = served().await;
    let base = format!("{}/", ep.url());
    let http = Client::new();
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let body =
        b"Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%7D".to_vec();
    let (st, text) = send(&http, Method::POST, &base, &form, body.clone()).await;
    assert_eq!(st, 200, "{text}");
    assert!(
        text.contains("<Arn>arn:aws:iam::123456789012:role/r</Arn>"),
        "{text}"
    );
    let (st, text) = send(&http, Method::POST, &base, &form, body).await;
    assert_eq!(st, 409);
    assert!(text.contains("<Code>EntityAlreadyExists</Code>"), "{text}");
    let get = b"Action=GetRole&Version=2010-05-08&RoleName=zz".to_vec();
    let (st, text) = send(&http, Method::POST, &base, &form, get).await;
    assert_eq!(st, 404);
    assert!(text.contains("<Code>NoSuchEntity</Code>"), "{text}");

    let sqs = |action: &'static str| {
        [
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", action),
        ]
    };
    let (st, text) = send(
        &http,
        Method::POST,
        &base,
        &sqs("AmazonSQS.CreateQueue"),
        br#"{"QueueName":"q"}"#.to_vec(),
    )
    .await;
    assert_eq!(st, 200, "{text}");
    let url = serde_json::from_str::<Value>(&text).expect("JSON")["QueueUrl"].clone();
    let ask = json!({"QueueUrl": url, "AttributeNames": ["QueueArn"]})
        .to_string()
        .into_bytes();
    let (st, text) = send(
        &http,
        Method::POST,
        &base,
        &sqs("AmazonSQS.GetQueueAttributes"),
        ask,
    )
    .await;
    assert_eq!(st, 200, "{text}");
    assert!(
        text.contains("arn:aws:sqs:us-east-1:123456789012:q"),
        "{text}"
    );
    let (st, text) = send(
        &http,
        Method::POST,
        &base,
        &sqs("AmazonSQS.GetQueueUrl"),
        br#"{"QueueName":"zz"}"#.to_vec(),
    )
    .await;
    assert_eq!(st, 400);
    assert!(text.contains("QueueDoesNotExist"), "{text}");
    ep.stop();
}

#[tokio::test]
async fn a_kinesis_stream_created_here_can_be_mapped_and_a_missing_one_is_not_found() {
    let ep = served().await;
    let base = format!("{}/", ep.url());
    let http = Client::new();
    let kinesis = |action: &'static str| {
        [
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", action),
        ]
    };
    let (st, text) = send(
        &http,
        Method::POST,
        &base,
        &kinesis("Kinesis_20131202.CreateStream"),
        br#"{"StreamName":"s","ShardCount":1}"#.to_vec(),
    )
    .await;
    assert_eq!(st, 200, "{text}");
    let (st, text) = send(
        &http,
        Method::POST,
        &base,
        &kinesis("Kinesis_20131202.DescribeStreamSummary"),
        br#"{"StreamName":"s"}"#.to_vec(),
    )
    .await;
    assert_eq!(st, 200, "{text}");
    let arn = serde_json::from_str::<Value>(&text).expect("JSON")["StreamDescriptionSummary"]["StreamARN"]
        .as_str()
        .expect("an ARN")
        .to_string();
    let json_ct = [("content-type", "application/json")];
    let function = json!({"FunctionName": "f", "Runtime": "python3.12", "Role": "arn:aws:iam::123456789012:role/r",
        "Handler": "index.handler", "Code": {"ZipFile": "UEsDBAo="}});
    let (st, text) = send(
        &http,
        Method::POST,
        &format!("{base}2015-03-31/functions"),
        &json_ct,
        function.to_string().into_bytes(),
    )
    .await;
    assert_eq!(st, 201, "{text}");
    let mappings = format!("{base}2015-03-31/event-source-mappings/");
    let mapping = |source: &str| {
        json!({"FunctionName": "f", "EventSourceArn": source, "StartingPosition": "LATEST"})
            .to_string()
            .into_bytes()
    };
    let (st, text) = send(&http, Method::POST, &mappings, &json_ct, mapping(&arn)).await;
    assert_eq!(st, 202, "{text}");
    let (st, text) = send(
        &http,
        Method::POST,
        &mappings,
        &json_ct,
        mapping(&format!("{arn}-gone")),
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        text.contains(&format!("Stream not found: {arn}-gone")),
        "{text}"
    );
    ep.stop();
}

#[tokio::test]
async fn the_lambda_only_configuration_serves_no_s3() {
    let ep = server::start(([127, 0, 0, 1], 0).into(), lambda_model::Config::default())
        .await
        .expect("starts");
    let http = Client::new();
    let (st, text) = send(
        &http,
        Method::PUT,
        &format!("{}/code", ep.url()),
        S3,
        vec![],
    )
    .await;
    assert!(st >= 400, "{st}");
    assert!(text.contains("Unknown operation"), "{text}");
    ep.stop();
}

/// The text of the first `<tag>` element of an XML answer.
fn xml_text(xml: &str, tag: &str) -> String {
    xml.split(&format!("<{tag}>"))
        .nth(1)
        .and_then(|rest| rest.split(&format!("</{tag}>")).next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn vpc_config_names_ec2_subnets_and_groups_looked_up_as_aws_does() {
    let ep = served().await;
    let base = ep.url();
    let http = Client::new();
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let ec2 = |body: &str| format!("{body}&Version=2016-11-15").into_bytes();
    // the account's default security group, as on AWS
    let (st, text) = send(
        &http,
        Method::POST,
        &format!("{base}/"),
        &form,
        ec2("Action=DescribeSecurityGroups"),
    )
    .await;
    assert_eq!(st, 200, "{text}");
    let default_group = xml_text(&text, "groupId");
    assert!(default_group.starts_with("sg-"), "{text}");
    let (st, text) = send(
        &http,
        Method::POST,
        &format!("{base}/"),
        &form,
        ec2("Action=CreateVpc&CidrBlock=10.1.0.0%2F16"),
    )
    .await;
    assert_eq!(st, 200, "{text}");
    let vpc = xml_text(&text, "vpcId");
    let (st, text) = send(
        &http,
        Method::POST,
        &format!("{base}/"),
        &form,
        ec2(&format!(
            "Action=CreateSubnet&VpcId={vpc}&CidrBlock=10.1.1.0%2F24"
        )),
    )
    .await;
    assert_eq!(st, 200, "{text}");
    let subnet = xml_text(&text, "subnetId");
    let (st, text) = send(
        &http,
        Method::POST,
        &format!("{base}/"),
        &form,
        ec2("Action=DescribeSubnets&SubnetId.1=subnet-0000000000000000f"),
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        text.contains("<Code>InvalidSubnetID.NotFound</Code>"),
        "{text}"
    );

    let lambda = format!("{base}/2015-03-31/functions");
    let json_ct = [("content-type", "application/json")];
    let create = |name: &str, subnets: &[&str], groups: &[&str]| {
        json!({"FunctionName": name, "Runtime": "python3.12",
               "Role": "arn:aws:iam::123456789012:role/r", "Handler": "index.handler",
               "Code": {"ZipFile": "UEsDBAo="},
               "VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": groups}})
        .to_string()
        .into_bytes()
    };
    let (st, body) = send(
        &http,
        Method::POST,
        &lambda,
        &json_ct,
        create("in-vpc", &[&subnet], &[&default_group]),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let created: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(created["VpcConfig"]["VpcId"], json!(vpc));
    assert_eq!(created["VpcConfig"]["SubnetIds"], json!([subnet]));
    assert_eq!(
        created["VpcConfig"]["Ipv6AllowedForDualStack"],
        json!(false)
    );
    // a missing group is reported before a missing subnet (recorded)
    let (st, body) = send(
        &http,
        Method::POST,
        &lambda,
        &json_ct,
        create(
            "bad-sg",
            &["subnet-0000000000000000f"],
            &["sg-0000000000000000f"],
        ),
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        body.contains("Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound. EC2 Error Message: The security group 'sg-0000000000000000f' does not exist"),
        "{body}"
    );
    let (st, body) = send(
        &http,
        Method::POST,
        &lambda,
        &json_ct,
        create(
            "bad-subnet",
            &["subnet-0000000000000000f"],
            &[&default_group],
        ),
    )
    .await;
    assert_eq!(st, 400);
    assert!(
        body.contains("Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error Message: The subnet ID 'subnet-0000000000000000f' does not exist"),
        "{body}"
    );
    // removing the VPC leaves empty lists and VpcId "" (recorded)
    let (st, body) = send(
        &http,
        Method::PUT,
        &format!("{lambda}/in-vpc/configuration"),
        &json_ct,
        json!({"VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}})
            .to_string()
            .into_bytes(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let updated: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        updated["VpcConfig"],
        json!({"Ipv6AllowedForDualStack": false, "SecurityGroupIds": [], "SubnetIds": [], "VpcId": ""})
    );
    ep.stop();
}

#[tokio::test]
async fn once_a_role_is_created_here_lambda_assumes_only_roles_that_trust_it() {
    let ep = served().await;
    let base = ep.url();
    let http = Client::new();
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for (name, policy) in [("trusting", trust), ("untrusting", "{}")] {
        let body = format!(
            "Action=CreateRole&Version=2010-05-08&RoleName={name}&AssumeRolePolicyDocument={}",
            percent_encoding::utf8_percent_encode(policy, percent_encoding::NON_ALPHANUMERIC)
        );
        let (st, text) = send(
            &http,
            Method::POST,
            &format!("{base}/"),
            &form,
            body.into_bytes(),
        )
        .await;
        assert_eq!(st, 200, "{text}");
    }
    let lambda = format!("{base}/2015-03-31/functions");
    let json_ct = [("content-type", "application/json")];
    let create = |name: &str, role: &str| {
        json!({"FunctionName": name, "Runtime": "python3.12",
               "Role": format!("arn:aws:iam::123456789012:role/{role}"), "Handler": "index.handler",
               "Code": {"ZipFile": "UEsDBAo="}})
        .to_string()
        .into_bytes()
    };
    let (st, body) = send(
        &http,
        Method::POST,
        &lambda,
        &json_ct,
        create("a", "trusting"),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    for role in ["untrusting", "missing"] {
        let (st, body) = send(&http, Method::POST, &lambda, &json_ct, create("b", role)).await;
        assert_eq!(st, 400, "{role}: {body}");
        assert!(
            body.contains("The role defined for the function cannot be assumed by Lambda."),
            "{body}"
        );
    }
    ep.stop();
}
