//! Resolving FunctionName/Qualifier to stored functions, and shared preconditions.

use crate::errors::ApiError;
use crate::input::Input;
use crate::names::{FunctionRef, is_version_number, parse_function_name};
use crate::rules::{self, Rule};
use crate::state::{FnConfig, Function};
use crate::{Fault, Model};

/// UPD-006 / VER-009 (recorded): stale RevisionId on function and alias operations.
pub const FUNCTION_REVISION_MESSAGE: &str = "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id";
/// PERM-019 (recorded): stale RevisionId on permission operations.
pub const POLICY_REVISION_MESSAGE: &str = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id";

/// A function name with its effective qualifier.
#[derive(Debug, Clone)]
pub struct Target {
    /// Plain function name.
    pub name: String,
    /// Qualifier from the name or the Qualifier member.
    pub qualifier: Option<String>,
}

/// What a qualifier resolves to inside a function.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The version that runs ("$LATEST" or a number).
    pub version: String,
    /// Its configuration.
    pub config: &'a FnConfig,
}

impl Model {
    /// Parses FunctionName and reconciles it with the Qualifier member.
    pub(crate) fn target(
        &self,
        input: &Input,
        member_qualifier: Option<&str>,
    ) -> Result<Target, ApiError> {
        let raw = input.req("FunctionName");
        let parsed = self.parse_name(raw)?;
        let qualifier = match (parsed.qualifier, member_qualifier) {
            // FN-014 / VAL-013 (recorded): mismatch is checked before existence
            (Some(d), Some(q)) if d != q => {
                return Err(ApiError::invalid(
                    "The derived qualifier from the function name does not match the specified qualifier.",
                    &rules::QUALIFIER_MATCHES,
                ));
            }
            (Some(d), _) => Some(d),
            (None, q) => q.map(str::to_string),
        };
        Ok(Target {
            name: parsed.name,
            qualifier,
        })
    }

    /// Parses a FunctionName value and rejects foreign-region ARNs.
    pub(crate) fn parse_name(&self, raw: &str) -> Result<FunctionRef, ApiError> {
        let Some(parsed) = parse_function_name(raw) else {
            // inferred: normally caught upstream by the schema pattern (VAL-012)
            return Err(ApiError::validation(
                format!(
                    "1 validation error detected: Value '{raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern"
                ),
                &rules::FUNCTION_NAME_PATTERN,
            ));
        };
        if let Some(r) = &parsed.region
            && *r != self.config.region
        {
            // FN-021 (recorded): 404, not 400, for a foreign-region ARN
            return Err(ApiError::not_found(
                format!(
                    "Functions from '{r}' are not reachable in this region ('{}')",
                    self.config.region
                ),
                &rules::FUNCTION_SAME_REGION,
            ));
        }
        Ok(parsed)
    }

    /// Like [`Model::target`] for operations that act on $LATEST only
    /// (UpdateFunctionCode/Configuration, PublishVersion, alias operations).
    pub(crate) fn latest_only_target(&self, input: &Input) -> Result<String, ApiError> {
        let t = self.target(input, None)?;
        match t.qualifier.as_deref() {
            None | Some("$LATEST") => Ok(t.name),
            // inferred: wording quoted in a public report (code assumed IPVE)
            Some(_) => Err(ApiError::invalid(
                "Current operation does not support versions other than $LATEST. Please set the version to $LATEST or do not set a version in your request.",
                &rules::LATEST_ONLY_QUALIFIER,
            )),
        }
    }

    /// The function, or 404 `Function not found: <arn>` ([`rules::FUNCTION_MUST_EXIST`]).
    pub(crate) fn function_or_404(&self, name: &str) -> Result<&Function, ApiError> {
        self.functions
            .get(name)
            .ok_or_else(|| self.function_not_found(name, None, &rules::FUNCTION_MUST_EXIST))
    }

    /// `Function not found: <arn>[:qualifier]` under `rule` (a missing
    /// function, version, alias, or alias target).
    pub(crate) fn function_not_found(
        &self,
        name: &str,
        qualifier: Option<&str>,
        rule: &'static Rule,
    ) -> ApiError {
        ApiError::not_found(
            format!(
                "Function not found: {}",
                self.qualified_arn(name, qualifier)
            ),
            rule,
        )
    }

    /// Compares a caller's RevisionId with the current one (412 under `rule` when stale).
    pub(crate) fn check_revision(
        &self,
        given: Option<&str>,
        current: &str,
        message: &str,
        rule: &'static Rule,
    ) -> Result<(), ApiError> {
        match given {
            Some(g)
                if g != current
                    && !self.has(Fault::RevisionIdIgnored)
                    && !(self.has(Fault::PolicyRevisionIgnored)
                        && rule.id == crate::rules::POLICY_REVISION_MATCHES.id) =>
            {
                Err(ApiError::precondition(message, rule))
            }
            _ => Ok(()),
        }
    }
}

/// Resolves a qualifier: None/$LATEST → $LATEST, digits → that version, else an alias.
pub fn resolve<'a>(f: &'a Function, qualifier: Option<&str>) -> Option<Resolved<'a>> {
    match qualifier {
        None | Some("$LATEST") => Some(Resolved {
            version: "$LATEST".into(),
            config: &f.latest,
        }),
        Some(q) if is_version_number(q) => {
            let n: u64 = q.parse().ok()?;
            f.versions.get(&n).map(|v| Resolved {
                version: n.to_string(),
                config: &v.config,
            })
        }
        Some(q) => {
            let alias = f.aliases.get(q)?;
            resolve(f, Some(alias.function_version.as_str()))
        }
    }
}

/// Whether a version ("$LATEST" or a number) exists.
pub fn version_exists(f: &Function, version: &str) -> bool {
    version == "$LATEST"
        || version
            .parse::<u64>()
            .is_ok_and(|n| f.versions.contains_key(&n))
}
