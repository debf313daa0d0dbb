//! The operations the model implements: the one list of them. Every match
//! over [`Op`] is exhaustive, so adding a variant makes the compiler list
//! each place (model, harness, fuzz targets) that must learn it.

/// Declares [`Op`] with its names and [`Op::ALL`] from one list of names.
macro_rules! operations {
    ($($(#[$doc:meta])* $area:ident: $($name:ident),+;)+) => {
        /// An operation the reference model implements (API 2015-03-31).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum Op {
            $($(
                #[allow(missing_docs)]
                $name,
            )+)+
        }

        /// The API area an operation belongs to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Area {
            $($(#[$doc])* $area,)+
        }

        impl Op {
            /// Every operation, by API area.
            pub const ALL: [Op; [$($(stringify!($name),)+)+].len()] = [$($(Op::$name,)+)+];

            /// The operation's name in the service model, e.g. `CreateFunction`.
            pub const fn name(self) -> &'static str {
                match self {
                    $($(Op::$name => stringify!($name),)+)+
                }
            }

            /// Its API area.
            pub const fn area(self) -> Area {
                match self {
                    $($(Op::$name => Area::$area,)+)+
                }
            }
        }
    };
}

operations! {
    /// Functions and their code and configuration.
    Functions: CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode,
        UpdateFunctionConfiguration, DeleteFunction, ListFunctions;
    /// Published versions.
    Versions: PublishVersion, ListVersionsByFunction;
    /// Aliases.
    Aliases: CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases;
    /// Resource-based policies.
    Policies: AddPermission, GetPolicy, RemovePermission;
    /// Event source mappings.
    EventSourceMappings: CreateEventSourceMapping, GetEventSourceMapping,
        UpdateEventSourceMapping, DeleteEventSourceMapping, ListEventSourceMappings;
    /// Invocation.
    Invoke: Invoke, InvokeAsync;
    /// Tags.
    Tags: TagResource, UntagResource, ListTags;
    /// Reserved concurrency.
    Concurrency: PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency;
}

impl Op {
    /// The operation with this name, if the model implements it.
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Whether the operation is one of the 24 of the API reference's first-class surface.
    pub const fn in_reference(self) -> bool {
        !matches!(self.area(), Area::Tags | Area::Concurrency)
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
