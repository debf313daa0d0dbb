//! The oracle: what AWS does with a request in a given state. Front-end
//! validation from the schemas ([`validate`], answered before any lookup,
//! FMT-003) and then the reference model ([`lambda_model`]), with the
//! evidence of the rule that decided. Every phase, the fuzz targets and the
//! embedded endpoint ask it; no expectation is written anywhere else.

pub mod validate;

use crate::catalog::Operation;
use crate::checks::Expectation;
use crate::findings::Evidence;
use lambda_model::{Model, Request, Response};
use serde_json::Value;

/// What AWS answers to `input`: a constraint violation as its front end
/// answers it (FMT-003, before any lookup), otherwise the model's answer.
/// The model's state changes as the request says.
pub fn predict(model: &mut Model, op: &Operation, input: Value) -> Response {
    match validate::validate(op, &input) {
        Some(invalid) => invalid.response(),
        None => model.apply(&Request::new(&op.name, input)),
    }
}

/// The model's evidence as the harness's.
pub fn evidence(e: lambda_model::Evidence) -> Evidence {
    match e {
        lambda_model::Evidence::Recorded(id) => {
            Evidence::recorded(format!("{id} (recorded AWS behaviour)"))
        }
        lambda_model::Evidence::Documented(s) => Evidence::documented(s),
        lambda_model::Evidence::Inferred => {
            Evidence::inferred("reference model rule without AWS evidence")
        }
    }
}

/// The evidence of a prediction: its rule's evidence for this operation, and the rule's id.
pub fn evidence_of(p: &Response) -> Evidence {
    evidence(p.evidence).with_rule(p.rule.map(|r| r.id))
}

/// One-line description of a prediction (`404 ResourceNotFoundException`, `success 200`).
pub fn describe(p: &Response) -> String {
    match &p.error_code {
        Some(code) if p.status >= 400 => format!("{} {code}", p.status),
        _ => format!("success {}", p.status),
    }
}

/// The prediction as the expected outcome of a step, with the evidence of
/// the rule that decided it (an inferred rule makes its findings unverified).
pub fn expectation(p: &Response) -> Expectation {
    match &p.error_code {
        Some(code) if p.status >= 400 => {
            let e = Expectation::error(p.status, code, evidence_of(p));
            // A message is AWS's only where the answer rests on a recording.
            match (p.evidence, error_message(p)) {
                (lambda_model::Evidence::Recorded(_), Some(m)) => e.with_message(m),
                _ => e,
            }
        }
        _ => Expectation::success(evidence_of(p)),
    }
}

/// The message of a predicted error (`message` or `Message`, as the error shape has it).
fn error_message(p: &Response) -> Option<String> {
    let body = p.json_body()?;
    ["message", "Message"]
        .iter()
        .find_map(|k| body.get(*k).and_then(serde_json::Value::as_str))
        .map(str::to_string)
}
