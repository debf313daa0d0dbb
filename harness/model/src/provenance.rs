//! Which operations each recorded AWS scenario was observed on, so that a
//! rule reused for another operation does not claim a recording it lacks.

/// Operations a recorded scenario covers (its own, plus those its notes say
/// behave the same); `(all)` covers every operation.
pub fn recorded_operations(id: &str) -> &'static [&'static str] {
    match id {
        "ALI-001" => &["CreateAlias"],
        "ALI-006" => &["GetAlias"],
        "ALI-007" => &["UpdateAlias"],
        "ALI-008" => &["DeleteAlias"],
        "ALI-011" => &["CreateAlias"],
        "ALI-012" => &["CreateAlias"],
        "ALI-014" => &["CreateAlias"],
        "ALI-019" => &["UpdateAlias"],
        "ALI-022" => &["ListAliases"],
        "ALI-025" => &["Invoke"],
        "ESM-001" => &[
            "GetEventSourceMapping",
            "DeleteEventSourceMapping",
            "UpdateEventSourceMapping",
        ],
        "ESM-002" => &["ListEventSourceMappings"],
        "ESM-003" => &["CreateEventSourceMapping"],
        "ESM-004" => &["CreateEventSourceMapping"],
        "ESM-006" => &["CreateEventSourceMapping"],
        "ESM-008" => &["CreateEventSourceMapping"],
        "ESM-011" => &["CreateEventSourceMapping"],
        "ESM-017" => &["UpdateEventSourceMapping", "CreateEventSourceMapping"],
        "ESM-019" => &["CreateEventSourceMapping"],
        "ESM-024" => &["CreateEventSourceMapping"],
        "ESM-025" => &["DeleteEventSourceMapping"],
        "ESM-026" => &["GetEventSourceMapping"],
        // AWS-verified tests of other projects (docs/evidence.md)
        "moto:test_update_function_zip" => &["PublishVersion", "UpdateFunctionCode"],
        "localstack:test_delete_on_nonexisting_version" => &["DeleteFunction"],
        "localstack:test_publish_version_on_create" => &["CreateFunction"],
        "localstack:test_function_arns" => &["CreateFunction"],
        "localstack:test_lambda_image_crud" => {
            &["CreateFunction", "UpdateFunctionCode", "GetFunction"]
        }
        "localstack:test_sqs_invalid_event_filter" => &["CreateEventSourceMapping"],
        "localstack:test_event_source_mapping_exceptions" => &["CreateEventSourceMapping"],
        "localstack:test_permission_exceptions" => &["AddPermission"],
        "localstack:test_notfound_and_invalid_routingconfigs" => &["CreateAlias"],
        // LocalStack's test_lambda_api.snapshot.json, read call by call (docs/evidence.md)
        "localstack:test_create_lambda_exceptions" => &["CreateFunction"],
        "localstack:test_tag_exceptions" => &["TagResource", "ListTags"],
        "localstack:test_lambda_code_location_s3_errors" => {
            &["CreateFunction", "UpdateFunctionCode"]
        }
        "localstack:test_invalid_vpc_config_security_group" => &["CreateFunction"],
        "localstack:test_invalid_vpc_config_subnet" => &["CreateFunction"],
        "localstack:test_esm_with_not_existing_sqs_queue" => &["CreateEventSourceMapping"],
        // and test_esm_with_not_existing_dynamodb_stream, alike (2025-11-25)
        "localstack:test_esm_with_not_existing_kinesis_stream" => &["CreateEventSourceMapping"],
        "localstack:test_tag_versions" => &["TagResource", "ListTags"],
        "localstack:test_function_concurrency_exceptions" => &["PutFunctionConcurrency"],
        "FMT-002" => &["(all)"],
        "FMT-003" => &["(all)"],
        "FN-004" => &["DeleteFunction"],
        "FN-006" => &["GetFunction"],
        "FN-008" => &["DeleteFunction"],
        "FN-010" => &["GetFunctionConfiguration"],
        "FN-014" => &["DeleteFunction", "GetFunction", "GetFunctionConfiguration"],
        "FN-015" => &["DeleteFunction"],
        "FN-016" => &["GetFunction", "GetFunctionConfiguration"],
        "FN-017" => &["DeleteFunction", "GetFunction", "Invoke"],
        "FN-021" => &["CreateFunction"],
        "INV-001" => &["Invoke"],
        "INV-002" => &["Invoke"],
        "INV-003" => &["Invoke"],
        "INV-004" => &["Invoke"],
        "INV-005" => &["Invoke"],
        "INV-006" => &["Invoke"],
        "INV-007" => &["Invoke"],
        "INV-009" => &["Invoke"],
        "INV-011" => &["Invoke"],
        "INV-012" => &["InvokeAsync"],
        "LIST-001" => &["ListFunctions"],
        "PERM-001" => &["AddPermission"],
        "PERM-002" => &["GetPolicy"],
        "PERM-006" => &["AddPermission"],
        "PERM-007" => &["AddPermission"],
        "PERM-008" => &["GetPolicy"],
        "PERM-009" => &["GetPolicy"],
        "PERM-010" => &["GetPolicy"],
        "PERM-011" => &["AddPermission"],
        "PERM-012" => &["RemovePermission"],
        "PERM-013" => &["RemovePermission"],
        "PERM-014" => &["RemovePermission"],
        "PERM-015" => &["AddPermission", "RemovePermission"],
        "PERM-018" => &["AddPermission"],
        "PERM-019" => &["AddPermission"],
        "UPD-001" => &["UpdateFunctionConfiguration"],
        "UPD-002" => &["UpdateFunctionCode"],
        "UPD-004" => &["UpdateFunctionCode", "UpdateFunctionConfiguration"],
        "UPD-005" => &["UpdateFunctionConfiguration", "UpdateFunctionCode"],
        "UPD-006" => &["UpdateFunctionCode", "UpdateFunctionConfiguration"],
        "UPD-007" => &["UpdateFunctionCode"],
        "VAL-005" => &["CreateFunction"],
        "VAL-014" => &["GetFunction", "Invoke", "DeleteFunction"],
        "VAL-018" => &["CreateFunction", "UpdateFunctionConfiguration"],
        "VAL-019" => &["CreateFunction"],
        "VAL-025" => &["CreateFunction"],
        "VAL-026" => &["CreateFunction"],
        "VAL-027" => &["CreateFunction"],
        "VAL-028" => &["CreateFunction"],
        "VAL-029" => &["CreateFunction"],
        "VAL-030" => &["CreateFunction"],
        "VAL-032" => &["CreateFunction"],
        "VER-001" => &["ListVersionsByFunction"],
        "VER-004" => &["PublishVersion"],
        "VER-008" => &["PublishVersion"],
        "VER-009" => &["PublishVersion"],
        _ => &[],
    }
}

/// Whether a recording covers an operation.
pub fn covers(id: &str, operation: &str) -> bool {
    recorded_operations(id)
        .iter()
        .any(|o| *o == operation || *o == "(all)")
}
