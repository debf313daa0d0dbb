//! Values the endpoint chooses (mapping UUIDs, RevisionIds, LastModified),
//! bound per side: the endpoint's values go into requests to the endpoint,
//! the model's into requests to the model.

use std::collections::HashMap;

/// A resource whose RevisionId is tracked: a function's `$LATEST`, or an alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RevisionKey {
    /// The function's `$LATEST`.
    Function(u8),
    /// An alias of a function.
    Alias(u8, u8),
}

/// Bound values of one side.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    /// Mapping UUIDs in creation order (slot = index).
    pub mappings: Vec<String>,
    /// RevisionIds seen per resource, oldest first.
    pub revisions: HashMap<RevisionKey, Vec<String>>,
    /// Mapping slots a DeleteEventSourceMapping was sent for.
    pub deleted_mappings: std::collections::BTreeSet<u8>,
    /// Unqualified function ARNs per function slot, as this side named them.
    pub function_arns: HashMap<u8, String>,
}

/// A UUID no mapping has.
pub const MISSING_UUID: &str = "00000000-0000-4000-8000-00000000dead";

/// A RevisionId no resource has.
pub const MADE_UP_REVISION: &str = "00000000-0000-4000-8000-0000000000ff";

impl Bindings {
    /// The UUID for a mapping slot (a missing one when the slot is empty).
    pub fn mapping(&self, slot: u8) -> String {
        self.mappings
            .get(slot as usize)
            .cloned()
            .unwrap_or_else(|| MISSING_UUID.to_string())
    }

    /// Records the function ARN a side answered with (its qualifier cut off).
    pub fn saw_function_arn(&mut self, f: u8, arn: &str) {
        let unqualified: Vec<&str> = arn.split(':').take(7).collect();
        self.function_arns.insert(f, unqualified.join(":"));
    }

    /// Records a RevisionId seen for a resource.
    pub fn saw_revision(&mut self, key: RevisionKey, revision: &str) {
        let seen = self.revisions.entry(key).or_default();
        if seen.last().map(String::as_str) != Some(revision) {
            seen.push(revision.to_string());
        }
    }

    /// The latest RevisionId seen, if the endpoint ever sent one.
    pub fn current(&self, key: &RevisionKey) -> Option<String> {
        self.revisions.get(key).and_then(|v| v.last()).cloned()
    }

    /// A RevisionId that is certainly not current: an older one, else a made-up one.
    pub fn stale(&self, key: &RevisionKey) -> String {
        match self.revisions.get(key) {
            Some(v) if v.len() >= 2 => v[v.len() - 2].clone(),
            _ => MADE_UP_REVISION.to_string(),
        }
    }

    /// Forgets everything about a function (it was deleted).
    pub fn forget_function(&mut self, f: u8) {
        self.revisions.retain(|k, _| match k {
            RevisionKey::Function(x) | RevisionKey::Alias(x, _) => *x != f,
        });
    }
}
