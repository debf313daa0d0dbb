//! AddPermission, GetPolicy, RemovePermission: one policy document per qualifier.

use crate::errors::ApiError;
use crate::input::Input;
use crate::lookup::{POLICY_REVISION_MESSAGE, Target};
use crate::names::is_version_number;
use crate::rules;
use crate::state::{Function, Policy};
use crate::unordered::Unordered;
use crate::{Evidence, Fault, Model, Outcome, Response};
use serde_json::{Map, Value, json};

/// PERM-008/009/010 (recorded): GetPolicy's generic not-found text.
const GENERIC_NOT_FOUND: &str = "The resource you requested does not exist.";

impl Model {
    /// AddPermission → 201 {"Statement": "<json>"}.
    pub(crate) fn add_permission(&mut self, input: &Input) -> Outcome {
        let t = self.target(input, input.str("Qualifier"))?;
        // Which of these AWS checks first when several fail is not recorded:
        // the first answers, as an inference (unordered.rs).
        let mut checks = Unordered::new();
        // PERM-011 (recorded)
        let f = checks.check(self.functions.get(&t.name).ok_or_else(|| {
            self.function_not_found(&t.name, None, &rules::FUNCTION_MUST_EXIST)
                .with_evidence(Evidence::Recorded("PERM-011"))
        }));
        let key = f.and_then(|f| checks.check(self.policy_key(f, &t)));
        let principal = checks.check(principal_json(input.req("Principal")));
        let sid = input.req("StatementId").to_string();
        if let (Some(f), Some(key)) = (f, &key) {
            let policy = f.policies.get(key);
            let current = match policy {
                Some(p) => p.revision_id.clone(),
                None => resource_revision(f, key),
            };
            // PERM-019/020 (recorded): compared with the qualifier's own revision
            checks.check(self.check_revision(
                input.str("RevisionId"),
                &current,
                POLICY_REVISION_MESSAGE,
                &rules::POLICY_REVISION_MATCHES,
            ));
            if policy.is_some_and(|p| p.statements.iter().any(|(s, _)| *s == sid))
                && !self.has(Fault::DuplicateSidAccepted)
            {
                // PERM-018 (recorded)
                checks.check::<()>(Err(ApiError::conflict(
                    format!(
                        "The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement."
                    ),
                    &rules::STATEMENT_ID_UNIQUE,
                )));
            }
        }
        checks.finish()?;
        let (Some(key), Some(principal)) = (key, principal) else {
            unreachable!("every check passed, so each gave its value");
        };
        // PERM-001/020 (recorded): Resource is the (qualified) function ARN
        let resource = self.qualified_arn(&t.name, (!key.is_empty()).then_some(key.as_str()));
        let statement = statement_text(&sid, &principal, input, &resource);
        let revision_id = self.new_revision();
        let f = self.functions.get_mut(&t.name).expect("checked");
        let p = f.policies.entry(key).or_insert_with(|| Policy {
            statements: Vec::new(),
            revision_id: String::new(),
        });
        p.statements.push((sid, statement.clone()));
        p.revision_id = revision_id;
        // PERM-001 (recorded): 201, Statement as a JSON string
        Ok(Response::json(
            201,
            json!({ "Statement": statement }),
            &rules::ADD_PERMISSION,
        ))
    }

    /// GetPolicy → 200 {"Policy": "<json>", "RevisionId"}.
    pub(crate) fn get_policy(&mut self, input: &Input) -> Outcome {
        let t = self.target(input, input.str("Qualifier"))?;
        let not_found = |rule, id| {
            ApiError::not_found(GENERIC_NOT_FOUND, rule).with_evidence(Evidence::Recorded(id))
        };
        // PERM-008 (recorded)
        let f = self
            .functions
            .get(&t.name)
            .ok_or_else(|| not_found(&rules::FUNCTION_MUST_EXIST, "PERM-008"))?;
        // PERM-009 (recorded) for a missing version; inferred for an explicit $LATEST,
        // which can have no policy
        let key = self
            .policy_key(f, &t)
            .map_err(|_| match t.qualifier.as_deref() {
                Some("$LATEST") => {
                    ApiError::not_found(GENERIC_NOT_FOUND, &rules::POLICY_MUST_EXIST)
                        .with_evidence(Evidence::Inferred)
                }
                _ => not_found(&rules::QUALIFIER_MUST_EXIST, "PERM-009"),
            })?;
        // PERM-010 (recorded): policies are per qualifier
        let p = f
            .policies
            .get(&key)
            .ok_or_else(|| not_found(&rules::POLICY_MUST_EXIST, "PERM-010"))?;
        let statements: Vec<&str> = p.statements.iter().map(|(_, s)| s.as_str()).collect();
        // PERM-002 (recorded): Version, Id "default", statements in insertion order
        let policy = format!(
            "{{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{}]}}",
            statements.join(",")
        );
        Ok(Response::json(
            200,
            json!({ "Policy": policy, "RevisionId": p.revision_id }),
            &rules::GET_POLICY,
        ))
    }

    /// RemovePermission → 204.
    pub(crate) fn remove_permission(&mut self, input: &Input) -> Outcome {
        let t = self.target(input, input.str("Qualifier"))?;
        let Some(f) = self.functions.get(&t.name) else {
            // PERM-013 (recorded)
            return Err(ApiError::not_found(
                format!("No policy found for: {}", self.function_arn(&t.name)),
                &rules::FUNCTION_MUST_EXIST,
            )
            .with_evidence(Evidence::Recorded("PERM-013")));
        };
        let key = self.policy_key(f, &t)?;
        let Some(p) = f.policies.get(&key) else {
            // PERM-012 (recorded)
            return Err(ApiError::not_found(
                "No policy is associated with the given resource.",
                &rules::POLICY_MUST_EXIST,
            )
            .with_evidence(Evidence::Recorded("PERM-012")));
        };
        let sid = input.req("StatementId");
        let Some(pos) = p.statements.iter().position(|(s, _)| s == sid) else {
            // PERM-014 (recorded)
            return Err(ApiError::not_found(
                format!("Statement {sid} is not found in resource policy."),
                &rules::STATEMENT_MUST_EXIST,
            ));
        };
        // PERM-019 (recorded wording for permission operations); order inferred
        self.check_revision(
            input.str("RevisionId"),
            &p.revision_id,
            POLICY_REVISION_MESSAGE,
            &rules::POLICY_REVISION_MATCHES,
        )?;
        let revision_id = self.new_revision();
        let f = self.functions.get_mut(&t.name).expect("checked");
        let p = f.policies.get_mut(&key).expect("checked");
        p.statements.remove(pos);
        p.revision_id = revision_id;
        if p.statements.is_empty() {
            // inferred: an empty policy is no policy (GetPolicy → 404)
            f.policies.remove(&key);
        }
        // documented: RemovePermission responseCode 204
        Ok(Response::empty(204, &rules::REMOVE_PERMISSION))
    }

    /// The policy key of a qualifier ("" unqualified), checking the qualifier exists.
    fn policy_key(&self, f: &Function, t: &Target) -> Result<String, ApiError> {
        match t.qualifier.as_deref() {
            None => Ok(String::new()),
            // PERM-006 (recorded): explicit $LATEST is rejected
            Some("$LATEST") => Err(ApiError::invalid(
                "We currently do not support adding policies for $LATEST.",
                &rules::POLICY_NOT_LATEST,
            )),
            Some(q) if is_version_number(q) => {
                if q.parse::<u64>().is_ok_and(|n| f.versions.contains_key(&n)) {
                    Ok(q.to_string())
                } else {
                    // inferred: a missing version
                    Err(self
                        .function_not_found(&f.name, Some(q), &rules::QUALIFIER_MUST_EXIST)
                        .with_evidence(Evidence::Inferred))
                }
            }
            Some(q) if !crate::names::is_alias_name(q) => {
                // recorded (LocalStack TestLambdaPermissions::test_permission_exceptions
                // `add_permission_fn_qualifier_valid_doesnotexist`, 2025-11-25): a
                // qualifier that can be no alias name ('$' in it) is a function not found
                Err(self
                    .function_not_found(&f.name, Some(q), &rules::QUALIFIER_MUST_EXIST)
                    .with_evidence(Evidence::Recorded("localstack:test_permission_exceptions")))
            }
            Some(q) => {
                if f.aliases.contains_key(q) {
                    Ok(q.to_string())
                } else {
                    // PERM-015 (recorded; an alias-pattern name)
                    Err(ApiError::not_found(
                        format!(
                            "Cannot find alias arn: {}",
                            self.qualified_arn(&f.name, Some(q))
                        ),
                        &rules::QUALIFIER_MUST_EXIST,
                    )
                    .with_evidence(Evidence::Recorded("PERM-015")))
                }
            }
        }
    }
}

/// The RevisionId of the resource a policy key names (alias, version or $LATEST).
fn resource_revision(f: &Function, key: &str) -> String {
    if key.is_empty() {
        return f.latest.revision_id.clone();
    }
    if let Some(a) = f.aliases.get(key) {
        return a.revision_id.clone();
    }
    key.parse::<u64>()
        .ok()
        .and_then(|n| f.versions.get(&n))
        .map(|v| v.config.revision_id.clone())
        .unwrap_or_default()
}

/// PERM-003 (recorded): principal mapping; PERM-007: anything else is invalid.
fn principal_json(p: &str) -> Result<Value, ApiError> {
    if p == "*" {
        return Ok(json!("*"));
    }
    if p.len() == 12 && p.chars().all(|c| c.is_ascii_digit()) {
        return Ok(json!({ "AWS": format!("arn:aws:iam::{p}:root") }));
    }
    if p.starts_with("arn:") {
        return Ok(json!({ "AWS": p }));
    }
    let service_suffixes = [".amazonaws.com", ".amazonaws.com.cn", ".amazon.com"];
    if service_suffixes.iter().any(|s| p.ends_with(s)) {
        return Ok(json!({ "Service": p }));
    }
    Err(ApiError::invalid(
        "The provided principal was invalid. Please check the principal and try again.",
        &rules::PRINCIPAL_VALID,
    ))
}

/// The statement JSON text in AWS's member order (PERM-001/003 recorded).
fn statement_text(sid: &str, principal: &Value, input: &Input, resource: &str) -> String {
    let mut string_equals = Map::new();
    for (member, key) in [
        ("SourceAccount", "AWS:SourceAccount"),
        ("PrincipalOrgID", "aws:PrincipalOrgID"),
        ("FunctionUrlAuthType", "lambda:FunctionUrlAuthType"),
        ("EventSourceToken", "lambda:EventSourceToken"),
    ] {
        if let Some(v) = input.str(member) {
            string_equals.insert(key.into(), json!(v));
        }
    }
    let mut conditions = Vec::new();
    if !string_equals.is_empty() {
        conditions.push(format!("\"StringEquals\":{}", Value::Object(string_equals)));
    }
    if let Some(arn) = input.str("SourceArn") {
        conditions.push(format!("\"ArnLike\":{}", json!({ "AWS:SourceArn": arn })));
    }
    let mut s = format!(
        "{{\"Sid\":{},\"Effect\":\"Allow\",\"Principal\":{},\"Action\":{},\"Resource\":{}",
        json!(sid),
        principal,
        json!(input.req("Action")),
        json!(resource)
    );
    if !conditions.is_empty() {
        s.push_str(&format!(",\"Condition\":{{{}}}", conditions.join(",")));
    }
    s.push('}');
    s
}
