//! Invoke and InvokeAsync. A synchronous Invoke answers what the deployed
//! handler does: for the catalogue's test functions (`handlers`) that is known
//! and recorded or documented; for any other code the model echoes the event,
//! as an inference.

use crate::errors::ApiError;
use crate::handlers::{self, Behaviour, Language, TestFunction};
use crate::input::{Input, decode_blob};
use crate::lookup::resolve;
use crate::rules;
use crate::unordered::Unordered;
use crate::{Body, Evidence, Fault, Model, Outcome, Response};
use serde_json::json;

/// documented (Lambda quotas): synchronous invocation payload limit.
const SYNC_LIMIT: usize = 6_291_456;
/// documented (Lambda quotas, raised from 256 KB in Oct 2025): asynchronous payload limit.
const ASYNC_LIMIT: usize = 1_048_576;
/// documented (InvokeAsync reference): 256 KB.
const INVOKE_ASYNC_LIMIT: usize = 262_144;

impl Model {
    /// Invoke → 200 echo (RequestResponse), 202 (Event), 204 (DryRun).
    pub(crate) fn invoke(&mut self, input: &Input) -> Outcome {
        let t = self.target(input, input.str("Qualifier"))?;
        let payload = input.str("Payload").map(decode_blob).unwrap_or_default();
        let kind = input.str("InvocationType").unwrap_or("RequestResponse");
        let f = self.functions.get(&t.name);
        if f.is_none() && self.has(Fault::InvokeMissing200) {
            // the fault bends the missing-function answer: its rule stays
            let mut r = echo(payload, "$LATEST");
            r.rule = Some(&rules::FUNCTION_MUST_EXIST);
            return Ok(r);
        }
        // Which of these AWS checks first when several fail is not recorded:
        // the first answers, as an inference (unordered.rs).
        let mut checks = Unordered::new();
        let resolved = match f {
            None => {
                // INV-009 (recorded): Invoke appends the qualifier, $LATEST by default
                let q = t.qualifier.as_deref().unwrap_or("$LATEST");
                checks.check::<()>(Err(self
                    .function_not_found(&t.name, Some(q), &rules::FUNCTION_MUST_EXIST)
                    .with_evidence(Evidence::Recorded("INV-009"))));
                None
            }
            Some(f) => {
                checks.check(self.check_invocable(&t.name));
                // ALI-025 (recorded)
                checks.check(resolve(f, t.qualifier.as_deref()).ok_or_else(|| {
                    self.function_not_found(
                        &t.name,
                        t.qualifier.as_deref(),
                        &rules::QUALIFIER_MUST_EXIST,
                    )
                    .with_evidence(Evidence::Recorded("ALI-025"))
                }))
            }
        };
        let limit = if kind == "Event" {
            ASYNC_LIMIT
        } else {
            SYNC_LIMIT
        };
        if payload.len() > limit {
            // documented limits (Invoke API reference: 6 MB synchronous, 1 MB asynchronous);
            // code and wording as AWS sends them, quoted in public reports
            // (awslabs/aws-athena-query-federation#793 for 6 MB, ASFHyP3/hyp3#2241 for Event)
            let message = if kind == "Event" {
                format!(
                    "{} byte payload is too large for the Event invocation type (limit {limit} bytes)",
                    payload.len()
                )
            } else {
                format!(
                    "Request must be smaller than {limit} bytes for the InvokeFunction operation"
                )
            };
            checks.check::<()>(Err(ApiError::other(
                "RequestEntityTooLargeException",
                message,
                &rules::PAYLOAD_LIMIT,
            )));
        }
        if !payload.is_empty() && serde_json::from_slice::<serde_json::Value>(&payload).is_err() {
            // recorded by LocalStack's parity tests on AWS (test_lambda_invoke_payload_encoding_error,
            // 2025-11-24): 400 InvalidRequestContentException, Jackson's text after this prefix
            checks.check::<()>(Err(ApiError::other(
                "InvalidRequestContentException",
                "Could not parse request body into json: Could not parse payload into json",
                &rules::PAYLOAD_IS_JSON,
            )));
        }
        let reserved_zero = f.is_some_and(|f| f.reserved_concurrency == Some(0));
        if reserved_zero && kind != "Event" && kind != "DryRun" {
            // recorded on AWS (LocalStack snapshot test_lambda.snapshot.json
            // TestLambdaConcurrency::test_reserved_concurrency): reserved concurrency 0 throttles
            // a synchronous invoke; an Event invoke is still accepted (202, same test); DryRun
            // unchanged (inferred). Every qualifier alike: the setting applies to the whole
            // function (documented, PutFunctionConcurrency).
            checks.check::<()>(Err(ApiError::throttled(
                "ReservedFunctionConcurrentInvocationLimitExceeded",
                "Rate Exceeded.",
                &rules::RESERVED_ZERO_THROTTLES,
            )));
        }
        checks.finish()?;
        let Some(resolved) = resolved else {
            unreachable!("every check passed, so the qualifier resolved");
        };
        match kind {
            // INV-002 (recorded): 202, empty body, no executed-version header
            "Event" => Ok(Response::empty(202, &rules::INVOKE_EVENT)),
            // INV-003 (recorded): 204, empty body; with reserved concurrency 0, inferred
            "DryRun" if reserved_zero => {
                Ok(Response::empty(204, &rules::INVOKE_DRY_RUN).with_evidence(Evidence::Inferred))
            }
            "DryRun" => Ok(Response::empty(204, &rules::INVOKE_DRY_RUN)),
            // INV-001 / ALI-024 (recorded): 200, the handler's result,
            // X-Amz-Executed-Version = resolved version
            _ => {
                let run = Run {
                    package: runnable_package(resolved.config),
                    timeout: resolved.config.timeout,
                    memory: resolved.config.memory,
                    version: resolved.version.clone(),
                    invoked_arn: self.qualified_arn(&t.name, t.qualifier.as_deref()),
                    name: t.name.clone(),
                    request_id: self.invocation_id(),
                };
                let tail = input.str("LogType") == Some("Tail");
                let bends = Bends {
                    code_not_run: self.has(Fault::CodeNotRun),
                    error_type_generic: self.has(Fault::HandlerErrorTypeGeneric),
                    log_unframed: self.has(Fault::LogTailUnframed),
                    limit_unenforced: self.has(Fault::ResponseLimitUnenforced),
                };
                Ok(run.answer(payload, tail, bends))
            }
        }
    }

    /// InvokeAsync → 202 {"Status":202} (INV-012, documented).
    pub(crate) fn invoke_async(&mut self, input: &Input) -> Outcome {
        let t = self.target(input, None)?;
        if !self.functions.contains_key(&t.name) {
            // inferred: same text as the other not-found paths
            return Err(self
                .function_not_found(&t.name, None, &rules::FUNCTION_MUST_EXIST)
                .with_evidence(Evidence::Inferred));
        }
        let args = decode_blob(input.req("InvokeArgs"));
        if args.len() > INVOKE_ASYNC_LIMIT {
            // inferred wording; documented 256 KB limit
            return Err(ApiError::other(
                "RequestEntityTooLargeException",
                format!(
                    "Request must be smaller than {INVOKE_ASYNC_LIMIT} bytes for the InvokeAsync operation"
                ),
                &rules::PAYLOAD_LIMIT,
            )
            .with_evidence(Evidence::Inferred));
        }
        Ok(Response::json(
            202,
            json!({ "Status": 202 }),
            &rules::INVOKE_ASYNC,
        ))
    }
}

/// The test function a configuration runs, when the model knows it: a
/// catalogue package deployed with its handler name on a runtime of its language.
fn runnable_package(c: &crate::state::FnConfig) -> Option<TestFunction> {
    let f = c.package?;
    let runs = c.handler.as_deref() == Some(handlers::HANDLER)
        && c.runtime.as_deref().is_some_and(|r| f.language.runs_on(r));
    runs.then_some(f)
}

/// One synchronous invocation: what ran and what it saw.
struct Run {
    package: Option<TestFunction>,
    timeout: i64,
    memory: i64,
    version: String,
    invoked_arn: String,
    name: String,
    request_id: String,
}

/// Faults that bend what a handler does (an emulator's bugs, `Fault`); a
/// bent answer keeps its rule.
#[derive(Debug, Clone, Copy, Default)]
struct Bends {
    code_not_run: bool,
    error_type_generic: bool,
    log_unframed: bool,
    limit_unenforced: bool,
}

/// documented (Invoke API reference, LogResult): the last 4 KB of the execution log.
const LOG_TAIL_BYTES: usize = 4096;

impl Run {
    /// The response: the handler's result or its error, the executed version,
    /// and with `tail` the end of the log.
    fn answer(&self, payload: Vec<u8>, tail: bool, bends: Bends) -> Response {
        let event = if payload.is_empty() {
            // inferred: an empty payload reaches the handler as {}
            b"{}".to_vec()
        } else {
            payload
        };
        let mut written = Vec::new();
        let behaviour = self.package.map(|p| (p.behaviour, p.language));
        let (body, error, rule, evidence) = match behaviour {
            _ if bends.code_not_run => (event, false, &rules::INVOKE_RUNS_CODE, None),
            Some((Behaviour::Oversized, _)) if bends.limit_unenforced => (
                format!("\"{}\"", "x".repeat(handlers::OVERSIZED_CHARS)).into_bytes(),
                false,
                &rules::INVOKE_RESPONSE_LIMIT,
                None,
            ),
            Some((Behaviour::Raise, _)) if bends.error_type_generic => (
                json!({"errorMessage": handlers::ERROR_MESSAGE, "errorType": "Runtime.HandlerError"})
                    .to_string()
                    .into_bytes(),
                true,
                &rules::INVOKE_FUNCTION_ERROR,
                None,
            ),
            None => (
                event,
                false,
                &rules::INVOKE_SYNC,
                // the model does not know what unknown code returns
                Some(Evidence::Inferred),
            ),
            Some((Behaviour::Echo, _)) => (event, false, &rules::INVOKE_SYNC, None),
            // INV-004 (recorded): a handler that returns nothing answers `null`
            Some((Behaviour::NoReturn, _)) => (b"null".to_vec(), false, &rules::INVOKE_RUNS_CODE, None),
            Some((Behaviour::Log, _)) => {
                written.push(handlers::LOG_LINE.to_string());
                (event, false, &rules::INVOKE_LOG_TAIL, None)
            }
            // INV-005 (recorded for Python; Node.js recorded by LocalStack's
            // test_uncaught_exception_invoke[nodejs20.x], 2026-01-12)
            Some((Behaviour::Raise, language)) => (
                raised(language, &self.request_id),
                true,
                &rules::INVOKE_FUNCTION_ERROR,
                None,
            ),
            Some((Behaviour::Sleep, language)) if self.timeout <= handlers::SLEEP_SECONDS => (
                // INV-006 (recorded for Python 3.12): the sandbox's error, the
                // Timeout with two decimals
                json!({
                    "errorType": "Sandbox.Timedout",
                    "errorMessage": format!(
                        "RequestId: {} Error: Task timed out after {}.00 seconds",
                        self.request_id, self.timeout
                    ),
                })
                .to_string()
                .into_bytes(),
                true,
                &rules::INVOKE_TIMEOUT,
                // not recorded for Node.js; a Timeout equal to the sleep is too close to call
                (language == Language::Node || self.timeout == handlers::SLEEP_SECONDS)
                    .then_some(Evidence::Inferred),
            ),
            Some((Behaviour::Sleep, _)) => (event, false, &rules::INVOKE_TIMEOUT, None),
            // INV-007 (recorded for Python 3.12): not an API error; the limit
            // as AWS words it
            Some((Behaviour::Oversized, language)) => (
                json!({
                    "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
                    "errorType": "Function.ResponseSizeTooLarge",
                })
                .to_string()
                .into_bytes(),
                true,
                &rules::INVOKE_RESPONSE_LIMIT,
                // not recorded for Node.js
                (language == Language::Node).then_some(Evidence::Inferred),
            ),
            // documented (the context object of the Python and Node.js
            // runtimes); recorded (LocalStack test_introspection_invoke,
            // 2026-01-12): a qualified call's invoked_function_arn keeps its
            // qualifier; recorded (test_request_id_invoke, 2025-11-24): the
            // request id is the response's x-amzn-RequestId
            Some((Behaviour::Context, _)) => (
                json!({
                    "function_name": self.name,
                    "function_version": self.version,
                    "memory_limit_in_mb": self.memory,
                    "invoked_function_arn": self.invoked_arn,
                    "aws_request_id": self.request_id,
                })
                .to_string()
                .into_bytes(),
                false,
                &rules::INVOKE_CONTEXT,
                None,
            ),
        };
        let mut headers = vec![
            ("X-Amz-Executed-Version".to_string(), self.version.clone()),
            ("x-amzn-RequestId".to_string(), self.request_id.clone()),
        ];
        if error {
            // INV-005/006/007 (recorded): the function's error is a 200 with this header
            headers.push(("X-Amz-Function-Error".into(), "Unhandled".into()));
        }
        if tail {
            headers.push((
                "X-Amz-Log-Result".into(),
                self.log_tail(&written, bends.log_unframed),
            ));
        }
        let response = Response {
            headers,
            body: Body::Raw(body),
            ..Response::empty(200, rule)
        };
        match evidence {
            Some(e) => response.with_evidence(e),
            None => response,
        }
    }

    /// documented (Invoke API reference: LogType Tail; the Lambda developer
    /// guide's CLI example): base64 of the last 4 KB of the log, which the
    /// runtime frames with START, END and REPORT lines.
    fn log_tail(&self, written: &[String], unframed: bool) -> String {
        use base64::Engine;
        if unframed {
            return base64::engine::general_purpose::STANDARD.encode(written.join("\n"));
        }
        let id = &self.request_id;
        let mut log = format!("START RequestId: {id} Version: {}\n", self.version);
        for line in written {
            log.push_str(line);
            log.push('\n');
        }
        log.push_str(&format!(
            "END RequestId: {id}\nREPORT RequestId: {id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: {} MB\tMax Memory Used: 40 MB\t\n",
            self.memory
        ));
        let bytes = log.as_bytes();
        let tail = &bytes[bytes.len().saturating_sub(LOG_TAIL_BYTES)..];
        base64::engine::general_purpose::STANDARD.encode(tail)
    }
}

/// The error payload of a handler that raised [`handlers::ERROR_MESSAGE`]:
/// recorded for Python (INV-005: errorMessage, errorType, requestId,
/// stackTrace) and Node.js (errorType Error, errorMessage, trace; the trace
/// an array as the developer guide's Node.js errors page shows it).
fn raised(language: Language, request_id: &str) -> Vec<u8> {
    let body = match language {
        Language::Python => json!({
            "errorMessage": handlers::ERROR_MESSAGE,
            "errorType": "Exception",
            "requestId": request_id,
            "stackTrace": ["  File \"/var/task/index.py\", line 3, in handler\n    raise Exception(\"lambda-conformance test error\")\n"],
        }),
        Language::Node => json!({
            "errorType": "Error",
            "errorMessage": handlers::ERROR_MESSAGE,
            "trace": [
                format!("Error: {}", handlers::ERROR_MESSAGE),
                "    at Runtime.exports.handler (/var/task/index.js:3:9)",
            ],
        }),
    };
    body.to_string().into_bytes()
}

/// The echo handler's answer: the event itself ("{}" for an empty payload, inferred).
fn echo(payload: Vec<u8>, version: &str) -> Response {
    let body = if payload.is_empty() {
        b"{}".to_vec()
    } else {
        payload
    };
    Response {
        headers: vec![("X-Amz-Executed-Version".into(), version.to_string())],
        body: Body::Raw(body),
        ..Response::empty(200, &rules::INVOKE_SYNC)
    }
}
