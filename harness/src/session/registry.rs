//! What a run created, so that it can all be deleted again, also after a
//! failure or Ctrl-C. Only names with the run's prefix ever get here.

use std::sync::{Arc, Mutex};

/// Resources created by a run.
#[derive(Debug, Default, Clone)]
pub struct Created {
    /// Function names.
    pub functions: Vec<String>,
    /// Event source mapping UUIDs.
    pub mappings: Vec<String>,
    /// IAM role names.
    pub roles: Vec<String>,
    /// SQS queue URLs.
    pub queues: Vec<String>,
}

/// Shared, thread-safe list of created resources.
#[derive(Debug, Default, Clone)]
pub struct Registry(Arc<Mutex<Created>>);

impl Registry {
    /// Runs `f` on the list.
    pub fn with<R>(&self, f: impl FnOnce(&mut Created) -> R) -> R {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// A copy of the list.
    pub fn snapshot(&self) -> Created {
        self.with(|c| c.clone())
    }
}
