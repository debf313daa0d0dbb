//! A whole conformance run, orchestration only: start the embedded endpoint
//! when none is given, prepare fixtures, run the phases (lifecycle scenario,
//! boundary probes, generated sequences), clean up, and return the result.

pub mod execute;
pub mod preflight;

pub use crate::session::{Event, EventSink, Silent, Step, Transcript};
pub use execute::{RunPlan, Stops, execute, watch_signals};

use crate::findings::{Finding, deduplicate};

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Endpoint URL.
    pub endpoint: String,
    /// Region.
    pub region: String,
    /// Name prefix used.
    pub prefix: String,
    /// Whether the endpoint was the embedded reference endpoint.
    pub embedded: bool,
    /// Seconds the run took.
    pub duration_secs: f64,
    /// Every step.
    pub steps: Vec<Step>,
    /// Findings as root causes (situations grouped, consequences linked; see
    /// [`crate::findings::group`]).
    pub findings: Vec<Finding>,
    /// Every deduplicated failed check, before grouping: what known
    /// deviations and baselines name.
    pub situations: Vec<Finding>,
    /// Notes (resources created, waits, clean-up problems).
    pub notes: Vec<String>,
    /// Whether the run was cut short (Ctrl-C or a scenario error), and why.
    pub interrupted: Option<String>,
    /// Seed of the generated sequences.
    pub seed: u64,
    /// Generated sequences run (shrinking included).
    pub cases_run: usize,
    /// Exchanges made by generated sequences (their transcripts are kept only for findings).
    pub generated_exchanges: usize,
    /// Of `steps`, those copied from generated sequences' findings (already
    /// counted in `generated_exchanges`).
    pub sequence_steps: usize,
    /// What the boundary probes exercised.
    pub coverage: crate::boundary::Coverage,
    /// What the clean-up left behind or could not check.
    pub cleanup: crate::session::cleanup::Cleanup,
    /// Known deviations no finding matched: fixed, or not met by this run.
    pub known_not_seen: Vec<crate::findings::KnownDeviation>,
    /// Whether the generated sequences were cut short by their time limit
    /// (what they did not reach is not known to be fixed).
    pub sequences_cut_short: bool,
    /// Findings the known list explains that generated sequences met and did
    /// not report again (see `Exploration::known_met`).
    pub known_met: Vec<Finding>,
    /// How often each oracle rule decided an answer the endpoint was judged by
    /// (lifecycle, boundary probes and their read-backs, generated sequences).
    pub rules_reached: std::collections::BTreeMap<String, usize>,
}

impl RunResult {
    /// Builds the result from a session's transcript.
    pub fn from_transcript(
        t: Transcript,
        endpoint: String,
        region: String,
        prefix: String,
        embedded: bool,
        duration_secs: f64,
        interrupted: Option<String>,
    ) -> RunResult {
        RunResult {
            endpoint,
            region,
            prefix,
            embedded,
            duration_secs,
            steps: t.steps,
            situations: deduplicate(t.findings.clone()),
            findings: deduplicate(t.findings),
            notes: t.notes,
            rules_reached: t.rules,
            interrupted,
            seed: 0,
            cases_run: 0,
            generated_exchanges: 0,
            sequence_steps: 0,
            coverage: Default::default(),
            cleanup: Default::default(),
            known_not_seen: Vec::new(),
            sequences_cut_short: false,
            known_met: Vec::new(),
        }
    }

    /// The result of a run that did not get to test anything (it could not
    /// start, or was killed before it wrote its reports): `why` says so.
    pub fn not_run(endpoint: &str, region: &str, prefix: &str, why: String) -> RunResult {
        RunResult::from_transcript(
            Transcript::default(),
            endpoint.to_string(),
            region.to_string(),
            prefix.to_string(),
            false,
            0.0,
            Some(why),
        )
    }

    /// Findings not explained by the known-deviations list.
    pub fn new_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.known.is_none())
    }

    /// Number of exchanges per operation.
    pub fn operation_counts(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for s in &self.steps {
            *counts.entry(s.exchange.operation.clone()).or_insert(0) += 1;
        }
        counts
    }
}
