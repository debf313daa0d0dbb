//! The rule pass (issue 12 item 3): before anything random, one request per
//! oracle rule that the lifecycle scenario does not reach, each a witness the
//! rule decides (tested below against the model), so every rule is tried on
//! every run: qualifier and ARN forms, preconditions on every operation that
//! takes one, routing configurations, event source kinds, tagging targets,
//! reserved concurrency, payload limits. Rules no request can reach here say
//! why in [`NOT_DRIVEN`]. Each answer is judged by the oracle as in the
//! lifecycle (outcome), and its values as in the generated sequences.

use super::follow::{Follow, Pair};
use crate::findings::{CheckKind, Finding};
use crate::session::{Fixtures, Session, blob_json, package, wait_ready};
use crate::stateful::predict;
use lambda_model::{Config, Model};
use serde_json::{Value, json};

/// A request one rule decides, with what it needs before and what undoes it after.
pub struct Witness {
    /// The rule that decides `request`.
    pub rule: &'static str,
    /// Requests that set the stage (judged too).
    pub before: Vec<(&'static str, Value)>,
    /// The witness itself.
    pub request: (&'static str, Value),
    /// Requests that undo what `before` set up.
    pub after: Vec<(&'static str, Value)>,
}

fn w(rule: &'static str, op: &'static str, input: Value) -> Witness {
    Witness {
        rule,
        before: Vec::new(),
        request: (op, input),
        after: Vec::new(),
    }
}

/// Rules the pass does not drive, and why.
pub const NOT_DRIVEN: &[(&str, &str)] = &[
    (
        "FN-ROLE-ASSUMABLE",
        "the run uses only the role it was given or created; a role it cannot assume is refused only where the model knows the endpoint's IAM (the embedded endpoint, whose boundary probes of Role meet it)",
    ),
    (
        "FN-VPC-SECURITY-GROUPS-EXIST",
        "the run creates no VPC resources, so a missing security group is decided only where the model serves EC2 (the embedded endpoint; tests/neighbours.rs)",
    ),
    (
        "FN-VPC-SUBNETS-EXIST",
        "the run creates no VPC resources, so a missing subnet is decided only where the model serves EC2 (the embedded endpoint; tests/neighbours.rs)",
    ),
    (
        "ESM-STREAM-EXISTS",
        "the run creates no Kinesis or DynamoDB stream, so a missing one is decided only where the model serves those services (the embedded endpoint)",
    ),
    (
        "VAL-FUNCTION-NAME-PATTERN",
        "the service model's pattern answers first (VAL-SCHEMA-CONSTRAINTS); the boundary probes try it",
    ),
    (
        "VAL-TIMEOUT-MAX",
        "the constraint is in the catalog, so front-end validation answers first (VAL-SCHEMA-CONSTRAINTS); the boundary probes try 901",
    ),
    (
        "VAL-MEMORY-MAX",
        "the constraint is in the catalog, so front-end validation answers first (VAL-SCHEMA-CONSTRAINTS); the boundary probes try 10241",
    ),
    (
        "VAL-RUNTIME-KNOWN",
        "every value of the service model's enum is creatable or deprecated, and a value outside it is answered by VAL-RUNTIME-ENUM first",
    ),
    (
        "VAL-ZIP-SIZE",
        "needs a 50 MB upload, too costly for every run",
    ),
    (
        "FN-SAME-ACCOUNT",
        "an endpoint that honours it would create a function in another account, which the run can neither see nor delete",
    ),
    (
        "FN-IMAGE-NEEDS-IMAGE-URI",
        "needs a function of PackageType Image, whose image must exist in a registry (ECR on AWS) the run does not control",
    ),
    (
        "FN-READY",
        "a request meets a transition only by the endpoint's clock; the run waits as AWS's waiters do (the model's tests and `serve` show the 409s)",
    ),
    (
        "VAL-UNZIPPED-SIZE",
        "a zip that declares 250 MB unzipped is a zip bomb to any endpoint that unpacks it",
    ),
    (
        "VAL-REQUEST-SIZE",
        "needs a 70 MB request, too costly for every run",
    ),
    (
        "TAG-RESOURCE-PATTERN",
        "the service model's pattern answers first (VAL-SCHEMA-CONSTRAINTS)",
    ),
    (
        "TAG-RESOURCE-TAGGABLE",
        "the service model's Resource pattern admits no layer ARN, so VAL-SCHEMA-CONSTRAINTS answers first",
    ),
    (
        "TAG-TAGS-REQUIRED",
        "a required member: front-end validation answers first (VAL-SCHEMA-CONSTRAINTS)",
    ),
    (
        "TAG-KEYS-REQUIRED",
        "a required member: front-end validation answers first (VAL-SCHEMA-CONSTRAINTS)",
    ),
    (
        "CONC-VALUE-REQUIRED",
        "a required member: front-end validation answers first (VAL-SCHEMA-CONSTRAINTS)",
    ),
    (
        "CONC-VALUE-MIN",
        "the service model's minimum answers first (VAL-SCHEMA-CONSTRAINTS)",
    ),
    (
        "RACE-SERIAL-ORDER",
        "judged by the races (scenario/race.rs), not by one request",
    ),
];

/// Why a rule is not driven by this pass, when it is listed in [`NOT_DRIVEN`].
pub fn not_driven(rule: &str) -> Option<&'static str> {
    NOT_DRIVEN
        .iter()
        .find(|(r, _)| *r == rule)
        .map(|(_, why)| *why)
}

/// A base64 blob of `text`.
fn blob(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
}

/// Every witness, in the order sent. Placeholders in strings: `{f}` the
/// pass's function (version 1, alias `live`), `{arn}` its ARN, `{account}`,
/// `{region}`, `{other_region}`, `{prefix}`, `{queue}` the fixture's event
/// source, `{stream}`/`{ddb}` made-up Kinesis and DynamoDB stream ARNs.
pub fn witnesses() -> Vec<Witness> {
    // A RevisionId no endpoint minted: stale on every resource.
    let stale = crate::stateful::bindings::MADE_UP_REVISION;
    let tags_51: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    let layer = |n: u32| format!("arn:aws:lambda:{{region}}:{{account}}:layer:{{prefix}}layer:{n}");
    vec![
        // Names, ARNs and qualifiers.
        w(
            "FN-SAME-REGION",
            "GetFunction",
            json!({"FunctionName": "arn:aws:lambda:{other_region}:{account}:function:{f}"}),
        ),
        w(
            "FN-QUALIFIER-MATCHES",
            "GetFunction",
            json!({"FunctionName": "{f}:1", "Qualifier": "live"}),
        ),
        w(
            "FN-GET-CONFIGURATION",
            "GetFunctionConfiguration",
            json!({"FunctionName": "{arn}"}),
        ),
        w(
            "FN-GET-CONFIGURATION",
            "GetFunctionConfiguration",
            json!({"FunctionName": "{account}:function:{f}"}),
        ),
        w(
            "FN-GET-CONFIGURATION",
            "GetFunctionConfiguration",
            json!({"FunctionName": "{arn}:live"}),
        ),
        w(
            "FN-GET-CONFIGURATION",
            "GetFunctionConfiguration",
            json!({"FunctionName": "{f}", "Qualifier": "1"}),
        ),
        w("FN-GET", "GetFunction", json!({"FunctionName": "{arn}:1"})),
        w(
            "FN-GET",
            "GetFunction",
            json!({"FunctionName": "{f}", "Qualifier": "live"}),
        ),
        // Preconditions, on every operation that takes one.
        w(
            "FN-LATEST-ONLY",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "{f}:1", "Description": "not on a version"}),
        ),
        w(
            "FN-REVISION-MATCHES",
            "UpdateFunctionCode",
            json!({"FunctionName": "{f}", "ZipFile": package::zip_base64(5), "RevisionId": stale}),
        ),
        w(
            "FN-REVISION-MATCHES",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "{f}", "Description": "stale", "RevisionId": stale}),
        ),
        w(
            "FN-REVISION-MATCHES",
            "PublishVersion",
            json!({"FunctionName": "{f}", "RevisionId": stale}),
        ),
        w(
            "VER-CODE-SHA-MATCHES",
            "PublishVersion",
            json!({"FunctionName": "{f}", "CodeSha256": blob(&"\0".repeat(32))}),
        ),
        w(
            "ALI-REVISION-MATCHES",
            "UpdateAlias",
            json!({"FunctionName": "{f}", "Name": "live", "Description": "stale", "RevisionId": stale}),
        ),
        w(
            "PERM-REVISION-MATCHES",
            "AddPermission",
            json!({"FunctionName": "{f}", "StatementId": "stale", "Action": "lambda:InvokeFunction",
                   "Principal": "s3.amazonaws.com", "RevisionId": stale}),
        ),
        Witness {
            rule: "PERM-REVISION-MATCHES",
            before: vec![(
                "AddPermission",
                json!({"FunctionName": "{f}", "StatementId": "kept", "Action": "lambda:InvokeFunction",
                       "Principal": "s3.amazonaws.com"}),
            )],
            request: (
                "RemovePermission",
                json!({"FunctionName": "{f}", "StatementId": "kept", "RevisionId": stale}),
            ),
            after: vec![(
                "RemovePermission",
                json!({"FunctionName": "{f}", "StatementId": "kept"}),
            )],
        },
        // Configuration values the schema cannot judge.
        w(
            "VAL-RUNTIME-DEPRECATED",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "{f}", "Runtime": "python2.7"}),
        ),
        w(
            "VAL-ENVIRONMENT-SIZE",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "{f}", "Environment": {"Variables": {"BIG": "x".repeat(4100)}}}),
        ),
        w(
            "VAL-LAYER-ONE-VERSION",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "{f}", "Layers": [layer(1), layer(2)]}),
        ),
        w(
            "VAL-LAYER-EXISTS",
            "UpdateFunctionConfiguration",
            json!({"FunctionName": "{f}", "Layers": [layer(1)]}),
        ),
        // Code.
        w(
            "FN-ZIP-RUNTIME-HANDLER",
            "CreateFunction",
            json!({"FunctionName": "{prefix}rules-nohandler", "Runtime": "python3.12", "Role": "{role}",
                   "Code": {"ZipFile": package::zip_base64(1)}}),
        ),
        w(
            "FN-ZIP-NO-IMAGE-URI",
            "CreateFunction",
            json!({"FunctionName": "{prefix}rules-image", "Runtime": "python3.12", "Role": "{role}",
                   "Handler": "index.handler",
                   "Code": {"ImageUri": "{account}.dkr.ecr.{region}.amazonaws.com/repo:latest"}}),
        ),
        w(
            "FN-CODE-REQUIRED",
            "CreateFunction",
            json!({"FunctionName": "{prefix}rules-nocode", "Runtime": "python3.12", "Role": "{role}",
                   "Handler": "index.handler", "Code": {}}),
        ),
        w(
            "FN-CODE-IS-ZIP",
            "UpdateFunctionCode",
            json!({"FunctionName": "{f}", "ZipFile": blob("this is not a zip archive")}),
        ),
        w(
            "FN-CODE-S3-OBJECT-EXISTS",
            "UpdateFunctionCode",
            json!({"FunctionName": "{f}", "S3Bucket": "{prefix}no-such-bucket", "S3Key": "code.zip"}),
        ),
        w(
            "FN-UPDATE-CODE-DRY-RUN",
            "UpdateFunctionCode",
            json!({"FunctionName": "{f}", "ZipFile": package::zip_base64(6), "DryRun": true}),
        ),
        // Alias routing.
        w(
            "ALI-ROUTING-VERSION-EXISTS",
            "UpdateAlias",
            json!({"FunctionName": "{f}", "Name": "live",
                   "RoutingConfig": {"AdditionalVersionWeights": {"7": 0.5}}}),
        ),
        w(
            "ALI-ROUTING-ONE-VERSION",
            "UpdateAlias",
            json!({"FunctionName": "{f}", "Name": "live",
                   "RoutingConfig": {"AdditionalVersionWeights": {"2": 0.2, "3": 0.2}}}),
        ),
        w(
            "ALI-ROUTING-NOT-LATEST",
            "CreateAlias",
            json!({"FunctionName": "{f}", "Name": "routed", "FunctionVersion": "$LATEST",
                   "RoutingConfig": {"AdditionalVersionWeights": {"1": 0.5}}}),
        ),
        w(
            "ALI-ROUTING-NOT-PRIMARY",
            "UpdateAlias",
            json!({"FunctionName": "{f}", "Name": "live",
                   "RoutingConfig": {"AdditionalVersionWeights": {"1": 0.5}}}),
        ),
        // Permissions.
        w(
            "PERM-PRINCIPAL-VALID",
            "AddPermission",
            json!({"FunctionName": "{f}", "StatementId": "odd", "Action": "lambda:InvokeFunction",
                   "Principal": "not-a-principal"}),
        ),
        // Event source kinds.
        w(
            "ESM-SOURCE-KNOWN",
            "CreateEventSourceMapping",
            // as recorded (ESM-003): no EventSourceArn at all
            json!({"FunctionName": "{f}"}),
        ),
        w(
            "ESM-SQS-QUEUE-EXISTS",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "arn:aws:sqs:{region}:{account}:{prefix}no-queue"}),
        ),
        w(
            "ESM-SQS-NO-DESTINATION",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{queue}",
                   "DestinationConfig": {"OnFailure": {"Destination": "{queue}"}}}),
        ),
        w(
            "ESM-FILTER-PATTERN",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{queue}",
                   "FilterCriteria": {"Filters": [{"Pattern": "{\"body\": \"not a list\"}"}]}}),
        ),
        w(
            "ESM-SQS-BATCH-WINDOW",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{queue}", "BatchSize": 11}),
        ),
        w(
            "ESM-STREAM-STARTING-POSITION",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{stream}"}),
        ),
        w(
            "ESM-TIMESTAMP-NEEDS-AT-TIMESTAMP",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{stream}", "StartingPosition": "LATEST",
                   "StartingPositionTimestamp": 1_700_000_000}),
        ),
        w(
            "ESM-DYNAMODB-NO-AT-TIMESTAMP",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{ddb}", "StartingPosition": "AT_TIMESTAMP",
                   "StartingPositionTimestamp": 1_700_000_000}),
        ),
        w(
            "ESM-TIMESTAMP-VALID",
            "CreateEventSourceMapping",
            json!({"FunctionName": "{f}", "EventSourceArn": "{stream}", "StartingPosition": "AT_TIMESTAMP",
                   "StartingPositionTimestamp": -1}),
        ),
        // Invoke.
        w(
            "INV-PAYLOAD-JSON",
            "Invoke",
            json!({"FunctionName": "{f}", "Payload": blob("{not json")}),
        ),
        w(
            "INV-PAYLOAD-LIMIT",
            "InvokeAsync",
            json!({"FunctionName": "{f}",
                   "InvokeArgs": blob_json(&json!({"pad": "x".repeat(256 * 1024)}))}),
        ),
        Witness {
            rule: "CONC-ZERO-THROTTLES",
            before: vec![(
                "PutFunctionConcurrency",
                json!({"FunctionName": "{f}", "ReservedConcurrentExecutions": 0}),
            )],
            request: (
                "Invoke",
                json!({"FunctionName": "{f}", "Payload": blob_json(&json!({}))}),
            ),
            after: vec![("DeleteFunctionConcurrency", json!({"FunctionName": "{f}"}))],
        },
        w(
            "CONC-UNQUALIFIED",
            "PutFunctionConcurrency",
            json!({"FunctionName": "{f}:1", "ReservedConcurrentExecutions": 1}),
        ),
        w(
            "CONC-UNRESERVED-MIN",
            "PutFunctionConcurrency",
            json!({"FunctionName": "{f}", "ReservedConcurrentExecutions": 1_000_000}),
        ),
        // Tags.
        w(
            "TAG-NOT-QUALIFIED",
            "TagResource",
            json!({"Resource": "{arn}:1", "Tags": {"k": "v"}}),
        ),
        w(
            "TAG-CAPACITY-PROVIDER-EXISTS",
            "TagResource",
            json!({"Resource": "arn:aws:lambda:{region}:{account}:capacity-provider:{prefix}cp", "Tags": {"k": "v"}}),
        ),
        w(
            "TAG-CODE-SIGNING-CONFIG-EXISTS",
            "TagResource",
            json!({"Resource": "arn:aws:lambda:{region}:{account}:code-signing-config:csc-0123456789abcdef0",
                   "Tags": {"k": "v"}}),
        ),
        w(
            "TAG-TAGS-NOT-EMPTY",
            "TagResource",
            json!({"Resource": "{arn}", "Tags": {}}),
        ),
        w(
            "TAG-LIMIT",
            "TagResource",
            json!({"Resource": "{arn}", "Tags": tags_51}),
        ),
        // Pagination.
        w(
            "PAGE-MARKER-VALID",
            "ListVersionsByFunction",
            json!({"FunctionName": "{f}", "Marker": "{prefix}not-a-marker"}),
        ),
    ]
}

/// The values placeholders stand for, on one side.
struct Vars(Vec<(&'static str, String)>);

impl Vars {
    fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => {
                let mut out = s.clone();
                for (k, val) in &self.0 {
                    out = out.replace(&format!("{{{k}}}"), val);
                }
                Value::String(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| self.resolve(x)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| (self.resolve_key(k), self.resolve(x)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn resolve_key(&self, k: &str) -> String {
        match self.resolve(&Value::String(k.to_string())) {
            Value::String(s) => s,
            _ => k.to_string(),
        }
    }
}

/// The account field of an ARN.
fn account_of(arn: &str) -> Option<String> {
    arn.split(':').nth(4).map(str::to_string)
}

/// A Region other than `region`, for ARNs that must name another one.
fn other_region(region: &str) -> &'static str {
    if region == "us-west-2" {
        "us-east-1"
    } else {
        "us-west-2"
    }
}

/// The placeholder values of one side.
#[allow(clippy::too_many_arguments)]
fn vars(
    f: &str,
    arn: &str,
    account: &str,
    region: &str,
    prefix: &str,
    fx: &Fixtures,
    stream: &str,
    ddb: &str,
) -> Vars {
    Vars(vec![
        ("f", f.to_string()),
        ("arn", arn.to_string()),
        ("account", account.to_string()),
        ("region", region.to_string()),
        ("other_region", other_region(region).to_string()),
        ("prefix", prefix.to_string()),
        ("role", fx.role_arn.clone()),
        ("queue", fx.event_source_arn.clone()),
        ("stream", stream.to_string()),
        ("ddb", ddb.to_string()),
    ])
}

/// Made-up stream ARNs in the endpoint's account: nobody made sure they
/// exist, so answers naming them are unverified.
fn stream_arns(region: &str, account: &str, prefix: &str) -> (String, String) {
    (
        format!("arn:aws:kinesis:{region}:{account}:stream/{prefix}stream"),
        format!(
            "arn:aws:dynamodb:{region}:{account}:table/{prefix}table/stream/2024-01-01T00:00:00.000"
        ),
    )
}

/// Runs the pass: a function with version 1 and alias `live`, then every witness.
pub async fn run(s: &Session, fx: &Fixtures) {
    let region = s.client.settings().region.clone();
    let f = format!("{}rules", s.prefix);
    // The account the endpoint uses: the role's (fixtures are in it).
    let endpoint_account = account_of(&fx.role_arn).unwrap_or_else(|| "123456789012".into());
    let (stream, ddb) = stream_arns(&region, &endpoint_account, &s.prefix);
    let mut unverified = fx.made_up.clone();
    unverified.extend([stream.clone(), ddb.clone()]);
    let mut l = Follow {
        s,
        model: Model::new(Config {
            region: region.clone(),
            unverified_arns: unverified,
            lookups: fx.lookups(),
            ..Config::default()
        }),
    };
    let (created, created_p) = l
        .step(
            "rules: create-function",
            "CreateFunction",
            json!({
                "FunctionName": f, "Runtime": "python3.12", "Role": fx.role_arn,
                "Handler": "index.handler", "Code": {"ZipFile": package::zip_base64(1)},
                "Description": "lambda-conformance rule pass", "Publish": true,
            }),
        )
        .await;
    if created.status().is_none_or(|st| st >= 300) {
        s.note("the rule pass could not create its function, so it was skipped");
        return;
    }
    wait_ready(s, &f, "rules: wait-function-active").await;
    l.step(
        "rules: create-alias",
        "CreateAlias",
        json!({"FunctionName": f, "Name": "live", "FunctionVersion": "1"}),
    )
    .await;
    let arn = Pair::at(&created, &created_p, "/FunctionArn");
    let model_arn = arn
        .model
        .clone()
        .unwrap_or_else(|| format!("arn:aws:lambda:{region}:123456789012:function:{f}"));
    let endpoint_arn = arn
        .endpoint
        .clone()
        .unwrap_or_else(|| format!("arn:aws:lambda:{region}:{endpoint_account}:function:{f}"));
    let model_account = account_of(&model_arn).unwrap_or_default();
    let endpoint_side = vars(
        &f,
        &endpoint_arn,
        &endpoint_account,
        &region,
        &s.prefix,
        fx,
        &stream,
        &ddb,
    );
    let model_side = vars(
        &f,
        &model_arn,
        &model_account,
        &region,
        &s.prefix,
        fx,
        &stream,
        &ddb,
    );
    // Once the endpoint has done a mutation the model did not (or the other
    // way round), the two states differ: values are no longer compared, only
    // outcomes (each witness's rule is decided before state matters).
    let mut diverged = false;
    for witness in witnesses() {
        if s.client.stop().is_stopped() {
            return;
        }
        let label = |what: &str| format!("rules {}: {what}", witness.rule);
        for (op, input) in &witness.before {
            let (ex, p) = l
                .step_bound(
                    &label(&format!("before {op}")),
                    op,
                    endpoint_side.resolve(input),
                    model_side.resolve(input),
                )
                .await;
            diverged |= states_part(op, &ex, &p);
        }
        let (op, input) = &witness.request;
        let (ex, predicted) = l
            .step_bound(
                &label(op),
                op,
                endpoint_side.resolve(input),
                model_side.resolve(input),
            )
            .await;
        // Values, beyond the outcome the step judged, while the states agree.
        let compared = (!diverged)
            .then(|| predict::compare(op, &ex, &predicted))
            .flatten();
        diverged |= states_part(op, &ex, &predicted);
        if let Some(d) = compared.filter(|d| d.check == CheckKind::Prediction) {
            let index = s.steps_recorded().saturating_sub(1);
            s.add_finding(Finding::new(
                d.check,
                op,
                &label(op),
                d.expected,
                d.actual,
                d.detail,
                d.evidence,
                index,
            ));
        }
        if ex.status().is_some_and(|st| st < 300) && op.starts_with("Update") {
            wait_ready(s, &f, &label("wait")).await;
        }
        // Undoing: judged only while the states agree (after a witness the
        // endpoint got wrong, the undo's outcome is its consequence).
        for (op, input) in &witness.after {
            let (label, input, model_input) = (
                label(&format!("after {op}")),
                endpoint_side.resolve(input),
                model_side.resolve(input),
            );
            if diverged {
                l.step_unjudged(&label, op, input, model_input).await;
            } else {
                let (ex, p) = l.step_bound(&label, op, input, model_input).await;
                diverged |= states_part(op, &ex, &p);
            }
        }
    }
}

/// Whether the endpoint did a mutation the model did not, or the other way round.
fn states_part(op: &str, ex: &crate::client::Exchange, p: &lambda_model::Response) -> bool {
    let mutates = crate::operations::by_name(op).is_some_and(|d| d.mutates);
    let ok = |st: u16| st < 300;
    mutates && ex.status().map(ok) != Some(ok(p.status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn fixtures() -> Fixtures {
        Fixtures {
            role_arn: "arn:aws:iam::123456789012:role/lc-test-role".into(),
            event_source_arn: "arn:aws:sqs:us-east-1:123456789012:lc-test-queue".into(),
            made_up: vec![],
            owned_prefix: "lc-test-".into(),
            own_endpoint: false,
        }
    }

    /// Every witness is decided by its rule, on the model the pass follows,
    /// and every rule is either driven by some witness or says why not.
    #[test]
    fn each_witness_is_decided_by_its_rule() {
        let catalog = Catalog::embedded();
        let fx = fixtures();
        let prefix = "lc-test-";
        let f = format!("{prefix}rules");
        let mut model = Model::new(Config {
            lookups: fx.lookups(),
            ..Config::default()
        });
        let call = |model: &mut Model, op: &str, input: Value| {
            crate::oracle::predict(model, catalog.get(op).expect("catalog op"), input)
        };
        let created = call(
            &mut model,
            "CreateFunction",
            json!({"FunctionName": f, "Runtime": "python3.12", "Role": fx.role_arn,
                   "Handler": "index.handler", "Code": {"ZipFile": package::zip_base64(1)}, "Publish": true}),
        );
        assert_eq!(created.status, 201);
        call(
            &mut model,
            "CreateAlias",
            json!({"FunctionName": f, "Name": "live", "FunctionVersion": "1"}),
        );
        let arn = created
            .json_body()
            .and_then(|b| b.get("FunctionArn"))
            .and_then(Value::as_str)
            .expect("an ARN")
            .to_string();
        let (stream, ddb) = stream_arns("us-east-1", "123456789012", prefix);
        let side = vars(
            &f,
            &arn,
            "123456789012",
            "us-east-1",
            prefix,
            &fx,
            &stream,
            &ddb,
        );
        let mut wrong = Vec::new();
        for witness in witnesses() {
            for (op, input) in &witness.before {
                call(&mut model, op, side.resolve(input));
            }
            let (op, input) = &witness.request;
            let p = call(&mut model, op, side.resolve(input));
            let decided = p.rule.map_or("VAL-SCHEMA-CONSTRAINTS", |r| r.id);
            if decided != witness.rule {
                wrong.push(format!(
                    "{} on {op}: decided by {decided} ({} {:?})",
                    witness.rule, p.status, p.error_code
                ));
            }
            for (op, input) in &witness.after {
                call(&mut model, op, side.resolve(input));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn every_rule_is_driven_somewhere_or_says_why_not() {
        let by_witness: std::collections::BTreeSet<&str> =
            witnesses().iter().map(|w| w.rule).collect();
        for (rule, why) in NOT_DRIVEN {
            assert!(
                lambda_model::rules::by_id(rule).is_some(),
                "{rule} is not a rule"
            );
            assert!(
                !by_witness.contains(rule),
                "{rule} has a witness and a reason"
            );
            assert!(!why.is_empty());
        }
        for rule in by_witness {
            assert!(
                lambda_model::rules::by_id(rule).is_some(),
                "{rule} is not a rule"
            );
        }
    }
}
