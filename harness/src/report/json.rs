//! The JSON report (format `lambda-conformance/report`, version 1; see docs/report-format.md).

use super::{Summary, is_failure, reproduce};
use crate::catalog::{Catalog, REFERENCE_OPERATIONS};
use crate::findings::CheckKind;
use crate::runner::RunResult;
use serde_json::{Value, json};

/// Version of the JSON format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The report as a JSON value.
pub fn to_value(result: &RunResult, catalog: &Catalog) -> Value {
    let counts = result.operation_counts();
    let operations: Vec<Value> = REFERENCE_OPERATIONS
        .iter()
        .map(|op| {
            json!({
                "operation": op,
                "exchanges": counts.get(*op).copied().unwrap_or(0),
                "findings": result.findings.iter().filter(|f| f.operation == *op).count(),
            })
        })
        .collect();
    let findings: Vec<Value> = result
        .findings
        .iter()
        .map(|f| {
            let step = result.steps.get(f.exchange);
            json!({
                "id": f.id,
                "signature": f.signature,
                "status": super::standing(f).name(),
                "check": f.check.name(),
                "operation": f.operation,
                "step": f.step,
                "expected": f.expected,
                "actual": f.actual,
                "detail": f.detail,
                "evidence": f.evidence,
                "occurrences": f.occurrences,
                "known": f.known,
                "exchange": f.exchange,
                "transcript": step,
                "reproduce": reproduce::script(result, f.exchange, catalog),
                "fails_run": is_failure(f),
                "sequence": f.sequence,
                "constraint": f.constraint,
            })
        })
        .collect();
    json!({
        "format": "lambda-conformance/report",
        "version": FORMAT_VERSION,
        "tool": {"name": "lambda-conformance", "version": env!("CARGO_PKG_VERSION")},
        "endpoint": result.endpoint,
        "region": result.region,
        "embedded": result.embedded,
        "prefix": result.prefix,
        "duration_secs": (result.duration_secs * 1000.0).round() / 1000.0,
        "interrupted": result.interrupted,
        "summary": Summary::of(result),
        "checks": CheckKind::ALL.iter().map(|c| json!({"check": c.name(), "asserts": c.describe()})).collect::<Vec<_>>(),
        "operations": operations,
        "findings": findings,
        "coverage": {
            "operations": result.coverage.per_operation().into_iter().map(|(op, c)| json!({
                "operation": op,
                "constraints": c.constraints,
                "exercised": c.exercised,
                "not_exercised": c.not_exercised,
                "findings": c.findings,
            })).collect::<Vec<_>>(),
            "rows": result.coverage.rows,
        },
        "notes": result.notes,
        "steps": result.steps.iter().enumerate().map(|(i, s)| json!({
            "index": i,
            "step": s.step,
            "operation": s.exchange.operation,
            "expected": s.expected,
            "status": s.exchange.status(),
            "elapsed_ms": s.exchange.elapsed_ms,
        })).collect::<Vec<_>>(),
    })
}

/// The report as pretty-printed JSON text.
pub fn render(result: &RunResult, catalog: &Catalog) -> String {
    serde_json::to_string_pretty(&to_value(result, catalog)).expect("JSON values always serialise")
        + "\n"
}
