//! The points where switched-on [`Fault`]s bend a finished response. A bent
//! answer keeps the rule (and evidence) of the answer it bends.

use crate::input::Input;
use crate::{Body, Fault, Model, Response, error_response};
use serde_json::Value;

impl Model {
    /// Applies response-level faults to the answer of operation `op`.
    pub(crate) fn bend_response(&self, op: &str, _input: &Input, mut r: Response) -> Response {
        if self.config.faults.is_empty() {
            return r;
        }
        let ok = r.error_code.is_none();
        let set_status = |r: &mut Response, s| {
            if r.error_code.is_none() {
                r.status = s;
            }
        };
        match op {
            "GetAlias" if self.has(Fault::GetAlias201) => set_status(&mut r, 201),
            "AddPermission" if self.has(Fault::AddPermission200) => set_status(&mut r, 200),
            "CreateEventSourceMapping" if self.has(Fault::CreateEventSourceMapping201) => {
                set_status(&mut r, 201)
            }
            "DeleteFunction" if ok && self.has(Fault::DeleteFunction200) => {
                r.status = 200;
                r.body = Body::Json(serde_json::json!({}));
            }
            "CreateFunction" if ok && self.has(Fault::CreateFunctionStored500) => {
                r = Response {
                    rule: r.rule,
                    ..error_response("ServiceException", "Internal error", r.evidence)
                };
            }
            "GetEventSourceMapping" | "UpdateEventSourceMapping"
                if ok && self.has(Fault::MappingAnswersOtherUuid) =>
            {
                if let Body::Json(b) = &mut r.body
                    && let Some(uuid) = b.get("UUID").and_then(Value::as_str)
                {
                    // The same UUID with its last digit changed: another mapping's.
                    let mut other = uuid.to_string();
                    let last = if other.ends_with('0') { '1' } else { '0' };
                    other.pop();
                    other.push(last);
                    b["UUID"] = Value::String(other);
                }
            }
            "GetFunction" | "GetFunctionConfiguration" | "GetAlias"
                if ok && self.has(Fault::RevisionIdPerRead) =>
            {
                if let Body::Json(b) = &mut r.body {
                    let target = if b.get("Configuration").is_some() {
                        &mut b["Configuration"]
                    } else {
                        b
                    };
                    if target.get("RevisionId").is_some() {
                        target["RevisionId"] = Value::String(format!(
                            "00000000-0000-4000-8000-{:012x}",
                            self.requests
                        ));
                    }
                }
            }
            "Invoke" if self.has(Fault::ExecutedVersionAlwaysLatest) => {
                for (k, v) in &mut r.headers {
                    if k.eq_ignore_ascii_case("X-Amz-Executed-Version") {
                        *v = "$LATEST".into();
                    }
                }
            }
            "ListVersionsByFunction" if ok && self.has(Fault::ListVersionsBareStrings) => {
                if let Body::Json(b) = &mut r.body
                    && let Some(Value::Array(items)) = b.get_mut("Versions")
                {
                    for item in items.iter_mut() {
                        let version = item.get("Version").cloned().unwrap_or(Value::Null);
                        *item = version;
                    }
                }
            }
            "ListAliases" if self.has(Fault::ListAliases500) => {
                r = Response {
                    rule: r.rule,
                    ..error_response("ServiceException", "Internal error", r.evidence)
                };
            }
            _ => {}
        }
        let function_missing = r.error_code.as_deref() == Some("ResourceNotFoundException")
            && matches!(&r.body, Body::Json(b) if b["Message"].as_str().is_some_and(|m| m.starts_with("Function not found")));
        if function_missing && self.has(Fault::MissingFunctionConflictCode) {
            let mut e = error_response(
                "ResourceConflictException",
                "Function not found",
                r.evidence,
            );
            e.status = 404;
            e.body = r.body.clone();
            e.rule = r.rule;
            r = e;
        } else if function_missing && self.has(Fault::MissingFunction400) {
            let msg = match &r.body {
                Body::Json(b) => b["Message"].as_str().unwrap_or("").to_string(),
                _ => String::new(),
            };
            r = Response {
                rule: r.rule,
                ..error_response("InvalidParameterValueException", &msg, r.evidence)
            };
        }
        if let Body::Json(body) = &mut r.body {
            walk_configurations(body, &|cfg| {
                if self.has(Fault::NoFunctionArn) {
                    cfg.remove("FunctionArn");
                }
                if self.has(Fault::NoRevisionId) {
                    cfg.remove("RevisionId");
                }
                if self.has(Fault::AliasArnUnqualified)
                    && let Some(arn) = cfg.get("FunctionArn").and_then(Value::as_str)
                    && let Some(q) = arn.split(':').nth(7)
                    && q != "$LATEST"
                    && !q.chars().all(|c| c.is_ascii_digit())
                {
                    let unqualified: Vec<&str> = arn.split(':').take(7).collect();
                    cfg.insert("FunctionArn".into(), Value::String(unqualified.join(":")));
                }
                if self.has(Fault::VersionArnUnqualified)
                    && cfg.get("Version").and_then(Value::as_str) != Some("$LATEST")
                    && let Some(arn) = cfg.get("FunctionArn").and_then(Value::as_str)
                {
                    let unqualified: Vec<&str> = arn.split(':').take(7).collect();
                    cfg.insert("FunctionArn".into(), Value::String(unqualified.join(":")));
                }
                if self.has(Fault::LastModifiedRfc3339)
                    && let Some(t) = cfg.get("LastModified").and_then(Value::as_str)
                    && let Some(stem) = t.strip_suffix("+0000")
                {
                    cfg.insert(
                        "LastModified".into(),
                        Value::String(format!("{stem}000000Z")),
                    );
                }
                if self.has(Fault::TimeoutAsString)
                    && let Some(t) = cfg.get("Timeout").cloned()
                {
                    cfg.insert("Timeout".into(), Value::String(t.to_string()));
                }
            });
        }
        if r.error_code.is_some() && self.has(Fault::ErrorBodyNotJson) {
            let text = match &r.body {
                Body::Json(b) => b
                    .get("Message")
                    .or_else(|| b.get("message"))
                    .and_then(Value::as_str)
                    .unwrap_or("error")
                    .to_string(),
                _ => "error".into(),
            };
            r.body = Body::Raw(text.into_bytes());
        }
        r
    }
}

/// Calls `f` on every FunctionConfiguration object (recognised by CodeSha256) in `v`.
fn walk_configurations(v: &mut Value, f: &dyn Fn(&mut serde_json::Map<String, Value>)) {
    match v {
        Value::Object(m) => {
            if m.contains_key("CodeSha256") {
                f(m);
            }
            for child in m.values_mut() {
                walk_configurations(child, f);
            }
        }
        Value::Array(a) => {
            for child in a {
                walk_configurations(child, f);
            }
        }
        _ => {}
    }
}
