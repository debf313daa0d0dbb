//! Event source mappings: Create/Get/Update/Delete/ListEventSourceMappings.

use crate::errors::ApiError;
use crate::input::Input;
use crate::lookup::resolve;
use crate::pagination::paginate;
use crate::rules;
use crate::state::{Esm, SourceKind};
use crate::unordered::Unordered;
use crate::{Evidence, Fault, Model, Outcome, Response};
use serde_json::{Map, Value, json};

/// ESM-001 (recorded): unknown UUID.
const NOT_FOUND: &str = "The resource you requested does not exist.";

/// Members copied from Create/Update requests when given.
const PASSTHROUGH: &[&str] = &[
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "FunctionResponseTypes",
    "FilterCriteria",
    "ScalingConfig",
    "DestinationConfig",
    "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError",
    "MaximumRetryAttempts",
    "ParallelizationFactor",
    "TumblingWindowInSeconds",
    "KMSKeyArn",
    "MetricsConfig",
];

impl Model {
    /// CreateEventSourceMapping → 202 with State Creating (ESM-011).
    pub(crate) fn create_event_source_mapping(&mut self, input: &Input) -> Outcome {
        let source = input.str("EventSourceArn").unwrap_or("");
        let Some(kind) = SourceKind::of(source) else {
            // ESM-003 (recorded): checked before the function; recorded without an
            // EventSourceArn only: what AWS says of an ARN of another service is not
            let refusal =
                ApiError::invalid("Unrecognized event source.", &rules::EVENT_SOURCE_KNOWN);
            return Err(if source.is_empty() {
                refusal
            } else {
                refusal.with_evidence(Evidence::Inferred)
            });
        };
        if kind == SourceKind::Sqs && input.value("DestinationConfig").is_some() {
            // recorded (LocalStack TestLambdaEventSourceMappings::
            // test_event_source_mapping_exceptions `destination_config_failure`,
            // 2025-11-27): checked before the function exists
            return Err(ApiError::invalid(
                "Unsupported DestinationConfig parameter for given event source mapping type.",
                &rules::SQS_NO_DESTINATION,
            ));
        }
        // Which of the checks from here AWS makes first when several fail is
        // not recorded: the first answers, as an inference (unordered.rs).
        let mut checks = Unordered::new();
        let function_arn = checks.check(self.mapping_function_arn(input.req("FunctionName")));
        if kind == SourceKind::Sqs
            && let Some((true, evidence)) = self.queue_missing(source)
        {
            // recorded (LocalStack test_esm_with_not_existing_sqs_queue,
            // 2025-11-25); the function is looked up first (recorded,
            // test_event_source_mapping_exceptions `create_unknown_params`)
            checks.check::<()>(Err(ApiError::invalid(
                "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.",
                &rules::SQS_QUEUE_EXISTS,
            )
            .with_evidence(evidence)));
        }
        if kind.is_stream() && self.stream_missing(source) == Some(true) {
            // recorded (LocalStack test_esm_with_not_existing_kinesis_stream and
            // test_esm_with_not_existing_dynamodb_stream, 2025-11-25)
            checks.check::<()>(Err(ApiError::invalid(
                format!("Stream not found: {source}"),
                &rules::STREAM_EXISTS,
            )));
        }
        checks.check(self.check_starting_position(kind, source, input));
        let mut fields = Map::new();
        // documented: default BatchSize 10 for SQS, 100 for Kinesis and DynamoDB streams
        let default_batch = if kind == SourceKind::Sqs { 10 } else { 100 };
        fields.insert("BatchSize".into(), json!(default_batch));
        fields.insert("MaximumBatchingWindowInSeconds".into(), json!(0));
        fields.insert("FunctionResponseTypes".into(), json!([]));
        if kind.is_stream() {
            // ESM-011 (recorded): stream defaults
            fields.insert(
                "StartingPosition".into(),
                json!(input.req("StartingPosition")),
            );
            if let Some(ts) = input.value("StartingPositionTimestamp") {
                fields.insert("StartingPositionTimestamp".into(), ts.clone());
            }
            fields.insert("ParallelizationFactor".into(), json!(1));
            fields.insert("LastProcessingResult".into(), json!("No records processed"));
            fields.insert("StateTransitionReason".into(), json!("User action"));
            fields.insert("DestinationConfig".into(), json!({ "OnFailure": {} }));
            fields.insert("MaximumRecordAgeInSeconds".into(), json!(-1));
            fields.insert("BisectBatchOnFunctionError".into(), json!(false));
            fields.insert("MaximumRetryAttempts".into(), json!(-1));
            fields.insert("TumblingWindowInSeconds".into(), json!(0));
        } else {
            // inferred (AWS CloudTrail sample in the docs): SQS reason USER_INITIATED
            fields.insert("StateTransitionReason".into(), json!("USER_INITIATED"));
        }
        copy_members(&mut fields, input, kind);
        checks.check(check_batching(kind, &fields));
        checks.check(check_filters(input, kind));
        if let Some(existing) = self.esms.iter().find(|e| {
            e.event_source_arn == source && function_arn.as_ref() == Some(&e.function_arn)
        }) {
            let name = input.req("FunctionName");
            checks.check::<()>(Err(if kind.is_stream() {
                // ESM-019 (recorded)
                ApiError::conflict(
                    format!(
                        "The event source arn (\" {source} \") and function (\" {name} \") provided mapping already exists. Please update or delete the existing mapping with UUID {}",
                        existing.uuid
                    ),
                    &rules::MAPPING_UNIQUE,
                )
            } else {
                // inferred: SQS variant of the duplicate-mapping conflict
                ApiError::conflict(
                    format!(
                        "An event source mapping with SQS arn (\" {source} \") and function (\" {name} \") already exists. Please update or delete the existing mapping with UUID {}",
                        existing.uuid
                    ),
                    &rules::MAPPING_UNIQUE,
                )
                .with_evidence(Evidence::Inferred)
            }));
        }
        checks.finish()?;
        let Some(function_arn) = function_arn else {
            unreachable!("every check passed, so the function was found");
        };
        let esm = Esm {
            seq: self.requests,
            uuid: self.ids.uuid(),
            kind,
            event_source_arn: source.to_string(),
            function_arn: function_arn.clone(),
            enabled: input.bool("Enabled").unwrap_or(true),
            fields,
            last_modified_ms: self.now_ms(),
            // recorded on AWS: CreateEventSourceMapping's Tags show in ListTags on the mapping ARN
            // (LocalStack snapshot TestLambdaTag::test_create_tag_on_esm_create)
            tags: input.obj("Tags").cloned().unwrap_or_default(),
        };
        // recorded (LocalStack test_fifo_message_group_parallelism, create_esm_disabled):
        // a mapping created disabled answers State Disabled at once (SQS; inferred for streams)
        let state = if esm.enabled { "Creating" } else { "Disabled" };
        let body = self.render_esm(&esm, state);
        let disabled_stream = !esm.enabled && kind.is_stream();
        self.esms.push(esm);
        // ESM-011 (recorded): 202, State Creating
        let response = Response::json(202, body, &rules::CREATE_MAPPING);
        let response = if disabled_stream {
            response.with_evidence(Evidence::Inferred)
        } else {
            response
        };
        // inferred: stream-only members on an SQS mapping are ignored (no recording); an
        // OnSuccess destination on a stream source is not recorded either (ESM-011 set
        // OnFailure, and the API reference says OnSuccess is not supported here).
        let on_success = input
            .value("DestinationConfig")
            .and_then(|d| d.get("OnSuccess"))
            .is_some();
        // inferred: AWS deletes a mapping asynchronously (ESM-025: State Deleting), so one
        // of this source and function deleted in this sequence may still be there.
        let same_deleted = self
            .deleted_esm_pairs
            .contains(&(source.to_string(), function_arn.clone()));
        Ok(
            if (kind == SourceKind::Sqs && STREAM_ONLY.iter().any(|k| input.value(k).is_some()))
                || on_success
                || same_deleted
            {
                response.with_evidence(Evidence::Inferred)
            } else {
                response
            },
        )
    }

    /// GetEventSourceMapping → 200 with State Enabled/Disabled (ESM-026).
    pub(crate) fn get_event_source_mapping(&mut self, input: &Input) -> Outcome {
        let esm = self.esm_or_404(input.req("UUID"))?;
        let state = if esm.enabled { "Enabled" } else { "Disabled" };
        Ok(Response::json(
            200,
            self.render_esm(esm, state),
            &rules::GET_MAPPING,
        ))
    }

    /// UpdateEventSourceMapping → 202 with State Updating/Enabling/Disabling.
    pub(crate) fn update_event_source_mapping(&mut self, input: &Input) -> Outcome {
        let uuid = input.req("UUID").to_string();
        let esm = self.esm_or_404(&uuid)?.clone();
        let function_arn = match input.str("FunctionName") {
            Some(n) => self.mapping_function_arn(n)?,
            None => esm.function_arn.clone(),
        };
        let mut fields = esm.fields.clone();
        copy_members(&mut fields, input, esm.kind);
        // ESM-017 (recorded): same rule on update, with the stored window
        check_batching(esm.kind, &fields)?;
        check_filters(input, esm.kind)?;
        let enabled = input.bool("Enabled").unwrap_or(esm.enabled);
        // inferred: transitional state names of an update
        let state = match (esm.enabled, enabled) {
            (true, false) => "Disabling",
            (false, true) => "Enabling",
            _ => "Updating",
        };
        let now = self.now_ms();
        let stored = self
            .esms
            .iter_mut()
            .find(|e| e.uuid == uuid)
            .expect("checked");
        stored.fields = fields;
        stored.function_arn = function_arn;
        stored.enabled = enabled;
        stored.last_modified_ms = now;
        let stored = stored.clone();
        // documented: UpdateEventSourceMapping responseCode 202
        let response = Response::json(202, self.render_esm(&stored, state), &rules::UPDATE_MAPPING);
        // inferred, as on create: stream-only members (and OnSuccess) on an SQS mapping
        let unrecorded = (esm.kind == SourceKind::Sqs
            && STREAM_ONLY.iter().any(|k| input.value(k).is_some()))
            || input
                .value("DestinationConfig")
                .and_then(|d| d.get("OnSuccess"))
                .is_some();
        Ok(if unrecorded {
            response.with_evidence(Evidence::Inferred)
        } else {
            response
        })
    }

    /// DeleteEventSourceMapping → 202 with the mapping in State Deleting (ESM-025).
    pub(crate) fn delete_event_source_mapping(&mut self, input: &Input) -> Outcome {
        let uuid = input.req("UUID");
        let esm = self.esm_or_404(uuid)?.clone();
        // inferred: the mapping disappears at once (AWS: asynchronously)
        self.esms.retain(|e| e.uuid != uuid);
        self.deleted_esms.insert(uuid.to_string());
        self.deleted_esm_pairs
            .insert((esm.event_source_arn.clone(), esm.function_arn.clone()));
        Ok(Response::json(
            202,
            self.render_esm(&esm, "Deleting"),
            &rules::DELETE_MAPPING,
        ))
    }

    /// ListEventSourceMappings → 200 {EventSourceMappings, NextMarker?}.
    pub(crate) fn list_event_source_mappings(&mut self, input: &Input) -> Outcome {
        let source = input
            .str("EventSourceArn")
            .filter(|_| !self.has(Fault::MappingListIgnoresSource));
        let function = match input.str("FunctionName") {
            Some(n) => {
                let r = self.parse_name(n)?;
                Some(self.qualified_arn(&r.name, r.qualifier.as_deref()))
            }
            None => None,
        };
        let items = self
            .esms
            .iter()
            // ESM-002 (recorded): filters naming nothing give an empty list
            .filter(|e| source.is_none_or(|s| e.event_source_arn == s))
            .filter(|e| function.as_ref().is_none_or(|f| e.function_arn == *f))
            .map(|e| {
                let state = if e.enabled { "Enabled" } else { "Disabled" };
                (format!("{:020}", e.seq), self.render_esm(e, state))
            })
            .collect();
        // recorded (scenarios digest): at most 100 per page
        let page = paginate(self, items, input, 100)?;
        let response = page.into_response("EventSourceMappings", &rules::LIST_MAPPINGS);
        // inferred after a delete: AWS removes a mapping asynchronously (ESM-025: State
        // Deleting), so the list may still show it for a while.
        let deleted_may_show = self.deleted_esm_pairs.iter().any(|(s, f)| {
            source.is_none_or(|x| x == s) && function.as_ref().is_none_or(|x| x == f)
        });
        Ok(if deleted_may_show {
            response.with_evidence(Evidence::Inferred)
        } else {
            response
        })
    }

    fn esm_or_404(&self, uuid: &str) -> Result<&Esm, ApiError> {
        self.esms.iter().find(|e| e.uuid == uuid).ok_or_else(|| {
            // ESM-001 (recorded) for an unknown UUID; inferred right after a delete,
            // since AWS removes mappings asynchronously (ESM-025: State Deleting).
            let e = ApiError::not_found(NOT_FOUND, &rules::MAPPING_MUST_EXIST);
            if self.deleted_esms.contains(uuid) {
                e.with_evidence(Evidence::Inferred)
            } else {
                e
            }
        })
    }

    /// The FunctionArn a mapping stores; ESM-004 (recorded) when the function is missing.
    fn mapping_function_arn(&self, raw: &str) -> Result<String, ApiError> {
        let r = self.parse_name(raw)?;
        let exists = self
            .functions
            .get(&r.name)
            .is_some_and(|f| resolve(f, r.qualifier.as_deref()).is_some());
        if !exists {
            return Err(ApiError::invalid(
                "Function does not exist",
                &rules::MAPPING_FUNCTION_EXISTS,
            ));
        }
        Ok(self.qualified_arn(&r.name, r.qualifier.as_deref()))
    }

    fn check_starting_position(
        &self,
        kind: SourceKind,
        source: &str,
        input: &Input,
    ) -> Result<(), ApiError> {
        let position = input.str("StartingPosition");
        let timestamp = input.value("StartingPositionTimestamp");
        if kind == SourceKind::Sqs {
            if position.is_some() || timestamp.is_some() {
                // inferred (AWS-recorded in localstack esm test_api snapshot)
                return Err(ApiError::invalid(
                    "StartingPosition is not valid for SQS event sources.",
                    &rules::SQS_NO_STARTING_POSITION,
                ));
            }
            return Ok(());
        }
        let Some(position) = position else {
            // ESM-006 (recorded)
            return Err(ApiError::invalid(
                "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
                &rules::STREAM_STARTING_POSITION,
            ));
        };
        if position != "AT_TIMESTAMP" && timestamp.is_some() {
            // inferred (AWS-recorded in localstack esm test_api snapshot)
            return Err(ApiError::invalid(
                "Timestamp only valid with StartingPosition AT_TIMESTAMP",
                &rules::TIMESTAMP_NEEDS_AT_TIMESTAMP,
            ));
        }
        if position == "AT_TIMESTAMP" {
            if kind == SourceKind::DynamoDb {
                // ESM-008 (recorded)
                return Err(ApiError::invalid(
                    format!("Unsupported starting position for arn type: {source}"),
                    &rules::DYNAMODB_NO_AT_TIMESTAMP,
                ));
            }
            if timestamp.and_then(Value::as_f64).is_some_and(|t| t < 0.0) {
                // ESM-024 (recorded)
                return Err(ApiError::invalid(
                    "Received Exception while reading from provided stream. class java.lang.Long can not be converted to a Timestamp",
                    &rules::TIMESTAMP_VALID,
                ));
            }
        }
        Ok(())
    }

    /// EventSourceMappingConfiguration in wire form.
    fn render_esm(&self, esm: &Esm, state: &str) -> Value {
        let mut m = esm.fields.clone();
        m.insert("UUID".into(), json!(esm.uuid));
        m.insert("EventSourceArn".into(), json!(esm.event_source_arn));
        m.insert("FunctionArn".into(), json!(esm.function_arn));
        // documented: LastModified is a timestamp (epoch seconds in JSON)
        m.insert(
            "LastModified".into(),
            json!(esm.last_modified_ms as f64 / 1000.0),
        );
        m.insert("State".into(), json!(state));
        // ESM-011 (recorded)
        m.insert(
            "EventSourceMappingArn".into(),
            json!(format!(
                "arn:aws:lambda:{}:{}:event-source-mapping:{}",
                self.config.region, self.config.account, esm.uuid
            )),
        );
        Value::Object(m)
    }
}

/// Members only stream sources take.
const STREAM_ONLY: &[&str] = &[
    "DestinationConfig",
    "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError",
    "MaximumRetryAttempts",
    "ParallelizationFactor",
    "TumblingWindowInSeconds",
];

/// Copies given members; stream-only members are ignored for SQS (inferred).
fn copy_members(fields: &mut Map<String, Value>, input: &Input, kind: SourceKind) {
    for key in PASSTHROUGH {
        if kind == SourceKind::Sqs && STREAM_ONLY.contains(key) {
            continue;
        }
        if let Some(v) = input.value(key) {
            fields.insert((*key).to_string(), v.clone());
        }
    }
    // recorded (LocalStack test_create_event_filter_criteria_validation,
    // response-with-empty-filters): an empty filter list is no FilterCriteria
    let no_filters = fields
        .get("FilterCriteria")
        .and_then(|f| f.get("Filters"))
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty);
    if no_filters {
        fields.remove("FilterCriteria");
    }
}

/// Every filter pattern must be a JSON object whose members are objects of
/// the same kind or non-empty lists of match values; anything else answers
/// 400 "Invalid filter pattern definition." (recorded on AWS for SQS and
/// DynamoDB streams: LocalStack test_sqs_invalid_event_filter — `null`, a bare
/// string, a value that is not a list, an empty list — and
/// test_dynamodb_invalid_event_filter — a bare string, malformed JSON).
fn check_filters(input: &Input, kind: SourceKind) -> Result<(), ApiError> {
    fn members_valid(o: &Map<String, Value>) -> bool {
        o.values().all(|v| match v {
            Value::Object(inner) => members_valid(inner),
            Value::Array(values) => !values.is_empty(),
            _ => false,
        })
    }
    let filters = input
        .value("FilterCriteria")
        .and_then(|f| f.get("Filters"))
        .and_then(Value::as_array);
    for filter in filters.into_iter().flatten() {
        let Some(pattern) = filter.get("Pattern").and_then(Value::as_str) else {
            continue;
        };
        let valid = match serde_json::from_str::<Value>(pattern) {
            Ok(Value::Object(o)) => members_valid(&o),
            _ => false,
        };
        if !valid {
            let error =
                ApiError::invalid("Invalid filter pattern definition.", &rules::FILTER_PATTERN);
            // Recorded for SQS and DynamoDB streams only: on Kinesis it is inferred.
            return Err(if kind == SourceKind::Kinesis {
                error.with_evidence(Evidence::Inferred)
            } else {
                error
            });
        }
    }
    Ok(())
}

/// ESM-017 (recorded): SQS BatchSize > 10 needs MaximumBatchingWindowInSeconds > 0.
fn check_batching(kind: SourceKind, fields: &Map<String, Value>) -> Result<(), ApiError> {
    let batch = fields.get("BatchSize").and_then(Value::as_i64).unwrap_or(0);
    let window = fields
        .get("MaximumBatchingWindowInSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if kind == SourceKind::Sqs && batch > 10 && window == 0 {
        return Err(ApiError::invalid(
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
            &rules::SQS_BATCH_WINDOW,
        ));
    }
    Ok(())
}
