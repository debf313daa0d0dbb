//! A report diff as Markdown (fits a pull-request comment or $GITHUB_STEP_SUMMARY).

use super::{ReportDiff, Situation, by_finding, line};
use std::fmt::Write;

/// Rows per table before "… and N more".
const SHOWN: usize = 50;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn table(out: &mut String, title: &str, items: &[Situation]) {
    let groups = by_finding(items);
    let _ = writeln!(
        out,
        "\n### {title}: {} situations in {} findings\n",
        items.len(),
        groups.len()
    );
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "| finding | status | situations | first |\n|---|---|---|---|"
    );
    for (finding, situations) in groups.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "| `{finding}` | {} | {} | {} |",
            situations[0].status,
            situations.len(),
            cell(&line(situations[0]))
        );
    }
    if groups.len() > SHOWN {
        let _ = writeln!(out, "\n… and {} more findings", groups.len() - SHOWN);
    }
}

/// The diff as Markdown.
pub fn render(d: &ReportDiff) -> String {
    let mut out = String::new();
    let failing = d.new_failures().count();
    let _ = writeln!(
        out,
        "## Conformance changes: {} new, {} fixed, {} unchanged\n",
        d.new_situations.len(),
        d.fixed.len(),
        d.unchanged
    );
    let _ = writeln!(
        out,
        "{}\n\n- old: {} (lambda-conformance {})\n- new: {} (lambda-conformance {})",
        if failing == 0 {
            "**No new failing situation.**".to_string()
        } else {
            format!("**{failing} new failing situations.**")
        },
        cell(&d.old.endpoint),
        d.old.tool_version,
        cell(&d.new.endpoint),
        d.new.tool_version
    );
    for c in &d.caveats {
        let _ = writeln!(out, "- note: {}", cell(c));
    }
    table(&mut out, "New", &d.new_situations);
    table(&mut out, "Fixed (or not met)", &d.fixed);
    if !d.standing_changed.is_empty() {
        let _ = writeln!(
            out,
            "\n### Standing changed\n\n| was | now | situation |\n|---|---|---|"
        );
        for c in &d.standing_changed {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                c.was,
                c.situation.status,
                cell(&line(&c.situation))
            );
        }
    }
    if !d.summary.is_empty() {
        let _ = writeln!(out, "\n### Counts\n\n| count | old | new |\n|---|---|---|");
        for c in &d.summary {
            let _ = writeln!(out, "| {} | {} | {} |", c.name, c.old, c.new);
        }
    }
    if !d.coverage.is_empty() {
        let _ = writeln!(
            out,
            "\n### Boundary coverage\n\n| operation | sides exercised | sides with a finding |\n|---|---|---|"
        );
        for c in &d.coverage {
            let _ = writeln!(
                out,
                "| {} | {} → {} | {} → {} |",
                c.operation, c.exercised.0, c.exercised.1, c.findings.0, c.findings.1
            );
        }
    }
    out
}
