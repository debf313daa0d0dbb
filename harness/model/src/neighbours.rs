//! The resources of other AWS services that Lambda looks up: S3 objects
//! (code), IAM roles (execution roles), SQS queues, Kinesis and DynamoDB
//! streams (event sources), EC2 subnets and security groups (VpcConfig).
//!
//! The embedded endpoint serves these services on its own port (the wire
//! formats are the server's concern); their state lives here, beside the
//! functions, so Lambda's lookups see it ([`crate::Lookups::Served`]). The
//! runner's model of another endpoint cannot see that endpoint's S3 or SQS
//! ([`crate::Lookups`] says what it knows instead).
//!
//! A service nobody has created anything in is taken to be outside the
//! endpoint, as when Lambda is emulated alone: names in it are presumed to
//! exist (the answer is inferred). Once something was created in it, the
//! endpoint answers for it as AWS does.

use std::collections::BTreeMap;

/// The other services' resources.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    /// S3 buckets by name.
    pub buckets: BTreeMap<String, Bucket>,
    /// IAM roles by name.
    pub roles: BTreeMap<String, Role>,
    /// Whether a role was ever created here (IAM is served, not presumed).
    pub iam_used: bool,
    /// SQS queues by name.
    pub queues: BTreeMap<String, Queue>,
    /// Whether a queue was ever created (SQS is served, not presumed).
    pub sqs_used: bool,
    /// Kinesis streams by name (their ARNs are derived).
    pub kinesis: BTreeMap<String, String>,
    /// Whether a Kinesis stream was ever created here.
    pub kinesis_used: bool,
    /// DynamoDB tables by name: the ARN of their stream, if they have one.
    pub tables: BTreeMap<String, Option<String>>,
    /// Whether a DynamoDB table was ever created here.
    pub dynamodb_used: bool,
    /// EC2's VPCs, subnets and security groups.
    pub ec2: Ec2,
}

/// EC2 as far as VpcConfig needs it. An account has a default VPC with a
/// default subnet per Availability Zone and a default security group
/// (documented: Amazon VPC, default VPCs); they are made when EC2 is first
/// called here ([`Ec2::open`]), which is also when it stops being presumed
/// outside the endpoint.
#[derive(Debug, Clone, Default)]
pub struct Ec2 {
    /// VPCs by id: their CIDR block and whether they are the default VPC.
    pub vpcs: BTreeMap<String, (String, bool)>,
    /// Subnets by id.
    pub subnets: BTreeMap<String, Subnet>,
    /// Security groups by id.
    pub groups: BTreeMap<String, SecurityGroup>,
    /// Whether EC2 was called here (its answers then decide Lambda's lookups).
    pub used: bool,
    ids: u64,
}

/// An EC2 subnet.
#[derive(Debug, Clone)]
pub struct Subnet {
    /// Its VPC's id.
    pub vpc: String,
    /// Its CIDR block.
    pub cidr: String,
    /// Its Availability Zone.
    pub zone: String,
    /// Whether it is a default subnet.
    pub default: bool,
}

/// An EC2 security group.
#[derive(Debug, Clone)]
pub struct SecurityGroup {
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its VPC's id.
    pub vpc: String,
}

impl Ec2 {
    /// Marks EC2 as used here, making the default VPC, its subnets (zones
    /// a, b and c of `region`) and its default security group the first time.
    pub fn open(&mut self, region: &str) {
        if self.used {
            return;
        }
        self.used = true;
        let vpc = self.new_id("vpc");
        self.vpcs
            .insert(vpc.clone(), ("172.31.0.0/16".into(), true));
        for (i, zone) in ["a", "b", "c"].iter().enumerate() {
            let id = self.new_id("subnet");
            self.subnets.insert(
                id,
                Subnet {
                    vpc: vpc.clone(),
                    cidr: format!("172.31.{}.0/20", i * 16),
                    zone: format!("{region}{zone}"),
                    default: true,
                },
            );
        }
        let sg = self.new_id("sg");
        self.groups.insert(
            sg,
            SecurityGroup {
                name: "default".into(),
                description: "default VPC security group".into(),
                vpc,
            },
        );
    }

    /// A fresh id with EC2's form: the prefix, a dash and 17 hex digits.
    pub fn new_id(&mut self, prefix: &str) -> String {
        use sha2::Digest;
        self.ids += 1;
        let digest = sha2::Sha256::digest(format!("{prefix}/{}", self.ids).as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{prefix}-{}", &hex[..17])
    }
}

/// An S3 bucket.
#[derive(Debug, Clone, Default)]
pub struct Bucket {
    /// Objects by key.
    pub objects: BTreeMap<String, Vec<u8>>,
}

/// An IAM role.
#[derive(Debug, Clone)]
pub struct Role {
    /// Its ARN.
    pub arn: String,
    /// Its unique id (AROA…).
    pub id: String,
    /// Its path ("/" by default).
    pub path: String,
    /// The trust policy document as given.
    pub trust_policy: String,
    /// When it was created (ISO 8601, UTC).
    pub created: String,
}

/// An SQS queue.
#[derive(Debug, Clone)]
pub struct Queue {
    /// Its ARN.
    pub arn: String,
    /// Attributes as given at creation, plus QueueArn.
    pub attributes: BTreeMap<String, String>,
}

/// Why code could not be read from S3: the S3 error code and message that
/// Lambda quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Miss {
    /// S3's error code.
    pub code: &'static str,
    /// S3's error message.
    pub message: &'static str,
}

impl Neighbours {
    /// The bytes of an S3 object, or S3's error (recorded texts: LocalStack
    /// test_s3.snapshot.json test_get_object_no_such_bucket and
    /// test_range_key_not_exists, 2026-02-21).
    pub fn object(&self, bucket: &str, key: &str) -> Result<&[u8], S3Miss> {
        let b = self.buckets.get(bucket).ok_or(S3Miss {
            code: "NoSuchBucket",
            message: "The specified bucket does not exist",
        })?;
        b.objects.get(key).map(Vec::as_slice).ok_or(S3Miss {
            code: "NoSuchKey",
            message: "The specified key does not exist.",
        })
    }

    /// Whether a Kinesis or DynamoDB stream ARN names no stream of this
    /// endpoint: `None` when that service was never used here.
    pub fn stream_missing(&self, arn: &str) -> Option<bool> {
        if arn.split(':').nth(2) == Some("kinesis") {
            self.kinesis_used
                .then(|| !self.kinesis.values().any(|a| a == arn))
        } else {
            self.dynamodb_used
                .then(|| !self.tables.values().any(|a| a.as_deref() == Some(arn)))
        }
    }

    /// Whether Lambda could not assume the role an ARN of `account` names:
    /// `None` when IAM was never used here or the role is another account's
    /// (presumed assumable). A role can be assumed when it exists and its
    /// trust policy allows `lambda.amazonaws.com` to `sts:AssumeRole`.
    pub fn role_unassumable(&self, arn: &str, account: &str) -> Option<bool> {
        let (head, path) = arn.split_once(":role/")?;
        if !self.iam_used || head.rsplit(':').next() != Some(account) {
            return None;
        }
        let name = path.rsplit('/').next()?;
        Some(
            self.roles
                .get(name)
                .is_none_or(|r| !trusts_lambda(&r.trust_policy)),
        )
    }

    /// Whether an SQS queue ARN names no queue of this endpoint: `None` when
    /// SQS was never used here (it is presumed outside the endpoint).
    pub fn queue_missing(&self, arn: &str) -> Option<bool> {
        self.sqs_used
            .then(|| !self.queues.values().any(|q| q.arn == arn))
    }
}

/// Whether a trust policy lets Lambda assume the role: a statement that
/// allows `sts:AssumeRole` to the service principal `lambda.amazonaws.com`.
fn trusts_lambda(policy: &str) -> bool {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(policy) else {
        return false;
    };
    let names = |v: Option<&serde_json::Value>| -> Vec<String> {
        match v {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };
    statements.iter().any(|s| {
        s.get("Effect").and_then(serde_json::Value::as_str) == Some("Allow")
            && names(s.get("Action"))
                .iter()
                .any(|a| matches!(a.as_str(), "sts:AssumeRole" | "sts:*" | "*"))
            && names(s.get("Principal").and_then(|p| p.get("Service")))
                .iter()
                .any(|p| p == "lambda.amazonaws.com")
    })
}
