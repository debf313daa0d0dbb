//! The terminal view: progress while the run goes, a summary at the end.

use super::{Standing, Summary, in_group};
use crate::runner::RunResult;
use crate::session::{Event, EventSink};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Shows progress on stderr (only when it is a terminal) and findings as they come.
pub struct Progress {
    bar: ProgressBar,
    visible: bool,
    findings: AtomicUsize,
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
        }
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
            Event::Exchanged {
                step,
                operation,
                status,
                findings,
                ..
            } => {
                self.bar.inc(1);
                let n = self.findings.fetch_add(findings.len(), Ordering::Relaxed) + findings.len();
                let shown = status.map_or("no response".to_string(), |s| s.to_string());
                self.bar.set_message(format!(
                    "{n} findings  last: {operation} ({step}) -> {shown}"
                ));
            }
            Event::CleaningUp => self.bar.set_message("cleaning up what the run created"),
            Event::Finished => self.bar.finish_and_clear(),
        }
    }
}

/// The end-of-run summary.
pub fn summary(result: &RunResult) -> String {
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
            "boundary probes: {exercised} of {total} constraint sides exercised, {with_findings} with findings (the coverage table is in the JSON and Markdown reports)"
        );
    }
    let label_of = |g: Standing| match g {
        Standing::Failure => "FAIL",
        Standing::Unverified => "UNVERIFIED",
        Standing::Flaky => "FLAKY",
        Standing::Known => "KNOWN",
    };
    let groups = Standing::ALL.map(|g| (label_of(g), in_group(result, g)));
    for (label, findings) in groups {
        for f in findings {
            let repeat = if f.occurrences > 1 {
                format!(" (x{})", f.occurrences)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {label:<10} [{}] {} {}: expected {}, got {}{repeat}",
                f.id,
                f.operation,
                f.check.name(),
                f.expected,
                f.actual
            );
            if label == "FAIL" {
                let _ = writeln!(
                    out,
                    "             step {}{} · evidence: {}",
                    f.step,
                    f.evidence
                        .rule
                        .as_deref()
                        .map(|r| format!(" · rule {r}"))
                        .unwrap_or_default(),
                    f.evidence.source
                );
                if let Some(seq) = &f.sequence {
                    let n = seq.transitions.as_array().map_or(0, Vec::len);
                    let _ = writeln!(
                        out,
                        "             minimal sequence of {n} steps (shrunk from {}), replay with --seed {}",
                        seq.shrunk_from, seq.seed
                    );
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "{} findings: {} new, {} known, {} unverified, {} flaky",
        s.findings, s.new_findings, s.known, s.unverified, s.flaky
    );
    if s.new_findings > 0 {
        let _ = writeln!(
            out,
            "transcripts and aws-cli reproducers: write a report with --json FILE or --markdown FILE"
        );
    }
    out
}
