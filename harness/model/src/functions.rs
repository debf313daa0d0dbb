//! CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode,
//! UpdateFunctionConfiguration, DeleteFunction, ListFunctions.

use crate::errors::ApiError;
use crate::input::{Input, decode_blob};
use crate::lookup::{FUNCTION_REVISION_MESSAGE, resolve};
use crate::names::{is_alias_name, is_version_number};
use crate::pagination::paginate;
use crate::render::{View, function_configuration};
use crate::rules;
use crate::state::{FnConfig, Function, VpcConfig};
use crate::tags::check_create_tags;
use crate::unordered::Unordered;
use crate::{Evidence, Fault, Model, Outcome, Response};
use base64::Engine;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// VAL-018 (recorded): runtimes AWS lets you create functions with (plus ruby4.0, inferred: newer).
const CREATABLE_RUNTIMES: &[&str] = &[
    "nodejs20.x",
    "python3.14",
    "provided.al2023",
    "python3.12",
    "python3.13",
    "nodejs24.x",
    "nodejs22.x",
    "java25",
    "python3.10",
    "python3.11",
    "java21",
    "ruby3.3",
    "ruby3.4",
    "ruby3.2",
    "python3.8",
    "python3.9",
    "java17",
    "nodejs16.x",
    "dotnet10",
    "dotnet8",
    "java11",
    "dotnet6",
    "nodejs18.x",
    "provided.al2",
    "java8.al2",
    "ruby4.0",
];

/// VAL-019 (recorded): model-enum runtimes rejected as deprecated.
const DEPRECATED_RUNTIMES: &[&str] = &[
    "nodejs",
    "nodejs4.3",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "java8",
    "python2.7",
    "python3.6",
    "python3.7",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "nodejs4.3-edge",
    "go1.x",
    "ruby2.5",
    "ruby2.7",
    "provided",
];

/// VAL-028 (recorded): the unzipped size a package must stay below.
const MAX_UNZIPPED_BYTES: u64 = 262_144_000;

/// The total size of a zip's entries once unzipped, as its central directory
/// declares them (0 when it cannot be read: the upload is judged elsewhere).
fn unzipped_size(bytes: &[u8]) -> u64 {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return 0;
    };
    (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|e| e.size()))
        .fold(0u64, u64::saturating_add)
}

/// VAL-026 (recorded): largest inline zip.
const MAX_ZIP_BYTES: usize = 52_428_800;

/// Code of a function: bytes' hash and size.
struct Code {
    sha256: String,
    size: u64,
    /// The catalogue's test function, when the package is one.
    package: Option<crate::handlers::TestFunction>,
}

impl Model {
    /// CreateFunction → 201 FunctionConfiguration.
    pub(crate) fn create_function(&mut self, input: &Input) -> Outcome {
        let raw = input.req("FunctionName");
        let parsed = self.parse_name(raw)?;
        if let Some(account) = &parsed.account
            && *account != self.config.account
        {
            // recorded (LocalStack test_function_arns): 403, nothing created; the
            // message is not recorded (LocalStack skips it), this wording is ours
            return Err(ApiError::other(
                "AccessDeniedException",
                format!("The function ARN {raw} names another account than the caller's"),
                &rules::FUNCTION_SAME_ACCOUNT,
            ));
        }
        let name = parsed.name;
        // Which of these AWS checks first when several fail is not recorded:
        // the first answers, as an inference (unordered.rs).
        let mut checks = Unordered::new();
        checks.check(check_limits(input));
        if name.len() > 64 {
            // VAL-005 (recorded): validation wording under code InvalidParameterValueException
            checks.check::<()>(Err(ApiError::invalid(
                format!(
                    "1 validation error detected: Value '{raw}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64"
                ),
                &rules::FUNCTION_NAME_LENGTH,
            )));
        }
        let runtime = input.str("Runtime").map(str::to_string);
        if let Some(rt) = &runtime {
            checks.check(check_runtime(rt));
        }
        // recorded (LocalStack TestLambdaImages, test_lambda_image_crud and
        // test_lambda_image_and_image_config_crud): PackageType Image with
        // Code.ImageUri needs no Runtime and Handler
        let image = image_from(input);
        if image.is_none() && (runtime.is_none() || input.str("Handler").is_none()) {
            // inferred: Zip functions need both (wording as AWS/LocalStack report it)
            checks.check::<()>(Err(ApiError::invalid(
                "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
                &rules::RUNTIME_AND_HANDLER,
            )));
        }
        let environment = checks.check(check_environment(input));
        checks.check(self.check_layers(input));
        let code = checks.check(match &image {
            Some(image) => Ok(image_code(&image.uri)),
            None => code_from(input.obj("Code").map(Input), false, self.served()),
        });
        checks.check(check_create_tags(input));
        checks.check(self.check_role(input.str("Role"), false));
        let vpc = checks.check(self.vpc_config(input, false));
        if self.functions.contains_key(&name) {
            // inferred (emulators README: AWS 409): wording as AWS words it
            checks.check::<()>(Err(ApiError::conflict(
                format!("Function already exist: {name}"),
                &rules::FUNCTION_NAME_UNIQUE,
            )));
        }
        checks.finish()?;
        let (
            Some(environment),
            Some(code),
            Some(Vpc {
                config: vpc,
                presumed,
            }),
        ) = (environment, code, vpc)
        else {
            unreachable!("every check passed, so each gave its value");
        };
        let now = self.now_ms();
        let revision = self.new_revision();
        let mut logging = Map::new();
        // recorded (localstack lifecycle snapshot): default LoggingConfig
        logging.insert("LogFormat".into(), json!("Text"));
        logging.insert("LogGroup".into(), json!(format!("/aws/lambda/{name}")));
        if let Some(given) = input.obj("LoggingConfig") {
            for (k, v) in given {
                logging.insert(k.clone(), v.clone());
            }
        }
        let latest = FnConfig {
            runtime,
            role: input.req("Role").to_string(),
            handler: input.str("Handler").map(str::to_string),
            description: input.str("Description").unwrap_or("").to_string(),
            // documented: Timeout defaults to 3 s, MemorySize to 128 MB
            timeout: self.stored_timeout(input.int("Timeout").unwrap_or(3)),
            memory: input.int("MemorySize").unwrap_or(128),
            environment,
            code_sha256: code.sha256,
            code_size: code.size,
            package: code.package,
            architectures: input
                .value("Architectures")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_else(|| vec![json!("x86_64")]),
            ephemeral_storage: input
                .obj("EphemeralStorage")
                .and_then(|e| e.get("Size"))
                .and_then(Value::as_i64)
                .unwrap_or(512),
            tracing_mode: input
                .obj("TracingConfig")
                .and_then(|t| t.get("Mode"))
                .and_then(Value::as_str)
                .unwrap_or("PassThrough")
                .to_string(),
            snap_start: input
                .obj("SnapStart")
                .and_then(|t| t.get("ApplyOn"))
                .and_then(Value::as_str)
                .unwrap_or("None")
                .to_string(),
            logging,
            dead_letter: input.value("DeadLetterConfig").cloned(),
            kms_key_arn: input.str("KMSKeyArn").map(str::to_string),
            vpc,
            image,
            busy: self.starting(crate::settle::Busy::Creating),
            last_modified_ms: now,
            revision_id: revision,
        };
        let mut function = Function {
            name: name.clone(),
            latest,
            versions: BTreeMap::new(),
            last_version: 0,
            deleted_newest_source: None,
            since_publish: Default::default(),
            revision_after_publish: None,
            aliases: BTreeMap::new(),
            policies: BTreeMap::new(),
            // recorded on AWS: CreateFunction's Tags show in GetFunction and ListTags
            // (LocalStack snapshot TestLambdaTag::test_create_tag_on_fn_create)
            tags: input.obj("Tags").cloned().unwrap_or_default(),
            reserved_concurrency: None,
        };
        if self.has(Fault::DeleteLeavesAliases)
            && let Some(old) = self.orphan_aliases.remove(&name)
        {
            function.aliases = old;
        }
        self.functions.insert(name.clone(), function);
        if input.bool("Publish") == Some(true) {
            // recorded (VER-003's recording, LocalStack TestLambdaVersions::
            // test_publish_version_on_create `create_response`, 2025-11-25; the same in
            // test_notfound_and_invalid_routingconfigs): the answer is $LATEST's
            // configuration (unqualified FunctionArn, $LATEST's RevisionId) with
            // Version "1", and version 1 exists
            let n = self.publish_new_version(&name, None);
            let f = &self.functions[&name];
            let mut body = self.render_latest(f, false, View::Full);
            body["Version"] = json!(n.to_string());
            return Ok(
                Response::json(201, body, &rules::CREATE_FUNCTION).with_evidence(if presumed {
                    Evidence::Inferred
                } else {
                    Evidence::Recorded("localstack:test_publish_version_on_create")
                }),
            );
        }
        let f = &self.functions[&name];
        let body = self.render_latest(f, false, View::Full);
        // documented: CreateFunction success code 201
        let response = Response::json(201, body, &rules::CREATE_FUNCTION);
        Ok(if presumed {
            response.with_evidence(Evidence::Inferred)
        } else {
            response
        })
    }

    /// GetFunction → 200 {Configuration, Code, Tags?, Concurrency?}.
    pub(crate) fn get_function(&mut self, input: &Input) -> Outcome {
        let (config, name) = self.read_configuration(input)?;
        let f = self
            .functions
            .get(&name)
            .or_else(|| self.graveyard.get(&name));
        let tags = f.map(|f| f.tags.clone()).unwrap_or_default();
        let reserved = f.and_then(|f| f.reserved_concurrency);
        let sha = config["CodeSha256"].as_str().unwrap_or("").to_string();
        let image_uri = f.and_then(|f| {
            std::iter::once(&f.latest)
                .chain(f.versions.values().map(|v| &v.config))
                .find(|c| c.code_sha256 == sha)
                .and_then(|c| c.image.as_ref())
                .map(|i| i.uri.clone())
        });
        let mut body = json!({
            "Configuration": config,
            // recorded (localstack lifecycle snapshot): Code {Location, RepositoryType S3}
            "Code": {
                "RepositoryType": "S3",
                "Location": format!(
                    "https://awslambda-{r}-tasks.s3.{r}.amazonaws.com/snapshots/{}/{name}-{}",
                    self.config.account,
                    hex_prefix(&sha),
                    r = self.config.region
                ),
            },
        });
        if let Some(uri) = image_uri {
            // recorded (LocalStack test_lambda_image_crud, get-function-code-response):
            // an image's Code is in ECR
            body["Code"] = json!({
                "RepositoryType": "ECR",
                "ImageUri": uri,
                "ResolvedImageUri": format!("{}@sha256:{sha}", uri.split(':').next().unwrap_or(&uri)),
            });
        }
        if !tags.is_empty() {
            // documented: GetFunctionResponse.Tags when the function is tagged; recorded on AWS
            // (LocalStack snapshot TestLambdaTags::test_tag_lifecycle): no Tags member at all
            // once the last tag is removed, nor on a function never tagged
            body["Tags"] = Value::Object(tags);
        }
        if let Some(n) = reserved {
            // recorded on AWS (LocalStack snapshot test_lambda.snapshot.json
            // TestLambdaConcurrency::test_lambda_concurrency_update): Concurrency when reserved,
            // absent otherwise (TestLambdaTags::test_tag_lifecycle); shown for every qualifier,
            // as it applies to the whole function (documented, PutFunctionConcurrency)
            body["Concurrency"] = json!({ "ReservedConcurrentExecutions": n });
        }
        if self.has(Fault::StaleReadAfterDelete) {
            self.graveyard.remove(&name);
        }
        let response = Response::json(200, body, &rules::GET_FUNCTION);
        let of_version = config["Version"].as_str().is_some_and(|v| v != "$LATEST");
        if reserved.is_some() && of_version {
            // inferred: the recordings show Concurrency for the unqualified function only;
            // whether a version's or an alias's GetFunction shows it is not recorded
            return Ok(response.with_evidence(Evidence::Inferred));
        }
        Ok(response)
    }

    /// GetFunctionConfiguration → 200 FunctionConfiguration.
    pub(crate) fn get_function_configuration(&mut self, input: &Input) -> Outcome {
        let (config, name) = self.read_configuration(input)?;
        if self.has(Fault::StaleReadAfterDelete) {
            self.graveyard.remove(&name);
        }
        Ok(Response::json(
            200,
            config,
            &rules::GET_FUNCTION_CONFIGURATION,
        ))
    }

    /// Shared lookup of GetFunction/GetFunctionConfiguration.
    fn read_configuration(&self, input: &Input) -> Result<(Value, String), ApiError> {
        let mut t = self.target(input, input.str("Qualifier"))?;
        if self.has(Fault::QualifierIgnoredOnGet) {
            t.qualifier = None;
        }
        let q = t.qualifier.as_deref();
        let f = match self.functions.get(&t.name) {
            Some(f) => f,
            None => match self.graveyard.get(&t.name) {
                Some(f) => f,
                // FN-006/FN-016 (recorded): the message carries the qualifier when one was given
                None => {
                    return Err(self
                        .function_not_found(&t.name, q, &rules::FUNCTION_MUST_EXIST)
                        .with_evidence(Evidence::Recorded("FN-016")));
                }
            },
        };
        let Some(r) = resolve(f, q) else {
            // FN-010 (recorded): missing version / alias
            return Err(self.function_not_found(&t.name, q, &rules::QUALIFIER_MUST_EXIST));
        };
        // ALI-023 (recorded): alias → alias ARN but the version's configuration and RevisionId
        let arn = self.qualified_arn(&t.name, q);
        let body = function_configuration(
            r.config,
            &f.name,
            &arn,
            &r.version,
            &self.config.region,
            View::Full,
        );
        Ok((body, t.name))
    }

    /// UpdateFunctionCode → 200 FunctionConfiguration.
    pub(crate) fn update_function_code(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        self.function_or_404(&name)?;
        self.check_not_busy(&name)?;
        let is_image = self.functions[&name].latest.image.is_some();
        let new_image = input.str("ImageUri").map(str::to_string);
        let code = match (is_image, &new_image) {
            (true, Some(uri)) => image_code(uri),
            // recorded (LocalStack test_lambda_image_crud, image-to-zipfile-error)
            (true, None) => {
                return Err(ApiError::invalid(
                    "Please provide ImageUri when updating a function with packageType Image.",
                    &rules::IMAGE_NEEDS_IMAGE_URI,
                ));
            }
            // UPD-007 (recorded)
            (false, Some(_)) => {
                return Err(ApiError::invalid(
                    "Please don't provide ImageUri when updating a function with packageType Zip.",
                    &rules::ZIP_NO_IMAGE_URI,
                ));
            }
            (false, None) => code_from(Some(*input), true, self.served())?,
        };
        let current = self.functions[&name].latest.revision_id.clone();
        // UPD-006 (recorded)
        let given = input
            .str("RevisionId")
            .filter(|_| !self.has(Fault::CodeUpdateRevisionIgnored));
        self.check_revision(
            given,
            &current,
            FUNCTION_REVISION_MESSAGE,
            &rules::FUNCTION_REVISION_MATCHES,
        )?;
        if input.bool("DryRun") == Some(true) {
            // inferred: a dry run validates and changes nothing
            let f = &self.functions[&name];
            let mut body = self.render_latest(f, false, View::Full);
            body["CodeSha256"] = json!(code.sha256);
            body["CodeSize"] = json!(code.size);
            return Ok(Response::json(200, body, &rules::UPDATE_CODE_DRY_RUN));
        }
        let architectures = input
            .value("Architectures")
            .and_then(Value::as_array)
            .cloned();
        let busy = self.starting(crate::settle::Busy::Updating);
        self.mutate_latest(&name, |c| {
            c.busy = busy;
            c.code_sha256 = code.sha256;
            c.code_size = code.size;
            c.package = code.package;
            if let (Some(image), Some(uri)) = (c.image.as_mut(), new_image) {
                image.uri = uri;
            }
            if let Some(a) = architectures {
                c.architectures = a;
            }
        });
        // recorded (moto's AWS-verified test_update_function_zip, moto PR 8379): after
        // an UpdateFunctionCode with the same zip, PublishVersion (or Publish=True)
        // publishes a new version; AWS does not compare the code
        self.functions
            .get_mut(&name)
            .expect("checked")
            .since_publish
            .updated = true;
        if input.bool("Publish") == Some(true) {
            // INV-013 (recorded): Publish=True publishes a version; response describes it (inferred)
            let (n, evidence) = self.publish_or_reuse(&name, None);
            let response = self.version_response(&name, n, 200);
            return Ok(match evidence {
                Some(e) => response.with_evidence(e),
                None => response,
            });
        }
        let body = self.render_latest(&self.functions[&name], false, View::Full);
        // UPD-002 (recorded): new CodeSha256 and RevisionId at once
        Ok(Response::json(200, body, &rules::UPDATE_FUNCTION_CODE))
    }

    /// UpdateFunctionConfiguration → 200 FunctionConfiguration.
    pub(crate) fn update_function_configuration(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        self.function_or_404(&name)?;
        self.check_not_busy(&name)?;
        check_limits(input)?;
        if let Some(rt) = input.str("Runtime") {
            check_runtime(rt)?;
        }
        let environment = check_environment(input)?;
        self.check_layers(input)?;
        self.check_role(input.str("Role"), true)?;
        let Vpc {
            config: vpc,
            presumed,
        } = self.vpc_config(input, true)?;
        let current = self.functions[&name].latest.revision_id.clone();
        // UPD-006 (recorded): same 412 for UpdateFunctionConfiguration
        self.check_revision(
            input.str("RevisionId"),
            &current,
            FUNCTION_REVISION_MESSAGE,
            &rules::FUNCTION_REVISION_MATCHES,
        )?;
        let members = input.0.clone();
        let kept_description = self.functions[&name].latest.description.clone();
        let clamped = self.has(Fault::TimeoutClamped);
        let clamp = |t: i64| if clamped { t.min(300) } else { t };
        let busy = self.starting(crate::settle::Busy::Updating);
        self.mutate_latest(&name, |c| {
            c.busy = busy;
            let i = Input(&members);
            if let Some(v) = i.str("Runtime") {
                c.runtime = Some(v.to_string());
            }
            if let Some(v) = i.str("Role") {
                c.role = v.to_string();
            }
            if let Some(v) = i.str("Handler") {
                c.handler = Some(v.to_string());
            }
            if let Some(v) = i.str("Description") {
                c.description = v.to_string();
            }
            if let Some(v) = i.int("Timeout") {
                c.timeout = clamp(v);
            }
            if let Some(v) = i.int("MemorySize") {
                c.memory = v;
            }
            if environment.is_some() {
                c.environment = environment;
            }
            if let Some(v) = i
                .obj("TracingConfig")
                .and_then(|t| t.get("Mode"))
                .and_then(Value::as_str)
            {
                c.tracing_mode = v.to_string();
            }
            if let Some(v) = i
                .obj("EphemeralStorage")
                .and_then(|t| t.get("Size"))
                .and_then(Value::as_i64)
            {
                c.ephemeral_storage = v;
            }
            if let Some(v) = i
                .obj("SnapStart")
                .and_then(|t| t.get("ApplyOn"))
                .and_then(Value::as_str)
            {
                c.snap_start = v.to_string();
            }
            if let Some(l) = i.obj("LoggingConfig") {
                for (k, v) in l {
                    c.logging.insert(k.clone(), v.clone());
                }
            }
            if let Some(v) = i.value("DeadLetterConfig") {
                c.dead_letter = Some(v.clone());
            }
            if let Some(v) = i.str("KMSKeyArn") {
                c.kms_key_arn = Some(v.to_string());
            }
            if vpc.is_some() {
                c.vpc = vpc;
            }
            // recorded (LocalStack test_lambda_image_and_image_config_crud): ImageConfig
            // replaces an image function's, and `{}` clears it
            if let (Some(image), Some(given)) = (c.image.as_mut(), i.obj("ImageConfig")) {
                image.config = (!given.is_empty()).then(|| Value::Object(given.clone()));
            }
        });
        let body = self.render_latest(&self.functions[&name], false, View::Full);
        if self.has(Fault::DescriptionUpdateLost)
            && let Some(f) = self.functions.get_mut(&name)
        {
            f.latest.description = kept_description;
        }
        // UPD-001/003 (recorded): new values and a new RevisionId, even for a redundant update
        let response = Response::json(200, body, &rules::UPDATE_FUNCTION_CONFIGURATION);
        Ok(if presumed {
            response.with_evidence(Evidence::Inferred)
        } else {
            response
        })
    }

    /// DeleteFunction → 204 (FN-004).
    pub(crate) fn delete_function(&mut self, input: &Input) -> Outcome {
        let t = self.target(input, input.str("Qualifier"))?;
        match t.qualifier.as_deref() {
            // FN-015 (recorded): checked before existence
            Some("$LATEST") => Err(ApiError::invalid(
                "$LATEST version cannot be deleted without deleting the function.",
                &rules::DELETE_NOT_LATEST,
            )),
            // FN-017 (recorded): alias-like qualifiers are rejected before existence
            Some(q) if is_alias_name(q) => Err(ApiError::invalid(
                "Deletion of aliases is not currently supported.",
                &rules::DELETE_NOT_ALIAS,
            )),
            Some(q) => self.delete_version(&t.name, q),
            None => {
                // FN-005/FN-008 (recorded): not idempotent
                self.function_or_404(&t.name)
                    .map_err(|e| e.with_evidence(Evidence::Recorded("FN-008")))?;
                let f = self.functions.remove(&t.name).expect("checked");
                if self.has(Fault::DeleteLeavesAliases) {
                    self.orphan_aliases
                        .insert(t.name.clone(), f.aliases.clone());
                }
                if self.has(Fault::EsmDeletedWithFunction) {
                    let arn = self.function_arn(&t.name);
                    self.esms.retain(|e| {
                        e.function_arn != arn && !e.function_arn.starts_with(&format!("{arn}:"))
                    });
                }
                if self.has(Fault::StaleReadAfterDelete) {
                    self.graveyard.insert(t.name.clone(), f);
                }
                // FN-004 / ESM-012 (recorded): 204, versions/aliases/policies go, mappings stay;
                // tags and reserved concurrency go with the function (ListTags is 404 after a
                // delete: LocalStack snapshot recorded against AWS, TestLambdaTags::test_tag_lifecycle)
                Ok(Response::empty(204, &rules::DELETE_FUNCTION))
            }
        }
    }

    /// DeleteFunction with a version qualifier.
    fn delete_version(&mut self, name: &str, q: &str) -> Outcome {
        // VAL-014 (recorded): missing function → message without the qualifier
        let f = self.functions.get(name).ok_or_else(|| {
            self.function_not_found(name, None, &rules::FUNCTION_MUST_EXIST)
                .with_evidence(Evidence::Recorded("VAL-014"))
        })?;
        let n = q.parse::<u64>().ok().filter(|_| is_version_number(q));
        let Some(n) = n.filter(|n| f.versions.contains_key(n)) else {
            if let Some(n) = n {
                // recorded (LocalStack TestLambdaFunction::test_delete_on_nonexisting_version,
                // 2025-11-25): deleting a version number that never existed, on a
                // function that does, succeeds, again and again; one that existed and
                // was deleted is another situation (not recorded)
                let evidence = if n > f.last_version {
                    Evidence::Recorded("localstack:test_delete_on_nonexisting_version")
                } else {
                    Evidence::Inferred
                };
                return Ok(Response::empty(204, &rules::DELETE_VERSION).with_evidence(evidence));
            }
            // inferred: a qualifier that is no version number and no alias of it
            return Err(self
                .function_not_found(name, Some(q), &rules::QUALIFIER_MUST_EXIST)
                .with_evidence(Evidence::Inferred));
        };
        let users: Vec<&str> = f
            .aliases
            .iter()
            .filter(|(_, a)| {
                a.function_version == q || a.routing.as_ref().is_some_and(|w| w.contains_key(q))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        if !users.is_empty() && !self.has(Fault::DeleteAliasedVersion) {
            // documented (API reference, DeleteFunction: a version an alias references
            // cannot be deleted); 409 and the wording from live reports quoting AWS, which
            // name aliases whose FunctionVersion it is: one that only routes weight to it
            // is inferred to count alike
            let primary = f.aliases.values().any(|a| a.function_version == q);
            let e = ApiError::conflict(
                format!(
                    "Unable to delete version because the following aliases reference it: [{}]",
                    users.join(", ")
                ),
                &rules::DELETE_VERSION_UNALIASED,
            );
            return Err(if primary {
                e
            } else {
                e.with_evidence(Evidence::Inferred)
            });
        }
        let f = self.functions.get_mut(name).expect("checked");
        if let Some(v) = f.versions.remove(&n)
            && n == f.last_version
        {
            f.deleted_newest_source = Some(v.source);
        }
        f.policies.remove(q);
        // documented: deleting a version deletes only that version
        Ok(Response::empty(204, &rules::DELETE_VERSION))
    }

    /// ListFunctions → 200 {Functions, NextMarker?}.
    pub(crate) fn list_functions(&mut self, input: &Input) -> Outcome {
        let all = input.str("FunctionVersion") == Some("ALL")
            && !self.has(Fault::ListFunctionsIgnoresAll);
        let mut items = Vec::new();
        for f in self.functions.values() {
            // LIST-001 (recorded): unqualified ARN by default; LIST-002: qualified with ALL
            items.push((
                format!("{}\u{1}", f.name),
                self.render_latest(f, all, View::List),
            ));
            if all {
                for (n, v) in &f.versions {
                    let arn = self.qualified_arn(&f.name, Some(&n.to_string()));
                    let body = function_configuration(
                        &v.config,
                        &f.name,
                        &arn,
                        &n.to_string(),
                        &self.config.region,
                        View::List,
                    );
                    items.push((format!("{}\u{1}{n:020}", f.name), body));
                }
            }
        }
        let page = paginate(self, items, input, 50)?;
        Ok(page.into_response("Functions", &rules::LIST_FUNCTIONS))
    }

    /// Renders $LATEST; `qualified` adds `:$LATEST` to the ARN.
    pub(crate) fn render_latest(&self, f: &Function, qualified: bool, view: View) -> Value {
        let arn = if qualified {
            self.qualified_arn(&f.name, Some("$LATEST"))
        } else {
            self.function_arn(&f.name)
        };
        function_configuration(
            &f.latest,
            &f.name,
            &arn,
            "$LATEST",
            &self.config.region,
            view,
        )
    }

    /// The Timeout a function keeps for the one asked (fault `timeout-clamped`: at most 300).
    fn stored_timeout(&self, asked: i64) -> i64 {
        if self.has(Fault::TimeoutClamped) {
            asked.min(300)
        } else {
            asked
        }
    }

    /// Applies a change to $LATEST: new RevisionId and LastModified.
    pub(crate) fn mutate_latest(&mut self, name: &str, change: impl FnOnce(&mut FnConfig)) {
        let now = self.now_ms();
        let revision = self.new_revision();
        let backwards = self.has(Fault::LastModifiedBackwards);
        let f = self.functions.get_mut(name).expect("caller checked");
        let before = f.latest.fingerprint();
        change(&mut f.latest);
        // recorded (moto's AWS-verified test_update_configuration): a configuration
        // change publishes anew; an update that changes nothing is not recorded
        if f.latest.fingerprint() == before {
            f.since_publish.touched = true;
        } else {
            f.since_publish.updated = true;
        }
        f.latest.revision_id = revision;
        f.latest.last_modified_ms = if backwards {
            f.latest.last_modified_ms - 1000
        } else {
            now
        };
    }

    /// VAL-029/030/032 (recorded): the model has no layers, so every layer is missing.
    fn check_layers(&self, input: &Input) -> Result<(), ApiError> {
        let Some(layers) = input.value("Layers").and_then(Value::as_array) else {
            return Ok(());
        };
        let arns: Vec<&str> = layers.iter().filter_map(Value::as_str).collect();
        // The model knows no layer, so every layer it is asked about may not exist;
        // the region and two-versions refusals were recorded with existing layers
        // (VAL-032, VAL-029), and which AWS checks first for a missing layer is
        // not recorded: those two are inferred here. VAL-030 (a missing layer) is not.
        for arn in &arns {
            let region = arn.split(':').nth(3).unwrap_or("");
            if region != self.config.region {
                return Err(ApiError::invalid(
                    format!(
                        "Layers are not in the same region as the function. Layers are expected to be in region {}.",
                        self.config.region
                    ),
                    &rules::LAYER_SAME_REGION,
                )
                .with_evidence(Evidence::Inferred));
            }
        }
        for (i, a) in arns.iter().enumerate() {
            let base = a.rsplit_once(':').map(|(b, _)| b).unwrap_or(a);
            if let Some(b) = arns[i + 1..]
                .iter()
                .find(|b| b.rsplit_once(':').map(|(x, _)| x) == Some(base))
            {
                return Err(ApiError::invalid(
                    format!(
                        "Two different versions of the same layer are not allowed to be referenced in the same function. {a} and {b} are versions of the same layer."
                    ),
                    &rules::LAYER_ONE_VERSION,
                )
                .with_evidence(Evidence::Inferred));
            }
        }
        if let Some(a) = arns.first() {
            return Err(ApiError::invalid(
                format!("Layer version {a} does not exist."),
                &rules::LAYER_MUST_EXIST,
            ));
        }
        Ok(())
    }
}

/// Limits the schema cannot express: Timeout ≤ 900, MemorySize ≤ 10240.
fn check_limits(input: &Input) -> Result<(), ApiError> {
    if let Some(t) = input.int("Timeout").filter(|t| *t > 900) {
        // documented limit 900 s; wording from AWS errors quoted in public reports (covidatlas/li#575)
        return Err(ApiError::validation(
            format!(
                "1 validation error detected: Value '{t}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"
            ),
            &rules::TIMEOUT_MAX,
        ));
    }
    if input.int("MemorySize").is_some_and(|m| m > 10_240) {
        // documented limit 10240 MB; non-standard wording and code from public reports
        // (alexcasalboni/aws-lambda-power-tuning#224, remotion template#6)
        return Err(ApiError::validation(
            "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240",
            &rules::MEMORY_MAX,
        ));
    }
    Ok(())
}

/// VAL-018/019 (recorded): runtime must be creatable.
fn check_runtime(rt: &str) -> Result<(), ApiError> {
    if CREATABLE_RUNTIMES.contains(&rt) {
        return Ok(());
    }
    if DEPRECATED_RUNTIMES.contains(&rt) {
        return Err(ApiError::invalid(
            format!(
                "The runtime parameter of {rt} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions."
            ),
            &rules::RUNTIME_NOT_DEPRECATED,
        ));
    }
    Err(ApiError::invalid(
        unknown_runtime_message(rt),
        &rules::RUNTIME_KNOWN,
    ))
}

/// VAL-018 (recorded): AWS's answer to a Runtime it does not know, listing
/// the runtimes that can be created today in AWS's order (the recorded ones:
/// the last entry of the list, ruby4.0, is inferred and not in the text).
pub fn unknown_runtime_message(rt: &str) -> String {
    let list = CREATABLE_RUNTIMES[..CREATABLE_RUNTIMES.len() - 1].join(", ");
    format!(
        "Value {rt} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [{list}] or be a valid ARN"
    )
}

/// VAL-025 (recorded): compact JSON of the variables ≤ 4096 bytes.
fn check_environment(input: &Input) -> Result<Option<Map<String, Value>>, ApiError> {
    let Some(env) = input.obj("Environment") else {
        return Ok(None);
    };
    let vars = env
        .get("Variables")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let compact = serde_json::to_string(&vars).unwrap_or_default();
    if compact.len() > 4096 {
        return Err(ApiError::invalid(
            format!(
                "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {compact}"
            ),
            &rules::ENVIRONMENT_SIZE,
        ));
    }
    Ok(Some(vars))
}

/// Reads the zip from Code (create) or the top level (update); code in S3 is
/// read from `served` S3 when the model serves it.
fn code_from(
    code: Option<Input>,
    update: bool,
    served: Option<&crate::neighbours::Neighbours>,
) -> Result<Code, ApiError> {
    let Some(code) = code else {
        return Err(no_code());
    };
    if let Some(zip) = code.str("ZipFile") {
        let bytes = decode_blob(zip);
        if bytes.len() > MAX_ZIP_BYTES {
            // VAL-026 (recorded)
            return Err(ApiError::other(
                "RequestEntityTooLargeException",
                format!("Zipped size must be smaller than {MAX_ZIP_BYTES} bytes"),
                &rules::ZIP_SIZE,
            ));
        }
        return zip_code(&bytes);
    }
    if let (Some(bucket), Some(key)) = (code.str("S3Bucket"), code.str("S3Key")) {
        let Some(s3) = served else {
            // inferred: the endpoint's S3 is not visible to the model, which
            // answers as if the bucket were missing
            return Err(
                s3_refusal("NoSuchBucket", "The specified bucket does not exist")
                    .with_evidence(Evidence::Inferred),
            );
        };
        return match s3.object(bucket, key) {
            // recorded (LocalStack test_lambda_code_location_s3_errors,
            // 2025-11-25): S3's code and message quoted, bucket and key not named
            Err(miss) => Err(s3_refusal(miss.code, miss.message)),
            // reported, not recorded: a non-zip object fails as an uploaded one
            Ok(bytes) => zip_code(bytes).map_err(|e| {
                if e.rule.id == rules::CODE_IS_ZIP.id {
                    e.with_evidence(Evidence::Inferred)
                } else {
                    e
                }
            }),
        };
    }
    if !update && code.str("ImageUri").is_some() {
        // inferred: Zip is the only package type the model supports
        return Err(ApiError::invalid(
            "Please don't provide ImageUri when creating a function with packageType Zip.",
            &rules::ZIP_NO_IMAGE_URI,
        )
        .with_evidence(Evidence::Inferred));
    }
    Err(no_code())
}

impl Model {
    /// Whether Lambda can assume the execution role, where the model knows
    /// the endpoint's IAM (else presumed). On UpdateFunctionConfiguration
    /// the answer is inferred.
    fn check_role(&self, role: Option<&str>, update: bool) -> Result<(), ApiError> {
        if role.and_then(|r| self.role_unassumable(r)) != Some(true) {
            return Ok(());
        }
        let refusal = ApiError::invalid(
            "The role defined for the function cannot be assumed by Lambda.",
            &rules::ROLE_ASSUMABLE,
        );
        Err(if update {
            refusal.with_evidence(Evidence::Inferred)
        } else {
            refusal
        })
    }

    /// The VpcConfig a request sets, if any: its security groups, then its
    /// subnets, looked up in EC2 where the model serves it and EC2 was used
    /// here (else presumed to exist); the VPC is the first subnet's.
    fn vpc_config(&self, input: &Input, update: bool) -> Result<Vpc, ApiError> {
        let Some(given) = input.obj("VpcConfig") else {
            return Ok(Vpc::default());
        };
        let ids = |key: &str| -> Vec<String> {
            given
                .get(key)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (subnets, security_groups) = (ids("SubnetIds"), ids("SecurityGroupIds"));
        let ipv6_dual_stack = given
            .get("Ipv6AllowedForDualStack")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let config = |vpc_id: String| VpcConfig {
            subnets: subnets.clone(),
            security_groups: security_groups.clone(),
            vpc_id,
            ipv6_dual_stack,
        };
        // recorded (LocalStack test_vpc_config): no subnets, no VPC
        let Some(first) = subnets.first() else {
            return Ok(Vpc {
                config: Some(config(String::new())),
                presumed: false,
            });
        };
        let Some(ec2) = self.served().map(|n| &n.ec2).filter(|e| e.used) else {
            // EC2 is not visible: its subnets and groups are presumed to exist
            // (AWS refuses missing ones), the VPC id is made up: inferred
            let digest = Sha256::digest(first.as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            return Ok(Vpc {
                config: Some(config(format!("vpc-{}", &hex[..17]))),
                presumed: true,
            });
        };
        // recorded on CreateFunction (LocalStack test_invalid_vpc_config_security_group
        // and test_invalid_vpc_config_subnet, 2025-11-25): security groups are looked
        // up first, one missing id quoted; on UpdateFunctionConfiguration, or with
        // several missing (how EC2 words that is not recorded), inferred
        let scope = |e: ApiError, missing: usize| {
            if update || missing > 1 {
                e.with_evidence(Evidence::Inferred)
            } else {
                e
            }
        };
        let missing: Vec<&String> = security_groups
            .iter()
            .filter(|g| !ec2.groups.contains_key(*g))
            .collect();
        if let Some(group) = missing.first() {
            return Err(scope(
                ApiError::invalid(
                    format!(
                        "Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound. EC2 Error Message: The security group '{group}' does not exist"
                    ),
                    &rules::VPC_SECURITY_GROUPS_EXIST,
                ),
                missing.len(),
            ));
        }
        let missing: Vec<&String> = subnets
            .iter()
            .filter(|s| !ec2.subnets.contains_key(*s))
            .collect();
        if let Some(subnet) = missing.first() {
            return Err(scope(
                ApiError::invalid(
                    format!(
                        "Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error Message: The subnet ID '{subnet}' does not exist"
                    ),
                    &rules::VPC_SUBNETS_EXIST,
                ),
                missing.len(),
            ));
        }
        Ok(Vpc {
            config: Some(config(ec2.subnets[first].vpc.clone())),
            presumed: false,
        })
    }
}

/// The VpcConfig a request sets, and whether its subnets and groups were
/// only presumed to exist (the answer is then inferred).
#[derive(Default)]
struct Vpc {
    config: Option<VpcConfig>,
    presumed: bool,
}

/// Lambda's answer to code it could not read from S3.
fn s3_refusal(code: &str, message: &str) -> ApiError {
    ApiError::invalid(
        format!(
            "Error occurred while GetObject. S3 Error Code: {code}. S3 Error Message: {message}"
        ),
        &rules::CODE_S3_OBJECT_EXISTS,
    )
}

/// The code identity of a zip package, or why it is refused.
fn zip_code(bytes: &[u8]) -> Result<Code, ApiError> {
    if !is_zip(bytes) {
        // recorded on AWS by LocalStack (test_create_lambda_exceptions, invalid_zip_exc, 2024-03-12)
        return Err(ApiError::invalid(
            "Could not unzip uploaded file. Please check your file, then try to upload again.",
            &rules::CODE_IS_ZIP,
        ));
    }
    if unzipped_size(bytes) >= MAX_UNZIPPED_BYTES {
        // VAL-028 (recorded, a zip from S3; for an inline zip LocalStack's
        // test_oversized_lambda recorded the same answer in 2022)
        return Err(ApiError::invalid(
            format!("Unzipped size must be smaller than {MAX_UNZIPPED_BYTES} bytes"),
            &rules::UNZIPPED_SIZE,
        ));
    }
    let digest = Sha256::digest(bytes);
    Ok(Code {
        // documented: CodeSha256 is base64(sha256(package))
        sha256: base64::engine::general_purpose::STANDARD.encode(digest),
        size: bytes.len() as u64,
        package: crate::handlers::TestFunction::identify(bytes),
    })
}

/// The image of a CreateFunction with PackageType Image and Code.ImageUri.
fn image_from(input: &Input) -> Option<crate::state::Image> {
    if input.str("PackageType") != Some("Image") {
        return None;
    }
    let uri = input.obj("Code")?.get("ImageUri")?.as_str()?;
    Some(crate::state::Image {
        uri: uri.to_string(),
        config: input
            .obj("ImageConfig")
            .filter(|c| !c.is_empty())
            .map(|c| Value::Object(c.clone())),
    })
}

/// An image's code identity. AWS's CodeSha256 is the digest of the image
/// manifest in the registry (hex), which the model cannot see: it uses the
/// digest of the URI (inferred), and CodeSize 0 (recorded for images).
fn image_code(uri: &str) -> Code {
    let digest = Sha256::digest(uri.as_bytes());
    Code {
        sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        size: 0,
        package: None,
    }
}

/// Whether bytes start like a zip archive (a local file header, or the end
/// record of an empty archive).
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

fn no_code() -> ApiError {
    // inferred
    ApiError::invalid(
        "Please provide a source for function code.",
        &rules::CODE_REQUIRED,
    )
}

fn hex_prefix(sha_b64: &str) -> String {
    sha_b64
        .bytes()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}
