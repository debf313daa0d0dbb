//! A report diff as terminal text.

use super::{ReportDiff, Situation, by_finding, line};
use std::fmt::Write;

/// Shown per list before "… and N more".
const SHOWN: usize = 20;

fn list(out: &mut String, title: &str, items: &[Situation]) {
    let groups = by_finding(items);
    let _ = writeln!(
        out,
        "{title}: {} situations in {} findings",
        items.len(),
        groups.len()
    );
    for (finding, situations) in groups.iter().take(SHOWN) {
        let first = situations[0];
        let more = match situations.len() {
            1 => String::new(),
            n => format!(" (+{} more situations)", n - 1),
        };
        let _ = writeln!(out, "  [{}] {finding} {}{more}", first.status, line(first));
    }
    if groups.len() > SHOWN {
        let _ = writeln!(out, "  … and {} more findings", groups.len() - SHOWN);
    }
}

/// The diff as terminal text.
pub fn render(d: &ReportDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "old: {} (lambda-conformance {}, {:.0} s)\nnew: {} (lambda-conformance {}, {:.0} s)",
        d.old.endpoint,
        d.old.tool_version,
        d.old.duration_secs,
        d.new.endpoint,
        d.new.tool_version,
        d.new.duration_secs
    );
    list(&mut out, "new", &d.new_situations);
    list(&mut out, "fixed (or not met)", &d.fixed);
    let _ = writeln!(out, "unchanged: {} situations", d.unchanged);
    if !d.standing_changed.is_empty() {
        let _ = writeln!(out, "standing changed: {}", d.standing_changed.len());
        for c in d.standing_changed.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "  {} → {}: {}",
                c.was,
                c.situation.status,
                line(&c.situation)
            );
        }
    }
    for c in &d.summary {
        let _ = writeln!(out, "{}: {} → {}", c.name, c.old, c.new);
    }
    if !d.coverage.is_empty() {
        let _ = writeln!(
            out,
            "boundary coverage changed (sides exercised, sides with a finding):"
        );
        for c in &d.coverage {
            let _ = writeln!(
                out,
                "  {}: exercised {} → {}, with findings {} → {}",
                c.operation, c.exercised.0, c.exercised.1, c.findings.0, c.findings.1
            );
        }
    }
    for c in &d.caveats {
        let _ = writeln!(out, "note: {c}");
    }
    let failing = d.new_failures().count();
    let _ = writeln!(
        out,
        "{}",
        if failing == 0 {
            "no new failing situation".to_string()
        } else {
            format!("{failing} new failing situations")
        }
    );
    out
}
