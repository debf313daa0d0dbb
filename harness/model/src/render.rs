//! Response shapes: FunctionConfiguration, AliasConfiguration.

use crate::ids::format_last_modified;
use crate::state::{Alias, FnConfig};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// Which members a FunctionConfiguration carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Create/Get/Update/Publish responses.
    Full,
    /// ListFunctions / ListVersionsByFunction entries: no State, LastUpdateStatus,
    /// RuntimeVersionConfig (LIST-001, VER-001 recorded).
    List,
}

/// Renders a FunctionConfiguration (Zip or Image).
pub fn function_configuration(
    cfg: &FnConfig,
    name: &str,
    arn: &str,
    version: &str,
    region: &str,
    view: View,
) -> Value {
    let mut m = Map::new();
    // documented + FN lifecycle snapshot (localstack test_function_lifecycle, AWS-recorded)
    m.insert("FunctionName".into(), json!(name));
    m.insert("FunctionArn".into(), json!(arn));
    if let Some(rt) = &cfg.runtime {
        m.insert("Runtime".into(), json!(rt));
    }
    m.insert("Role".into(), json!(cfg.role));
    if let Some(h) = &cfg.handler {
        m.insert("Handler".into(), json!(h));
    }
    m.insert("CodeSize".into(), json!(cfg.code_size));
    m.insert("Description".into(), json!(cfg.description));
    m.insert("Timeout".into(), json!(cfg.timeout));
    m.insert("MemorySize".into(), json!(cfg.memory));
    m.insert(
        "LastModified".into(),
        json!(format_last_modified(cfg.last_modified_ms)),
    );
    m.insert("CodeSha256".into(), json!(cfg.code_sha256));
    m.insert("Version".into(), json!(version));
    if let Some(vars) = &cfg.environment {
        m.insert("Environment".into(), json!({ "Variables": vars }));
    }
    if let Some(dl) = &cfg.dead_letter {
        m.insert("DeadLetterConfig".into(), dl.clone());
    }
    if let Some(k) = &cfg.kms_key_arn {
        m.insert("KMSKeyArn".into(), json!(k));
    }
    m.insert("TracingConfig".into(), json!({ "Mode": cfg.tracing_mode }));
    // recorded (LocalStack test_vpc_config, 2025-11-25): absent until one is
    // given; after the subnets are removed, empty lists and VpcId ""
    if let Some(v) = &cfg.vpc {
        m.insert(
            "VpcConfig".into(),
            json!({
                "Ipv6AllowedForDualStack": v.ipv6_dual_stack,
                "SecurityGroupIds": v.security_groups,
                "SubnetIds": v.subnets,
                "VpcId": v.vpc_id,
            }),
        );
    }
    m.insert("RevisionId".into(), json!(cfg.revision_id));
    if view == View::Full {
        use crate::settle::{BEING_CREATED, Busy};
        match cfg.busy {
            // issue 15 (AWS): CreateFunction answers Pending, with no LastUpdateStatus
            Some(Busy::Creating) => {
                m.insert("State".into(), json!("Pending"));
                m.insert("StateReason".into(), json!(BEING_CREATED));
                m.insert("StateReasonCode".into(), json!("Creating"));
            }
            // recorded (LocalStack test_function_lifecycle update responses): InProgress
            Some(Busy::Updating) => {
                m.insert("State".into(), json!("Active"));
                m.insert("LastUpdateStatus".into(), json!("InProgress"));
                m.insert("LastUpdateStatusReason".into(), json!(BEING_CREATED));
                m.insert("LastUpdateStatusReasonCode".into(), json!("Creating"));
            }
            // Active, the last update over (instantly so when the model is synchronous)
            None => {
                m.insert("State".into(), json!("Active"));
                m.insert("LastUpdateStatus".into(), json!("Successful"));
            }
        }
        if let Some(rt) = &cfg.runtime {
            // recorded (localstack lifecycle snapshot): RuntimeVersionArn arn:aws:lambda:<region>::runtime:<64 hex>
            let hash = Sha256::digest(rt.as_bytes());
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            m.insert(
                "RuntimeVersionConfig".into(),
                json!({ "RuntimeVersionArn": format!("arn:aws:lambda:{region}::runtime:{hex}") }),
            );
        }
    }
    match &cfg.image {
        // recorded (LocalStack TestLambdaImages): PackageType Image, ImageConfigResponse
        Some(image) => {
            m.insert("PackageType".into(), json!("Image"));
            if let Some(c) = &image.config {
                m.insert("ImageConfigResponse".into(), json!({ "ImageConfig": c }));
            }
        }
        None => {
            m.insert("PackageType".into(), json!("Zip"));
        }
    }
    m.insert(
        "Architectures".into(),
        Value::Array(cfg.architectures.clone()),
    );
    m.insert(
        "EphemeralStorage".into(),
        json!({ "Size": cfg.ephemeral_storage }),
    );
    m.insert(
        "SnapStart".into(),
        json!({ "ApplyOn": cfg.snap_start, "OptimizationStatus": "Off" }),
    );
    m.insert("LoggingConfig".into(), Value::Object(cfg.logging.clone()));
    Value::Object(m)
}

/// Renders an AliasConfiguration (ALI-001/002/003 recorded).
pub fn alias_configuration(alias_arn: &str, name: &str, alias: &Alias) -> Value {
    let mut m = Map::new();
    m.insert("AliasArn".into(), json!(alias_arn));
    m.insert("Name".into(), json!(name));
    m.insert("FunctionVersion".into(), json!(alias.function_version));
    // ALI-002 (recorded): Description is "" when unset, never omitted
    m.insert("Description".into(), json!(alias.description));
    // ALI-003/019 (recorded): an empty weights map is not echoed
    if let Some(w) = &alias.routing {
        m.insert(
            "RoutingConfig".into(),
            json!({ "AdditionalVersionWeights": w }),
        );
    }
    m.insert("RevisionId".into(), json!(alias.revision_id));
    Value::Object(m)
}
