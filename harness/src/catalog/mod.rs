//! The operation catalog: a typed view of the JSON Schemas (HTTP bindings,
//! success statuses, declared errors, compiled validators) that the rest of
//! the harness uses. Nothing about an operation is written by hand twice:
//! everything here is read from `schemas/`, with `schemas/corrections.json`
//! applied on top.

pub mod constraints;
mod corrections;
mod uri;

pub use corrections::{
    Corrections, ExtraConstraint, ProtocolError, SchemaPatch, SuccessStatusRule,
};
pub use uri::UriTemplate;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The operations the harness covers end to end (the 24 of the API
/// reference's first-class surface, then tags and reserved concurrency):
/// those the reference model implements, so the list exists once.
pub const REFERENCE_OPERATIONS: [&str; lambda_model::OPERATION_COUNT] =
    lambda_model::OPERATION_NAMES;

/// Where an input or output member travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{Label}` in the request URI.
    Uri,
    /// A query-string parameter.
    Query,
    /// An HTTP header.
    Header,
    /// A member of the JSON body.
    Body,
    /// The whole (raw) body.
    Payload,
    /// The HTTP status code (outputs only).
    StatusCode,
}

/// One member of an operation's input or output.
#[derive(Debug, Clone)]
pub struct Member {
    /// Name in the service model.
    pub name: String,
    /// Where it binds.
    pub location: Location,
    /// Name on the wire (URI label, query key, header name, or body key).
    pub wire_name: String,
    /// Model type of the target shape (string, integer, blob, structure, ...).
    pub shape_type: String,
    /// Whether the model marks it required.
    pub required: bool,
}

/// An error an operation may answer with.
#[derive(Debug, Clone)]
pub struct ErrorDecl {
    /// Error code, e.g. `ResourceNotFoundException`.
    pub code: String,
    /// HTTP status it is sent with.
    pub status: u16,
    /// Body member that carries the message (`message` or `Message`).
    pub message_member: Option<String>,
    /// Where the declaration comes from: `model` or a correction's evidence.
    pub source: String,
}

/// One operation of the API.
pub struct Operation {
    /// Name, e.g. `CreateFunction`.
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// Request URI template.
    pub uri: UriTemplate,
    /// Success status rule (model, corrected where AWS differs).
    pub success: SuccessStatusRule,
    /// Input members.
    pub input: Vec<Member>,
    /// Output members.
    pub output: Vec<Member>,
    /// Declared errors plus protocol-level ones.
    pub errors: Vec<ErrorDecl>,
    /// Whether the model marks it deprecated.
    pub deprecated: bool,
    /// The operation's whole schema document.
    pub schema: Value,
    validators: OnceLock<Validators>,
}

struct Validators {
    input: Option<jsonschema::Validator>,
    output_body: Option<jsonschema::Validator>,
    errors: BTreeMap<String, jsonschema::Validator>,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Compiles the definition `def` of `schema` as a validator.
pub fn compile_def(schema: &Value, def: &str) -> Result<jsonschema::Validator> {
    let doc = json!({
        "$schema": schema.get("$schema").cloned().unwrap_or(Value::Null),
        "$defs": schema.get("$defs").cloned().unwrap_or(Value::Null),
        "$ref": format!("#/$defs/{def}"),
    });
    jsonschema::options()
        .should_validate_formats(false)
        .build(&doc)
        .map_err(|e| anyhow!("schema definition {def} does not compile: {e}"))
}

impl Operation {
    fn validators(&self) -> &Validators {
        self.validators.get_or_init(|| {
            let defs = self.schema.get("$defs");
            let has = |d: &str| defs.and_then(|x| x.get(d)).is_some();
            let input = has("Input")
                .then(|| compile_def(&self.schema, "Input").ok())
                .flatten();
            let output_body = has("OutputBody")
                .then(|| compile_def(&self.schema, "OutputBody").ok())
                .flatten();
            let mut errors = BTreeMap::new();
            for e in &self.errors {
                let def = format!("Error.{}", e.code);
                if has(&def)
                    && let Ok(v) = compile_def(&self.schema, &def)
                {
                    errors.insert(e.code.clone(), v);
                }
            }
            Validators {
                input,
                output_body,
                errors,
            }
        })
    }

    /// Validator of the JSON body of a success response (None when the
    /// success body is empty or a raw payload).
    pub fn output_body_validator(&self) -> Option<&jsonschema::Validator> {
        self.validators().output_body.as_ref()
    }

    /// Validator of the whole input (all members by model name).
    pub fn input_validator(&self) -> Option<&jsonschema::Validator> {
        self.validators().input.as_ref()
    }

    /// Validator of a declared error's body.
    pub fn error_validator(&self, code: &str) -> Option<&jsonschema::Validator> {
        self.validators().errors.get(code)
    }

    /// The declared (or protocol-level) error with this code.
    pub fn error(&self, code: &str) -> Option<&ErrorDecl> {
        self.errors.iter().find(|e| e.code == code)
    }

    /// The success status AWS answers for this input.
    pub fn success_status(&self, input: &Value) -> u16 {
        self.success.status_for(input)
    }

    /// Whether the success response carries a JSON body.
    pub fn has_json_output(&self) -> bool {
        self.schema.pointer("/$defs/OutputBody").is_some()
    }

    /// The member bound to the raw payload of the success response, if any.
    pub fn output_payload(&self) -> Option<&Member> {
        self.output.iter().find(|m| m.location == Location::Payload)
    }

    /// Input members at a location.
    pub fn input_at(&self, location: Location) -> impl Iterator<Item = &Member> {
        self.input.iter().filter(move |m| m.location == location)
    }
}

/// All operations, by name.
#[derive(Debug, Clone)]
pub struct Catalog {
    operations: BTreeMap<String, Arc<Operation>>,
    /// API version of the schemas.
    pub api_version: String,
    extra_constraints: Vec<ExtraConstraint>,
}

/// Applies `schemaPatches` to one operation's schema; a patched shape keeps
/// the evidence under `x-corrected`.
fn apply_patches(schema: &mut Value, corrections: &Corrections) -> Result<()> {
    let Some(name) = schema
        .pointer("/x-lambda/operation")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Ok(());
    };
    for patch in corrections
        .schema_patches
        .iter()
        .filter(|p| p.applies_to(&name))
    {
        let Some(def) = schema
            .pointer_mut(&format!("/$defs/{}", patch.shape))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (k, v) in &patch.set {
            def.insert(k.clone(), v.clone());
            if k == "x-java-pattern" {
                let java = v.as_str().unwrap_or_default();
                match crate::schemas::pattern::to_ecma(java) {
                    crate::schemas::pattern::Converted::Ecma(p) => {
                        def.insert("pattern".into(), Value::String(p));
                    }
                    crate::schemas::pattern::Converted::Unsupported(why) => {
                        return Err(anyhow!(
                            "corrections.json: pattern of {} cannot be used: {why}",
                            patch.shape
                        ));
                    }
                }
            }
        }
        def.insert("x-corrected".into(), Value::String(patch.evidence.clone()));
    }
    Ok(())
}

static EMBEDDED: OnceLock<Catalog> = OnceLock::new();

impl Catalog {
    /// The catalog of the schemas compiled into the binary.
    pub fn embedded() -> &'static Catalog {
        EMBEDDED.get_or_init(|| {
            let files: BTreeMap<String, String> = crate::schemas::embedded()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Catalog::from_files(&files).expect("the embedded schemas are checked by the test suite")
        })
    }

    /// Builds a catalog from schema files (relative path -> content).
    pub fn from_files(files: &BTreeMap<String, String>) -> Result<Catalog> {
        let corrections = match files.get("corrections.json") {
            Some(text) => Corrections::parse(text)?,
            None => Corrections::default(),
        };
        let mut operations = BTreeMap::new();
        let mut api_version = String::from("2015-03-31");
        for (path, text) in files {
            if !path.starts_with("operations/") {
                continue;
            }
            let mut schema: Value =
                serde_json::from_str(text).with_context(|| format!("{path} is not JSON"))?;
            apply_patches(&mut schema, &corrections)?;
            let op = Operation::from_schema(schema, &corrections)
                .with_context(|| format!("in {path}"))?;
            if let Some(v) = op
                .schema
                .pointer("/x-lambda/apiVersion")
                .and_then(Value::as_str)
            {
                api_version = v.to_string();
            }
            operations.insert(op.name.clone(), Arc::new(op));
        }
        Ok(Catalog {
            operations,
            api_version,
            extra_constraints: corrections.extra_constraints,
        })
    }

    /// Constraints AWS enforces beyond the model, for one operation.
    pub fn extra_constraints(&self, operation: &str) -> impl Iterator<Item = &ExtraConstraint> {
        self.extra_constraints
            .iter()
            .filter(move |c| c.operation == operation)
    }

    /// The operation with this name.
    pub fn get(&self, name: &str) -> Option<&Arc<Operation>> {
        self.operations.get(name)
    }

    /// All operations in name order.
    pub fn operations(&self) -> impl Iterator<Item = &Arc<Operation>> {
        self.operations.values()
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.operations.len()
    }

    /// Whether there is no operation.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// Finds the operation whose method and URI template match a request.
    pub fn route(
        &self,
        method: &str,
        path: &str,
    ) -> Option<(&Arc<Operation>, BTreeMap<String, String>)> {
        // Prefer templates with more literal segments (e.g. `/functions/{F}/code` over `/functions/{F}`).
        let mut best: Option<(&Arc<Operation>, BTreeMap<String, String>, usize)> = None;
        for op in self.operations.values() {
            if !op.method.eq_ignore_ascii_case(method) {
                continue;
            }
            if let Some(labels) = op.uri.match_path(path) {
                let score = op.uri.literal_segments();
                if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
                    best = Some((op, labels, score));
                }
            }
        }
        best.map(|(op, labels, _)| (op, labels))
    }
}

impl Operation {
    fn from_schema(schema: Value, corrections: &Corrections) -> Result<Operation> {
        let x = schema
            .get("x-lambda")
            .ok_or_else(|| anyhow!("no x-lambda annotation"))?;
        let s = |k: &str| x.get(k).and_then(Value::as_str).map(str::to_string);
        let name = s("operation").ok_or_else(|| anyhow!("no operation name"))?;
        let method = s("method").ok_or_else(|| anyhow!("no method"))?;
        let uri = UriTemplate::parse(&s("requestUri").ok_or_else(|| anyhow!("no requestUri"))?);
        let model_status = x
            .get("successStatus")
            .and_then(Value::as_u64)
            .unwrap_or(200) as u16;
        let success = corrections
            .success_status(&name)
            .unwrap_or(SuccessStatusRule::fixed(model_status));
        let members = |k: &str| -> Vec<Member> {
            x.get(k)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(member, b)| Member {
                    name: member.clone(),
                    location: match b.get("location").and_then(Value::as_str).unwrap_or("body") {
                        "uri" => Location::Uri,
                        "querystring" => Location::Query,
                        "header" | "headers" => Location::Header,
                        "payload" => Location::Payload,
                        "statusCode" => Location::StatusCode,
                        _ => Location::Body,
                    },
                    wire_name: b
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or(member)
                        .to_string(),
                    shape_type: b
                        .get("type")
                        .and_then(Value::as_str)
                        .unwrap_or("string")
                        .to_string(),
                    required: b.get("required").and_then(Value::as_bool).unwrap_or(false),
                })
                .collect()
        };
        let mut errors: Vec<ErrorDecl> = x
            .get("errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| {
                Some(ErrorDecl {
                    code: e.get("code")?.as_str()?.to_string(),
                    status: e.get("status")?.as_u64()? as u16,
                    message_member: e
                        .get("messageMember")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    source: "model".into(),
                })
            })
            .collect();
        let extra = corrections
            .operation_errors
            .get(&name)
            .into_iter()
            .flatten();
        for p in corrections.protocol_errors.iter().chain(extra) {
            if !errors.iter().any(|e| e.code == p.code) {
                errors.push(ErrorDecl {
                    code: p.code.clone(),
                    status: p.status,
                    message_member: p.message_member.clone(),
                    source: p.evidence.clone(),
                });
            }
        }
        Ok(Operation {
            name,
            method,
            uri,
            success,
            input: members("input"),
            output: members("output"),
            errors,
            deprecated: x
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            schema,
            validators: OnceLock::new(),
        })
    }
}
