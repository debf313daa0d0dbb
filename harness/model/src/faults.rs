//! Deliberate emulator bugs the model can imitate, selected by kebab-case name.

macro_rules! faults {
    ($( $(#[doc = $doc:literal])* $variant:ident => $name:literal, )*) => {
        /// A deliberate deviation from AWS, used to prove the harness detects bugs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fault {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Fault {
            /// Every fault, in declaration order.
            pub const ALL: &'static [Fault] = &[ $( Fault::$variant, )* ];

            /// The stable kebab-case name used on the command line.
            pub fn name(self) -> &'static str {
                match self { $( Fault::$variant => $name, )* }
            }

            /// The fault with this kebab-case name.
            pub fn from_name(name: &str) -> Option<Fault> {
                match name { $( $name => Some(Fault::$variant), )* _ => None }
            }

            /// The one-line description of the fault.
            pub fn description(self) -> &'static str {
                match self { $( Fault::$variant => concat!($($doc),*).trim_start(), )* }
            }
        }
    };
}

faults! {
    /// GetAlias answers 201 instead of 200 (moto does this).
    GetAlias201 => "get-alias-201",
    /// AddPermission answers 200 instead of 201 (moto does this).
    AddPermission200 => "add-permission-200",
    /// DeleteFunction answers 200 with a body instead of 204.
    DeleteFunction200 => "delete-function-200",
    /// CreateEventSourceMapping answers 201 instead of 202 (moto does this).
    CreateEventSourceMapping201 => "create-event-source-mapping-201",
    /// A missing function gives 404 but with code ResourceConflictException.
    MissingFunctionConflictCode => "missing-function-conflict-code",
    /// A missing function gives 400 InvalidParameterValueException instead of 404.
    MissingFunction400 => "missing-function-400",
    /// Function configurations lack FunctionArn.
    NoFunctionArn => "no-function-arn",
    /// Function configurations lack RevisionId.
    NoRevisionId => "no-revision-id",
    /// Timeout is serialised as a JSON string instead of a number.
    TimeoutAsString => "timeout-as-string",
    /// Paginated lists skip the first item of every page after the first.
    PaginationDropsItem => "pagination-drops-item",
    /// Paginated lists repeat the last item of a page on the next page.
    PaginationRepeatsItem => "pagination-repeats-item",
    /// A stale RevisionId is accepted instead of 412 PreconditionFailedException.
    RevisionIdIgnored => "revision-id-ignored",
    /// GetFunction/GetFunctionConfiguration ignore the qualifier and return $LATEST.
    QualifierIgnoredOnGet => "qualifier-ignored-on-get",
    /// Version numbers are reused after the newest version is deleted.
    VersionNumbersReused => "version-numbers-reused",
    /// CreateAlias/UpdateAlias accept a version that does not exist.
    AliasToMissingVersion => "alias-to-missing-version",
    /// DeleteFunction with a Qualifier deletes a version an alias points to.
    DeleteAliasedVersion => "delete-aliased-version",
    /// AddPermission accepts a statement id that already exists.
    DuplicateSidAccepted => "duplicate-sid-accepted",
    /// A deleted function can still be read once (stale cache).
    StaleReadAfterDelete => "stale-read-after-delete",
    /// PublishVersion creates a new version even when nothing changed.
    PublishAlwaysNew => "publish-always-new",
    /// ListVersionsByFunction omits $LATEST.
    ListVersionsOmitsLatest => "list-versions-omits-latest",
    /// Invoke of a missing function answers 200 instead of 404.
    InvokeMissing200 => "invoke-missing-200",
    /// ListAliases always fails with 500 ServiceException.
    ListAliases500 => "list-aliases-500",
    /// Error bodies are plain text instead of JSON.
    ErrorBodyNotJson => "error-body-not-json",
    /// DeleteFunction leaves the aliases behind; a re-created function inherits them.
    DeleteLeavesAliases => "delete-leaves-aliases",
    /// Updates set LastModified earlier than before.
    LastModifiedBackwards => "last-modified-backwards",
    /// DeleteFunction also deletes the function's event source mappings.
    EsmDeletedWithFunction => "esm-deleted-with-function",
    /// Numbers out of their range (MemorySize, Timeout, BatchSize, MaxItems) are accepted and clamped (moto and ministack accept them).
    AcceptsOutOfRange => "accepts-out-of-range",
    /// Values at the edge of what AWS accepts (a string of its maximum length, a number at its maximum) answer ValidationException.
    RejectsValidEdge => "rejects-valid-edge",
    /// Constraint violations answer InvalidParameterValueException instead of ValidationException (fakecloud does this).
    ValidationAsInvalidParameter => "validation-as-invalid-parameter",
    /// A request body that is not JSON answers 500 ServiceException instead of a 4xx.
    MalformedBody500 => "malformed-body-500",
}

impl Fault {
    /// Faults of the endpoint's front end (decoding and constraint validation,
    /// before the model is asked), injected by the embedded endpoint rather
    /// than the model; the harness's boundary probes find them.
    pub fn front_end(self) -> bool {
        matches!(
            self,
            Fault::AcceptsOutOfRange
                | Fault::RejectsValidEdge
                | Fault::ValidationAsInvalidParameter
                | Fault::MalformedBody500
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for f in Fault::ALL {
            assert!(seen.insert(f.name()), "duplicate {}", f.name());
            assert_eq!(Fault::from_name(f.name()), Some(*f));
            assert!(!f.description().is_empty());
        }
        assert!(Fault::ALL.len() >= 18);
        assert_eq!(Fault::from_name("nope"), None);
    }
}
