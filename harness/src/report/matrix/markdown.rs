//! The conformance matrix as Markdown (`docs/conformance/README.md`).

use super::{Area, Matrix, cell_text};
use std::fmt::Write;

/// Renders the matrix as one Markdown page.
pub fn render(m: &Matrix) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Conformance matrix\n");
    let _ = writeln!(
        s,
        "Where each Lambda endpoint differs from AWS, measured by lambda-conformance with the \
         same fixed seed and settings for every target (`scripts/conformance-matrix.sh`, which \
         also checks in CI that this page is current). A cell counts checks of one operation: \
         **✓** passed, **✗** failed (the endpoint does what AWS does not; known deviations \
         included), **?** unverified (AWS's behaviour there is inferred, not recorded). `–`: \
         nothing of that kind was checked. The same data as a page: [index.html](index.html).\n"
    );
    let _ = writeln!(s, "Measured on {}.\n", m.date);
    let _ = writeln!(s, "## Summary\n");
    let mut head = "| target | rules reached |".to_string();
    let mut rule = "|---|---|".to_string();
    for a in Area::ALL {
        let _ = write!(head, " {} |", a.title());
        rule.push_str("---|");
    }
    let _ = writeln!(s, "{head} findings |\n{rule}---|");
    for t in &m.targets {
        let _ = write!(
            s,
            "| [{}](#{}) | {} of {} |",
            t.label,
            anchor(&t.label),
            t.rules_reached.0,
            t.rules_reached.1
        );
        for c in &t.totals {
            let _ = write!(s, " {} |", cell_text(c));
        }
        let failing = t
            .findings
            .iter()
            .filter(|f| f.status == "failure" || f.status == "known")
            .count();
        let _ = writeln!(
            s,
            " {} failing, {} unverified |",
            failing,
            t.findings.len() - failing
        );
    }
    for (label, why) in &m.not_measured {
        let _ = writeln!(
            s,
            "| {label} | not measured: {why} |{}",
            " |".repeat(Area::ALL.len() + 1)
        );
    }
    for t in &m.targets {
        let _ = writeln!(s, "\n## {}\n", t.label);
        let _ = writeln!(
            s,
            "Measured on {} with lambda-conformance {}.",
            t.measured_on, t.tool_version
        );
        if let Some(why) = &t.interrupted {
            let _ = writeln!(s, "\n**The run was cut short:** {why}");
        }
        let mut head = "\n| operation |".to_string();
        let mut rule = "|---|".to_string();
        for a in Area::ALL {
            let _ = write!(head, " {} |", a.title());
            rule.push_str("---|");
        }
        let _ = writeln!(s, "{head}\n{rule}");
        for (op, cells) in &t.rows {
            let _ = write!(s, "| {op} |");
            for c in cells {
                let _ = write!(s, " {} |", cell_text(c));
            }
            s.push('\n');
        }
        if t.findings.is_empty() {
            let _ = writeln!(s, "\nNo findings.");
            continue;
        }
        let _ = writeln!(
            s,
            "\n### Findings of {}\n\nEach with its reproducer in [index.html](index.html).\n",
            t.label
        );
        for f in &t.findings {
            let rule = if f.rule.is_empty() {
                String::new()
            } else {
                format!(", rule {}", f.rule)
            };
            let _ = writeln!(
                s,
                "- `{}` **{}** {} ({}{rule}): expected {}; got {}",
                f.id,
                f.status,
                f.operation,
                f.area,
                one_line(&f.expected),
                one_line(&f.actual)
            );
        }
    }
    s
}

/// GitHub's heading anchor of a label.
fn anchor(label: &str) -> String {
    label
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn one_line(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.replace('|', "\\|");
    if flat.chars().count() > 300 {
        let cut: String = flat.chars().take(300).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
