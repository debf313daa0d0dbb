//! Deliberate emulator bugs the model can imitate, selected by kebab-case name.

macro_rules! faults {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => $name:literal,
            breaks [$($op:literal),* $(,)?] by [$($check:literal),* $(,)?],
    )*) => {
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

            /// What the fault breaks: the finding the harness must report for it.
            pub fn breaks(self) -> Breaks {
                match self {
                    $( Fault::$variant => Breaks {
                        operations: &[$($op),*],
                        checks: &[$($check),*],
                    }, )*
                }
            }
        }
    };
}

/// What a fault breaks, as the finding that must show it: on one of
/// `operations`, by one of `checks` (the harness's check kinds by name,
/// `CheckKind::name`: `status`, `error-code`, `error-body`, `schema`,
/// `expectation`, `prediction`, `invariant`, `server-error`, `constraint`, ...).
/// Until the harness's rules have ids, this is how tests tell that a fault is
/// found by the rule it breaks and not by some other finding.
///
/// Each declaration lists what was seen: the operations and checks of the
/// verified findings the fault produced in generated sequences
/// (tests/stateful.rs) or boundary probes (tests/boundary.rs), leaving out
/// consequences by another rule (e.g. the error body of a wrong error code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breaks {
    /// Operations the finding may be on.
    pub operations: &'static [&'static str],
    /// Check kinds the finding may have.
    pub checks: &'static [&'static str],
}

impl Breaks {
    /// Whether a finding on `operation` by check `check` is one this fault must produce.
    pub fn matches(&self, operation: &str, check: &str) -> bool {
        self.operations.contains(&operation) && self.checks.contains(&check)
    }
}

faults! {
    /// GetAlias answers 201 instead of 200 (moto does this).
    GetAlias201 => "get-alias-201",
        breaks ["GetAlias"] by ["status"],
    /// AddPermission answers 200 instead of 201 (moto does this).
    AddPermission200 => "add-permission-200",
        breaks ["AddPermission"] by ["status"],
    /// DeleteFunction answers 200 with a body instead of 204.
    DeleteFunction200 => "delete-function-200",
        breaks ["DeleteFunction"] by ["status"],
    /// CreateEventSourceMapping answers 201 instead of 202 (moto does this).
    CreateEventSourceMapping201 => "create-event-source-mapping-201",
        breaks ["CreateEventSourceMapping"] by ["status"],
    /// A missing function gives 404 but with code ResourceConflictException.
    MissingFunctionConflictCode => "missing-function-conflict-code",
        breaks [
            "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "DeleteFunction", "PublishVersion",
            "ListVersionsByFunction", "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias",
            "ListAliases", "AddPermission", "RemovePermission", "Invoke", "InvokeAsync",
            "TagResource", "UntagResource", "ListTags", "PutFunctionConcurrency",
            "GetFunctionConcurrency", "DeleteFunctionConcurrency",
        ] by ["error-code", "expectation"],
    /// A missing function gives 400 InvalidParameterValueException instead of 404.
    MissingFunction400 => "missing-function-400",
        breaks [
            "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "DeleteFunction", "PublishVersion",
            "ListVersionsByFunction", "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias",
            "ListAliases", "AddPermission", "Invoke", "InvokeAsync", "TagResource", "UntagResource",
            "ListTags", "PutFunctionConcurrency", "GetFunctionConcurrency",
        ] by ["expectation", "error-code"],
    /// Function configurations lack FunctionArn.
    NoFunctionArn => "no-function-arn",
        breaks [
            "CreateFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "PublishVersion",
        ] by ["prediction"],
    /// Function configurations lack RevisionId.
    NoRevisionId => "no-revision-id",
        breaks [
            "CreateFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "PublishVersion",
        ] by ["prediction"],
    /// Timeout is serialised as a JSON string instead of a number.
    TimeoutAsString => "timeout-as-string",
        breaks ["CreateFunction"] by ["schema", "prediction"],
    /// Paginated lists skip the first item of every page after the first.
    PaginationDropsItem => "pagination-drops-item",
        breaks ["ListFunctions", "ListVersionsByFunction"] by ["prediction"],
    /// Paginated lists repeat the last item of a page on the next page.
    PaginationRepeatsItem => "pagination-repeats-item",
        breaks ["ListFunctions", "ListVersionsByFunction"] by ["invariant"],
    /// ListFunctions ignores FunctionVersion=ALL: versions are not listed (fakecloud PR 1820).
    ListFunctionsIgnoresAll => "list-functions-ignores-all",
        breaks ["ListFunctions"] by ["prediction"],
    /// A stale RevisionId is accepted instead of 412 PreconditionFailedException.
    RevisionIdIgnored => "revision-id-ignored",
        breaks [
            "UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion", "UpdateAlias",
        ] by ["expectation"],
    /// GetFunction/GetFunctionConfiguration ignore the qualifier and return $LATEST.
    QualifierIgnoredOnGet => "qualifier-ignored-on-get",
        breaks ["GetFunction", "GetFunctionConfiguration"] by ["expectation", "prediction"],
    /// Version numbers are reused after the newest version is deleted.
    VersionNumbersReused => "version-numbers-reused",
        breaks ["PublishVersion"] by ["prediction"],
    /// CreateAlias/UpdateAlias accept a version that does not exist.
    AliasToMissingVersion => "alias-to-missing-version",
        breaks ["CreateAlias", "UpdateAlias"] by ["expectation"],
    /// DeleteFunction with a Qualifier deletes a version an alias points to.
    DeleteAliasedVersion => "delete-aliased-version",
        breaks ["DeleteFunction"] by ["expectation"],
    /// AddPermission accepts a statement id that already exists.
    DuplicateSidAccepted => "duplicate-sid-accepted",
        breaks ["AddPermission"] by ["expectation"],
    /// A deleted function can still be read once (stale cache).
    StaleReadAfterDelete => "stale-read-after-delete",
        breaks ["GetFunction", "GetFunctionConfiguration"] by ["expectation"],
    /// PublishVersion creates a new version even when nothing changed.
    PublishAlwaysNew => "publish-always-new",
        breaks ["PublishVersion"] by ["prediction"],
    /// ListVersionsByFunction omits $LATEST.
    ListVersionsOmitsLatest => "list-versions-omits-latest",
        breaks ["ListVersionsByFunction"] by ["prediction"],
    /// Invoke of a missing function answers 200 instead of 404.
    InvokeMissing200 => "invoke-missing-200",
        breaks ["Invoke"] by ["expectation"],
    /// ListAliases always fails with 500 ServiceException.
    ListAliases500 => "list-aliases-500",
        breaks ["ListAliases"] by ["server-error"],
    /// CreateFunction stores the function but answers 500 ServiceException
    /// (moto does this for some invalid inputs): the run must still delete it.
    CreateFunctionStored500 => "create-function-stored-500",
        breaks ["CreateFunction"] by ["server-error"],
    /// Error bodies are plain text instead of JSON.
    ErrorBodyNotJson => "error-body-not-json",
        breaks [
            "CreateFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "DeleteFunction", "PublishVersion",
            "ListVersionsByFunction", "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias",
            "ListAliases", "AddPermission", "GetPolicy", "RemovePermission",
            "CreateEventSourceMapping", "GetEventSourceMapping", "UpdateEventSourceMapping",
            "DeleteEventSourceMapping", "Invoke", "InvokeAsync", "TagResource", "UntagResource",
            "ListTags", "PutFunctionConcurrency", "GetFunctionConcurrency",
            "DeleteFunctionConcurrency",
        ] by ["error-body"],
    /// DeleteFunction leaves the aliases behind; a re-created function inherits them.
    DeleteLeavesAliases => "delete-leaves-aliases",
        breaks [
            "GetFunction", "GetFunctionConfiguration", "CreateAlias", "GetAlias", "UpdateAlias",
            "DeleteAlias", "ListAliases", "Invoke",
        ] by ["prediction", "expectation"],
    /// Updates set LastModified earlier than before.
    LastModifiedBackwards => "last-modified-backwards",
        breaks ["UpdateFunctionCode", "UpdateFunctionConfiguration"] by ["invariant"],
    /// DeleteFunction also deletes the function's event source mappings.
    EsmDeletedWithFunction => "esm-deleted-with-function",
        breaks [
            "GetEventSourceMapping", "UpdateEventSourceMapping", "DeleteEventSourceMapping",
            "ListEventSourceMappings",
        ] by ["expectation", "prediction"],
    /// Configurations of a version or alias name the unqualified FunctionArn
    /// (the wrong resource: AWS names the version or alias ARN).
    VersionArnUnqualified => "version-arn-unqualified",
        breaks [
            "GetFunction", "GetFunctionConfiguration", "PublishVersion", "ListVersionsByFunction",
            "ListFunctions", "CreateFunction",
        ] by ["prediction"],
    /// GetEventSourceMapping and UpdateEventSourceMapping answer with another
    /// mapping's UUID than the one asked for.
    MappingAnswersOtherUuid => "mapping-answers-other-uuid",
        breaks ["GetEventSourceMapping", "UpdateEventSourceMapping"] by ["prediction"],
    /// LastModified in RFC 3339 form with nanoseconds and `Z`
    /// (2026-01-01T00:00:00.000000000Z, moto's form) instead of AWS's
    /// 2026-01-01T00:00:00.000+0000.
    LastModifiedRfc3339 => "last-modified-rfc3339",
        breaks [
            "CreateFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "PublishVersion", "ListFunctions",
            "ListVersionsByFunction",
        ] by ["format"],
    /// A Timeout above 300 seconds (the limit before 2018) is stored and
    /// answered as 300, without an error.
    TimeoutClamped => "timeout-clamped",
        breaks [
            "CreateFunction", "UpdateFunctionConfiguration", "GetFunction",
            "GetFunctionConfiguration", "ListFunctions", "ListVersionsByFunction", "PublishVersion",
        ] by ["prediction"],
    /// UpdateFunctionConfiguration answers with the new Description but keeps
    /// the old one (a lost write: later reads show the old value).
    DescriptionUpdateLost => "description-update-lost",
        breaks [
            "GetFunction", "GetFunctionConfiguration", "ListFunctions", "ListVersionsByFunction",
            "PublishVersion",
        ] by ["prediction"],
    /// AddPermission and RemovePermission ignore a RevisionId that is not
    /// current (the other operations that take one check it).
    PolicyRevisionIgnored => "policy-revision-ignored",
        breaks ["AddPermission", "RemovePermission"] by ["expectation"],
    /// Every read answers a fresh RevisionId (fakecloud PR 892): the one a
    /// client got cannot be passed back.
    RevisionIdPerRead => "revision-id-per-read",
        breaks [
            "GetFunction", "GetFunctionConfiguration", "GetAlias", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "PublishVersion", "UpdateAlias",
        ] by ["invariant", "expectation"],
    /// Numbers out of their range (MemorySize, Timeout, BatchSize, MaxItems) are accepted and clamped (moto and ministack accept them).
    AcceptsOutOfRange => "accepts-out-of-range",
        breaks [
            "CreateFunction", "UpdateFunctionConfiguration", "ListFunctions",
            "ListVersionsByFunction", "ListAliases", "CreateEventSourceMapping",
            "UpdateEventSourceMapping", "ListEventSourceMappings", "PutFunctionConcurrency",
        ] by ["constraint"],
    /// Values at the edge of what AWS accepts (a string of its maximum length, a number at its maximum) answer ValidationException.
    RejectsValidEdge => "rejects-valid-edge",
        breaks [
            "CreateFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "DeleteFunction", "ListFunctions", "PublishVersion",
            "ListVersionsByFunction", "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias",
            "ListAliases", "AddPermission", "GetPolicy", "RemovePermission",
            "CreateEventSourceMapping", "UpdateEventSourceMapping", "ListEventSourceMappings",
            "Invoke", "TagResource", "UntagResource", "ListTags",
        ] by ["constraint"],
    /// Constraint violations answer InvalidParameterValueException instead of ValidationException (fakecloud does this).
    ValidationAsInvalidParameter => "validation-as-invalid-parameter",
        breaks [
            "CreateFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
            "UpdateFunctionConfiguration", "DeleteFunction", "ListFunctions", "PublishVersion",
            "ListVersionsByFunction", "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias",
            "ListAliases", "AddPermission", "GetPolicy", "RemovePermission",
            "CreateEventSourceMapping", "UpdateEventSourceMapping", "ListEventSourceMappings",
            "Invoke", "InvokeAsync", "TagResource", "UntagResource", "ListTags",
            "PutFunctionConcurrency", "GetFunctionConcurrency", "DeleteFunctionConcurrency",
        ] by ["constraint"],
    /// A request body that is not JSON answers 500 ServiceException instead of a 4xx.
    MalformedBody500 => "malformed-body-500",
        breaks ["CreateFunction"] by ["server-error"],
    /// Invoke always answers X-Amz-Executed-Version $LATEST, whichever
    /// version or alias ran (floci issue 1989).
    ExecutedVersionAlwaysLatest => "executed-version-always-latest",
        breaks ["Invoke"] by ["prediction"],
    /// ListVersionsByFunction lists bare version strings instead of
    /// configurations (fakecloud PR 893).
    ListVersionsBareStrings => "list-versions-bare-strings",
        breaks ["ListVersionsByFunction"] by ["schema", "prediction", "invariant"],
    /// The last page of a list still hands out a NextMarker, which starts the
    /// list again: a paginator never stops (fakecloud PR 1820).
    ListMarkerNeverEnds => "list-marker-never-ends",
        breaks [
            "ListFunctions", "ListVersionsByFunction", "ListAliases", "ListEventSourceMappings",
        ] by ["invariant", "prediction"],
    /// UpdateFunctionCode ignores a stale RevisionId (the other operations
    /// that take one check it): a precondition ignored on one operation.
    CodeUpdateRevisionIgnored => "code-update-revision-ignored",
        breaks ["UpdateFunctionCode"] by ["expectation"],
    /// A configuration asked for through an alias answers the unqualified
    /// FunctionArn where AWS answers the alias ARN.
    AliasArnUnqualified => "alias-arn-unqualified",
        breaks ["GetFunction", "GetFunctionConfiguration"] by ["prediction"],
    /// ListEventSourceMappings ignores its EventSourceArn filter (fakecloud
    /// PR 1820: filters ignored).
    MappingListIgnoresSource => "mapping-list-ignores-source",
        breaks ["ListEventSourceMappings"] by ["prediction"],
    /// ListAliases never answers: the endpoint hangs on one operation.
    ListAliasesHangs => "list-aliases-hangs",
        breaks ["ListAliases"] by ["transport"],
    /// The RevisionId is checked, then the update applied a moment later
    /// without holding the resource (check-then-act): one request at a time
    /// is answered right, but of several sent at once with one RevisionId,
    /// all succeed.
    RevisionCheckRaces => "revision-check-races",
        breaks [
            "UpdateFunctionConfiguration", "PublishVersion", "UpdateAlias", "AddPermission",
        ] by ["invariant"],    /// Lists ignore MaxItems: every item on one page (moto 5.2.5's
    /// ListAliases, seen by `diff` against the embedded endpoint).
    MaxItemsIgnored => "max-items-ignored",
        breaks [
            "ListFunctions", "ListVersionsByFunction", "ListAliases", "ListEventSourceMappings",
        ] by ["invariant"],
    /// Invoke does not run the deployed code: every synchronous invocation
    /// answers the event it was sent (moto without Docker).
    CodeNotRun => "code-not-run",
        breaks ["Invoke"] by ["prediction"],
    /// A handler that raises answers errorType Runtime.HandlerError, not the
    /// exception's type (ministack 1.5).
    HandlerErrorTypeGeneric => "handler-error-type-generic",
        breaks ["Invoke"] by ["prediction"],
    /// LogType Tail answers only what the handler wrote, without the
    /// runtime's START, END and REPORT lines (ministack 1.5).
    LogTailUnframed => "log-tail-unframed",
        breaks ["Invoke"] by ["prediction"],
    /// A handler's result over 6 MB is returned whole, not refused as
    /// Function.ResponseSizeTooLarge (ministack 1.5).
    ResponseLimitUnenforced => "response-limit-unenforced",
        breaks ["Invoke"] by ["prediction"],
}

impl Fault {
    /// Faults of what a deployed handler does: only test functions other
    /// than the echo handler show them, which the test-functions phase
    /// deploys (tests/handlers.rs), not generated sequences.
    pub fn in_handlers(self) -> bool {
        matches!(
            self,
            Fault::CodeNotRun
                | Fault::HandlerErrorTypeGeneric
                | Fault::LogTailUnframed
                | Fault::ResponseLimitUnenforced
        )
    }

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
                | Fault::ListAliasesHangs
                | Fault::RevisionCheckRaces
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (i, f) in Fault::ALL.iter().enumerate() {
            // ALL is the enum in declaration order, no variant left out or repeated.
            assert_eq!(*f as usize, i, "{f:?} is not at its place in Fault::ALL");
            assert!(seen.insert(f.name()), "duplicate {}", f.name());
            assert_eq!(Fault::from_name(f.name()), Some(*f));
            assert!(!f.description().is_empty(), "{f:?} has no description");
        }
        assert_eq!(Fault::from_name("nope"), None);
    }
}
