//! Deterministic reference model of the AWS Lambda control plane (API 2015-03-31).
//!
//! The model is plain Rust with no I/O: given its state and one request, it
//! predicts the wire response AWS would give (status, headers, body) and
//! updates its state. The embedded endpoint serves it over HTTP; the runner
//! uses it to predict what a real endpoint should answer.
//!
//! Every rule is a value in [`rules`] with a stable id, a one-line statement,
//! the operations it governs and its source: a scenario id from the recorded
//! AWS behaviour (`recorded`), the API reference / service model
//! (`documented`), or `inferred` where AWS behaviour is not known. Every
//! response names the rule that decided it ([`Response::rule`]).
//!
//! Modules: [`rules`] (the rules), [`names`] (ARN parsing), [`errors`] (wire
//! format of errors), `functions`, `versions`, `aliases`, `policies`, `esm`,
//! `invoke`, `tags`, `concurrency` (one per API area), `pagination`, `render`
//! (response shapes), `fault_hooks` (where [`Fault`]s bend the answers).

#![warn(missing_docs)]

use serde_json::{Map, Value};
use std::collections::BTreeMap;

mod aliases;
mod concurrency;
pub mod errors;
mod esm;
mod fault_hooks;
mod faults;
mod functions;
pub mod handlers;
pub mod ids;
mod input;
mod invoke;
mod lookup;
pub mod names;
pub mod neighbours;
mod operation;
mod pagination;
mod policies;
pub mod provenance;
mod render;
pub mod rules;
mod settle;
mod state;
mod tags;
mod unordered;
mod versions;

pub use errors::{ApiError, error_response};
pub use faults::Fault;
pub use functions::unknown_runtime_message;
pub use operation::{Area, Op};
pub use rules::Rule;

use input::Input;
use state::{Alias, Esm, Function};

/// How sure we are that AWS behaves as a rule says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Observed on real AWS (recorded responses), with the recording's id.
    Recorded(&'static str),
    /// Stated by the API reference or the service model.
    Documented(&'static str),
    /// Our best guess; findings based on it are reported as unverified.
    Inferred,
}

/// Static settings of a model instance.
#[derive(Debug, Clone)]
pub struct Config {
    /// Account id used in ARNs.
    pub account: String,
    /// Region used in ARNs.
    pub region: String,
    /// Milliseconds since the Unix epoch of the model's clock at start; the
    /// clock advances by one millisecond per request, so runs are repeatable.
    pub start_epoch_ms: i64,
    /// Seed for generated identifiers (UUIDs, RevisionIds).
    pub seed: u64,
    /// Emulator bugs to imitate (empty for a conforming endpoint).
    pub faults: Vec<Fault>,
    /// ARNs of resources the model presumes exist although nobody made sure
    /// (a made-up role or queue against an endpoint without IAM or SQS): AWS
    /// would look them up, so every answer to a request naming one is inferred.
    pub unverified_arns: Vec<String>,
    /// How long, in milliseconds, a function stays Pending / InProgress (AWS's
    /// asynchronous states) on the endpoint that serves the model; 0: instantly
    /// Active. The model keeps no time: when it is not 0, functions stay busy
    /// until whoever serves the model calls [`Model::settle`].
    pub settle_ms: u64,
    /// What the model knows of the resources Lambda looks up in other
    /// services (S3 objects, SQS queues), see [`neighbours`].
    pub lookups: Lookups,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            account: "123456789012".into(),
            region: "us-east-1".into(),
            start_epoch_ms: 1_767_225_600_000, // 2026-01-01T00:00:00Z
            seed: 0,
            faults: Vec::new(),
            unverified_arns: Vec::new(),
            settle_ms: 0,
            lookups: Lookups::Unseen,
        }
    }
}

/// What a model knows of the resources Lambda looks up in other services.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Lookups {
    /// Nothing: lookups decide nothing (code in S3 is answered as missing,
    /// inferred; every queue is presumed to exist).
    #[default]
    Unseen,
    /// The model serves S3, IAM and SQS itself (the embedded endpoint): what
    /// it holds decides, as AWS's recorded answers say.
    Served,
    /// Another endpoint's, of which the model knows only what the run
    /// created: these queue ARNs exist; any other queue is presumed missing,
    /// as an inference (it may exist in the endpoint's account), except one
    /// named with the run's own prefix, which nobody else names resources with.
    Known {
        /// SQS queue ARNs known to exist.
        queues: Vec<String>,
        /// The execution roles the endpoint's IAM holds, when they are known
        /// in full (the run's own in-process reference endpoint: only the
        /// run's role); `None`: its IAM is not visible, roles are presumed.
        roles: Option<Vec<String>>,
        /// The run's name prefix.
        owned_prefix: String,
    },
}

/// One request, already decoded from the wire: every input member of the
/// operation's input shape by its model name (URI labels, query string,
/// headers and body members alike). Blob members (ZipFile, Invoke's Payload,
/// InvokeAsync's InvokeArgs) are base64 strings.
#[derive(Debug, Clone)]
pub struct Request {
    /// Operation name as in the service model, e.g. "CreateFunction".
    pub operation: String,
    /// Input members by model name.
    pub input: Map<String, Value>,
}

impl Request {
    /// A request from an operation name and a JSON object of input members.
    pub fn new(operation: &str, input: Value) -> Self {
        Request {
            operation: operation.to_string(),
            input: match input {
                Value::Object(m) => m,
                _ => Map::new(),
            },
        }
    }
}

/// Body of a predicted response.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body at all.
    Empty,
    /// A JSON document (Content-Type application/json).
    Json(Value),
    /// Raw bytes (Invoke's payload).
    Raw(Vec<u8>),
}

/// The predicted wire response.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Extra response headers (e.g. x-amzn-ErrorType, X-Amz-Executed-Version).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Body,
    /// The error code when this is an error response.
    pub error_code: Option<String>,
    /// The model rule that decided this response (None where no rule did:
    /// the HTTP layer's own errors, operations outside the model).
    pub rule: Option<&'static Rule>,
    /// What this response rests on: the rule's evidence (or its site's own),
    /// claimed only for operations its recording covers.
    pub evidence: Evidence,
}

impl Response {
    /// A success response with a JSON body, decided by `rule`.
    pub fn json(status: u16, body: Value, rule: &'static Rule) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Json(body),
            error_code: None,
            rule: Some(rule),
            evidence: rule.evidence,
        }
    }

    /// A success response without a body, decided by `rule`.
    pub fn empty(status: u16, rule: &'static Rule) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Empty,
            error_code: None,
            rule: Some(rule),
            evidence: rule.evidence,
        }
    }

    /// Names this answer's own evidence, where it differs from its rule's.
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        self.evidence = evidence;
        self
    }

    /// An error response in AWS's wire format (see [`error_response`]), decided
    /// by no model rule; the HTTP layer uses this for ValidationException.
    pub fn error(code: &str, message: &str, evidence: Evidence) -> Self {
        error_response(code, message, evidence)
    }

    /// The JSON body, if any.
    pub fn json_body(&self) -> Option<&Value> {
        match &self.body {
            Body::Json(v) => Some(v),
            _ => None,
        }
    }

    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The result of one rule: a success response or an API error.
type Outcome = Result<Response, ApiError>;

/// An operation handler.
type Handler = fn(&mut Model, &Input) -> Outcome;

/// The handler of each operation (exhaustive: a new [`Op`] needs one).
fn handler(op: Op) -> Handler {
    match op {
        Op::CreateFunction => Model::create_function,
        Op::GetFunction => Model::get_function,
        Op::GetFunctionConfiguration => Model::get_function_configuration,
        Op::UpdateFunctionCode => Model::update_function_code,
        Op::UpdateFunctionConfiguration => Model::update_function_configuration,
        Op::DeleteFunction => Model::delete_function,
        Op::ListFunctions => Model::list_functions,
        Op::PublishVersion => Model::publish_version,
        Op::ListVersionsByFunction => Model::list_versions_by_function,
        Op::CreateAlias => Model::create_alias,
        Op::GetAlias => Model::get_alias,
        Op::UpdateAlias => Model::update_alias,
        Op::DeleteAlias => Model::delete_alias,
        Op::ListAliases => Model::list_aliases,
        Op::AddPermission => Model::add_permission,
        Op::GetPolicy => Model::get_policy,
        Op::RemovePermission => Model::remove_permission,
        Op::CreateEventSourceMapping => Model::create_event_source_mapping,
        Op::GetEventSourceMapping => Model::get_event_source_mapping,
        Op::UpdateEventSourceMapping => Model::update_event_source_mapping,
        Op::DeleteEventSourceMapping => Model::delete_event_source_mapping,
        Op::ListEventSourceMappings => Model::list_event_source_mappings,
        Op::Invoke => Model::invoke,
        Op::InvokeAsync => Model::invoke_async,
        Op::TagResource => Model::tag_resource,
        Op::UntagResource => Model::untag_resource,
        Op::ListTags => Model::list_tags,
        Op::PutFunctionConcurrency => Model::put_function_concurrency,
        Op::GetFunctionConcurrency => Model::get_function_concurrency,
        Op::DeleteFunctionConcurrency => Model::delete_function_concurrency,
    }
}

/// Number of operations the model implements.
pub const OPERATION_COUNT: usize = Op::ALL.len();

/// Names of the operations the model implements, by API area: the one list
/// of operations that the harness, its reports and the fuzz targets cover.
pub const OPERATION_NAMES: [&str; OPERATION_COUNT] = {
    let mut names = [""; OPERATION_COUNT];
    let mut i = 0;
    while i < OPERATION_COUNT {
        names[i] = Op::ALL[i].name();
        i += 1;
    }
    names
};

/// Names of the operations the model implements.
pub fn implemented_operations() -> impl Iterator<Item = &'static str> {
    Op::ALL.into_iter().map(Op::name)
}

/// Operations on which a foreign-region function ARN was recorded answering 404.
const WRONG_REGION_RECORDED: &[&str] = &[
    "GetFunction",
    "GetFunctionConfiguration",
    "GetFunctionConcurrency",
    "DeleteFunction",
    "Invoke",
];

/// The evidence a response can claim for this operation: a recording made
/// for another operation becomes documented (for what the API reference
/// states: success, a missing resource, a stale RevisionId) or inferred.
fn honest_evidence(op: &str, response: &Response) -> Evidence {
    match response.evidence {
        Evidence::Recorded(id) if !provenance::covers(id, op) => {
            let same_region = response
                .rule
                .is_some_and(|r| r.id == rules::FUNCTION_SAME_REGION.id);
            match response.error_code.as_deref() {
                None => {
                    Evidence::Documented("API reference: the operation succeeds on a valid request")
                }
                // A foreign-region ARN is 404 on these operations too (LocalStack's
                // test_get_function_wrong_region, recorded against AWS); elsewhere it is not
                // known (CreateEventSourceMapping answers a missing function with 400, ESM-004).
                Some("ResourceNotFoundException") if same_region => {
                    if WRONG_REGION_RECORDED.contains(&op) {
                        Evidence::Documented(
                            "LocalStack snapshot recorded against AWS: tests/aws/services/lambda_/test_lambda_api.snapshot.json TestLambdaFunction::test_get_function_wrong_region",
                        )
                    } else {
                        Evidence::Inferred
                    }
                }
                // The service model does not declare it for DeleteAlias (schemas/corrections.json
                // allows it, inferred), so the API reference does not say so there.
                Some("ResourceNotFoundException") if op == "DeleteAlias" => Evidence::Inferred,
                Some("ResourceNotFoundException") => Evidence::Documented(
                    "API reference: ResourceNotFoundException, the resource does not exist",
                ),
                Some("PreconditionFailedException") => Evidence::Documented(
                    "API reference: PreconditionFailedException, the RevisionId does not match",
                ),
                Some(_) => Evidence::Inferred,
            }
        }
        other => other,
    }
}

/// The model itself.
#[derive(Clone)]
pub struct Model {
    config: Config,
    requests: i64,
    ids: ids::IdGen,
    functions: BTreeMap<String, Function>,
    esms: Vec<Esm>,
    /// UUIDs of mappings deleted here (AWS keeps them a while in State Deleting).
    deleted_esms: std::collections::BTreeSet<String>,
    /// (EventSourceArn, FunctionArn) of the mappings deleted so far.
    deleted_esm_pairs: std::collections::BTreeSet<(String, String)>,
    /// Functions deleted while [`Fault::StaleReadAfterDelete`] is on.
    graveyard: BTreeMap<String, Function>,
    /// Aliases left behind while [`Fault::DeleteLeavesAliases`] is on.
    orphan_aliases: BTreeMap<String, BTreeMap<String, Alias>>,
    /// S3, IAM and SQS resources, when the model serves them.
    neighbours: neighbours::Neighbours,
}

impl Model {
    /// A model with no functions, mappings or policies.
    pub fn new(config: Config) -> Self {
        let ids = ids::IdGen::new(config.seed);
        Model {
            config,
            requests: 0,
            ids,
            functions: BTreeMap::new(),
            esms: Vec::new(),
            deleted_esms: Default::default(),
            deleted_esm_pairs: Default::default(),
            graveyard: BTreeMap::new(),
            orphan_aliases: BTreeMap::new(),
            neighbours: Default::default(),
        }
    }

    /// The S3, IAM and SQS resources the endpoint serving this model holds.
    pub fn neighbours_mut(&mut self) -> &mut neighbours::Neighbours {
        &mut self.neighbours
    }

    /// What Lambda's lookups consult: the neighbours when the model serves
    /// them, else nothing (the endpoint's own are not visible).
    fn served(&self) -> Option<&neighbours::Neighbours> {
        (self.config.lookups == Lookups::Served).then_some(&self.neighbours)
    }

    /// Whether a Kinesis or DynamoDB stream names no stream, when the model
    /// serves those services and they were used (else `None`: presumed to exist).
    fn stream_missing(&self, arn: &str) -> Option<bool> {
        self.served()?.stream_missing(arn)
    }

    /// Whether an SQS queue ARN names no queue, and on what evidence (`None`:
    /// not known, presumed to exist).
    fn queue_missing(&self, arn: &str) -> Option<(bool, Evidence)> {
        match &self.config.lookups {
            Lookups::Unseen => None,
            Lookups::Served => self
                .neighbours
                .queue_missing(arn)
                .map(|m| (m, rules::SQS_QUEUE_EXISTS.evidence)),
            Lookups::Known {
                queues,
                owned_prefix,
                ..
            } => {
                let name = arn.rsplit(':').next().unwrap_or("");
                let evidence =
                    if !owned_prefix.is_empty() && name.starts_with(owned_prefix.as_str()) {
                        rules::SQS_QUEUE_EXISTS.evidence
                    } else {
                        Evidence::Inferred
                    };
                Some((!queues.iter().any(|q| q == arn), evidence))
            }
        }
    }

    /// Whether Lambda could not assume a role (`None`: not known, presumed assumable).
    fn role_unassumable(&self, arn: &str) -> Option<bool> {
        match &self.config.lookups {
            Lookups::Unseen | Lookups::Known { roles: None, .. } => None,
            Lookups::Served => self.neighbours.role_unassumable(arn, &self.config.account),
            // as the served IAM decides: roles of this account only
            Lookups::Known {
                roles: Some(roles), ..
            } => {
                let (head, _) = arn.split_once(":role/")?;
                (head.rsplit(':').next() == Some(self.config.account.as_str())).then(|| {
                    let name = |a: &str| a.rsplit('/').next().unwrap_or("").to_string();
                    !roles.iter().any(|r| name(r) == name(arn))
                })
            }
        }
    }

    /// The model's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Applies one request: predicts the response and updates the state.
    pub fn apply(&mut self, request: &Request) -> Response {
        let input = Input(&request.input);
        let op = request.operation.as_str();
        let mut response = match Op::from_name(op) {
            Some(known) => {
                let r = handler(known)(self, &input).unwrap_or_else(ApiError::into_response);
                debug_assert!(
                    r.rule.is_some_and(|rule| rule.operations.contains(&known)),
                    "{known}'s answer names no rule, or one that does not govern it: {:?}",
                    r.rule.map(|rule| rule.id)
                );
                r
            }
            // inferred: operations outside the reference answer 501 NotImplemented (no rule)
            None => error_response(
                "NotImplemented",
                &format!("The operation {op} is not part of the reference model yet."),
                Evidence::Inferred,
            ),
        };
        response.evidence = honest_evidence(op, &response);
        let names_unverified = input.0.values().any(|v| {
            v.as_str()
                .is_some_and(|s| self.config.unverified_arns.iter().any(|a| a == s))
        });
        // inferred: only CreateFunction's answer to another account's ARN is recorded
        // (FN-SAME-ACCOUNT); elsewhere the model looks the name up in its own account.
        let foreign_account = op != "CreateFunction"
            && input
                .str("FunctionName")
                .and_then(names::parse_function_name)
                .and_then(|p| p.account)
                .is_some_and(|a| a != self.config.account);
        if names_unverified || foreign_account {
            response.evidence = Evidence::Inferred;
        }
        let response = self.bend_response(op, &input, response);
        self.requests += 1;
        response
    }

    /// The model clock: start time plus one millisecond per request.
    fn now_ms(&self) -> i64 {
        self.config.start_epoch_ms + self.requests
    }

    /// Whether a fault is switched on.
    fn has(&self, fault: Fault) -> bool {
        self.config.faults.contains(&fault)
    }

    /// The request id of an invocation: a UUID derived from the seed and the
    /// request count, so it draws nothing from the id generator (the
    /// identifiers of later resources do not depend on how often Invoke ran).
    fn invocation_id(&self) -> String {
        let mut ids = ids::IdGen::new(self.config.seed ^ 0x1a2b_3c4d_5e6f_7081);
        ids.skip(2 * self.requests.unsigned_abs());
        ids.uuid()
    }

    /// A fresh RevisionId.
    fn new_revision(&mut self) -> String {
        self.ids.uuid()
    }

    /// `arn:aws:lambda:<region>:<account>:function:<name>`.
    fn function_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:lambda:{}:{}:function:{}",
            self.config.region, self.config.account, name
        )
    }

    /// The function ARN with an optional `:qualifier` suffix.
    fn qualified_arn(&self, name: &str, qualifier: Option<&str>) -> String {
        match qualifier {
            Some(q) => format!("{}:{q}", self.function_arn(name)),
            None => self.function_arn(name),
        }
    }
}
