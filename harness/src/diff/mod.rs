//! `diff`: the same generated sequences run against two endpoints, a
//! reference (AWS, or an emulator you trust) and a candidate; their answers
//! are normalised ([`normalise`]) and compared step by step ([`compare`]).
//! Every divergence is a finding keyed by its operation and first divergent
//! member, shrunk to the shortest sequence that still diverges by the same
//! engine as `run` (`stateful::explore`), with both transcripts in the report.
//! No reference model decides anything here; where the reference endpoint
//! itself disagrees with the model, the finding says the model may be wrong.

pub mod compare;
pub mod normalise;

use crate::findings::{CheckKind, Evidence, Finding, KnownDeviations};
use crate::runner::RunResult;
use crate::session::{EventSink, Session, Target, Transcript};
use crate::stateful::{Budget, CaseOutcome, CaseRunner, Harness, Transition};
use anyhow::{Context, Result};
use std::sync::Arc;
use std::time::Instant;

/// What a diff compares, and how much it explores.
pub struct DiffPlan {
    /// The endpoint whose answers count as right.
    pub reference: Target,
    /// The endpoint checked against it.
    pub candidate: Target,
    /// What to compare besides outcomes and bodies.
    pub options: compare::Options,
    /// Sequences, steps, seed, time.
    pub budget: Budget,
    /// Accepted divergences (a baseline): not shrunk again, and marked known.
    pub known: Option<KnownDeviations>,
}

/// Both endpoints, ready for sequences.
struct Pair {
    reference: Harness,
    candidate: Harness,
    reference_side: normalise::Side,
    candidate_side: normalise::Side,
    reference_shown: String,
    reference_is_aws: bool,
    options: compare::Options,
}

impl CaseRunner for Pair {
    fn session(&self) -> &Session {
        &self.candidate.session
    }

    async fn run_case(&self, case_prefix: &str, transitions: &[Transition]) -> CaseOutcome {
        let own = case_prefix
            .strip_prefix(self.candidate.session.prefix.as_str())
            .unwrap_or(case_prefix);
        let reference_prefix = format!("{}{own}", self.reference.session.prefix);
        let (r, c) = tokio::join!(
            self.reference.run_case(&reference_prefix, transitions),
            self.candidate.run_case(case_prefix, transitions)
        );
        let (rn, reference_kept) = compare::normal_steps(&r.steps, &self.reference_side);
        let (cn, kept) = compare::normal_steps(&c.steps, &self.candidate_side);
        let reference_len = r.steps.len();
        let findings = compare::all(&rn, &cn, self.options)
            .into_iter()
            .map(|mut d| {
                // Back to the indices in each side's transcript.
                let at_reference = reference_kept.get(d.index).copied().unwrap_or(d.index);
                d.index = kept.get(d.index).copied().unwrap_or(d.index);
                self.finding(&d, &r, &c, reference_len, at_reference)
            })
            .collect();
        let mut steps = Vec::with_capacity(r.steps.len() + c.steps.len());
        steps.extend(r.steps.into_iter().map(|mut s| {
            s.step = format!("reference: {}", s.step);
            s
        }));
        steps.extend(c.steps.into_iter().map(|mut s| {
            s.step = format!("candidate: {}", s.step);
            s
        }));
        CaseOutcome {
            findings,
            steps,
            transitions_run: r.transitions_run.max(c.transitions_run),
        }
    }
}

impl Pair {
    /// The finding of a divergence: its exchange is the candidate's step
    /// (after the reference's steps), its reproducer replays the candidate's.
    fn finding(
        &self,
        d: &compare::Divergence,
        reference: &CaseOutcome,
        candidate: &CaseOutcome,
        reference_len: usize,
        at_reference: usize,
    ) -> Finding {
        let step = &candidate.steps[d.index];
        let operation = step.exchange.operation.clone();
        // The reference endpoint departed from the model at or before this step.
        let model_wrong = reference
            .findings
            .iter()
            .filter(|f| f.verified() && f.exchange <= at_reference)
            .map(|f| {
                format!(
                    "{}: expected {}; got {}",
                    f.check.name(),
                    f.expected,
                    f.actual
                )
            })
            .next();
        let mut detail = format!("first divergent member: {} at step {}", d.member, step.step);
        if let Some(m) = &model_wrong {
            detail.push_str(&format!(
                "; the reference endpoint disagrees with the reference model here too ({m}): the model may be wrong"
            ));
        }
        let source = format!("the reference endpoint's answer ({})", self.reference_shown);
        let evidence = if self.reference_is_aws {
            Evidence::recorded(source)
        } else {
            Evidence::documented(source)
        };
        let mut f = divergence_finding(
            d,
            &operation,
            &format!("candidate: {}", step.step),
            "as the reference endpoint",
            detail,
            evidence,
            reference_len + d.index,
        );
        f.context_start = reference_len;
        f
    }
}

/// The finding of a divergence at `exchange`: expected is the reference's
/// value (`whose` says whose), actual the candidate's. Keyed so that one
/// deviation is one finding: an outcome, a path or a page count by operation
/// and both values; the items of a list by operation; a member by its path
/// alone, whichever operation or list item shows it.
pub fn divergence_finding(
    d: &compare::Divergence,
    operation: &str,
    step: &str,
    whose: &str,
    detail: String,
    evidence: Evidence,
    exchange: usize,
) -> Finding {
    let key = match d.member.as_str() {
        "outcome" | "step" | "pages" => format!(
            "{operation}|divergence|{}|{}>{}",
            d.member,
            crate::findings::normalise(&d.reference),
            crate::findings::normalise(&d.candidate)
        ),
        "items" => format!("{operation}|divergence|items"),
        member => format!("divergence|{}", compare::key_member(member)),
    };
    Finding::new(
        CheckKind::Divergence,
        operation,
        step,
        format!("{} = {} ({whose})", d.member, d.reference),
        format!("{} = {}", d.member, d.candidate),
        detail,
        evidence,
        exchange,
    )
    .keyed(&key)
}

/// Runs the diff: connects both endpoints, explores, cleans up both, and
/// returns the result as a run of the candidate (its findings are the
/// divergences).
pub async fn execute(plan: DiffPlan, events: Arc<dyn EventSink>) -> Result<RunResult> {
    let started = Instant::now();
    let shown = |t: &Target| {
        t.endpoint
            .clone()
            .unwrap_or_else(|| "the embedded reference endpoint".into())
    };
    let (reference_shown, candidate_shown) = (shown(&plan.reference), shown(&plan.candidate));
    let reference_is_aws = plan
        .reference
        .endpoint
        .as_deref()
        .is_some_and(crate::client::settings::is_aws_endpoint);
    let side = |t: &Target| normalise::Side {
        prefix: t.prefix.clone(),
        region: t.region.clone(),
    };
    let (reference_side, candidate_side) = (side(&plan.reference), side(&plan.candidate));
    let reference = Harness::start(plan.reference)
        .await
        .with_context(|| format!("the reference endpoint ({reference_shown})"))?;
    let candidate = match Harness::start_with(plan.candidate, events).await {
        Ok(c) => c,
        Err(e) => {
            reference.finish().await;
            return Err(e.context(format!("the candidate endpoint ({candidate_shown})")));
        }
    };
    let (mut reference, mut candidate) = (reference, candidate);
    reference.through_divergences = true;
    candidate.through_divergences = true;
    let region = candidate.session.client.settings().region.clone();
    let prefix = candidate.session.prefix.clone();
    let pair = Arc::new(Pair {
        reference,
        candidate,
        reference_side,
        candidate_side,
        reference_shown: reference_shown.clone(),
        reference_is_aws,
        options: plan.options,
    });
    pair.candidate.session.emit(crate::session::Event::Phase {
        name: "sequences on both endpoints".into(),
        planned: Some(plan.budget.cases),
        time_limit: plan.budget.time_budget,
    });
    let budget = plan.budget.clone();
    let handle = tokio::runtime::Handle::current();
    let known = plan.known.clone();
    let explored = {
        let pair = pair.clone();
        tokio::task::spawn_blocking(move || {
            let skip = |f: &Finding| known.as_ref().is_some_and(|k| k.explain(f).is_some());
            crate::stateful::explore(pair.as_ref(), &budget, &skip, &handle)
        })
        .await
        .unwrap_or_default()
    };
    let Ok(pair) = Arc::try_unwrap(pair) else {
        anyhow::bail!("the sequences still hold the endpoints");
    };
    let mut notes = vec![format!(
        "diff: {} sequences ({} exchanges on the two endpoints, seed {}) against the reference endpoint {reference_shown}, names under {}",
        explored.cases_run, explored.exchanges, plan.budget.seed, pair.reference.session.prefix
    )];
    for (who, s) in [
        ("reference", &pair.reference.session),
        ("candidate", &pair.candidate.session),
    ] {
        notes.extend(
            s.transcript()
                .notes
                .into_iter()
                .map(|n| format!("{who}: {n}")),
        );
    }
    if explored.out_of_time {
        notes.push("the sequences were cut short by their time limit (--time-budget): another run may find more".into());
    }
    let reference_cleanup = pair.reference.finish().await;
    let cleanup = pair.candidate.finish().await;
    if !reference_cleanup.is_clean() {
        notes.push(format!(
            "reference endpoint clean-up: {}",
            reference_cleanup.summary()
        ));
    }
    let mut transcript = Transcript {
        notes,
        ..Transcript::default()
    };
    for sf in explored.findings {
        let offset = transcript.steps.len();
        let mut finding = sf.finding;
        finding.exchange += offset;
        finding.context_start += offset;
        transcript.steps.extend(sf.steps);
        transcript.findings.push(finding);
    }
    let mut result = RunResult::from_transcript(
        transcript,
        candidate_shown,
        region,
        prefix,
        false,
        started.elapsed().as_secs_f64(),
        None,
    );
    result.seed = plan.budget.seed;
    result.cases_run = explored.cases_run;
    result.generated_exchanges = explored.exchanges;
    result.sequence_steps = result.steps.len();
    result.sequences_cut_short = explored.out_of_time;
    result.cleanup = cleanup;
    if let Some(k) = &plan.known {
        apply_known(k, &mut result, !explored.out_of_time);
    }
    Ok(result)
}

/// Marks the findings a baseline explains, and lists its entries none matched
/// (only when the exploration ran to its end: a cut-short one proves nothing).
pub fn apply_known(known: &KnownDeviations, result: &mut RunResult, complete: bool) {
    known.apply(&mut result.findings);
    result.situations = result.findings.clone();
    if complete && result.interrupted.is_none() {
        result.known_not_seen = known.not_seen(&result.findings);
    }
}
