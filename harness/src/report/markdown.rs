//! The Markdown report, sized for a GitHub step summary.

use super::{Standing, Summary, in_group, reproduce};
use crate::catalog::{Catalog, REFERENCE_OPERATIONS};
use crate::runner::RunResult;
use std::fmt::Write;

/// Largest report written: GitHub's step summary takes 1 MiB.
pub const MAX_BYTES: usize = 1_000_000;
/// Past this size no further finding details or coverage rows are written.
const DETAILS_BUDGET: usize = 800_000;
/// Longest body or detail shown in a finding's details.
const MAX_SHOWN: usize = 2_000;
/// Most rows of a findings table.
const MAX_TABLE_ROWS: usize = 200;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `text` cut to `max` bytes (at a character boundary), saying so.
fn shown(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… ({} more bytes in the JSON report)",
        &text[..end],
        text.len() - end
    )
}

/// Renders the Markdown report.
pub fn render(result: &RunResult, catalog: &Catalog) -> String {
    let s = Summary::of(result);
    let mut out = String::new();
    let verdict = if s.new_findings == 0 {
        "✅ no new deviations"
    } else {
        "❌ deviations from AWS"
    };
    let _ = writeln!(out, "# Lambda conformance: {verdict}\n");
    let _ = writeln!(
        out,
        "Endpoint `{}` ({}), region `{}`, prefix `{}`.\n",
        result.endpoint,
        if result.embedded {
            "embedded reference endpoint"
        } else {
            "external"
        },
        result.region,
        result.prefix
    );
    if let Some(why) = &result.interrupted {
        let _ = writeln!(out, "> **Run cut short:** {why}\n");
    }
    if !result.cleanup.is_clean() {
        let _ = writeln!(
            out,
            "> **Clean-up:** {}. Delete it with `lambda-conformance cleanup --prefix {}`.\n",
            result.cleanup.summary(),
            result.prefix
        );
    }
    let _ = writeln!(
        out,
        "| exchanges | operations | findings | new | known | unverified |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {}/{} | {} | {} | {} | {} |\n",
        s.exchanges,
        s.operations_exercised,
        s.operations_total,
        s.findings,
        s.new_findings,
        s.known,
        s.unverified
    );
    let grouped = super::by_area_and_check(result);
    if !grouped.is_empty() {
        let _ = writeln!(out, "| area | check | new | known | unverified | flaky |");
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|");
        for ((area, check), [new, known, unverified, flaky]) in &grouped {
            let _ = writeln!(
                out,
                "| {area} | {check} | {new} | {known} | {unverified} | {flaky} |"
            );
        }
        let _ = writeln!(out);
    }
    let title_of = |g: Standing| match g {
        Standing::Failure => "New deviations",
        Standing::Unverified => "Unverified (AWS behaviour not confirmed)",
        Standing::Flaky => "Flaky (the minimal sequence did not always reproduce it)",
        Standing::Known => "Known deviations",
    };
    let sections = Standing::ALL.map(|g| (title_of(g), in_group(result, g)));
    for (title, findings) in sections {
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n");
        let _ = writeln!(
            out,
            "| id | operation | check | expected | actual | evidence |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for f in findings.iter().take(MAX_TABLE_ROWS) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                f.id,
                super::where_seen(f),
                f.check.name(),
                cell(&f.expected),
                cell(&f.actual),
                cell(f.known.as_deref().unwrap_or(&f.evidence.source))
            );
        }
        if findings.len() > MAX_TABLE_ROWS {
            let _ = writeln!(
                out,
                "\n{} more left out here; every finding is in the JSON report (`--json`).",
                findings.len() - MAX_TABLE_ROWS
            );
        }
        out.push('\n');
        if title == "New deviations" {
            let mut left_out = 0;
            for f in &findings {
                if out.len() > DETAILS_BUDGET {
                    left_out += 1;
                    continue;
                }
                let _ = writeln!(
                    out,
                    "<details><summary><code>{}</code> {} {}: expected {}, got {}</summary>\n",
                    f.id,
                    super::where_seen(f),
                    f.check.name(),
                    cell(&f.expected),
                    cell(&f.actual)
                );
                if let Some(rule) = &f.evidence.rule {
                    let _ = writeln!(
                        out,
                        "Rule `{rule}` · evidence: {}\n",
                        cell(&f.evidence.source)
                    );
                }
                for line in super::grouped_lines(f, 50) {
                    let _ = writeln!(out, "{}\n", cell(&line));
                }
                if !f.detail.is_empty() {
                    let _ = writeln!(out, "```\n{}\n```\n", shown(&f.detail, MAX_SHOWN));
                }
                if let Some(step) = result.steps.get(f.exchange) {
                    let ex = &step.exchange;
                    let _ = writeln!(
                        out,
                        "Step `{}`: `{} {}`\n",
                        step.step, ex.request.method, ex.request.url
                    );
                    if !ex.request.body.is_empty() {
                        let _ = writeln!(
                            out,
                            "```json\n{}\n```\n",
                            shown(&ex.request.body, MAX_SHOWN)
                        );
                    }
                    match &ex.outcome {
                        Ok(r) => {
                            let _ = writeln!(
                                out,
                                "Response `{}`:\n\n```\n{}\n```\n",
                                r.status,
                                shown(&r.body, MAX_SHOWN)
                            );
                        }
                        Err(e) => {
                            let _ = writeln!(out, "No response: {e}\n");
                        }
                    }
                }
                let _ = writeln!(
                    out,
                    "Reproduce:\n\n```sh\n{}```\n</details>\n",
                    shown(
                        &reproduce::script(result, f.exchange, catalog),
                        4 * MAX_SHOWN
                    )
                );
            }
            if left_out > 0 {
                let _ = writeln!(
                    out,
                    "Details of {left_out} more new deviations are left out to keep this report under 1 MiB; they are in the JSON report (`--json`).\n"
                );
            }
        }
    }
    let counts = result.operation_counts();
    let _ = writeln!(
        out,
        "<details><summary>Operations exercised</summary>\n\n| operation | exchanges | findings |\n|---|---:|---:|"
    );
    for op in REFERENCE_OPERATIONS {
        let n = result.findings.iter().filter(|f| f.seen_on(op)).count();
        let _ = writeln!(
            out,
            "| {op} | {} | {n} |",
            counts.get(op).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out, "\n</details>");
    coverage(&mut out, result);
    if let Some(line) = super::rule_coverage_line(result, true) {
        let _ = writeln!(out, "\n{}", cell(&line));
    }
    if !result.notes.is_empty() {
        let _ = writeln!(out, "\n**Notes**\n");
        for n in &result.notes {
            let _ = writeln!(out, "- {}", cell(n));
        }
    }
    if out.len() > MAX_BYTES {
        let mut end = MAX_BYTES - 200;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        let cut = out[..end].rfind('\n').unwrap_or(end);
        out.truncate(cut);
        out.push_str(
            "\n\n… cut here to stay under 1 MiB; the JSON report (`--json`) has everything.\n",
        );
    }
    out
}

/// The boundary coverage table: per operation, then every constraint side.
fn coverage(out: &mut String, result: &RunResult) {
    let c = &result.coverage;
    if c.rows.is_empty() {
        return;
    }
    let (exercised, total) = c.totals();
    let _ = writeln!(
        out,
        "\n## Boundary coverage\n\n{exercised} of {total} constraint sides exercised (each constraint tried just inside and just outside; malformed requests as invalid).\n"
    );
    let _ = writeln!(
        out,
        "| operation | constraints | sides exercised | not exercised | with findings |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for (op, n) in c.per_operation() {
        let _ = writeln!(
            out,
            "| {op} | {} | {} | {} | {} |",
            n.constraints, n.exercised, n.not_exercised, n.findings
        );
    }
    if out.len() > DETAILS_BUDGET {
        let _ = writeln!(
            out,
            "\nEvery constraint side is in the JSON report (`coverage.rows`); left out here for size."
        );
        return;
    }
    let _ = writeln!(out, "\n<details><summary>Every constraint side</summary>\n");
    let _ = writeln!(
        out,
        "| operation | constraint | side | value | AWS | endpoint | result |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for r in &c.rows {
        let result = match &r.outcome {
            crate::boundary::Outcome::Pass => "pass".to_string(),
            crate::boundary::Outcome::Finding(id) => format!("finding `{id}`"),
            crate::boundary::Outcome::NotExercised(why) => format!("not exercised: {why}"),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.operation,
            cell(&r.constraint),
            r.side.name(),
            cell(&r.value),
            cell(&r.expected),
            cell(&r.actual),
            cell(&result)
        );
    }
    let _ = writeln!(out, "\n</details>");
}
