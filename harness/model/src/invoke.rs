//! Invoke and InvokeAsync against functions whose handler echoes its event.

use crate::errors::ApiError;
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
            // INV-001 / ALI-024 (recorded): 200, echo, X-Amz-Executed-Version = resolved version
            _ => Ok(echo(payload, &resolved.version)),
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
