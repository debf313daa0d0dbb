//! The HTML report: one self-contained page (no network) rendered from the
//! JSON report's typed form with a template: the summary, a findings table
//! to filter by operation, area, status and evidence (also from the address,
//! `report.html#status=failure`), each finding opening to its rule,
//! evidence, transcript and reproducer, and the coverage table.

use super::json::{self, FindingDoc};
use crate::catalog::Catalog;
use crate::runner::RunResult;
use minijinja::Value;
use serde::Serialize;

/// Most findings on the page (the JSON report has them all).
const MAX_FINDINGS: usize = 2_000;

const TEMPLATE: &str = include_str!("report.html");

/// A finding as the page shows it.
#[derive(Serialize)]
struct Shown<'a> {
    doc: &'a FindingDoc,
    area: String,
    request: String,
    response: String,
}

/// Findings of one API area, by standing.
#[derive(Serialize)]
struct AreaCounts {
    area: String,
    failure: usize,
    unverified: usize,
    flaky: usize,
    known: usize,
}

use super::area_of;

fn transcript(doc: &FindingDoc) -> (String, String) {
    let Some(step) = &doc.transcript else {
        return (String::new(), String::new());
    };
    let ex = &step.exchange;
    let mut request = format!("{} {}\n", ex.request.method, ex.request.url);
    for (k, v) in &ex.request.headers {
        request.push_str(&format!("{k}: {v}\n"));
    }
    if !ex.request.body.is_empty() {
        request.push('\n');
        request.push_str(&ex.request.body);
    }
    let response = match &ex.outcome {
        Ok(r) => {
            let mut text = format!("HTTP {}\n", r.status);
            for (k, v) in &r.headers {
                text.push_str(&format!("{k}: {v}\n"));
            }
            if !r.body.is_empty() {
                text.push('\n');
                text.push_str(&r.body);
            }
            text
        }
        Err(e) => format!("no response: {e}"),
    };
    (request, response)
}

/// Renders the HTML report.
pub fn render(result: &RunResult, catalog: &Catalog) -> String {
    let report = json::report(result, catalog);
    let shown: Vec<Shown> = report
        .findings
        .iter()
        .take(MAX_FINDINGS)
        .map(|doc| {
            let (request, response) = transcript(doc);
            Shown {
                doc,
                area: area_of(&doc.operation),
                request,
                response,
            }
        })
        .collect();
    let by_area: Vec<AreaCounts> = super::by_area(result)
        .into_iter()
        .map(|(area, [failure, known, unverified, flaky])| AreaCounts {
            area,
            failure,
            unverified,
            flaky,
            known,
        })
        .collect();
    let mut operations: Vec<&str> = report
        .findings
        .iter()
        .flat_map(|f| f.operations.iter().map(String::as_str))
        .collect();
    operations.sort_unstable();
    operations.dedup();
    let areas: Vec<String> = by_area.iter().map(|a| a.area.clone()).collect();
    let mut evidence_kinds: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::to_value(f.evidence.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    evidence_kinds.sort_unstable();
    evidence_kinds.dedup();
    let mut env = minijinja::Environment::new();
    if let Err(e) = env.add_template("report.html", TEMPLATE) {
        return format!("<!-- the HTML template does not parse: {e} -->\n");
    }
    let rendered = env.get_template("report.html").and_then(|t| {
        t.render(minijinja::context! {
            r => Value::from_serialize(&report),
            findings => Value::from_serialize(&shown),
            left_out => report.findings.len().saturating_sub(MAX_FINDINGS),
            by_area => Value::from_serialize(&by_area),
            operations => operations,
            areas => areas,
            evidence_kinds => evidence_kinds,
        })
    });
    match rendered {
        Ok(page) => page,
        Err(e) => format!("<!-- cannot render the HTML report: {e} -->\n"),
    }
}
