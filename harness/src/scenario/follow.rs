//! Following a fixed scenario with the oracle: each request goes to the
//! endpoint and to a model of its own, the answer is checked against the
//! model's prediction, and values each side chooses (RevisionIds, version
//! numbers, mapping UUIDs) are bound per side.

use crate::client::Exchange;
use crate::oracle;
use crate::session::Session;
use lambda_model::{Model, Response};
use serde_json::{Value, json};

/// A value as each side chose it: the endpoint's and the model's.
#[derive(Debug, Clone, Default)]
pub struct Pair {
    /// The endpoint's value.
    pub endpoint: Option<String>,
    /// The model's value.
    pub model: Option<String>,
}

fn string_at(body: Option<&Value>, pointer: &str) -> Option<String> {
    body.and_then(|b| b.pointer(pointer))
        .and_then(Value::as_str)
        .map(str::to_string)
}

impl Pair {
    /// The string at `pointer` of the endpoint's and of the predicted body.
    pub fn at(ex: &Exchange, predicted: &Response, pointer: &str) -> Pair {
        Pair {
            endpoint: string_at(ex.response().and_then(|r| r.json.as_ref()), pointer),
            model: string_at(predicted.json_body(), pointer),
        }
    }
}

/// A scenario's state: the session and the oracle's model of the endpoint.
pub struct Follow<'a> {
    /// The session the requests go through.
    pub s: &'a Session,
    /// The oracle's model, following the scenario.
    pub model: Model,
}

impl Follow<'_> {
    /// Sends `input` and checks the answer against the oracle's prediction.
    pub async fn step(
        &mut self,
        step: &str,
        operation: &str,
        input: Value,
    ) -> (Exchange, Response) {
        self.step_bound(step, operation, input.clone(), input).await
    }

    /// Sends `input` to the endpoint, asks the oracle about `model_input` (the
    /// same request with the model's own values) and checks the answer.
    pub async fn step_bound(
        &mut self,
        step: &str,
        operation: &str,
        input: Value,
        model_input: Value,
    ) -> (Exchange, Response) {
        let op = self
            .s
            .catalog
            .get(operation)
            .unwrap_or_else(|| panic!("a scenario uses unknown operation {operation}"));
        let predicted = oracle::predict(&mut self.model, op, model_input);
        self.s.reached(&predicted);
        let expect = oracle::expectation(&predicted);
        let ex = self.s.call(step, operation, input, Some(expect)).await;
        (ex, predicted)
    }
}

impl Follow<'_> {
    /// Like [`Follow::step_bound`], but the answer is only contract-checked:
    /// for requests whose outcome no longer means anything (the endpoint's
    /// state and the model's have parted), while the model still follows.
    pub async fn step_unjudged(
        &mut self,
        step: &str,
        operation: &str,
        input: Value,
        model_input: Value,
    ) -> Exchange {
        if let Some(op) = self.s.catalog.get(operation) {
            oracle::predict(&mut self.model, op, model_input);
        }
        self.s.call(step, operation, input, None).await
    }
}

/// `input` with `member` set to each side's value of `pair` (`fallback` where a side has none).
pub fn bound(input: &Value, member: &str, pair: &Pair, fallback: &str) -> (Value, Value) {
    let mut endpoint = input.clone();
    let mut model = input.clone();
    endpoint[member] = json!(pair.endpoint.as_deref().unwrap_or(fallback));
    model[member] = json!(pair.model.as_deref().unwrap_or(fallback));
    (endpoint, model)
}
