//! `schemas/corrections.json`: where AWS's real behaviour differs from the
//! service model, each entry with its evidence.

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The success status of an operation, possibly depending on an input member.
#[derive(Debug, Clone, Deserialize)]
pub struct SuccessStatusRule {
    /// Input member whose value selects the status (Invoke's InvocationType).
    #[serde(rename = "byMember", default)]
    pub by_member: Option<String>,
    /// Status per value of `by_member`.
    #[serde(default)]
    pub cases: BTreeMap<String, u16>,
    /// Status when no case applies.
    pub default: u16,
    /// Where the rule comes from.
    #[serde(default)]
    pub evidence: String,
}

impl SuccessStatusRule {
    /// A status that does not depend on the input, as the model declares it.
    pub fn fixed(status: u16) -> Self {
        SuccessStatusRule {
            by_member: None,
            cases: BTreeMap::new(),
            default: status,
            evidence: "model".into(),
        }
    }

    /// The status for this input.
    pub fn status_for(&self, input: &Value) -> u16 {
        self.by_member
            .as_deref()
            .and_then(|m| input.get(m))
            .and_then(Value::as_str)
            .and_then(|v| self.cases.get(v).copied())
            .unwrap_or(self.default)
    }
}

/// An error code any operation may answer with, although the model does not declare it.
#[derive(Debug, Clone, Deserialize)]
pub struct ProtocolError {
    /// Error code.
    pub code: String,
    /// HTTP status.
    pub status: u16,
    /// Body member carrying the message.
    #[serde(rename = "messageMember", default)]
    pub message_member: Option<String>,
    /// Where it comes from.
    pub evidence: String,
}

/// All corrections.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Corrections {
    /// Success status per operation.
    #[serde(rename = "successStatus", default)]
    pub success: BTreeMap<String, SuccessStatusRule>,
    /// Errors possible on every operation.
    #[serde(rename = "protocolErrors", default)]
    pub protocol_errors: Vec<ProtocolError>,
    /// Errors possible on one operation although the model does not declare them.
    #[serde(rename = "operationErrors", default)]
    pub operation_errors: BTreeMap<String, Vec<ProtocolError>>,
    /// Constraints of a shape that AWS enforces differently from the model.
    #[serde(rename = "schemaPatches", default)]
    pub schema_patches: Vec<SchemaPatch>,
    /// Constraints AWS enforces that the model cannot express.
    #[serde(rename = "extraConstraints", default)]
    pub extra_constraints: Vec<ExtraConstraint>,
}

/// A change to one shape definition of some operations' schemas: the members
/// of `set` replace the definition's (`x-java-pattern` also sets `pattern`).
#[derive(Debug, Clone, Deserialize)]
pub struct SchemaPatch {
    /// Operations whose schemas are patched (`*` for all that have the shape).
    pub operations: Vec<String>,
    /// Shape name under `$defs`.
    pub shape: String,
    /// Keywords to set.
    pub set: serde_json::Map<String, Value>,
    /// Where the corrected constraint comes from.
    pub evidence: String,
}

impl SchemaPatch {
    /// Whether the patch applies to this operation.
    pub fn applies_to(&self, operation: &str) -> bool {
        self.operations.iter().any(|o| o == "*" || o == operation)
    }
}

/// A constraint on one input member that AWS enforces beyond the model's
/// (e.g. CreateFunction's plain function names of at most 64 characters).
#[derive(Debug, Clone, Deserialize)]
pub struct ExtraConstraint {
    /// Operation.
    pub operation: String,
    /// Input member (top level, model name).
    pub member: String,
    /// `maxLength` is the only kind today.
    pub kind: String,
    /// The bound.
    pub limit: i64,
    /// Which values the bound applies to: `plain-name` (a function name, not an ARN).
    #[serde(default)]
    pub form: Option<String>,
    /// Error code AWS answers a violation with.
    pub code: String,
    /// Where it comes from.
    pub evidence: String,
}

impl Corrections {
    /// Parses `corrections.json`.
    pub fn parse(text: &str) -> Result<Self> {
        serde_json::from_str(text).context("schemas/corrections.json is malformed")
    }

    /// The corrected success status rule of an operation, if any.
    pub fn success_status(&self, operation: &str) -> Option<SuccessStatusRule> {
        self.success.get(operation).cloned()
    }
}
