//! Lambda's lookups in S3 and SQS: decided, with AWS's recorded answers, by
//! a model that serves those services; inferred by one that cannot see them.

mod common;
use common::*;
use lambda_model::neighbours::Bucket;
use lambda_model::{Config, Evidence, Lookups, Model};
use serde_json::json;
use sha2::Digest;

fn served() -> Model {
    Model::new(Config {
        lookups: Lookups::Served,
        ..Config::default()
    })
}

fn with_s3_code(m: &mut Model, name: &str, bucket: &str, key: &str) -> lambda_model::Response {
    create_with(m, name, json!({"Code": {"S3Bucket": bucket, "S3Key": key}}))
}

const NO_BUCKET: &str = "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist";
const NO_KEY: &str = "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.";

#[test]
fn code_in_served_s3_is_deployed_and_a_missing_bucket_or_key_answers_as_recorded() {
    let mut m = served();
    let package = b"PK\x03\x04 a package".to_vec();
    let mut bucket = Bucket::default();
    bucket.objects.insert("f.zip".into(), package.clone());
    m.neighbours_mut().buckets.insert("code".into(), bucket);

    let r = with_s3_code(&mut m, "f", "code", "f.zip");
    assert_eq!(r.status, 201, "{r:?}");
    let body = r.json_body().expect("a JSON body");
    assert_eq!(body["CodeSize"], json!(package.len()));
    assert_eq!(
        body["CodeSha256"],
        json!(b64(&sha2::Sha256::digest(&package)))
    );

    let r = with_s3_code(&mut m, "g", "nope", "f.zip");
    assert_error(&r, 400, "InvalidParameterValueException", NO_BUCKET);
    assert_eq!(
        r.evidence,
        Evidence::Recorded("localstack:test_lambda_code_location_s3_errors")
    );
    let r = with_s3_code(&mut m, "g", "code", "nope.zip");
    assert_error(&r, 400, "InvalidParameterValueException", NO_KEY);

    // The same lookup on UpdateFunctionCode (recorded there too).
    let r = call(
        &mut m,
        "UpdateFunctionCode",
        json!({"FunctionName": "f", "S3Bucket": "code", "S3Key": "gone.zip"}),
    );
    assert_error(&r, 400, "InvalidParameterValueException", NO_KEY);
    assert_eq!(
        r.evidence,
        Evidence::Recorded("localstack:test_lambda_code_location_s3_errors")
    );

    // An object that is not a zip: refused as an upload is (reported, not recorded).
    m.neighbours_mut()
        .buckets
        .get_mut("code")
        .expect("bucket")
        .objects
        .insert("text".into(), b"not a zip".to_vec());
    let r = with_s3_code(&mut m, "g", "code", "text");
    assert_eq!(
        r.error_code.as_deref(),
        Some("InvalidParameterValueException")
    );
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn a_model_that_cannot_see_s3_infers_its_answer() {
    let mut m = model();
    let r = with_s3_code(&mut m, "f", "code", "f.zip");
    assert_error(&r, 400, "InvalidParameterValueException", NO_BUCKET);
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn a_mapping_of_a_missing_queue_answers_as_recorded_once_sqs_is_used() {
    let queue = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:q");
    let other = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:other");
    let mut m = served();
    create(&mut m, "f");
    // SQS not used on this endpoint: every queue is presumed to exist.
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": other}),
    );
    assert_eq!(r.status, 202, "{r:?}");
    call(
        &mut m,
        "DeleteEventSourceMapping",
        json!({"UUID": r.json_body().expect("body")["UUID"]}),
    );

    let n = m.neighbours_mut();
    n.sqs_used = true;
    n.queues.insert(
        "q".into(),
        lambda_model::neighbours::Queue {
            arn: queue.clone(),
            attributes: Default::default(),
        },
    );
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": other}),
    );
    assert_error(
        &r,
        400,
        "InvalidParameterValueException",
        "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.",
    );
    assert_eq!(
        r.evidence,
        Evidence::Recorded("localstack:test_esm_with_not_existing_sqs_queue")
    );
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": queue}),
    );
    assert_eq!(r.status, 202, "{r:?}");
    // Recorded: the function is looked up before the queue.
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "nope", "EventSourceArn": other}),
    );
    assert_eq!(r.rule.map(|r| r.id), Some("ESM-FUNCTION-EXISTS"));
}

#[test]
fn a_model_of_another_endpoint_decides_only_queues_named_with_the_runs_prefix() {
    let mine = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:lc-abc-queue");
    let mut m = Model::new(Config {
        lookups: Lookups::Known {
            queues: vec![mine.clone()],
            roles: None,
            owned_prefix: "lc-abc-".into(),
        },
        ..Config::default()
    });
    create(&mut m, "f");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": mine}),
    );
    assert_eq!(r.status, 202, "{r:?}");
    let owned = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:lc-abc-missing");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": owned}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.evidence,
        Evidence::Recorded("localstack:test_esm_with_not_existing_sqs_queue")
    );
    // Someone else's queue may exist in the endpoint's account: inferred.
    let foreign = format!("arn:aws:sqs:{REGION}:{ACCOUNT}:someone-elses");
    let r = call(
        &mut m,
        "CreateEventSourceMapping",
        json!({"FunctionName": "f", "EventSourceArn": foreign}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.evidence, Evidence::Inferred);
}

#[test]
fn a_mapping_of_a_missing_stream_answers_stream_not_found_once_the_service_is_used() {
    let kinesis = format!("arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/s");
    let table_stream =
        format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/t/stream/2026-01-01T00:00:00.000");
    let mut m = served();
    create(&mut m, "f");
    let map = |m: &mut Model, arn: &str| {
        call(
            m,
            "CreateEventSourceMapping",
            json!({"FunctionName": "f", "EventSourceArn": arn, "StartingPosition": "LATEST"}),
        )
    };
    // Neither service used here: both presumed to exist.
    assert_eq!(map(&mut m, &format!("{kinesis}-presumed")).status, 202);
    assert_eq!(map(&mut m, &format!("{table_stream}9")).status, 202);
    let n = m.neighbours_mut();
    n.kinesis_used = true;
    n.kinesis.insert(
        "other".into(),
        format!("arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/other"),
    );
    n.dynamodb_used = true;
    n.tables.insert("t".into(), None);
    for arn in [&kinesis, &table_stream] {
        let r = map(&mut m, arn);
        assert_error(
            &r,
            400,
            "InvalidParameterValueException",
            &format!("Stream not found: {arn}"),
        );
        assert_eq!(
            r.evidence,
            Evidence::Recorded("localstack:test_esm_with_not_existing_kinesis_stream")
        );
    }
}

#[test]
fn vpc_config_is_looked_up_in_served_ec2_and_presumed_elsewhere() {
    let with_vpc = |m: &mut Model, name: &str, subnet: &str, group: &str| {
        create_with(
            m,
            name,
            json!({"VpcConfig": {"SubnetIds": [subnet], "SecurityGroupIds": [group]}}),
        )
    };
    // a model that cannot see EC2 presumes the subnet and group: inferred
    let r = with_vpc(&mut model(), "f", "subnet-1", "sg-1");
    assert_eq!((r.status, r.evidence), (201, Evidence::Inferred));
    // served, EC2 never called here: presumed too
    let r = with_vpc(&mut served(), "f", "subnet-1", "sg-1");
    assert_eq!((r.status, r.evidence), (201, Evidence::Inferred));
    // served and used: the default group exists, the subnet does not (recorded text)
    let mut m = served();
    m.neighbours_mut().ec2.open("us-east-1");
    let group = m.neighbours_mut().ec2.groups.keys().next().unwrap().clone();
    let subnet = m
        .neighbours_mut()
        .ec2
        .subnets
        .keys()
        .next()
        .unwrap()
        .clone();
    let r = with_vpc(&mut m, "f", "subnet-0000000000000000f", &group);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.evidence,
        Evidence::Recorded("localstack:test_invalid_vpc_config_subnet")
    );
    let r = with_vpc(
        &mut m,
        "f",
        "subnet-0000000000000000f",
        "sg-0000000000000000f",
    );
    assert!(message(&r).contains("InvalidGroup.NotFound"), "{r:?}");
    let r = with_vpc(&mut m, "f", &subnet, &group);
    assert_eq!(r.status, 201);
    assert_eq!(
        r.json_body().unwrap()["VpcConfig"]["SubnetIds"],
        json!([subnet])
    );
    // on UpdateFunctionConfiguration the lookup is not recorded: inferred
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "f", "VpcConfig": {"SubnetIds": ["subnet-0000000000000000f"], "SecurityGroupIds": [group]}}),
    );
    assert_eq!((r.status, r.evidence), (400, Evidence::Inferred));
    // a function without VpcConfig answers none (recorded)
    let r = create(&mut m, "plain");
    assert!(r.json_body().unwrap().get("VpcConfig").is_none());
}

#[test]
fn a_role_lambda_cannot_assume_is_refused_where_the_endpoints_iam_is_known() {
    use lambda_model::neighbours::Role;
    const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let role = |policy: &str| Role {
        arn: String::new(),
        id: "AROA".into(),
        path: "/".into(),
        trust_policy: policy.into(),
        created: String::new(),
    };
    let with_role =
        |m: &mut Model, name: &str, arn: &str| create_with(m, name, json!({"Role": arn}));
    let account = Config::default().account;
    let arn = |name: &str| format!("arn:aws:iam::{account}:role/{name}");
    // IAM never used here: presumed assumable
    assert_eq!(with_role(&mut served(), "f", &arn("nobody")).status, 201);
    let mut m = served();
    m.neighbours_mut().iam_used = true;
    m.neighbours_mut().roles.insert("ok".into(), role(TRUST));
    m.neighbours_mut()
        .roles
        .insert("untrusting".into(), role("{}"));
    assert_eq!(with_role(&mut m, "a", &arn("ok")).status, 201);
    assert_eq!(with_role(&mut m, "b", &arn("service-role/ok")).status, 201);
    for refused in [arn("nobody"), arn("untrusting")] {
        let r = with_role(&mut m, "c", &refused);
        assert_eq!(r.status, 400, "{refused}");
        assert_eq!(
            message(&r),
            "The role defined for the function cannot be assumed by Lambda."
        );
        assert_eq!(r.rule.map(|r| r.id), Some("FN-ROLE-ASSUMABLE"));
    }
    // another account's role is not visible: presumed
    assert_eq!(
        with_role(&mut m, "d", "arn:aws:iam::999999999999:role/nobody").status,
        201
    );
    // on UpdateFunctionConfiguration: inferred
    let r = call(
        &mut m,
        "UpdateFunctionConfiguration",
        json!({"FunctionName": "a", "Role": arn("nobody")}),
    );
    assert_eq!((r.status, r.evidence), (400, Evidence::Inferred));

    // the runner's model of its own endpoint knows the only role there; of another, nothing
    let known = |roles: Option<Vec<String>>| {
        Model::new(Config {
            lookups: Lookups::Known {
                queues: vec![],
                roles,
                owned_prefix: "lc-abc-".into(),
            },
            ..Config::default()
        })
    };
    let mut own = known(Some(vec![arn("lc-abc-role")]));
    assert_eq!(with_role(&mut own, "a", &arn("lc-abc-role")).status, 201);
    assert_eq!(with_role(&mut own, "b", &arn("nobody")).status, 400);
    assert_eq!(with_role(&mut known(None), "a", &arn("nobody")).status, 201);
}
