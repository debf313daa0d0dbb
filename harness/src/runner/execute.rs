//! One whole conformance run: start the embedded endpoint when no endpoint is
//! given, check the endpoint, prepare fixtures, run the phases, clean up and
//! check what is left, and return the result. The run stops early (every
//! pending request at once) on SIGINT or SIGTERM, at the time limit, or when
//! the endpoint stops answering; it still cleans up and returns a result.

use super::{RunResult, preflight};
use crate::client::Stop;
use crate::findings::KnownDeviations;
use crate::scenario;
use crate::session::{self, Event, EventSink, Target, cleanup};
use crate::stateful::{Budget, Harness};
use anyhow::Result;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// What to run against, and how.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// Where the requests go, and how.
    pub target: Target,
    /// Generated sequences after the lifecycle scenario (`cases: 0` skips them).
    pub budget: Budget,
    /// Deviations the endpoint is known to have.
    pub known: Option<KnownDeviations>,
    /// Boundary and malformed-input probes after the lifecycle scenario (None skips them).
    pub boundaries: Option<crate::boundary::Options>,
    /// Conditional updates sent at once (`scenario::race`) before the generated sequences.
    pub races: bool,
    /// Compare error messages with AWS's recorded ones, in every phase
    /// (`--strict-messages`; the boundary probes take theirs from `boundaries`).
    pub strict_messages: bool,
    /// Go ahead although functions with the prefix exist already (they are
    /// then the run's to delete).
    pub reuse_prefix: bool,
    /// Bound of the whole run, clean-up included (None: no bound).
    pub max_time: Option<Duration>,
    /// The switches that stop the run and its clean-up; the caller may hand
    /// them to [`watch_signals`] before anything else happens.
    pub stops: Stops,
}

/// The run's stop switch and its clean-up's.
#[derive(Debug, Clone, Default)]
pub struct Stops {
    /// Stops the phases (every pending request at once).
    pub run: Stop,
    /// Stops the clean-up.
    pub cleanup: Stop,
}

impl RunPlan {
    /// A plan with defaults for everything but the endpoint.
    pub fn new(endpoint: Option<String>, prefix: &str) -> RunPlan {
        RunPlan {
            target: Target::new(endpoint, prefix),
            budget: Budget::default(),
            known: None,
            boundaries: Some(crate::boundary::Options::default()),
            races: true,
            strict_messages: false,
            reuse_prefix: false,
            max_time: None,
            stops: Stops::default(),
        }
    }
}

impl From<&RunPlan> for Target {
    fn from(plan: &RunPlan) -> Target {
        plan.target.clone()
    }
}

/// The share of `--max-time` kept for clean-up: a tenth, 5 s to 120 s.
pub fn cleanup_share(max_time: Duration) -> Duration {
    (max_time / 10).clamp(
        Duration::from_secs(5).min(max_time / 2),
        Duration::from_secs(120),
    )
}

/// Listens for SIGINT and SIGTERM from now on (a signal no longer kills
/// the process) and spawns the task that sets `stops.run` on the first one
/// and `stops.cleanup` on the next. Call it inside the runtime.
pub fn watch_signals(stops: Stops) -> tokio::task::JoinHandle<()> {
    let Stops { run, cleanup } = stops;
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut int = signal(SignalKind::interrupt()).ok();
        let mut term = signal(SignalKind::terminate()).ok();
        tokio::spawn(async move {
            let mut seen = 0;
            loop {
                let name = tokio::select! {
                    Some(_) = recv(&mut int) => "SIGINT (Ctrl-C)",
                    Some(_) = recv(&mut term) => "SIGTERM",
                    else => return,
                };
                seen += 1;
                if seen == 1 {
                    run.stop(format!("interrupted by {name}"));
                } else {
                    cleanup.stop(format!("a second {name} stopped the clean-up"));
                }
            }
        })
    }
    #[cfg(not(unix))]
    tokio::spawn(async move {
        let mut seen = 0;
        while tokio::signal::ctrl_c().await.is_ok() {
            seen += 1;
            if seen == 1 {
                run.stop("interrupted by Ctrl-C");
            } else {
                cleanup.stop("a second Ctrl-C stopped the clean-up");
            }
        }
    })
}

#[cfg(unix)]
async fn recv(s: &mut Option<tokio::signal::unix::Signal>) -> Option<()> {
    match s {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}

/// Sets `stop` at `at`.
fn stop_at(stop: Stop, at: Instant, reason: String) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep_until(at.into()).await;
        stop.stop(reason);
    })
}

/// Runs a phase until it ends or the run is stopped (then it is dropped,
/// pending requests with it).
async fn until_stopped<T: Send + 'static>(
    stop: &Stop,
    phase: impl Future<Output = T> + Send + 'static,
) -> Result<T, String> {
    let mut task = tokio::spawn(phase);
    tokio::select! {
        joined = &mut task => joined.map_err(|e| format!("the phase failed: {e}")),
        reason = stop.stopped() => {
            task.abort();
            Err(reason)
        }
    }
}

/// Announces a phase (no planned count, no time limit of its own) and runs
/// it until it ends or the run is stopped.
async fn phase<T: Send + 'static>(
    session: &session::Session,
    stop: &Stop,
    name: &str,
    work: impl Future<Output = T> + Send + 'static,
) -> Result<T, String> {
    session.emit(Event::Phase {
        name: name.into(),
        planned: None,
        time_limit: None,
    });
    until_stopped(stop, work).await
}

/// Runs the plan. Errors mean the run could not be done (endpoint down, not
/// Lambda, prefix taken, no fixtures); a run cut short returns its result
/// with `interrupted` set.
pub async fn execute(plan: RunPlan, events: Arc<dyn EventSink>) -> Result<RunResult> {
    let started = Instant::now();
    let target = plan.target.clone();
    let mut conn = session::connect(&target, events).await?;
    conn.session.client = conn.session.client.with_stop(plan.stops.run.clone());
    conn.session.strict_messages = plan.strict_messages;
    let session = conn.session.clone();
    let stop = session.client.stop().clone();
    let cleanup_stop = plan.stops.cleanup.clone();
    let (phases_end, hard_end) = match plan.max_time {
        Some(max) => (
            Some(started + max - cleanup_share(max)),
            Some(started + max),
        ),
        None => (None, None),
    };
    let mut timers = Vec::new();
    if let (Some(at), Some(max)) = (phases_end, plan.max_time) {
        timers.push(stop_at(
            stop.clone(),
            at,
            format!(
                "the time limit was reached (--max-time {} s, of which {} s are kept for clean-up)",
                max.as_secs(),
                cleanup_share(max).as_secs()
            ),
        ));
    }
    if let Some(at) = hard_end {
        timers.push(stop_at(
            cleanup_stop.clone(),
            at,
            "the time limit was reached during clean-up".into(),
        ));
    }
    let stop_watchers = move || {
        timers.iter().for_each(|t| t.abort());
    };

    let url = conn.url.clone();
    session.emit(Event::Started {
        endpoint: url.clone(),
        prefix: target.prefix.clone(),
    });
    if conn.server.is_some() {
        let names: Vec<&str> = target.faults.iter().map(|f| f.name()).collect();
        let with = if names.is_empty() {
            String::new()
        } else {
            format!(" with faults {}", names.join(", "))
        };
        session.note(format!(
            "no endpoint given: using the embedded reference endpoint at {url}{with}"
        ));
    }
    let checked = async {
        preflight::check_endpoint(&session.client, &url, &target.prefix).await?;
        if !plan.reuse_prefix
            && let Some(note) =
                preflight::check_prefix_free(&session.client, &target.prefix).await?
        {
            session.note(note);
        }
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = checked {
        stop_watchers();
        session.emit(Event::Finished);
        return Err(match stop.reason() {
            Some(why) => anyhow::anyhow!("{why}, before the run began"),
            None => e,
        });
    }

    let prepared = session::connect::fixtures(&target, &conn).await;
    let embedded_server = conn.server;
    let mut interrupted: Option<String> = None;
    let fixtures = match prepared {
        Ok(f) if !stop.is_stopped() => Some(f),
        Ok(_) => None,
        Err(e) if !stop.is_stopped() => {
            let done = finish(&session, &cleanup_stop).await;
            stop_watchers();
            session.emit(Event::Finished);
            return Err(e.context(format!(
                "the run prepared nothing to test; {}",
                done.summary()
            )));
        }
        Err(_) => None,
    };
    let mut coverage = crate::boundary::Coverage::default();
    let mut exploration = crate::stateful::Exploration::default();
    if let Some(fixtures) = fixtures {
        let (s, f) = (session.clone(), fixtures.clone());
        if let Err(why) =
            until_stopped(&stop, async move { scenario::lifecycle::run(&s, &f).await }).await
        {
            interrupted = Some(why);
        }

        // One witness per oracle rule the lifecycle does not reach.
        if interrupted.is_none() {
            let (s, f) = (session.clone(), fixtures.clone());
            let work = async move { scenario::rules::run(&s, &f).await };
            if let Err(why) = phase(&session, &stop, "rule pass", work).await {
                interrupted = Some(why);
            }
        }

        // Test functions with known behaviour, invoked and compared with the oracle.
        if interrupted.is_none() {
            let (s, f) = (session.clone(), fixtures.clone());
            let work = async move { scenario::handlers::run(&s, &f).await };
            if let Err(why) = phase(&session, &stop, "test functions", work).await {
                interrupted = Some(why);
            }
        }

        if interrupted.is_none() {
            cleanup::sweep_between_phases(
                &session,
                "lifecycle scenario, rule pass and test functions",
            )
            .await;
        }

        // Boundary and malformed-input probes, predicted by the reference model.
        if interrupted.is_none()
            && let Some(options) = plan.boundaries.clone()
        {
            let (s, f) = (session.clone(), fixtures.clone());
            let work = async move { crate::boundary::run(&s, &f, &options).await };
            match phase(&session, &stop, "boundary probes", work).await {
                Ok(c) => coverage = c,
                Err(why) => interrupted = Some(why),
            }
        }

        if interrupted.is_none() && plan.boundaries.is_some() {
            cleanup::sweep_between_phases(&session, "boundary probes").await;
        }

        // Conditional updates that race, judged by some serial order of the model.
        if interrupted.is_none() && plan.races {
            let (s, f) = (session.clone(), fixtures.clone());
            let work = async move { scenario::race::run(&s, &f).await };
            if let Err(why) = phase(&session, &stop, "races", work).await {
                interrupted = Some(why);
            }
            if interrupted.is_none() {
                cleanup::sweep_between_phases(&session, "races").await;
            }
        }

        // Generated sequences, checked against the reference model.
        if interrupted.is_none() && plan.budget.cases > 0 {
            let mut budget = plan.budget.clone();
            if let Some(end) = phases_end {
                let left = end.saturating_duration_since(Instant::now());
                budget.time_budget = Some(budget.time_budget.map_or(left, |t| t.min(left)));
            }
            session.emit(Event::Phase {
                name: "generated sequences".into(),
                planned: Some(budget.cases),
                time_limit: budget.time_budget,
            });
            exploration = explore(&session, &fixtures, budget, plan.known.clone(), &stop).await;
            if let Some(why) = stop.reason() {
                interrupted = Some(why);
            }
        }
    }
    if interrupted.is_none() {
        interrupted = stop.reason();
    }
    for op in session.client.hung_operations() {
        session.note(format!(
            "{op} got no answer within the timeout ({} s) {} times in a row: its later requests              were not sent, so what depends on them was not checked (the first are reported as              transport findings)",
            session.client.settings().timeout.as_secs(),
            crate::client::HANG_LIMIT
        ));
    }
    let done = finish(&session, &cleanup_stop).await;
    stop_watchers();
    session.emit(Event::Finished);
    if let Some(server) = embedded_server {
        server.stop();
    }
    let mut transcript = session.transcript();
    let recorded = transcript.steps.len();
    for sf in exploration.findings {
        let offset = transcript.steps.len();
        let mut finding = sf.finding;
        finding.exchange += offset;
        finding.context_start = offset;
        transcript.steps.extend(sf.steps);
        transcript.findings.push(finding);
    }
    let mut result = RunResult::from_transcript(
        transcript,
        url,
        target.region,
        target.prefix,
        target.endpoint.is_none(),
        started.elapsed().as_secs_f64(),
        interrupted,
    );
    result.seed = plan.budget.seed;
    result.cases_run = exploration.cases_run;
    result.sequences_cut_short = exploration.out_of_time;
    result.generated_exchanges = exploration.exchanges;
    result.sequence_steps = result.steps.len() - recorded;
    result.coverage = coverage;
    result.cleanup = done;
    if let Some(k) = &plan.known {
        k.apply(&mut result.findings);
        result.known_met = exploration.known_met;
        if result.interrupted.is_none() {
            let met: Vec<_> = result
                .findings
                .iter()
                .chain(&result.known_met)
                .cloned()
                .collect();
            result.known_not_seen = k.not_seen(&met);
            // Entries only the probes meet say nothing when they did not run.
            if plan.boundaries.is_none() {
                result.known_not_seen.retain(|d| !d.needs_probes());
            }
        }
    }
    result.situations = result.findings.clone();
    let steps = &result.steps;
    result.findings = crate::findings::group(std::mem::take(&mut result.findings), |i| {
        steps.get(i).map(|s| &s.exchange.input)
    });
    Ok(result)
}

/// Cleans up under the clean-up switch (a second signal, the hard time limit).
async fn finish(session: &session::Session, cleanup_stop: &Stop) -> cleanup::Cleanup {
    let mut cleaning = session.clone();
    cleaning.client = session.client.with_stop(cleanup_stop.clone());
    cleanup::cleanup_session(&cleaning).await
}

/// The generated sequences on a blocking thread, cancelled when the run stops.
async fn explore(
    session: &session::Session,
    fixtures: &session::Fixtures,
    budget: Budget,
    known: Option<KnownDeviations>,
    stop: &Stop,
) -> crate::stateful::Exploration {
    let which = if budget.seed == crate::stateful::explore::DEFAULT_SEED {
        ", the default; `--seed random` explores others"
    } else {
        ""
    };
    session.note(format!(
        "exploring {} generated sequences of up to {} steps (seed {}{which})",
        budget.cases, budget.max_steps, budget.seed
    ));
    let lifecycle_signatures: std::collections::HashSet<String> = session
        .transcript()
        .findings
        .iter()
        .map(|f| f.signature.clone())
        .collect();
    let (planned, time_limit) = (budget.cases, budget.time_budget);
    let harness = Harness::with_session(session.clone(), fixtures.clone());
    let handle = tokio::runtime::Handle::current();
    let cancel = budget.cancel.clone();
    let bridge = {
        let stop = stop.clone();
        let cancel = cancel.clone();
        tokio::spawn(async move {
            stop.stopped().await;
            cancel.store(true, Ordering::Relaxed);
        })
    };
    let exploration = tokio::task::spawn_blocking(move || {
        // Known findings are not shrunk again, but that they occur is kept:
        // a baseline entry the sequences met is not fixed.
        let met = std::sync::Mutex::new(Vec::<crate::findings::Finding>::new());
        let skip = |f: &crate::findings::Finding| {
            if lifecycle_signatures.contains(&f.signature) {
                return true;
            }
            let explained = known.as_ref().is_some_and(|k| k.explain(f).is_some());
            if explained {
                let mut met = met.lock().unwrap_or_else(|p| p.into_inner());
                if !met.iter().any(|m| m.signature == f.signature) {
                    met.push(f.clone());
                }
            }
            explained
        };
        let mut exploration = crate::stateful::explore(&harness, &budget, &skip, &handle);
        exploration.known_met = met.into_inner().unwrap_or_else(|p| p.into_inner());
        exploration
    })
    .await
    .unwrap_or_default();
    bridge.abort();
    session.note(format!(
        "ran {} sequences ({} exchanges), {} new findings",
        exploration.cases_run,
        exploration.exchanges,
        exploration.findings.len()
    ));
    if !exploration.rare_rules.is_empty() {
        session.note(format!(
            "the sequences reached {} rules rarely and were leaning toward their operations: {}",
            exploration.rare_rules.len(),
            exploration.rare_rules.join(", ")
        ));
    }
    if exploration.out_of_time && !cancel.load(Ordering::Relaxed) {
        let limit = time_limit.map_or(0, |t| t.as_secs());
        session.note(format!(
            "the generated sequences were cut short by their time limit ({limit} s: --time-budget, or what --max-time left) after {} of {} sequences{}: \
             what they found depends on how fast the endpoint answered, and another run may find more or less \
             (a larger --time-budget, or 0 for none, lets them run to the end)",
            exploration.cases_generated,
            planned,
            if exploration.cases_generated >= planned {
                ", before every finding was shrunk and confirmed"
            } else {
                ""
            },
        ));
    }
    exploration
}
