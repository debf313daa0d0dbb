//! Exploring sequences within a budget: the planned ones first, then
//! generated ones. The first new finding of a
//! failing case becomes the target; proptest shrinks the sequence while the
//! target still shows; the minimal sequence is re-run to tell flaky findings
//! apart; then exploration goes on, looking for other findings.

use super::machine::sequences;
use super::{CaseRunner, Transition};
use crate::findings::{Finding, Sequence};
use crate::session::Step;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The seed of the generated sequences when none is given (`run` without
/// `--seed`): a fixed one, so that the default run explores the same sequences,
/// and finds the same findings, every time. It is also the seed with which
/// tests/stateful.rs finds every model fault within the default budget.
pub const DEFAULT_SEED: u64 = 2;

/// How much to explore.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Generated sequences to run (not counting shrinking).
    pub cases: u32,
    /// Longest sequence.
    pub max_steps: usize,
    /// Stop exploring after this long.
    pub time_budget: Option<Duration>,
    /// Seed of the generator; the same seed replays the same sequences.
    pub seed: u64,
    /// Set to stop exploring (Ctrl-C).
    pub cancel: Arc<AtomicBool>,
    /// Stop once this many distinct verified findings are shrunk (None: explore the whole budget).
    pub stop_after: Option<usize>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            cases: 1000,
            max_steps: 20,
            time_budget: None,
            seed: DEFAULT_SEED,
            cancel: Arc::new(AtomicBool::new(false)),
            stop_after: None,
        }
    }
}

/// A finding of a generated sequence, with its minimal reproducer.
#[derive(Debug, Clone)]
pub struct StatefulFinding {
    /// The finding (its `exchange` indexes `steps`).
    pub finding: Finding,
    /// The minimal sequence.
    pub transitions: Vec<Transition>,
    /// The exchanges of the minimal sequence.
    pub steps: Vec<Step>,
}

/// What exploration found.
#[derive(Debug, Clone, Default)]
pub struct Exploration {
    /// Distinct findings, each shrunk.
    pub findings: Vec<StatefulFinding>,
    /// Sequences run, shrinking included.
    pub cases_run: usize,
    /// Exchanges made.
    pub exchanges: usize,
    /// Generated sequences run of the budget's `cases` (shrinking not counted).
    pub cases_generated: u32,
    /// Whether the time budget cut the exploration short: sequences not run, or
    /// a finding not shrunk (or not confirmed), because the time was up. Such an
    /// exploration depends on how fast the endpoint answered; one that is not
    /// cut depends only on the seed and the endpoint's answers.
    pub out_of_time: bool,
    /// Rules the sequences reached, but rarely, when exploration ended: the
    /// operations they govern were being generated more often (weights.rs).
    pub rare_rules: Vec<String>,
    /// Findings a known-deviations list or baseline explains that the
    /// sequences met (not shrunk, not reported again): they show the entry
    /// still occurs.
    pub known_met: Vec<Finding>,
}

/// What shrinking holds on to: the signature, and whether the expectation is
/// verified (an unverified variant of a finding must not hide a verified one).
fn target_key(f: &Finding) -> String {
    format!("{}|verified={}", f.signature, f.verified())
}

fn rng(seed: u64, round: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&round.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// Explores within the budget. Blocking: call it from a blocking thread with
/// a handle of the runtime that drives the endpoint client.
/// `skip` tells which findings are not news (known deviations, already reported).
pub fn explore<R: CaseRunner>(
    harness: &R,
    budget: &Budget,
    skip: &(dyn Fn(&Finding) -> bool + Sync),
    handle: &tokio::runtime::Handle,
) -> Exploration {
    let started = Instant::now();
    let timed_out = AtomicBool::new(false);
    let out_of_time = || {
        if budget.cancel.load(Ordering::Relaxed) {
            return true;
        }
        let late = budget.time_budget.is_some_and(|t| started.elapsed() >= t);
        if late {
            timed_out.store(true, Ordering::Relaxed);
        }
        late
    };
    let reported: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let counter = AtomicUsize::new(0);
    let exchanges = AtomicUsize::new(0);
    let mut result = Exploration::default();
    let mut cases_left = budget.cases;
    let run_case = |transitions: &[Transition]| {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let prefix = format!("{}{n:x}-", harness.session().prefix);
        let outcome = handle.block_on(harness.run_case(&prefix, transitions));
        harness.session().emit(crate::session::Event::SequenceDone);
        exchanges.fetch_add(outcome.steps.len(), Ordering::Relaxed);
        outcome
    };
    // Coverage-driven weights: the rules the generated sequences reached so
    // far (shrinking and confirmation runs left out, so that the weights do
    // not depend on how a finding shrank).
    let weighting = super::weights::Weighting::start();
    let generated_rules: Mutex<(usize, std::collections::BTreeMap<String, usize>)> =
        Mutex::new((0, std::collections::BTreeMap::new()));
    let run_generated = |transitions: &[Transition]| {
        let before = harness.session().rule_counts();
        let case = run_case(transitions);
        let mut g = generated_rules.lock().unwrap_or_else(|p| p.into_inner());
        g.0 += 1;
        for (rule, n) in harness.session().rule_counts() {
            let new = n - before.get(&rule).copied().unwrap_or(0).min(n);
            if new > 0 {
                *g.1.entry(rule).or_default() += new;
            }
        }
        case
    };
    let rare_now = || {
        let g = generated_rules.lock().unwrap_or_else(|p| p.into_inner());
        super::weights::rare_rules(&g.1, g.0)
    };
    let is_news = |f: &Finding| {
        !skip(f)
            && !reported
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(&target_key(f))
    };
    // Re-runs a minimal sequence: once for its transcript, twice more to tell
    // flaky findings; None when not even the confirmation shows it.
    let confirm = |minimal: &[Transition], sig: &str, shrunk_from: usize| {
        let outcome = run_case(minimal);
        let reproduced = (0..2)
            .filter(|_| {
                run_case(minimal)
                    .findings
                    .iter()
                    .any(|f| target_key(f) == sig)
            })
            .count();
        reported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(sig.to_string());
        let mut finding = outcome
            .findings
            .iter()
            .find(|f| target_key(f) == sig)
            .cloned()?;
        finding.sequence = Some(Sequence {
            seed: budget.seed,
            transitions: serde_json::to_value(minimal).unwrap_or_default(),
            shrunk_from,
            flaky: reproduced < 2,
        });
        Some(StatefulFinding {
            finding,
            transitions: minimal.to_vec(),
            steps: outcome.steps,
        })
    };
    // The planned sequences first (plan.rs), each of their new findings shrunk
    // to the shortest prefix that shows it, then by leaving out one transition
    // at a time while it still shows.
    for plan in super::plan::all() {
        if out_of_time() {
            break;
        }
        let case = run_case(&plan);
        let mut targets: Vec<String> = Vec::new();
        for f in case.findings.iter().filter(|f| is_news(f)) {
            let sig = target_key(f);
            if !targets.contains(&sig) {
                targets.push(sig);
            }
        }
        for sig in targets {
            if out_of_time() {
                break;
            }
            let shows =
                |t: &[Transition]| run_case(t).findings.iter().any(|f| target_key(f) == sig);
            // The shortest prefix that shows it (what comes after adds nothing),
            // by bisection: a prefix that shows it is followed by longer ones that do.
            let (mut lo, mut hi) = (1, case.transitions_run.clamp(1, plan.len()));
            while lo < hi && !out_of_time() {
                let mid = (lo + hi) / 2;
                if shows(&plan[..mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            let mut minimal = plan[..hi].to_vec();
            let mut i = minimal.len().saturating_sub(1);
            while i > 0 && !out_of_time() {
                i -= 1;
                let mut shorter = minimal.clone();
                shorter.remove(i);
                if shows(&shorter) {
                    minimal = shorter;
                }
            }
            if let Some(found) = confirm(&minimal, &sig, plan.len()) {
                result.findings.push(found);
            }
        }
    }
    for round in 0..64u64 {
        if cases_left == 0
            || out_of_time()
            || budget.stop_after.is_some_and(|n| {
                result
                    .findings
                    .iter()
                    .filter(|f| f.finding.verified())
                    .count()
                    >= n
            })
        {
            break;
        }
        let target: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
        let first_len = AtomicUsize::new(0);
        let used = AtomicUsize::new(0);
        let config = Config {
            cases: cases_left,
            max_shrink_iters: 4096,
            max_global_rejects: 0,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(config, rng(budget.seed, round));
        let outcome = runner.run(&sequences(budget.max_steps), |(transitions, seen)| {
            if out_of_time() {
                // A reject ends the runner (no global rejects are allowed),
                // rather than generating the remaining cases for nothing.
                return Err(TestCaseError::reject("out of time"));
            }
            let shrinking = target.lock().unwrap_or_else(|p| p.into_inner()).is_some();
            if !shrinking {
                used.fetch_add(1, Ordering::Relaxed);
            }
            let case = if shrinking {
                run_case(&transitions)
            } else {
                run_generated(&transitions)
            };
            if budget.cancel.load(Ordering::Relaxed) {
                return Ok(()); // cut off: its exchanges prove nothing
            }
            if !shrinking {
                weighting.set(super::weights::boosts(&rare_now()));
            }
            // Tells the shrinker how many transitions ran before the case ended.
            if let Some(seen) = &seen {
                seen.store(case.transitions_run, Ordering::SeqCst);
            }
            let mut t = target.lock().unwrap_or_else(|p| p.into_inner());
            match t.as_ref() {
                Some(sig) => {
                    if case.findings.iter().any(|f| &target_key(f) == sig) {
                        return Err(TestCaseError::fail(sig.clone()));
                    }
                }
                None => {
                    if let Some(f) = case.findings.iter().find(|f| is_news(f)) {
                        *t = Some(target_key(f));
                        first_len.store(transitions.len(), Ordering::Relaxed);
                        return Err(TestCaseError::fail(target_key(f)));
                    }
                }
            }
            Ok(())
        });
        cases_left = cases_left.saturating_sub(used.load(Ordering::Relaxed) as u32);
        let Err(TestError::Fail(_, (minimal, _))) = outcome else {
            break;
        };
        let Some(sig) = target.lock().unwrap_or_else(|p| p.into_inner()).clone() else {
            break;
        };
        // Shrinking finds a local minimum; look for shorter witnesses of the
        // same finding among fresh sequences, and shrink those too.
        let mut minimal = minimal;
        for attempt in 0..2u64 {
            if minimal.len() <= 2 || out_of_time() {
                break;
            }
            let config = Config {
                cases: 150,
                max_shrink_iters: 2048,
                max_global_rejects: 0,
                failure_persistence: None,
                ..Config::default()
            };
            let mut runner =
                TestRunner::new_with_rng(config, rng(budget.seed ^ 0x5eed, round * 16 + attempt));
            let shorter = runner.run(&sequences(minimal.len() - 1), |(transitions, seen)| {
                if out_of_time() {
                    return Err(TestCaseError::reject("out of time"));
                }
                let case = run_case(&transitions);
                if budget.cancel.load(Ordering::Relaxed) {
                    return Ok(()); // cut off: its exchanges prove nothing
                }
                if let Some(seen) = &seen {
                    seen.store(case.transitions_run, Ordering::SeqCst);
                }
                if case.findings.iter().any(|f| target_key(f) == sig) {
                    return Err(TestCaseError::fail(sig.clone()));
                }
                Ok(())
            });
            match shorter {
                Err(TestError::Fail(_, (shorter, _))) if shorter.len() < minimal.len() => {
                    minimal = shorter
                }
                _ => break,
            }
        }
        // Steps after the one that shows the finding add nothing: cut them.
        for k in 1..minimal.len() {
            if out_of_time() {
                break;
            }
            if run_case(&minimal[..k])
                .findings
                .iter()
                .any(|f| target_key(f) == sig)
            {
                minimal.truncate(k);
                break;
            }
        }
        if let Some(found) = confirm(&minimal, &sig, first_len.load(Ordering::Relaxed)) {
            result.findings.push(found);
        }
    }
    result.rare_rules = rare_now().iter().map(|r| r.id.to_string()).collect();
    drop(weighting);
    result.cases_run = counter.load(Ordering::Relaxed);
    result.exchanges = exchanges.load(Ordering::Relaxed);
    result.cases_generated = budget.cases - cases_left;
    result.out_of_time = timed_out.load(Ordering::Relaxed);
    result
}
