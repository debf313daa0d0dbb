//! Asynchronous states (issue 15): on AWS a function is `Pending` right after
//! CreateFunction and its last update `InProgress` right after an update, until
//! Lambda has finished; meanwhile some requests are refused with 409. The model
//! is instantly Active unless [`crate::Config::settle_ms`] is set; then the
//! caller (the embedded endpoint's timer) ends each transition with
//! [`Model::settle`].

use crate::errors::ApiError;
use crate::rules;
use crate::{Evidence, Model};

/// A transition $LATEST (and what was published from it meanwhile) is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// Just created: State Pending, StateReasonCode Creating.
    Creating,
    /// Just updated: LastUpdateStatus InProgress.
    Updating,
}

/// Recorded (issue 15's account of AWS; LocalStack test_function_lifecycle
/// create_response and update responses): the reason AWS gives for both.
pub const BEING_CREATED: &str = "The function is being created.";

impl Model {
    /// The state a change starts in: busy when the model is asynchronous.
    pub(crate) fn starting(&self, busy: Busy) -> Option<Busy> {
        (self.config.settle_ms > 0).then_some(busy)
    }

    /// Ends the transition of a function (named as any FunctionName may name
    /// it): Pending becomes Active with a new RevisionId, InProgress becomes
    /// Successful. Versions published meanwhile settle with it. Unknown names
    /// are ignored (the function may have been deleted since).
    pub fn settle(&mut self, function: &str) {
        let Some(parsed) = crate::names::parse_function_name(function) else {
            return;
        };
        let creating = match self.functions.get(&parsed.name) {
            Some(f) => f.latest.busy == Some(Busy::Creating),
            None => return,
        };
        // issue 15 (AWS): the RevisionId changes when Pending becomes Active
        let revision = creating.then(|| self.new_revision());
        let Some(f) = self.functions.get_mut(&parsed.name) else {
            return;
        };
        if let Some(revision) = revision {
            f.latest.revision_id = revision;
        }
        f.latest.busy = None;
        for v in f.versions.values_mut() {
            v.config.busy = None;
        }
    }

    /// Refuses an update (UpdateFunctionCode, UpdateFunctionConfiguration,
    /// PublishVersion) while $LATEST is busy.
    pub(crate) fn check_not_busy(&self, name: &str) -> Result<(), ApiError> {
        let Some(f) = self.functions.get(name) else {
            return Ok(());
        };
        match f.latest.busy {
            None => Ok(()),
            // UPD-004 (recorded): an update in progress
            Some(Busy::Updating) => Err(ApiError::conflict(
                format!(
                    "The operation cannot be performed at this time. An update is in progress for resource: {}",
                    self.function_arn(name)
                ),
                &rules::FUNCTION_READY,
            )),
            // UPD-005 (a live report of AWS's text): still Pending
            Some(Busy::Creating) => Err(ApiError::conflict(
                format!(
                    "The operation cannot be performed at this time. The resource {} is currently in the following state: 'Pending'. StateReasonCode: 'Creating'",
                    self.function_arn(name)
                ),
                &rules::FUNCTION_READY,
            )
            .with_evidence(Evidence::Recorded("UPD-005"))),
        }
    }

    /// Refuses an Invoke while the function is still Pending (an update in
    /// progress does not stop invocations: they run the previous code).
    pub(crate) fn check_invocable(&self, name: &str) -> Result<(), ApiError> {
        match self.functions.get(name).and_then(|f| f.latest.busy) {
            // INV-011 (a live report of AWS's text)
            Some(Busy::Creating) => Err(ApiError::conflict(
                "The operation cannot be performed at this time. The function is currently in the following state: Pending",
                &rules::FUNCTION_READY,
            )
            .with_evidence(Evidence::Recorded("INV-011"))),
            _ => Ok(()),
        }
    }
}
