//! Symbolic operations of a stateful sequence. Names are slots (function 0,
//! alias 1, ...) and values the endpoint chooses (mapping UUIDs, RevisionIds)
//! are references, bound separately for the endpoint and for the model when
//! the sequence runs.

use serde::{Deserialize, Serialize};

/// Number of function slots a sequence uses.
pub const FUNCTION_SLOTS: u8 = 3;
/// Number of alias slots per function.
pub const ALIAS_SLOTS: u8 = 2;
/// Number of statement-id slots per policy.
pub const SID_SLOTS: u8 = 3;
/// Number of event source mapping slots.
pub const MAPPING_SLOTS: u8 = 3;
/// Number of tag-key slots per function.
pub const TAG_SLOTS: u8 = 3;

/// Which RevisionId a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, arbitrary::Arbitrary)]
pub enum RevisionRef {
    /// No RevisionId.
    None,
    /// The latest one the endpoint returned for the resource.
    Current,
    /// An earlier one (or a made-up one when there is none): must be rejected.
    Stale,
}

/// A qualifier: `$LATEST`, a version by index, or an alias slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, arbitrary::Arbitrary)]
pub enum QualifierRef {
    /// `$LATEST`.
    Latest,
    /// Version number `n` (1-based; may not exist).
    Version(u8),
    /// Alias slot.
    Alias(u8),
}

/// What an alias points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, arbitrary::Arbitrary)]
pub enum VersionRef {
    /// `$LATEST`.
    Latest,
    /// Version number `n` (1-based; may not exist).
    Number(u8),
}

/// How Invoke is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, arbitrary::Arbitrary)]
pub enum InvocationKind {
    /// Synchronous.
    RequestResponse,
    /// Asynchronous.
    Event,
    /// Validation only.
    DryRun,
}

/// One symbolic operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, arbitrary::Arbitrary)]
pub enum Transition {
    /// CreateFunction in a slot, with code variant, memory, timeout, publish.
    CreateFunction {
        f: u8,
        code: u8,
        memory: u16,
        timeout: u16,
        publish: bool,
    },
    /// GetFunction, optionally qualified.
    GetFunction {
        f: u8,
        qualifier: Option<QualifierRef>,
    },
    /// GetFunctionConfiguration, optionally qualified.
    GetFunctionConfiguration {
        f: u8,
        qualifier: Option<QualifierRef>,
    },
    /// UpdateFunctionCode with a code variant.
    UpdateFunctionCode {
        f: u8,
        code: u8,
        revision: RevisionRef,
    },
    /// UpdateFunctionConfiguration of the description and timeout.
    UpdateFunctionConfiguration {
        f: u8,
        description: u8,
        timeout: u16,
        revision: RevisionRef,
    },
    /// DeleteFunction, optionally of one version.
    DeleteFunction {
        f: u8,
        qualifier: Option<QualifierRef>,
    },
    /// ListFunctions, paged through with this page size; with
    /// `FunctionVersion=ALL` when `all_versions`.
    ListFunctions {
        max_items: Option<u8>,
        #[serde(default)]
        all_versions: bool,
    },
    /// PublishVersion with a description.
    PublishVersion {
        f: u8,
        description: u8,
        revision: RevisionRef,
    },
    /// ListVersionsByFunction, paged through.
    ListVersionsByFunction { f: u8, max_items: Option<u8> },
    /// CreateAlias.
    CreateAlias {
        f: u8,
        alias: u8,
        version: VersionRef,
    },
    /// GetAlias.
    GetAlias { f: u8, alias: u8 },
    /// UpdateAlias to another version.
    UpdateAlias {
        f: u8,
        alias: u8,
        version: VersionRef,
        revision: RevisionRef,
    },
    /// DeleteAlias.
    DeleteAlias { f: u8, alias: u8 },
    /// ListAliases, paged through.
    ListAliases { f: u8, max_items: Option<u8> },
    /// AddPermission with a statement-id slot; with a RevisionId no
    /// resource has when `stale_revision` (AWS answers 412).
    AddPermission {
        f: u8,
        sid: u8,
        qualifier: Option<QualifierRef>,
        #[serde(default)]
        stale_revision: bool,
    },
    /// GetPolicy.
    GetPolicy {
        f: u8,
        qualifier: Option<QualifierRef>,
    },
    /// RemovePermission; with a RevisionId no resource has when `stale_revision`.
    RemovePermission {
        f: u8,
        sid: u8,
        qualifier: Option<QualifierRef>,
        #[serde(default)]
        stale_revision: bool,
    },
    /// CreateEventSourceMapping on the run's queue.
    CreateEventSourceMapping { f: u8, batch_size: u8 },
    /// GetEventSourceMapping of a mapping slot (a made-up UUID when empty).
    GetEventSourceMapping { m: u8 },
    /// UpdateEventSourceMapping's BatchSize.
    UpdateEventSourceMapping { m: u8, batch_size: u8 },
    /// DeleteEventSourceMapping.
    DeleteEventSourceMapping { m: u8 },
    /// ListEventSourceMappings for a function, paged through; with
    /// `other_source`, also filtered by an event source no mapping uses (the
    /// list is then empty: ESM-002).
    ListEventSourceMappings {
        f: u8,
        max_items: Option<u8>,
        #[serde(default)]
        other_source: bool,
    },
    /// Invoke.
    Invoke {
        f: u8,
        qualifier: Option<QualifierRef>,
        kind: InvocationKind,
    },
    /// InvokeAsync.
    InvokeAsync { f: u8 },
    /// TagResource of the function's ARN with one tag-key slot.
    TagResource { f: u8, tag: u8 },
    /// UntagResource of one tag-key slot.
    UntagResource { f: u8, tag: u8 },
    /// ListTags of the function's ARN.
    ListTags { f: u8 },
    /// PutFunctionConcurrency with a small reservation (1 to 5).
    PutFunctionConcurrency { f: u8, reserved: u8 },
    /// GetFunctionConcurrency.
    GetFunctionConcurrency { f: u8 },
    /// DeleteFunctionConcurrency.
    DeleteFunctionConcurrency { f: u8 },
}

impl Transition {
    /// The operation this transition calls.
    pub fn operation(&self) -> &'static str {
        match self {
            Transition::CreateFunction { .. } => "CreateFunction",
            Transition::GetFunction { .. } => "GetFunction",
            Transition::GetFunctionConfiguration { .. } => "GetFunctionConfiguration",
            Transition::UpdateFunctionCode { .. } => "UpdateFunctionCode",
            Transition::UpdateFunctionConfiguration { .. } => "UpdateFunctionConfiguration",
            Transition::DeleteFunction { .. } => "DeleteFunction",
            Transition::ListFunctions { .. } => "ListFunctions",
            Transition::PublishVersion { .. } => "PublishVersion",
            Transition::ListVersionsByFunction { .. } => "ListVersionsByFunction",
            Transition::CreateAlias { .. } => "CreateAlias",
            Transition::GetAlias { .. } => "GetAlias",
            Transition::UpdateAlias { .. } => "UpdateAlias",
            Transition::DeleteAlias { .. } => "DeleteAlias",
            Transition::ListAliases { .. } => "ListAliases",
            Transition::AddPermission { .. } => "AddPermission",
            Transition::GetPolicy { .. } => "GetPolicy",
            Transition::RemovePermission { .. } => "RemovePermission",
            Transition::CreateEventSourceMapping { .. } => "CreateEventSourceMapping",
            Transition::GetEventSourceMapping { .. } => "GetEventSourceMapping",
            Transition::UpdateEventSourceMapping { .. } => "UpdateEventSourceMapping",
            Transition::DeleteEventSourceMapping { .. } => "DeleteEventSourceMapping",
            Transition::ListEventSourceMappings { .. } => "ListEventSourceMappings",
            Transition::Invoke { .. } => "Invoke",
            Transition::InvokeAsync { .. } => "InvokeAsync",
            Transition::TagResource { .. } => "TagResource",
            Transition::UntagResource { .. } => "UntagResource",
            Transition::ListTags { .. } => "ListTags",
            Transition::PutFunctionConcurrency { .. } => "PutFunctionConcurrency",
            Transition::GetFunctionConcurrency { .. } => "GetFunctionConcurrency",
            Transition::DeleteFunctionConcurrency { .. } => "DeleteFunctionConcurrency",
        }
    }

    /// The same transition with every slot and value folded into the ranges
    /// generation uses (for transitions decoded from arbitrary bytes).
    pub fn within_slots(self) -> Transition {
        let f = |f: u8| f % FUNCTION_SLOTS;
        let a = |a: u8| a % ALIAS_SLOTS;
        let m = |m: u8| m % MAPPING_SLOTS;
        let q = |q: Option<QualifierRef>| {
            q.map(|q| match q {
                QualifierRef::Latest => QualifierRef::Latest,
                QualifierRef::Version(n) => QualifierRef::Version(1 + n % 4),
                QualifierRef::Alias(x) => QualifierRef::Alias(a(x)),
            })
        };
        let v = |v: VersionRef| match v {
            VersionRef::Latest => VersionRef::Latest,
            VersionRef::Number(n) => VersionRef::Number(1 + n % 4),
        };
        let page = |p: Option<u8>| p.map(|n| 1 + n % 3);
        match self {
            Transition::CreateFunction {
                f: x,
                code,
                memory,
                timeout,
                publish,
            } => Transition::CreateFunction {
                f: f(x),
                code: code % 3,
                memory: if memory % 2 == 0 { 128 } else { 256 },
                timeout: 1 + timeout % 10,
                publish,
            },
            Transition::GetFunction { f: x, qualifier } => Transition::GetFunction {
                f: f(x),
                qualifier: q(qualifier),
            },
            Transition::GetFunctionConfiguration { f: x, qualifier } => {
                Transition::GetFunctionConfiguration {
                    f: f(x),
                    qualifier: q(qualifier),
                }
            }
            Transition::UpdateFunctionCode {
                f: x,
                code,
                revision,
            } => Transition::UpdateFunctionCode {
                f: f(x),
                code: code % 3,
                revision,
            },
            Transition::UpdateFunctionConfiguration {
                f: x,
                description,
                timeout,
                revision,
            } => Transition::UpdateFunctionConfiguration {
                f: f(x),
                description: description % 3,
                timeout: 1 + timeout % 10,
                revision,
            },
            Transition::DeleteFunction { f: x, qualifier } => Transition::DeleteFunction {
                f: f(x),
                qualifier: q(qualifier),
            },
            Transition::ListFunctions {
                max_items,
                all_versions,
            } => Transition::ListFunctions {
                max_items: page(max_items),
                all_versions,
            },
            Transition::PublishVersion {
                f: x,
                description,
                revision,
            } => Transition::PublishVersion {
                f: f(x),
                description: description % 2,
                revision,
            },
            Transition::ListVersionsByFunction { f: x, max_items } => {
                Transition::ListVersionsByFunction {
                    f: f(x),
                    max_items: page(max_items),
                }
            }
            Transition::CreateAlias {
                f: x,
                alias,
                version,
            } => Transition::CreateAlias {
                f: f(x),
                alias: a(alias),
                version: v(version),
            },
            Transition::GetAlias { f: x, alias } => Transition::GetAlias {
                f: f(x),
                alias: a(alias),
            },
            Transition::UpdateAlias {
                f: x,
                alias,
                version,
                revision,
            } => Transition::UpdateAlias {
                f: f(x),
                alias: a(alias),
                version: v(version),
                revision,
            },
            Transition::DeleteAlias { f: x, alias } => Transition::DeleteAlias {
                f: f(x),
                alias: a(alias),
            },
            Transition::ListAliases { f: x, max_items } => Transition::ListAliases {
                f: f(x),
                max_items: page(max_items),
            },
            Transition::AddPermission {
                f: x,
                sid,
                qualifier,
                stale_revision,
            } => Transition::AddPermission {
                f: f(x),
                sid: sid % SID_SLOTS,
                qualifier: q(qualifier),
                stale_revision,
            },
            Transition::GetPolicy { f: x, qualifier } => Transition::GetPolicy {
                f: f(x),
                qualifier: q(qualifier),
            },
            Transition::RemovePermission {
                f: x,
                sid,
                qualifier,
                stale_revision,
            } => Transition::RemovePermission {
                f: f(x),
                sid: sid % SID_SLOTS,
                qualifier: q(qualifier),
                stale_revision,
            },
            Transition::CreateEventSourceMapping { f: x, batch_size } => {
                Transition::CreateEventSourceMapping {
                    f: f(x),
                    batch_size: 1 + batch_size % 10,
                }
            }
            Transition::GetEventSourceMapping { m: x } => {
                Transition::GetEventSourceMapping { m: m(x) }
            }
            Transition::UpdateEventSourceMapping { m: x, batch_size } => {
                Transition::UpdateEventSourceMapping {
                    m: m(x),
                    batch_size: 1 + batch_size % 10,
                }
            }
            Transition::DeleteEventSourceMapping { m: x } => {
                Transition::DeleteEventSourceMapping { m: m(x) }
            }
            Transition::ListEventSourceMappings {
                f: x,
                max_items,
                other_source,
            } => Transition::ListEventSourceMappings {
                f: f(x),
                max_items: page(max_items),
                other_source,
            },
            Transition::Invoke {
                f: x,
                qualifier,
                kind,
            } => Transition::Invoke {
                f: f(x),
                qualifier: q(qualifier),
                kind,
            },
            Transition::InvokeAsync { f: x } => Transition::InvokeAsync { f: f(x) },
            Transition::TagResource { f: x, tag } => Transition::TagResource {
                f: f(x),
                tag: tag % TAG_SLOTS,
            },
            Transition::UntagResource { f: x, tag } => Transition::UntagResource {
                f: f(x),
                tag: tag % TAG_SLOTS,
            },
            Transition::ListTags { f: x } => Transition::ListTags { f: f(x) },
            Transition::PutFunctionConcurrency { f: x, reserved } => {
                Transition::PutFunctionConcurrency {
                    f: f(x),
                    reserved: 1 + reserved % 5,
                }
            }
            Transition::GetFunctionConcurrency { f: x } => {
                Transition::GetFunctionConcurrency { f: f(x) }
            }
            Transition::DeleteFunctionConcurrency { f: x } => {
                Transition::DeleteFunctionConcurrency { f: f(x) }
            }
        }
    }
}
