//! PublishVersion and ListVersionsByFunction.

use crate::errors::ApiError;
use crate::input::Input;
use crate::lookup::FUNCTION_REVISION_MESSAGE;
use crate::pagination::paginate;
use crate::render::{View, function_configuration};
use crate::rules;
use crate::state::Version;
use crate::{Evidence, Fault, Model, Outcome, Response};

impl Model {
    /// PublishVersion → 201 FunctionConfiguration of the version.
    pub(crate) fn publish_version(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        self.function_or_404(&name)?;
        if self.functions[&name].latest.busy == Some(crate::settle::Busy::Updating)
            && let Err(busy) = self.check_not_busy(&name)
        {
            // inferred: widely reported for PublishVersion right after an update (UPD-004's notes)
            return Err(busy.with_evidence(Evidence::Inferred));
        }
        let f = &self.functions[&name];
        if let Some(sha) = input.str("CodeSha256")
            && sha != f.latest.code_sha256
        {
            // VER-008 (recorded)
            return Err(ApiError::invalid(
                format!(
                    "CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({}). Please try again with the CodeSHA256 in $LATEST.",
                    f.latest.code_sha256
                ),
                &rules::PUBLISH_CODE_SHA_MATCHES,
            ));
        }
        let current = f.latest.revision_id.clone();
        // VER-009 (recorded)
        self.check_revision(
            input.str("RevisionId"),
            &current,
            FUNCTION_REVISION_MESSAGE,
            &rules::FUNCTION_REVISION_MATCHES,
        )
        .map_err(|e| e.with_evidence(Evidence::Recorded("VER-009")))?;
        // Unknown on AWS: nothing changed since the newest version ever
        // published, but that version was deleted (a new number either way).
        let after_deleted_newest = {
            let f = &self.functions[&name];
            f.versions.keys().next_back().copied().unwrap_or(0) < f.last_version
                && f.deleted_newest_source.as_ref() == Some(&f.latest.fingerprint())
        };
        let (n, evidence) = self.publish_or_reuse(&name, input.str("Description"));
        // VER-003/004 (recorded): 201 for a new or an unchanged version
        let response = self.version_response(&name, n, 201);
        Ok(match evidence {
            _ if after_deleted_newest => response.with_evidence(Evidence::Inferred),
            Some(e) => response.with_evidence(e),
            None => response,
        })
    }

    /// Publishes $LATEST unless nothing was called on it since the newest
    /// version (VER-003), in which case that version is returned (its
    /// Description is kept). AWS decides by the calls made, not by comparing
    /// content. The evidence, when it is not the rule's own, comes along.
    pub(crate) fn publish_or_reuse(
        &mut self,
        name: &str,
        description: Option<&str>,
    ) -> (u64, Option<Evidence>) {
        let f = &self.functions[name];
        let fingerprint = f.latest.fingerprint();
        let unchanged = match f.versions.iter().next_back() {
            Some((n, v)) if !self.has(Fault::PublishAlwaysNew) && v.source == fingerprint => {
                Some(*n)
            }
            _ => None,
        };
        let Some(n) = unchanged else {
            return (self.publish_new_version(name, description), None);
        };
        if f.since_publish.updated {
            // recorded (moto's AWS-verified test_update_function_zip): the same
            // code uploaded again is a new version
            let evidence = Evidence::Recorded("moto:test_update_function_zip");
            return (self.publish_new_version(name, description), Some(evidence));
        }
        if f.since_publish.touched {
            // unknown on AWS: an UpdateFunctionConfiguration that changed nothing
            // (moto's maintainers and LocalStack publish anew; nothing recorded)
            return (
                self.publish_new_version(name, description),
                Some(Evidence::Inferred),
            );
        }
        // VER-003 (recorded): nothing called since → the existing version,
        // Description ignored. Whether tags or permissions (which change
        // $LATEST's RevisionId) count is not recorded.
        let untouched = f.revision_after_publish.as_deref() == Some(f.latest.revision_id.as_str());
        (n, (!untouched).then_some(Evidence::Inferred))
    }

    /// Creates the next version from $LATEST; numbers are never reused (documented).
    pub(crate) fn publish_new_version(&mut self, name: &str, description: Option<&str>) -> u64 {
        let now = self.now_ms();
        let version_revision = self.new_revision();
        let latest_revision = self.new_revision();
        let reuse = self.has(Fault::VersionNumbersReused);
        let f = self.functions.get_mut(name).expect("caller checked");
        let n = if reuse {
            f.versions.keys().next_back().copied().unwrap_or(0) + 1
        } else {
            f.last_version + 1
        };
        f.last_version = f.last_version.max(n);
        let mut config = f.latest.clone();
        // VER-004 (recorded): the version's Description is the supplied one
        if let Some(d) = description {
            config.description = d.to_string();
        }
        // VER-010 (recorded): the version has its own RevisionId
        config.revision_id = version_revision;
        // inferred: a version's LastModified is its publish time
        config.last_modified_ms = now;
        let source = f.latest.fingerprint();
        f.versions.insert(n, Version { config, source });
        // VER-010 (recorded): publishing changes $LATEST's RevisionId
        f.latest.revision_id = latest_revision.clone();
        f.revision_after_publish = Some(latest_revision);
        f.since_publish = Default::default();
        n
    }

    /// The FunctionConfiguration of version `n` with status `status`.
    pub(crate) fn version_response(&self, name: &str, n: u64, status: u16) -> Response {
        let f = &self.functions[name];
        let v = &f.versions[&n];
        let arn = self.qualified_arn(name, Some(&n.to_string()));
        let body = function_configuration(
            &v.config,
            name,
            &arn,
            &n.to_string(),
            &self.config.region,
            View::Full,
        );
        Response::json(status, body, &rules::PUBLISH_VERSION)
    }

    /// ListVersionsByFunction → 200 {Versions, NextMarker?}.
    pub(crate) fn list_versions_by_function(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        let f = self.function_or_404(&name)?;
        let mut items = Vec::new();
        if !self.has(Fault::ListVersionsOmitsLatest) {
            // VER-001 (recorded): $LATEST first, with a qualified ARN
            items.push((String::new(), self.render_latest(f, true, View::List)));
        }
        for (n, v) in &f.versions {
            let arn = self.qualified_arn(&name, Some(&n.to_string()));
            let body = function_configuration(
                &v.config,
                &name,
                &arn,
                &n.to_string(),
                &self.config.region,
                View::List,
            );
            items.push((format!("{n:020}"), body));
        }
        let page = paginate(self, items, input, 50)?;
        Ok(page.into_response("Versions", &rules::LIST_VERSIONS))
    }
}
