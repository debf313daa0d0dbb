//! Findings: failed checks with stable signatures, deduplicated across a run.

mod group;
mod known;
mod signature;

pub use group::{Case, group};

pub use known::{KnownDeviation, KnownDeviations};

pub use signature::normalise;

use serde::Serialize;

/// Which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// No response: timeout, refused or broken connection.
    Transport,
    /// A 5xx answer.
    ServerError,
    /// A success status other than the operation's.
    Status,
    /// An error code the operation does not declare, or sent with the wrong status.
    ErrorCode,
    /// An error body that is not a JSON object with the message member.
    ErrorBody,
    /// A JSON body without `Content-Type: application/json`.
    ContentType,
    /// A body that does not validate against the operation's schema.
    Schema,
    /// A value in another form than AWS's where the schema leaves the form
    /// open (timestamps, RevisionIds, UUIDs, digests).
    Format,
    /// An outcome other than the one AWS gives for this request.
    Expectation,
    /// A value other than the one the reference model predicts.
    Prediction,
    /// A broken invariant across operations (pagination, RevisionId, LastModified).
    Invariant,
    /// A constraint of the input enforced otherwise than AWS does: an
    /// out-of-range value accepted, an edge value rejected, the wrong error code.
    Constraint,
    /// Malformed input answered otherwise than with AWS's 4xx error.
    Malformed,
    /// An error message other than AWS's (only with `--strict-messages`).
    Message,
    /// An answer other than the reference endpoint's (`diff`).
    Divergence,
}

impl CheckKind {
    /// The checks of a run, in report order (`diff` reports
    /// [`CheckKind::Divergence`] besides, see [`CheckKind::reported`]).
    pub const ALL: [CheckKind; 14] = [
        CheckKind::Transport,
        CheckKind::ServerError,
        CheckKind::Status,
        CheckKind::ErrorCode,
        CheckKind::ErrorBody,
        CheckKind::ContentType,
        CheckKind::Schema,
        CheckKind::Format,
        CheckKind::Expectation,
        CheckKind::Prediction,
        CheckKind::Invariant,
        CheckKind::Constraint,
        CheckKind::Malformed,
        CheckKind::Message,
    ];

    /// The checks a report lists for these findings: those of a run, and
    /// divergences when there are any.
    pub fn reported(findings: &[Finding]) -> Vec<CheckKind> {
        let mut all = CheckKind::ALL.to_vec();
        if findings.iter().any(|f| f.check == CheckKind::Divergence) {
            all.push(CheckKind::Divergence);
        }
        all
    }

    /// Stable kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Transport => "transport",
            CheckKind::ServerError => "server-error",
            CheckKind::Status => "status",
            CheckKind::ErrorCode => "error-code",
            CheckKind::ErrorBody => "error-body",
            CheckKind::ContentType => "content-type",
            CheckKind::Schema => "schema",
            CheckKind::Format => "format",
            CheckKind::Expectation => "expectation",
            CheckKind::Prediction => "prediction",
            CheckKind::Invariant => "invariant",
            CheckKind::Constraint => "constraint",
            CheckKind::Malformed => "malformed-input",
            CheckKind::Message => "message",
            CheckKind::Divergence => "divergence",
        }
    }

    /// What the check asserts, in one line.
    pub fn describe(self) -> &'static str {
        match self {
            CheckKind::Transport => {
                "every request gets a complete HTTP response within the timeout"
            }
            CheckKind::ServerError => "no 5xx answers",
            CheckKind::Status => "a success has the operation's success status",
            CheckKind::ErrorCode => {
                "an error carries a code the operation declares, with that code's status"
            }
            CheckKind::ErrorBody => "an error body is a JSON object with the code's message member",
            CheckKind::ContentType => "JSON bodies come with Content-Type application/json",
            CheckKind::Schema => "bodies validate against the operation's schema",
            CheckKind::Format => {
                "values the schema leaves open are in AWS's form (LastModified, RevisionId, UUID, CodeSha256)"
            }
            CheckKind::Expectation => "the outcome is the one AWS gives for this request",
            CheckKind::Prediction => {
                "values (versions, aliases, code, lists, Invoke headers) are the ones AWS gives"
            }
            CheckKind::Invariant => {
                "invariants across operations hold (pagination, RevisionId, LastModified)"
            }
            CheckKind::Constraint => {
                "input constraints are enforced as AWS enforces them: values outside rejected with AWS's code, edge values accepted"
            }
            CheckKind::Malformed => {
                "malformed requests get AWS's 4xx error, never a 5xx, a hang or a dropped connection"
            }
            CheckKind::Message => "error messages are AWS's (--strict-messages)",
            CheckKind::Divergence => {
                "answers are the reference endpoint's, once names, ids and times are normalised (diff)"
            }
        }
    }
}

/// How sure we are of the AWS behaviour a finding relies on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// Observed on real AWS.
    Recorded,
    /// Stated by the API reference or the service model.
    Documented,
    /// Not known; findings are reported as unverified.
    Inferred,
}

/// Where an expectation comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Level.
    pub kind: EvidenceKind,
    /// Source, e.g. `FN-006 (recorded 2025-11-25)` or `service model`.
    pub source: String,
    /// The id of the oracle's rule that decided the expectation (e.g.
    /// `FN-EXISTS`), when one did; findings of different rules never share a
    /// signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Evidence {
    /// Evidence from the service model or the API reference.
    pub fn documented(source: impl Into<String>) -> Self {
        Evidence {
            kind: EvidenceKind::Documented,
            source: source.into(),
            rule: None,
        }
    }

    /// Evidence from recorded AWS behaviour.
    pub fn recorded(source: impl Into<String>) -> Self {
        Evidence {
            kind: EvidenceKind::Recorded,
            source: source.into(),
            rule: None,
        }
    }

    /// The same evidence, naming the rule that decided.
    pub fn with_rule(mut self, rule: Option<&str>) -> Self {
        self.rule = rule.map(str::to_string);
        self
    }

    /// No evidence: a guess.
    pub fn inferred(source: impl Into<String>) -> Self {
        Evidence {
            kind: EvidenceKind::Inferred,
            source: source.into(),
            rule: None,
        }
    }
}

/// One failed check on one exchange.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable signature: operation, check, expected and normalised actual.
    pub signature: String,
    /// Short stable id derived from the signature.
    pub id: String,
    /// Check that failed.
    pub check: CheckKind,
    /// Operation.
    pub operation: String,
    /// Scenario step that produced it.
    pub step: String,
    /// What AWS does.
    pub expected: String,
    /// What the endpoint did.
    pub actual: String,
    /// Extra detail (e.g. every schema error).
    pub detail: String,
    /// Evidence for the expectation.
    pub evidence: Evidence,
    /// Index of the exchange in the run's transcript.
    pub exchange: usize,
    /// How many exchanges had the same signature.
    pub occurrences: usize,
    /// Why this is a known deviation, when a known-deviations file lists it.
    pub known: Option<String>,
    /// Index of the first step of the sequence this finding belongs to (its
    /// reproducer replays the mutating steps from there).
    pub context_start: usize,
    /// For findings of generated sequences: how to replay the minimal sequence.
    pub sequence: Option<Sequence>,
    /// For boundary findings: the constraint the request tested, e.g. `MemorySize minimum 128`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    /// The situations grouped under this root cause (see [`group`]); empty
    /// before grouping.
    pub cases: Vec<Case>,
    /// Findings that follow from this one (a value it accepted, read back),
    /// counted here and not again.
    pub consequences: Vec<Case>,
}

/// The minimal generated sequence behind a finding.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Sequence {
    /// Seed of the run that found it (`run --seed`).
    pub seed: u64,
    /// The minimal sequence of symbolic operations (`replay --sequence`).
    pub transitions: serde_json::Value,
    /// Steps of the sequence before shrinking.
    pub shrunk_from: usize,
    /// Whether re-running the minimal sequence did not always show the finding.
    pub flaky: bool,
}

impl Finding {
    /// A finding with its signature computed.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        check: CheckKind,
        operation: &str,
        step: &str,
        expected: String,
        actual: String,
        detail: String,
        evidence: Evidence,
        exchange: usize,
    ) -> Finding {
        let rule = evidence
            .rule
            .as_deref()
            .map(|r| format!("{r}|"))
            .unwrap_or_default();
        let signature = format!(
            "{operation}|{}|{rule}{}|{}",
            check.name(),
            normalise(&expected),
            normalise(&actual)
        );
        Finding {
            id: signature::short_id(&signature),
            signature,
            check,
            operation: operation.to_string(),
            step: step.to_string(),
            expected,
            actual,
            detail,
            evidence,
            exchange,
            occurrences: 1,
            known: None,
            context_start: 0,
            sequence: None,
            constraint: None,
            cases: Vec::new(),
            consequences: Vec::new(),
        }
    }

    /// The same finding under another signature: `key` replaces what
    /// identifies it (e.g. a divergence by operation and member, whatever the values).
    pub fn keyed(mut self, key: &str) -> Finding {
        self.signature = key.to_string();
        self.id = signature::short_id(key);
        self
    }

    /// Whether the expectation rests on known AWS behaviour.
    pub fn verified(&self) -> bool {
        self.evidence.kind != EvidenceKind::Inferred
    }
}

/// Keeps the first finding of each signature, counting repeats.
pub fn deduplicate(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for f in findings {
        match index.get(&f.signature) {
            Some(&i) => {
                let kept: &mut Finding = &mut out[i];
                kept.occurrences += 1;
            }
            None => {
                index.insert(f.signature.clone(), out.len());
                out.push(f);
            }
        }
    }
    out
}
