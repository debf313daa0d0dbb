//! The model's rules as values: what AWS does, with a stable id, the evidence
//! it rests on and the operations it governs.
//!
//! Every response the model predicts names the rule that decided it
//! ([`crate::Response::rule`]), so a finding can be keyed by the rule it
//! breaks. Ids are short, upper-case and grouped by area (`FN-`, `VAL-`,
//! `VER-`, `ALI-`, `PERM-`, `ESM-`, `INV-`, `TAG-`, `CONC-`, `PAGE-`, `RACE-`); they
//! are never a recorded scenario's id (`FN-006`): the recording is a rule's
//! evidence, not its identity. Once published, an id is never reused for
//! another rule.
//!
//! A rule's `evidence` is the strongest source any of its sites names. Where
//! a site rests on something else (a recording of its own operation, or only
//! an inference), it says so with `with_evidence`, and
//! [`crate::Response::evidence`] is that, narrowed to what the recording
//! covers for the operation (see `provenance`).
//!
//! All rules are declared by one macro, so [`all`] cannot miss one.

use crate::{Evidence, Op};

/// One rule of the model: what AWS does in a situation.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// Stable identity, e.g. `FN-EXISTS`.
    pub id: &'static str,
    /// What AWS does, in one line of plain words.
    pub statement: &'static str,
    /// The strongest source of the rule.
    pub evidence: Evidence,
    /// The operations the rule governs (never empty).
    pub operations: &'static [Op],
}

/// Declares one `pub static` per rule and the list of them together, so the
/// list cannot drift from the declarations. The statement is the doc comment.
macro_rules! rules {
    ($( $name:ident = $id:literal, $evidence:expr, $ops:expr, $statement:literal; )+) => {
        $(
            #[doc = $statement]
            pub static $name: Rule = Rule {
                id: $id,
                statement: $statement,
                evidence: $evidence,
                operations: $ops,
            };
            const _: () = assert!(!$ops.is_empty(), concat!($id, " governs no operation"));
        )+

        /// Every rule, in declaration order.
        static ALL: &[&Rule] = &[$(&$name),+];

        /// How many rules the macro declared, counted from their names.
        #[cfg(test)]
        const DECLARED: usize = [$(stringify!($name)),+].len();
    };
}

/// Every rule, in declaration order (for coverage tables and tests).
pub fn all() -> &'static [&'static Rule] {
    ALL
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// Operations that take a FunctionName member.
const NAMED: &[Op] = &[
    Op::CreateFunction,
    Op::GetFunction,
    Op::GetFunctionConfiguration,
    Op::UpdateFunctionCode,
    Op::UpdateFunctionConfiguration,
    Op::DeleteFunction,
    Op::PublishVersion,
    Op::ListVersionsByFunction,
    Op::CreateAlias,
    Op::GetAlias,
    Op::UpdateAlias,
    Op::DeleteAlias,
    Op::ListAliases,
    Op::AddPermission,
    Op::GetPolicy,
    Op::RemovePermission,
    Op::CreateEventSourceMapping,
    Op::UpdateEventSourceMapping,
    Op::ListEventSourceMappings,
    Op::Invoke,
    Op::InvokeAsync,
    Op::PutFunctionConcurrency,
    Op::GetFunctionConcurrency,
    Op::DeleteFunctionConcurrency,
];

/// Operations that act on an existing function (by FunctionName or, for tags, its ARN).
const ON_FUNCTION: &[Op] = &[
    Op::GetFunction,
    Op::GetFunctionConfiguration,
    Op::UpdateFunctionCode,
    Op::UpdateFunctionConfiguration,
    Op::DeleteFunction,
    Op::PublishVersion,
    Op::ListVersionsByFunction,
    Op::CreateAlias,
    Op::GetAlias,
    Op::UpdateAlias,
    Op::DeleteAlias,
    Op::ListAliases,
    Op::AddPermission,
    Op::GetPolicy,
    Op::RemovePermission,
    Op::Invoke,
    Op::InvokeAsync,
    Op::TagResource,
    Op::UntagResource,
    Op::ListTags,
    Op::PutFunctionConcurrency,
    Op::GetFunctionConcurrency,
    Op::DeleteFunctionConcurrency,
];

/// Operations that act on $LATEST only.
const LATEST_ONLY: &[Op] = &[
    Op::UpdateFunctionCode,
    Op::UpdateFunctionConfiguration,
    Op::PublishVersion,
    Op::ListVersionsByFunction,
    Op::CreateAlias,
    Op::GetAlias,
    Op::UpdateAlias,
    Op::DeleteAlias,
    Op::ListAliases,
];

/// Operations that take both a qualified FunctionName and a Qualifier member.
const QUALIFIED: &[Op] = &[
    Op::GetFunction,
    Op::GetFunctionConfiguration,
    Op::DeleteFunction,
    Op::Invoke,
    Op::AddPermission,
    Op::GetPolicy,
    Op::RemovePermission,
];

/// Operations that create or reconfigure a function.
const CONFIGURE: &[Op] = &[Op::CreateFunction, Op::UpdateFunctionConfiguration];

/// Operations that upload code.
const UPLOAD: &[Op] = &[Op::CreateFunction, Op::UpdateFunctionCode];

/// Operations that create or update an event source mapping.
const ESM_WRITE: &[Op] = &[Op::CreateEventSourceMapping, Op::UpdateEventSourceMapping];

/// The paginated List operations.
const LISTS: &[Op] = &[
    Op::ListFunctions,
    Op::ListVersionsByFunction,
    Op::ListAliases,
    Op::ListEventSourceMappings,
];

/// The tagging operations.
const TAGGING: &[Op] = &[Op::TagResource, Op::UntagResource, Op::ListTags];

/// The reserved-concurrency operations.
const CONCURRENCY: &[Op] = &[
    Op::PutFunctionConcurrency,
    Op::GetFunctionConcurrency,
    Op::DeleteFunctionConcurrency,
];

/// Documented: LocalStack's test_lambda_api snapshot recorded against AWS, with the test named.
macro_rules! api_snapshot {
    ($test:literal) => {
        Evidence::Documented(concat!(
            "LocalStack snapshot recorded against AWS: tests/aws/services/lambda_/test_lambda_api.snapshot.json ",
            $test
        ))
    };
}

rules! {
    // ---------- function names and qualifiers ----------
    FUNCTION_NAME_PATTERN = "VAL-FUNCTION-NAME-PATTERN", Evidence::Inferred, NAMED,
        "a FunctionName that is neither a name nor a function ARN answers 400 ValidationException";
    FUNCTION_SAME_REGION = "FN-SAME-REGION", Evidence::Recorded("FN-021"), NAMED,
        "a function ARN of another Region answers 404 ResourceNotFoundException, not 400";
    FUNCTION_SAME_ACCOUNT = "FN-SAME-ACCOUNT", Evidence::Recorded("localstack:test_function_arns"), &[Op::CreateFunction],
        "CreateFunction named by a function ARN of another account answers 403 AccessDeniedException";
    QUALIFIER_MATCHES = "FN-QUALIFIER-MATCHES", Evidence::Recorded("FN-014"), QUALIFIED,
        "a qualifier in FunctionName that differs from the Qualifier member answers 400 InvalidParameterValueException, before existence";
    LATEST_ONLY_QUALIFIER = "FN-LATEST-ONLY", Evidence::Inferred, LATEST_ONLY,
        "an operation on $LATEST only rejects a version or alias qualifier with 400 InvalidParameterValueException";
    FUNCTION_MUST_EXIST = "FN-EXISTS", Evidence::Recorded("FN-006"), ON_FUNCTION,
        "an operation on a function that does not exist answers 404 ResourceNotFoundException";
    QUALIFIER_MUST_EXIST = "FN-QUALIFIER-EXISTS", Evidence::Recorded("FN-010"), QUALIFIED,
        "a qualifier naming a version or alias that does not exist answers 404 ResourceNotFoundException";

    // ---------- CreateFunction and updates: validation ----------
    FUNCTION_NAME_LENGTH = "VAL-FUNCTION-NAME-LENGTH", Evidence::Recorded("VAL-005"), &[Op::CreateFunction],
        "CreateFunction with a name longer than 64 characters answers 400 InvalidParameterValueException with validation wording";
    TIMEOUT_MAX = "VAL-TIMEOUT-MAX", Evidence::Documented("Lambda quotas: timeout 900 s"), CONFIGURE,
        "a Timeout over 900 seconds answers 400 ValidationException";
    MEMORY_MAX = "VAL-MEMORY-MAX", Evidence::Documented("Lambda quotas: memory 10240 MB"), CONFIGURE,
        "a MemorySize over 10240 MB answers 400 ValidationException";
    RUNTIME_NOT_DEPRECATED = "VAL-RUNTIME-DEPRECATED", Evidence::Recorded("VAL-019"), CONFIGURE,
        "a deprecated runtime answers 400 InvalidParameterValueException: no longer supported";
    RUNTIME_KNOWN = "VAL-RUNTIME-KNOWN", Evidence::Recorded("VAL-018"), CONFIGURE,
        "a runtime that is not a creatable one answers 400 InvalidParameterValueException listing the valid ones";
    ENVIRONMENT_SIZE = "VAL-ENVIRONMENT-SIZE", Evidence::Recorded("VAL-025"), CONFIGURE,
        "environment variables over 4 KB (as compact JSON) answer 400 InvalidParameterValueException";
    LAYER_SAME_REGION = "VAL-LAYER-REGION", Evidence::Recorded("VAL-032"), CONFIGURE,
        "a layer of another Region answers 400 InvalidParameterValueException";
    LAYER_ONE_VERSION = "VAL-LAYER-ONE-VERSION", Evidence::Recorded("VAL-029"), CONFIGURE,
        "two versions of one layer in one function answer 400 InvalidParameterValueException";
    LAYER_MUST_EXIST = "VAL-LAYER-EXISTS", Evidence::Recorded("VAL-030"), CONFIGURE,
        "a layer version that does not exist answers 400 InvalidParameterValueException";
    FUNCTION_READY = "FN-READY", Evidence::Recorded("UPD-004"),
        &[Op::UpdateFunctionCode, Op::UpdateFunctionConfiguration, Op::PublishVersion, Op::Invoke],
        "while a function is Pending or an update is InProgress, updates answer 409 ResourceConflictException (Invoke only while Pending)";
    ZIP_SIZE = "VAL-ZIP-SIZE", Evidence::Recorded("VAL-026"), UPLOAD,
        "an inline zip over 50 MB answers 413 RequestEntityTooLargeException";
    UNZIPPED_SIZE = "VAL-UNZIPPED-SIZE", Evidence::Recorded("VAL-028"), UPLOAD,
        "a package that unzips to 262144000 bytes or more answers 400 InvalidParameterValueException";
    REQUEST_SIZE = "VAL-REQUEST-SIZE", Evidence::Recorded("VAL-027"), UPLOAD,
        "a request body over 70167211 bytes answers 413 RequestEntityTooLargeException naming the operation, before anything in it is read";
    RUNTIME_AND_HANDLER = "FN-ZIP-RUNTIME-HANDLER", Evidence::Inferred, &[Op::CreateFunction],
        "a Zip function needs both Runtime and Handler, else 400 InvalidParameterValueException";
    ZIP_NO_IMAGE_URI = "FN-ZIP-NO-IMAGE-URI", Evidence::Recorded("UPD-007"), UPLOAD,
        "a Zip function takes no ImageUri: 400 InvalidParameterValueException";
    IMAGE_NEEDS_IMAGE_URI = "FN-IMAGE-NEEDS-IMAGE-URI", Evidence::Recorded("localstack:test_lambda_image_crud"), &[Op::UpdateFunctionCode],
        "new code for an Image function must be an ImageUri: 400 InvalidParameterValueException";
    CODE_IS_ZIP = "FN-CODE-IS-ZIP",
        Evidence::Recorded("localstack:test_create_lambda_exceptions"),
        UPLOAD,
        "a ZipFile that is not a zip archive answers 400 InvalidParameterValueException: could not unzip";
    CODE_S3_OBJECT_EXISTS = "FN-CODE-S3-OBJECT-EXISTS",
        Evidence::Recorded("localstack:test_lambda_code_location_s3_errors"),
        UPLOAD,
        "code from an S3 bucket or key that does not exist answers 400 InvalidParameterValueException quoting S3's error";
    CODE_REQUIRED = "FN-CODE-REQUIRED", Evidence::Inferred, UPLOAD,
        "a request without a source of code answers 400 InvalidParameterValueException";
    FUNCTION_NAME_UNIQUE = "FN-NAME-UNIQUE", Evidence::Inferred, &[Op::CreateFunction],
        "creating a function whose name exists answers 409 ResourceConflictException";

    // ---------- functions: success and state ----------
    CREATE_FUNCTION = "FN-CREATE", Evidence::Documented("CreateFunction responseCode 201"), &[Op::CreateFunction],
        "CreateFunction answers 201 with the new function's configuration";
    GET_FUNCTION = "FN-GET", Evidence::Documented("GetFunction"), &[Op::GetFunction],
        "GetFunction answers 200 with the configuration, the code location, and tags and reserved concurrency when set";
    GET_FUNCTION_CONFIGURATION = "FN-GET-CONFIGURATION", Evidence::Documented("GetFunctionConfiguration"), &[Op::GetFunctionConfiguration],
        "GetFunctionConfiguration answers 200 with the configuration of the version the qualifier names";
    FUNCTION_REVISION_MATCHES = "FN-REVISION-MATCHES", Evidence::Recorded("UPD-006"),
        &[Op::UpdateFunctionCode, Op::UpdateFunctionConfiguration, Op::PublishVersion],
        "a RevisionId that is not the function's current one answers 412 PreconditionFailedException";
    UPDATE_CODE_DRY_RUN = "FN-UPDATE-CODE-DRY-RUN", Evidence::Inferred, &[Op::UpdateFunctionCode],
        "an UpdateFunctionCode dry run answers the configuration it would produce and changes nothing";
    UPDATE_FUNCTION_CODE = "FN-UPDATE-CODE", Evidence::Recorded("UPD-002"), &[Op::UpdateFunctionCode],
        "UpdateFunctionCode answers 200 with the new CodeSha256 and a new RevisionId";
    UPDATE_FUNCTION_CONFIGURATION = "FN-UPDATE-CONFIGURATION", Evidence::Recorded("UPD-001"), &[Op::UpdateFunctionConfiguration],
        "UpdateFunctionConfiguration answers 200 with the new values and a new RevisionId, even when nothing changed";
    DELETE_NOT_LATEST = "FN-DELETE-NOT-LATEST", Evidence::Recorded("FN-015"), &[Op::DeleteFunction],
        "DeleteFunction with Qualifier $LATEST answers 400 InvalidParameterValueException, before existence";
    DELETE_NOT_ALIAS = "FN-DELETE-NOT-ALIAS", Evidence::Recorded("FN-017"), &[Op::DeleteFunction],
        "DeleteFunction with an alias qualifier answers 400 InvalidParameterValueException, before existence";
    DELETE_FUNCTION = "FN-DELETE", Evidence::Recorded("FN-004"), &[Op::DeleteFunction],
        "DeleteFunction answers 204 and removes versions, aliases, policies, tags and concurrency, but not mappings";
    LIST_FUNCTIONS = "FN-LIST", Evidence::Recorded("LIST-001"), &[Op::ListFunctions],
        "ListFunctions lists each function's $LATEST with an unqualified ARN, and every version with FunctionVersion ALL";

    // ---------- versions ----------
    PUBLISH_VERSION = "VER-PUBLISH", Evidence::Recorded("VER-004"),
        &[Op::PublishVersion, Op::CreateFunction, Op::UpdateFunctionCode],
        "publishing answers the configuration of the new version, or of the newest one when nothing changed";
    PUBLISH_CODE_SHA_MATCHES = "VER-CODE-SHA-MATCHES", Evidence::Recorded("VER-008"), &[Op::PublishVersion],
        "PublishVersion with a CodeSha256 other than $LATEST's answers 400 InvalidParameterValueException";
    LIST_VERSIONS = "VER-LIST", Evidence::Recorded("VER-001"), &[Op::ListVersionsByFunction],
        "ListVersionsByFunction lists $LATEST first, with a qualified ARN, then every version";
    DELETE_VERSION = "VER-DELETE", Evidence::Documented("DeleteFunction Qualifier"), &[Op::DeleteFunction],
        "DeleteFunction with a version qualifier answers 204 and deletes only that version";
    DELETE_VERSION_UNALIASED = "VER-DELETE-UNALIASED",
        Evidence::Documented("API reference: DeleteFunction cannot delete a version an alias references (409 per live reports)"),
        &[Op::DeleteFunction],
        "a version an alias references cannot be deleted: 409 ResourceConflictException";

    // ---------- aliases ----------
    ALIAS_TARGET_VERSION_EXISTS = "ALI-TARGET-VERSION-EXISTS", Evidence::Recorded("ALI-011"), &[Op::CreateAlias, Op::UpdateAlias],
        "an alias must point at an existing version, else 404 ResourceNotFoundException";
    ALIAS_ROUTING_VERSION_EXISTS = "ALI-ROUTING-VERSION-EXISTS", Evidence::Recorded("ALI-012"), &[Op::CreateAlias, Op::UpdateAlias],
        "an alias's additional routing version must exist, else 404 ResourceNotFoundException";
    ALIAS_ROUTING_ONE_VERSION = "ALI-ROUTING-ONE-VERSION", Evidence::Recorded("ALI-014"), &[Op::CreateAlias, Op::UpdateAlias],
        "an alias routes to at most one additional version, else 400 InvalidParameterValueException";
    ALIAS_ROUTING_NOT_LATEST = "ALI-ROUTING-NOT-LATEST", Evidence::Recorded("localstack:test_notfound_and_invalid_routingconfigs"), &[Op::CreateAlias, Op::UpdateAlias],
        "an alias of $LATEST cannot route to another version: 400 InvalidParameterValueException without Type";
    ALIAS_ROUTING_NOT_PRIMARY = "ALI-ROUTING-NOT-PRIMARY", Evidence::Inferred, &[Op::CreateAlias, Op::UpdateAlias],
        "an alias's primary version cannot also be its additional version: 400 InvalidParameterValueException";
    ALIAS_NAME_UNIQUE = "ALI-NAME-UNIQUE", Evidence::Inferred, &[Op::CreateAlias],
        "creating an alias whose name exists answers 409 ResourceConflictException";
    CREATE_ALIAS = "ALI-CREATE", Evidence::Recorded("ALI-001"), &[Op::CreateAlias],
        "CreateAlias answers 201 with the alias configuration (Description defaults to empty)";
    ALIAS_MUST_EXIST = "ALI-EXISTS", Evidence::Recorded("ALI-006"), &[Op::GetAlias, Op::UpdateAlias],
        "GetAlias or UpdateAlias of an alias that does not exist answers 404 ResourceNotFoundException";
    GET_ALIAS = "ALI-GET", Evidence::Recorded("ALI-001"), &[Op::GetAlias],
        "GetAlias answers 200 with the same object CreateAlias answered";
    ALIAS_REVISION_MATCHES = "ALI-REVISION-MATCHES", Evidence::Recorded("UPD-006"), &[Op::UpdateAlias],
        "UpdateAlias with a RevisionId that is not the alias's current one answers 412 PreconditionFailedException";
    UPDATE_ALIAS = "ALI-UPDATE", Evidence::Recorded("ALI-019"), &[Op::UpdateAlias],
        "UpdateAlias answers 200 with the new configuration and a new RevisionId";
    DELETE_ALIAS = "ALI-DELETE", Evidence::Recorded("ALI-008"), &[Op::DeleteAlias],
        "DeleteAlias answers 204, also for an alias that does not exist";
    LIST_ALIASES = "ALI-LIST", Evidence::Recorded("ALI-022"), &[Op::ListAliases],
        "ListAliases lists the function's aliases, only those of FunctionVersion when given";

    // ---------- permissions ----------
    POLICY_NOT_LATEST = "PERM-NOT-LATEST", Evidence::Recorded("PERM-006"), &[Op::AddPermission, Op::RemovePermission],
        "a policy cannot be attached to $LATEST explicitly: 400 InvalidParameterValueException";
    PRINCIPAL_VALID = "PERM-PRINCIPAL-VALID", Evidence::Recorded("PERM-007"), &[Op::AddPermission],
        "a principal that is not *, an account, an ARN or a service answers 400 InvalidParameterValueException";
    POLICY_REVISION_MATCHES = "PERM-REVISION-MATCHES", Evidence::Recorded("PERM-019"), &[Op::AddPermission, Op::RemovePermission],
        "a RevisionId that is not the current one of the qualifier's policy answers 412 PreconditionFailedException";
    STATEMENT_ID_UNIQUE = "PERM-SID-UNIQUE", Evidence::Recorded("PERM-018"), &[Op::AddPermission],
        "a statement id that already exists in the policy answers 409 ResourceConflictException";
    ADD_PERMISSION = "PERM-ADD", Evidence::Recorded("PERM-001"), &[Op::AddPermission],
        "AddPermission answers 201 with the new statement as a JSON string";
    POLICY_MUST_EXIST = "PERM-POLICY-EXISTS", Evidence::Recorded("PERM-010"), &[Op::GetPolicy, Op::RemovePermission],
        "a qualifier without a policy answers 404 ResourceNotFoundException (policies are per qualifier)";
    GET_POLICY = "PERM-GET-POLICY", Evidence::Recorded("PERM-002"), &[Op::GetPolicy],
        "GetPolicy answers 200 with the policy document (its statements in insertion order) and its RevisionId";
    STATEMENT_MUST_EXIST = "PERM-STATEMENT-EXISTS", Evidence::Recorded("PERM-014"), &[Op::RemovePermission],
        "removing a statement id that is not in the policy answers 404 ResourceNotFoundException";
    REMOVE_PERMISSION = "PERM-REMOVE", Evidence::Documented("RemovePermission responseCode 204"), &[Op::RemovePermission],
        "RemovePermission answers 204, and the last statement's removal removes the policy";

    // ---------- event source mappings ----------
    EVENT_SOURCE_KNOWN = "ESM-SOURCE-KNOWN", Evidence::Recorded("ESM-003"), &[Op::CreateEventSourceMapping],
        "an event source ARN of an unsupported kind answers 400 InvalidParameterValueException, before the function";
    MAPPING_FUNCTION_EXISTS = "ESM-FUNCTION-EXISTS", Evidence::Recorded("ESM-004"), ESM_WRITE,
        "a mapping's function or qualifier that does not exist answers 400 InvalidParameterValueException";
    SQS_NO_STARTING_POSITION = "ESM-SQS-NO-STARTING-POSITION", Evidence::Inferred, &[Op::CreateEventSourceMapping],
        "an SQS mapping takes no StartingPosition: 400 InvalidParameterValueException";
    STREAM_STARTING_POSITION = "ESM-STREAM-STARTING-POSITION", Evidence::Recorded("ESM-006"), &[Op::CreateEventSourceMapping],
        "a stream mapping needs a StartingPosition, else 400 InvalidParameterValueException";
    TIMESTAMP_NEEDS_AT_TIMESTAMP = "ESM-TIMESTAMP-NEEDS-AT-TIMESTAMP", Evidence::Inferred, &[Op::CreateEventSourceMapping],
        "a StartingPositionTimestamp without StartingPosition AT_TIMESTAMP answers 400 InvalidParameterValueException";
    DYNAMODB_NO_AT_TIMESTAMP = "ESM-DYNAMODB-NO-AT-TIMESTAMP", Evidence::Recorded("ESM-008"), &[Op::CreateEventSourceMapping],
        "a DynamoDB stream mapping does not support AT_TIMESTAMP: 400 InvalidParameterValueException";
    TIMESTAMP_VALID = "ESM-TIMESTAMP-VALID", Evidence::Recorded("ESM-024"), &[Op::CreateEventSourceMapping],
        "a negative StartingPositionTimestamp answers 400 InvalidParameterValueException";
    SQS_BATCH_WINDOW = "ESM-SQS-BATCH-WINDOW", Evidence::Recorded("ESM-017"), ESM_WRITE,
        "an SQS BatchSize over 10 needs a MaximumBatchingWindowInSeconds over 0, else 400 InvalidParameterValueException";
    SQS_QUEUE_EXISTS = "ESM-SQS-QUEUE-EXISTS",
        Evidence::Recorded("localstack:test_esm_with_not_existing_sqs_queue"),
        &[Op::CreateEventSourceMapping],
        "a mapping of an SQS queue that does not exist answers 400 InvalidParameterValueException quoting SQS's error, after the function is looked up";
    STREAM_EXISTS = "ESM-STREAM-EXISTS",
        Evidence::Recorded("localstack:test_esm_with_not_existing_kinesis_stream"),
        &[Op::CreateEventSourceMapping],
        "a mapping of a Kinesis or DynamoDB stream that does not exist answers 400 InvalidParameterValueException: Stream not found";
    SQS_NO_DESTINATION = "ESM-SQS-NO-DESTINATION", Evidence::Recorded("localstack:test_event_source_mapping_exceptions"), &[Op::CreateEventSourceMapping],
        "an SQS mapping with a DestinationConfig answers 400 InvalidParameterValueException, before the function is looked up";
    MAPPING_UNIQUE = "ESM-UNIQUE", Evidence::Recorded("ESM-019"), &[Op::CreateEventSourceMapping],
        "a second mapping of the same event source and function answers 409 ResourceConflictException";
    FILTER_PATTERN = "ESM-FILTER-PATTERN", Evidence::Recorded("localstack:test_sqs_invalid_event_filter"), ESM_WRITE,
        "a filter pattern that is not a JSON object of objects and non-empty lists answers 400 InvalidParameterValueException";
    CREATE_MAPPING = "ESM-CREATE", Evidence::Recorded("ESM-011"), &[Op::CreateEventSourceMapping],
        "CreateEventSourceMapping answers 202 with State Creating and the source kind's defaults";
    MAPPING_MUST_EXIST = "ESM-EXISTS", Evidence::Recorded("ESM-001"),
        &[Op::GetEventSourceMapping, Op::UpdateEventSourceMapping, Op::DeleteEventSourceMapping, Op::TagResource, Op::UntagResource, Op::ListTags],
        "an operation on a mapping that does not exist answers 404 ResourceNotFoundException";
    GET_MAPPING = "ESM-GET", Evidence::Recorded("ESM-026"), &[Op::GetEventSourceMapping],
        "GetEventSourceMapping answers 200 with State Enabled or Disabled";
    UPDATE_MAPPING = "ESM-UPDATE", Evidence::Documented("UpdateEventSourceMapping responseCode 202"), &[Op::UpdateEventSourceMapping],
        "UpdateEventSourceMapping answers 202 with State Updating, Enabling or Disabling";
    DELETE_MAPPING = "ESM-DELETE", Evidence::Recorded("ESM-025"), &[Op::DeleteEventSourceMapping],
        "DeleteEventSourceMapping answers 202 with the mapping in State Deleting";
    LIST_MAPPINGS = "ESM-LIST", Evidence::Recorded("ESM-002"), &[Op::ListEventSourceMappings],
        "ListEventSourceMappings lists the mappings its filters select, none when they name nothing";

    ROLE_ASSUMABLE = "FN-ROLE-ASSUMABLE",
        Evidence::Documented("AWS's answer as quoted in public reports (pulumi/pulumi-aws-native#148, epam/aws-syndicate#63): 400 InvalidParameterValueException, 'The role defined for the function cannot be assumed by Lambda.'"),
        &[Op::CreateFunction, Op::UpdateFunctionConfiguration],
        "a Role that does not exist, or whose trust policy does not let lambda.amazonaws.com assume it, answers 400 InvalidParameterValueException";
    VPC_SECURITY_GROUPS_EXIST = "FN-VPC-SECURITY-GROUPS-EXIST",
        Evidence::Recorded("localstack:test_invalid_vpc_config_security_group"),
        &[Op::CreateFunction, Op::UpdateFunctionConfiguration],
        "a VpcConfig naming a security group that does not exist answers 400 InvalidParameterValueException quoting EC2's InvalidGroup.NotFound; groups are looked up before subnets";
    VPC_SUBNETS_EXIST = "FN-VPC-SUBNETS-EXIST",
        Evidence::Recorded("localstack:test_invalid_vpc_config_subnet"),
        &[Op::CreateFunction, Op::UpdateFunctionConfiguration],
        "a VpcConfig naming a subnet that does not exist answers 400 InvalidParameterValueException quoting EC2's InvalidSubnetID.NotFound";

    // ---------- invocation ----------
    PAYLOAD_LIMIT = "INV-PAYLOAD-LIMIT",
        Evidence::Documented("Invoke payload limits (API reference); RequestEntityTooLargeException as quoted from AWS in public reports"),
        &[Op::Invoke, Op::InvokeAsync],
        "a payload over the invocation type's limit (6 MB synchronous, 1 MB Event, 256 KB InvokeAsync) answers 413 RequestEntityTooLargeException";
    PAYLOAD_IS_JSON = "INV-PAYLOAD-JSON",
        Evidence::Documented("recorded on AWS by LocalStack (test_lambda_invoke_payload_encoding_error): 400 InvalidRequestContentException"),
        &[Op::Invoke],
        "a payload that is not JSON answers 400 InvalidRequestContentException";
    RESERVED_ZERO_THROTTLES = "CONC-ZERO-THROTTLES",
        Evidence::Documented("LocalStack snapshot recorded against AWS: tests/aws/services/lambda_/test_lambda.snapshot.json TestLambdaConcurrency::test_reserved_concurrency (exc_no_cap_requestresponse)"),
        &[Op::Invoke],
        "a synchronous Invoke of a function with reserved concurrency 0 answers 429 TooManyRequestsException";
    INVOKE_EVENT = "INV-EVENT", Evidence::Recorded("INV-002"), &[Op::Invoke],
        "an Event Invoke answers 202 with an empty body and no executed-version header";
    INVOKE_DRY_RUN = "INV-DRY-RUN", Evidence::Recorded("INV-003"), &[Op::Invoke],
        "a DryRun Invoke answers 204 with an empty body";
    INVOKE_SYNC = "INV-SYNC", Evidence::Recorded("INV-001"), &[Op::Invoke],
        "a synchronous Invoke answers 200 with the handler's result and X-Amz-Executed-Version the version that ran";
    INVOKE_RUNS_CODE = "INV-RUNS-CODE", Evidence::Recorded("INV-004"), &[Op::Invoke],
        "a synchronous Invoke runs the deployed handler: a handler that returns nothing answers `null`, not the event";
    INVOKE_FUNCTION_ERROR = "INV-FUNCTION-ERROR", Evidence::Recorded("INV-005"), &[Op::Invoke],
        "a handler that raises answers 200 with X-Amz-Function-Error Unhandled and the runtime's error payload (errorType, errorMessage)";
    INVOKE_TIMEOUT = "INV-TIMEOUT", Evidence::Recorded("INV-006"), &[Op::Invoke],
        "a handler that runs past its Timeout answers 200 with X-Amz-Function-Error Unhandled and errorType Sandbox.Timedout, 'Task timed out after N.00 seconds'";
    INVOKE_RESPONSE_LIMIT = "INV-RESPONSE-LIMIT", Evidence::Recorded("INV-007"), &[Op::Invoke],
        "a handler whose result is over 6 MB answers 200 with X-Amz-Function-Error Unhandled and errorType Function.ResponseSizeTooLarge";
    INVOKE_LOG_TAIL = "INV-LOG-TAIL",
        Evidence::Documented("Invoke API reference (LogType Tail: X-Amz-Log-Result, the last 4 KB of the execution log, base64); developer guide, Lambda logs with the AWS CLI (START, END and REPORT lines)"),
        &[Op::Invoke],
        "a synchronous Invoke with LogType Tail answers X-Amz-Log-Result: base64 of the last 4 KB of the log, with what the handler wrote between its START and REPORT lines";
    INVOKE_CONTEXT = "INV-CONTEXT",
        Evidence::Documented("developer guide: the Lambda context object in Python and Node.js (function name, version, invoked ARN, memory limit, request id)"),
        &[Op::Invoke],
        "the handler's context names the function, the version that runs, the ARN it was invoked by and its memory size";
    INVOKE_ASYNC = "INV-ASYNC", Evidence::Documented("INV-012"), &[Op::InvokeAsync],
        "InvokeAsync answers 202 with Status 202";

    // ---------- tags ----------
    TAG_RESOURCE_PATTERN = "TAG-RESOURCE-PATTERN",
        Evidence::Recorded("localstack:test_tag_exceptions"),
        TAGGING,
        "a Resource that is not a taggable Lambda ARN answers 400 ValidationException quoting the pattern";
    TAGS_REQUIRED = "TAG-TAGS-REQUIRED", Evidence::Inferred, &[Op::TagResource],
        "TagResource without Tags answers 400 ValidationException (null member)";
    TAG_UNQUALIFIED = "TAG-NOT-QUALIFIED",
        Evidence::Recorded("localstack:test_tag_versions"),
        TAGGING,
        "tags on a version or alias ARN answer 400 InvalidParameterValueException, before existence";
    CAPACITY_PROVIDER_EXISTS = "TAG-CAPACITY-PROVIDER-EXISTS",
        api_snapshot!("TestLambdaTag::test_tag_exceptions[capacity_provider]"),
        TAGGING,
        "tags on a capacity provider that does not exist answer 404 ResourceNotFoundException";
    CODE_SIGNING_CONFIG_EXISTS = "TAG-CODE-SIGNING-CONFIG-EXISTS", Evidence::Inferred, TAGGING,
        "tags on a code signing configuration that does not exist answer 404 ResourceNotFoundException";
    RESOURCE_TAGGABLE = "TAG-RESOURCE-TAGGABLE", Evidence::Inferred, TAGGING,
        "tags on a layer answer 404 ResourceNotFoundException: the resource does not exist";
    TAGS_NOT_EMPTY = "TAG-TAGS-NOT-EMPTY", api_snapshot!("TestLambdaTags::test_tag_exceptions (tag_empty_tags)"), &[Op::TagResource],
        "TagResource with an empty Tags map answers 400 InvalidParameterValueException";
    TAG_LIMIT = "TAG-LIMIT", api_snapshot!("TestLambdaTags::test_tag_limits"), &[Op::TagResource, Op::CreateFunction],
        "a resource carries at most 50 tags, else 400 InvalidParameterValueException";
    TAG_RESOURCE = "TAG-ADD", api_snapshot!("TestLambdaTag::test_tag_lifecycle[lambda_function]"), &[Op::TagResource],
        "TagResource answers 204 and adds or overwrites the given tags, and a function gets a new RevisionId";
    TAG_KEYS_REQUIRED = "TAG-KEYS-REQUIRED", api_snapshot!("TestLambdaTags::test_tag_exceptions (untag_empty_keys)"), &[Op::UntagResource],
        "UntagResource with no TagKeys answers 400 ValidationException (null member)";
    UNTAG_RESOURCE = "TAG-REMOVE", api_snapshot!("TestLambdaTag::test_tag_lifecycle[lambda_function]"), &[Op::UntagResource],
        "UntagResource answers 204 and removes the keys that are set, ignoring the others";
    LIST_TAGS = "TAG-LIST", api_snapshot!("TestLambdaTags::test_tag_exceptions, TestLambdaTags::test_tag_lifecycle"), &[Op::ListTags],
        "ListTags answers 200 with the resource's tags, {} when it has none";

    // ---------- reserved concurrency ----------
    CONCURRENCY_REQUIRED = "CONC-VALUE-REQUIRED", Evidence::Inferred, &[Op::PutFunctionConcurrency],
        "PutFunctionConcurrency without ReservedConcurrentExecutions answers 400 ValidationException";
    CONCURRENCY_MIN = "CONC-VALUE-MIN", Evidence::Inferred, &[Op::PutFunctionConcurrency],
        "a negative ReservedConcurrentExecutions answers 400 ValidationException";
    CONCURRENCY_UNQUALIFIED = "CONC-UNQUALIFIED",
        Evidence::Recorded("localstack:test_function_concurrency_exceptions"),
        CONCURRENCY,
        "reserved concurrency is set on the function only: a qualified name answers 400 InvalidParameterValueException";
    UNRESERVED_MIN = "CONC-UNRESERVED-MIN",
        api_snapshot!("TestLambdaReservedConcurrency::test_function_concurrency_limits; minimum 100 from the PutFunctionConcurrency API reference"),
        &[Op::PutFunctionConcurrency],
        "a reservation that leaves fewer than 100 unreserved executions answers 400 InvalidParameterValueException without Type";
    PUT_CONCURRENCY = "CONC-PUT", api_snapshot!("TestLambdaReservedConcurrency::test_function_concurrency"), &[Op::PutFunctionConcurrency],
        "PutFunctionConcurrency answers 200 echoing the reserved value, 0 included";
    GET_CONCURRENCY = "CONC-GET",
        Evidence::Documented("LocalStack snapshot recorded against AWS: tests/aws/services/lambda_/test_lambda.snapshot.json TestLambdaConcurrency::test_lambda_concurrency_crud"),
        &[Op::GetFunctionConcurrency],
        "GetFunctionConcurrency answers 200 with the reserved value, {} when none is set";
    DELETE_CONCURRENCY = "CONC-DELETE",
        api_snapshot!("TestLambdaReservedConcurrency::test_function_concurrency (delete_response)"),
        &[Op::DeleteFunctionConcurrency],
        "DeleteFunctionConcurrency answers 204 and removes the reservation";

    // ---------- front-end validation (the schemas; answered by the oracle's validation) ----------
    SCHEMA_CONSTRAINTS = "VAL-SCHEMA-CONSTRAINTS", Evidence::Recorded("FMT-003"), &Op::ALL,
        "a member that breaks its constraint in the service model (length, range, pattern, enum, required) answers 400 ValidationException before any lookup";
    RUNTIME_ENUM = "VAL-RUNTIME-ENUM", Evidence::Recorded("VAL-018"), CONFIGURE,
        "a Runtime outside the service model's enum answers 400 InvalidParameterValueException listing the valid runtimes";

    // ---------- pagination ----------
    MARKER_VALID = "PAGE-MARKER-VALID", Evidence::Inferred, LISTS,
        "a Marker the endpoint did not hand out answers 400 InvalidParameterValueException";

    // ---------- requests that race ----------
    RACE_SERIAL_ORDER = "RACE-SERIAL-ORDER",
        Evidence::Documented("API reference: with RevisionId, UpdateFunctionConfiguration, PublishVersion, UpdateAlias and AddPermission apply only if it matches, \"to avoid modifying a function that has changed since you last read it\""),
        &[Op::UpdateFunctionConfiguration, Op::PublishVersion, Op::UpdateAlias, Op::AddPermission],
        "requests sent at once with one RevisionId are applied one at a time: every answer, and what a read shows afterwards, are those of some serial order (at most one of them succeeds where the first changes the RevisionId; a 409 ResourceConflictException may stand for any but the first)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_every_declared_rule_once() {
        assert_eq!(
            all().len(),
            DECLARED,
            "a declared rule is missing from all()"
        );
        for (i, a) in all().iter().enumerate() {
            for b in &all()[i + 1..] {
                assert!(!std::ptr::eq(*a, *b), "{} is listed twice", a.id);
                assert_ne!(a.id, b.id, "two rules share the id {}", a.id);
            }
        }
    }

    #[test]
    fn by_id_finds_the_static_itself() {
        for r in all() {
            assert!(by_id(r.id).is_some_and(|found| std::ptr::eq(found, *r)));
        }
        assert!(std::ptr::eq(
            by_id("FN-EXISTS").expect("declared"),
            &FUNCTION_MUST_EXIST
        ));
        assert!(by_id("FN-006").is_none());
    }
}
