//! Requests of a transition, per side: names of slots, qualifiers, tag keys,
//! function ARNs and RevisionIds as each side chose them.

use super::super::bindings::RevisionKey;
use super::super::transition::*;
use super::Case;
use serde_json::{Value, json};

pub(super) fn function_name(prefix: &str, f: u8) -> String {
    format!("{prefix}f{f}")
}

pub(super) fn alias_name(a: u8) -> String {
    format!("a{a}")
}

pub(super) fn qualifier_value(q: QualifierRef) -> String {
    match q {
        QualifierRef::Latest => "$LATEST".into(),
        QualifierRef::Version(n) => n.to_string(),
        QualifierRef::Alias(a) => alias_name(a),
    }
}

pub(super) fn tag_key(t: u8) -> String {
    format!("k{t}")
}

pub(super) fn version_value(v: VersionRef) -> String {
    match v {
        VersionRef::Latest => "$LATEST".into(),
        VersionRef::Number(n) => n.to_string(),
    }
}

impl Case<'_> {
    /// The unqualified ARN of a function slot as a side named it (a side that
    /// never answered with one gets the ARN the model would use).
    pub(super) fn function_arn(&self, f: u8, model_side: bool) -> String {
        let side = if model_side {
            &self.predicted
        } else {
            &self.endpoint
        };
        side.function_arns.get(&f).cloned().unwrap_or_else(|| {
            let config = self.model.config();
            format!(
                "arn:aws:lambda:{}:{}:function:{}",
                config.region,
                config.account,
                function_name(&self.prefix, f)
            )
        })
    }

    pub(super) fn revision_input(
        &self,
        input: &mut Value,
        model_input: &mut Value,
        key: RevisionKey,
        r: RevisionRef,
    ) {
        match r {
            RevisionRef::None => {}
            RevisionRef::Current => {
                if let Some(rev) = self.endpoint.current(&key) {
                    input["RevisionId"] = json!(rev);
                }
                if let Some(rev) = self.predicted.current(&key) {
                    model_input["RevisionId"] = json!(rev);
                }
            }
            RevisionRef::Stale => {
                input["RevisionId"] = json!(self.endpoint.stale(&key));
                model_input["RevisionId"] = json!(self.predicted.stale(&key));
            }
        }
    }
}
