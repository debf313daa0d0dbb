//! The Markdown report, sized for a GitHub step summary.

use super::{Standing, Summary, in_group, reproduce};
use crate::catalog::{Catalog, REFERENCE_OPERATIONS};
use crate::runner::RunResult;
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
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
        for f in &findings {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                f.id,
                f.operation,
                f.check.name(),
                cell(&f.expected),
                cell(&f.actual),
                cell(f.known.as_deref().unwrap_or(&f.evidence.source))
            );
        }
        out.push('\n');
        if title == "New deviations" {
            for f in &findings {
                let _ = writeln!(
                    out,
                    "<details><summary><code>{}</code> {} {}: expected {}, got {}</summary>\n",
                    f.id,
                    f.operation,
                    f.check.name(),
                    cell(&f.expected),
                    cell(&f.actual)
                );
                if !f.detail.is_empty() {
                    let _ = writeln!(out, "```\n{}\n```\n", f.detail);
                }
                if let Some(step) = result.steps.get(f.exchange) {
                    let ex = &step.exchange;
                    let _ = writeln!(
                        out,
                        "Step `{}`: `{} {}`\n",
                        step.step, ex.request.method, ex.request.url
                    );
                    if !ex.request.body.is_empty() {
                        let _ = writeln!(out, "```json\n{}\n```\n", ex.request.body);
                    }
                    match &ex.outcome {
                        Ok(r) => {
                            let _ =
                                writeln!(out, "Response `{}`:\n\n```\n{}\n```\n", r.status, r.body);
                        }
                        Err(e) => {
                            let _ = writeln!(out, "No response: {e}\n");
                        }
                    }
                }
                let _ = writeln!(
                    out,
                    "Reproduce:\n\n```sh\n{}```\n</details>\n",
                    reproduce::script(result, f.exchange, catalog)
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
        let n = result.findings.iter().filter(|f| f.operation == op).count();
        let _ = writeln!(
            out,
            "| {op} | {} | {n} |",
            counts.get(op).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out, "\n</details>");
    coverage(&mut out, result);
    if !result.notes.is_empty() {
        let _ = writeln!(out, "\n**Notes**\n");
        for n in &result.notes {
            let _ = writeln!(out, "- {}", cell(n));
        }
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
