//! The terminal view: progress while the run goes, a summary at the end.

use super::{Standing, Summary, in_group};
use crate::runner::RunResult;
use crate::session::{Event, EventSink};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Shows progress on stderr (only when it is a terminal): the phase, the
/// sequences done of those planned, the time left and the findings so far.
pub struct Progress {
    bar: ProgressBar,
    visible: bool,
    findings: AtomicUsize,
    phase: Mutex<Phase>,
}

/// The phase being shown.
#[derive(Default)]
struct Phase {
    name: String,
    planned: Option<u32>,
    done: u32,
    ends: Option<Instant>,
}

impl Phase {
    fn message(&self, findings: usize) -> String {
        let mut text = if self.name.is_empty() {
            "starting".to_string()
        } else {
            self.name.clone()
        };
        if let Some(planned) = self.planned {
            text.push_str(&format!(" {}/{planned}", self.done));
        }
        if let Some(ends) = self.ends {
            let left = ends.saturating_duration_since(Instant::now()).as_secs();
            text.push_str(&format!(", {}m{:02}s left", left / 60, left % 60));
        }
        format!("{text} · {findings} findings")
    }
}

impl Progress {
    /// A progress view; `enabled` false shows nothing.
    pub fn new(enabled: bool) -> Progress {
        let target = if enabled {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {pos:>4} exchanges  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress {
            bar,
            visible: enabled,
            findings: AtomicUsize::new(0),
            phase: Mutex::default(),
        }
    }

    fn show(&self, change: impl FnOnce(&mut Phase)) {
        let mut phase = self.phase.lock().unwrap_or_else(|p| p.into_inner());
        change(&mut phase);
        self.bar
            .set_message(phase.message(self.findings.load(Ordering::Relaxed)));
    }

    fn println(&self, line: String) {
        if self.visible && !self.bar.is_hidden() {
            self.bar.println(line);
        } else {
            eprintln!("{line}");
        }
    }
}

impl EventSink for Progress {
    fn event(&self, event: &Event) {
        match event {
            Event::Started { endpoint, prefix } => {
                self.println(format!(
                    "lambda-conformance: checking {endpoint} (resources named {prefix}*)"
                ));
            }
            Event::Note(text) => self.println(format!("  note: {text}")),
            Event::Exchanged { findings, .. } => {
                self.bar.inc(1);
                self.findings.fetch_add(findings.len(), Ordering::Relaxed);
                self.show(|_| {});
            }
            Event::Phase {
                name,
                planned,
                time_limit,
            } => self.show(|p| {
                *p = Phase {
                    name: name.clone(),
                    planned: *planned,
                    done: 0,
                    ends: time_limit.map(|t| Instant::now() + t),
                }
            }),
            Event::SequenceDone => self.show(|p| p.done += 1),
            Event::CleaningUp => self.bar.set_message("cleaning up what the run created"),
            Event::Finished => self.bar.finish_and_clear(),
        }
    }
}

/// Findings shown one by one at the end; the rest are counted.
const TOP: usize = 5;

/// The end-of-run summary: what was checked, findings by API area, the most
/// important ones with the rule they break, the clean-up, where the reports
/// are (`reports`: e.g. "JSON report.json") and what to do next.
pub fn summary(result: &RunResult, reports: &[String]) -> String {
    let s = Summary::of(result);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{} exchanges with {} ({}), {}/{} reference operations exercised, {:.1}s",
        s.exchanges,
        result.endpoint,
        if result.embedded {
            "embedded reference endpoint"
        } else {
            "external endpoint"
        },
        s.operations_exercised,
        s.operations_total,
        result.duration_secs
    );
    if let Some(why) = &result.interrupted {
        let _ = writeln!(out, "run cut short: {why}");
    }
    let _ = writeln!(out, "clean-up: {}", result.cleanup.summary());
    if !result.coverage.rows.is_empty() {
        let (exercised, total) = result.coverage.totals();
        let with_findings = result
            .coverage
            .rows
            .iter()
            .filter(|r| matches!(r.outcome, crate::boundary::Outcome::Finding(_)))
            .count();
        let _ = writeln!(
            out,
            "boundary probes: {exercised} of {total} constraint sides exercised, {with_findings} with findings"
        );
    }
    if let Some(line) = super::rule_coverage_line(result, false) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "{} findings: {} new, {} known, {} unverified, {} flaky",
        s.findings, s.new_findings, s.known, s.unverified, s.flaky
    );
    // By API area, new / known / unverified / flaky.
    let areas = super::by_area(result);
    for (area, [new, known, unverified, flaky]) in &areas {
        let _ = writeln!(
            out,
            "  {area:<22} {new:>4} new {known:>4} known {unverified:>4} unverified {flaky:>3} flaky"
        );
    }
    let label_of = |g: Standing| match g {
        Standing::Failure => "FAIL",
        Standing::Unverified => "UNVERIFIED",
        Standing::Flaky => "FLAKY",
        Standing::Known => "KNOWN",
    };
    // The most important: new ones first, then flaky, then unverified; known ones are not news.
    // Within a group, a broken oracle rule before a contract check, then by occurrences.
    let ranked: Vec<(Standing, &crate::findings::Finding)> =
        [Standing::Failure, Standing::Flaky, Standing::Unverified]
            .into_iter()
            .flat_map(|g| {
                let mut found = in_group(result, g);
                found
                    .sort_by_key(|f| (f.evidence.rule.is_none(), std::cmp::Reverse(f.occurrences)));
                found.into_iter().map(move |f| (g, f))
            })
            .collect();
    if !ranked.is_empty() {
        let _ = writeln!(out, "most important:");
    }
    for (g, f) in ranked.iter().take(TOP) {
        let repeat = if f.occurrences > 1 {
            format!(" (x{})", f.occurrences)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<10} [{}] {} {}: expected {}, got {}{repeat}",
            label_of(*g),
            f.id,
            super::where_seen(f),
            f.check.name(),
            f.expected,
            f.actual
        );
        let rule = f
            .evidence
            .rule
            .as_deref()
            .and_then(lambda_model::rules::by_id)
            .map(|r| format!("rule {}: {}", r.id, r.statement))
            .or_else(|| f.constraint.as_ref().map(|c| format!("constraint {c}")))
            .unwrap_or_else(|| format!("check {}", f.check.name()));
        let _ = writeln!(out, "             {rule} · evidence: {}", f.evidence.source);
        for line in super::grouped_lines(f, 3) {
            let _ = writeln!(out, "             {line}");
        }
        if let Some(seq) = &f.sequence {
            let n = seq.transitions.as_array().map_or(0, Vec::len);
            let _ = writeln!(
                out,
                "             minimal sequence of {n} steps (shrunk from {})",
                seq.shrunk_from
            );
        }
    }
    if ranked.len() > TOP {
        let _ = writeln!(out, "  … and {} more", ranked.len() - TOP);
    }
    if !result.known_not_seen.is_empty() {
        let fixed: Vec<&crate::findings::KnownDeviation> = result
            .known_not_seen
            .iter()
            .filter(|d| !d.generated)
            .collect();
        let _ = writeln!(
            out,
            "baseline entries not seen this run: {} ({} of them need generated sequences, which may not meet them in a short run){}",
            result.known_not_seen.len(),
            result.known_not_seen.len() - fixed.len(),
            if fixed.is_empty() {
                ""
            } else {
                "; fixed? remove them (or rerun with --update-baseline):"
            }
        );
        for d in fixed.iter().take(TOP) {
            let _ = writeln!(
                out,
                "  {} {}{}: {}",
                d.operation,
                d.check,
                d.rule
                    .as_deref()
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default(),
                d.actual.as_deref().unwrap_or("any")
            );
        }
    }
    if reports.is_empty() {
        if !result.findings.is_empty() {
            let _ = writeln!(
                out,
                "every finding with its transcript and aws-cli reproducer: write a report with --html FILE, --markdown FILE or --json FILE"
            );
        }
    } else {
        let _ = writeln!(out, "reports: {}", reports.join(", "));
    }
    let _ = write!(out, "{}", next_steps(result, &s));
    out
}

/// What to do next, after this run.
fn next_steps(result: &RunResult, s: &Summary) -> String {
    let mut out = String::new();
    if result.embedded {
        let _ = writeln!(
            out,
            "next: this was the embedded reference endpoint; point the run at your emulator, e.g. `lambda-conformance run --endpoint-url http://localhost:4566 --html report.html`"
        );
    } else if s.new_findings > 0 {
        let _ = writeln!(
            out,
            "next: fix a finding and check it with `lambda-conformance replay --sequence report.json --finding ID` (generated ones), or accept the current findings with `--baseline FILE --update-baseline` so that only new ones fail"
        );
    }
    out
}
