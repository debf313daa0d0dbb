//! The model's state: functions, versions, aliases, policies, tags, reserved
//! concurrency and mappings.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Configuration and code of $LATEST or of a published version.
#[derive(Debug, Clone, PartialEq)]
pub struct FnConfig {
    /// Runtime identifier (e.g. python3.12).
    pub runtime: Option<String>,
    /// Execution role ARN.
    pub role: String,
    /// Handler (e.g. index.handler).
    pub handler: Option<String>,
    /// Description ("" when unset).
    pub description: String,
    /// Timeout in seconds.
    pub timeout: i64,
    /// Memory in MB.
    pub memory: i64,
    /// Environment variables, when an Environment was given.
    pub environment: Option<Map<String, Value>>,
    /// base64(sha256(zip)).
    pub code_sha256: String,
    /// Zip length in bytes.
    pub code_size: u64,
    /// The catalogue's test function deployed, when the package is one
    /// (what an Invoke of this code answers is then known).
    pub package: Option<crate::handlers::TestFunction>,
    /// Architectures (["x86_64"] by default).
    pub architectures: Vec<Value>,
    /// Ephemeral storage in MB.
    pub ephemeral_storage: i64,
    /// TracingConfig.Mode.
    pub tracing_mode: String,
    /// SnapStart.ApplyOn.
    pub snap_start: String,
    /// LoggingConfig as returned.
    pub logging: Map<String, Value>,
    /// DeadLetterConfig as given.
    pub dead_letter: Option<Value>,
    /// KMSKeyArn as given.
    pub kms_key_arn: Option<String>,
    /// VpcConfig, once one was given.
    pub vpc: Option<VpcConfig>,
    /// For a function of PackageType Image: its image and ImageConfig.
    pub image: Option<Image>,
    /// The transition it is in (Pending / InProgress), if any.
    pub busy: Option<crate::settle::Busy>,
    /// LastModified in epoch milliseconds.
    pub last_modified_ms: i64,
    /// RevisionId.
    pub revision_id: String,
}

/// A function's VPC settings as answered (LocalStack test_vpc_config, recorded).
#[derive(Debug, Clone, PartialEq)]
pub struct VpcConfig {
    /// SubnetIds as given.
    pub subnets: Vec<String>,
    /// SecurityGroupIds as given.
    pub security_groups: Vec<String>,
    /// The subnets' VPC ("" without subnets).
    pub vpc_id: String,
    /// Ipv6AllowedForDualStack (false unless given).
    pub ipv6_dual_stack: bool,
}

/// The container image of a function of PackageType Image.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Code.ImageUri as given.
    pub uri: String,
    /// ImageConfig as given (absent when unset or cleared with `{}`).
    pub config: Option<Value>,
}

impl FnConfig {
    /// What PublishVersion compares to decide whether anything changed since the last version.
    pub fn fingerprint(&self) -> FnConfig {
        FnConfig {
            last_modified_ms: 0,
            revision_id: String::new(),
            busy: None,
            ..self.clone()
        }
    }
}

/// Updates of $LATEST since the last published version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SincePublish {
    /// An UpdateFunctionCode (any code, even the same), or an
    /// UpdateFunctionConfiguration that changed a value: the next publish is
    /// a new version (recorded).
    pub updated: bool,
    /// An UpdateFunctionConfiguration that changed nothing: whether the next
    /// publish is a new version is not recorded.
    pub touched: bool,
}

/// A published version.
#[derive(Debug, Clone)]
pub struct Version {
    /// The snapshot (immutable, VER-006).
    pub config: FnConfig,
    /// Fingerprint of $LATEST at publish time.
    pub source: FnConfig,
}

/// An alias.
#[derive(Debug, Clone)]
pub struct Alias {
    /// Version it points to ($LATEST or a number).
    pub function_version: String,
    /// Description ("" by default, ALI-002).
    pub description: String,
    /// AdditionalVersionWeights (None or non-empty).
    pub routing: Option<Map<String, Value>>,
    /// The alias's own RevisionId.
    pub revision_id: String,
}

/// A resource policy of one qualifier.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Statements in insertion order as (sid, statement JSON text).
    pub statements: Vec<(String, String)>,
    /// The policy's RevisionId.
    pub revision_id: String,
}

/// A function with its versions, aliases and policies.
#[derive(Debug, Clone)]
pub struct Function {
    /// Plain name.
    pub name: String,
    /// $LATEST.
    pub latest: FnConfig,
    /// Published versions by number.
    pub versions: BTreeMap<u64, Version>,
    /// The last number handed out (never decreases).
    pub last_version: u64,
    /// What the newest version held when it was deleted (None while it exists).
    pub deleted_newest_source: Option<FnConfig>,
    /// What was called on $LATEST since the last PublishVersion; AWS decides
    /// by the calls, not by comparing content.
    pub since_publish: SincePublish,
    /// $LATEST's RevisionId right after the last publish.
    pub revision_after_publish: Option<String>,
    /// Aliases by name.
    pub aliases: BTreeMap<String, Alias>,
    /// Policies by qualifier ("" = unqualified).
    pub policies: BTreeMap<String, Policy>,
    /// Tags (TagResource / CreateFunction Tags; at most 50).
    pub tags: Map<String, Value>,
    /// ReservedConcurrentExecutions set by PutFunctionConcurrency (None when unset).
    pub reserved_concurrency: Option<i64>,
}

/// Kind of event source, from its ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Amazon SQS queue.
    Sqs,
    /// Kinesis data stream.
    Kinesis,
    /// DynamoDB stream.
    DynamoDb,
}

impl SourceKind {
    /// Recognises an event source ARN.
    pub fn of(arn: &str) -> Option<SourceKind> {
        let service = arn.split(':').nth(2)?;
        match service {
            "sqs" => Some(SourceKind::Sqs),
            "kinesis" => Some(SourceKind::Kinesis),
            "dynamodb" if arn.contains("/stream/") => Some(SourceKind::DynamoDb),
            _ => None,
        }
    }
    /// Whether this is a stream (Kinesis or DynamoDB).
    pub fn is_stream(self) -> bool {
        self != SourceKind::Sqs
    }
}

/// An event source mapping.
#[derive(Debug, Clone)]
pub struct Esm {
    /// Creation sequence (stable sort key for pagination).
    pub seq: i64,
    /// UUID.
    pub uuid: String,
    /// Source kind.
    pub kind: SourceKind,
    /// Event source ARN.
    pub event_source_arn: String,
    /// Function ARN (qualified when created with a qualifier).
    pub function_arn: String,
    /// Whether the mapping is enabled.
    pub enabled: bool,
    /// Every other member as returned (BatchSize, windows, stream settings, ...).
    pub fields: Map<String, Value>,
    /// LastModified in epoch milliseconds.
    pub last_modified_ms: i64,
    /// Tags (CreateEventSourceMapping Tags / TagResource on the mapping ARN).
    pub tags: Map<String, Value>,
}
