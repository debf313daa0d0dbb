//! Structured events of a run; reporters (the terminal progress view) consume them.

use crate::findings::Finding;

/// Something that happened during a run.
#[derive(Debug, Clone)]
pub enum Event {
    /// The run starts against this endpoint.
    Started {
        /// Endpoint URL.
        endpoint: String,
        /// Name prefix of everything the run creates.
        prefix: String,
    },
    /// A note for the user (a role was created, a wait is taking long, ...).
    Note(String),
    /// One exchange was made and checked.
    Exchanged {
        /// Index in the transcript.
        index: usize,
        /// Step name.
        step: String,
        /// Operation.
        operation: String,
        /// Status, or None when no response came back.
        status: Option<u16>,
        /// Findings of this exchange.
        findings: Vec<Finding>,
    },
    /// A phase starts: `lifecycle scenario`, `boundary probes`, `generated sequences`.
    Phase {
        /// Its name.
        name: String,
        /// Sequences planned, for the generated ones.
        planned: Option<u32>,
        /// How long it may take at most.
        time_limit: Option<std::time::Duration>,
    },
    /// A generated sequence (shrinking runs included) is done.
    SequenceDone,
    /// Clean-up starts.
    CleaningUp,
    /// The run is over.
    Finished,
}

/// A consumer of events.
pub trait EventSink: Send + Sync {
    /// Handles one event.
    fn event(&self, event: &Event);
}

/// Ignores every event.
pub struct Silent;

impl EventSink for Silent {
    fn event(&self, _: &Event) {}
}
