//! Checks whose order AWS has not recorded.
//!
//! When a request breaks several rules at once, AWS answers one of them, and
//! which one is only known where a recording shows such a request. Where none
//! does, the model still answers the first failure in its own order (so that
//! the embedded endpoint answers something plausible), but the answer rests
//! on an inference: a finding against it is unverified. Checks whose order is
//! recorded stay outside an [`Unordered`] set, before it, with their evidence.

use crate::Evidence;
use crate::errors::ApiError;

/// A set of checks of one request, evaluated in the model's order.
#[derive(Debug, Default)]
pub(crate) struct Unordered {
    first: Option<ApiError>,
    more: bool,
}

impl Unordered {
    /// An empty set.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Evaluates one check: its value when it passes. A check that needs a
    /// value an earlier failed check did not give is skipped by its caller.
    pub(crate) fn check<T>(&mut self, outcome: Result<T, ApiError>) -> Option<T> {
        match outcome {
            Ok(value) => Some(value),
            Err(e) => {
                if self.first.is_none() {
                    self.first = Some(e);
                } else {
                    self.more = true;
                }
                None
            }
        }
    }

    /// The first failure, if any; inferred when another check failed too.
    pub(crate) fn finish(self) -> Result<(), ApiError> {
        match self.first {
            None => Ok(()),
            Some(e) if self.more => Err(e.with_evidence(Evidence::Inferred)),
            Some(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn refusal(rule: &'static crate::Rule) -> Result<(), ApiError> {
        Err(ApiError::invalid("no", rule))
    }

    #[test]
    fn one_failure_keeps_its_evidence() {
        let mut c = Unordered::new();
        c.check(Ok::<_, ApiError>(()));
        c.check(refusal(&rules::FUNCTION_NAME_LENGTH));
        let e = c.finish().expect_err("failed");
        assert_eq!(e.rule.id, rules::FUNCTION_NAME_LENGTH.id);
        assert_eq!(e.evidence, rules::FUNCTION_NAME_LENGTH.evidence);
    }

    #[test]
    fn two_failures_answer_the_first_as_inferred() {
        let mut c = Unordered::new();
        c.check(refusal(&rules::FUNCTION_NAME_LENGTH));
        c.check(refusal(&rules::FUNCTION_NAME_UNIQUE));
        let e = c.finish().expect_err("failed");
        assert_eq!(e.rule.id, rules::FUNCTION_NAME_LENGTH.id);
        assert_eq!(e.evidence, Evidence::Inferred);
    }

    #[test]
    fn no_failure_passes() {
        let mut c = Unordered::new();
        assert_eq!(c.check(Ok::<_, ApiError>(3)), Some(3));
        assert!(c.finish().is_ok());
    }
}
