//! The record format shared by `model`, `raw_request` and `responses`.
//!
//! A record is `[operation byte][flags byte]` followed, when `flags & 1`, by a
//! little-endian u16 length and that many bytes of JSON text (placeholders as
//! in [`crate::generate::substitute`]), otherwise by the bytes the schema
//! generator draws from. The operation byte indexes
//! `catalog::REFERENCE_OPERATIONS` modulo its length. The other flag bits are for the
//! target (e.g. the wire mutation of `raw_request`).

use crate::generate::{Generator, Memory, substitute};
use arbitrary::Unstructured;
use lambda_conformance::catalog::{Catalog, Operation, REFERENCE_OPERATIONS};
use serde_json::Value;
use std::sync::Arc;

/// One decoded record.
#[derive(Debug, Clone)]
pub struct Record {
    /// The operation.
    pub op: Arc<Operation>,
    /// Its input (members by model name).
    pub input: Value,
    /// The flags byte.
    pub flags: u8,
}

/// Most records one input may hold.
pub const MAX_RECORDS: usize = 24;

/// The operation for an operation byte.
pub fn operation(byte: u8) -> Arc<Operation> {
    let name = REFERENCE_OPERATIONS[byte as usize % REFERENCE_OPERATIONS.len()];
    Catalog::embedded()
        .get(name)
        .expect("reference operations are in the catalog")
        .clone()
}

/// Decodes the next record, or None when the input is used up.
pub fn next(u: &mut Unstructured, memory: &Memory) -> Option<Record> {
    if u.is_empty() {
        return None;
    }
    let op = operation(u.arbitrary::<u8>().ok()?);
    let flags = u.arbitrary::<u8>().unwrap_or(0);
    let mut input = None;
    if flags & 1 == 1 {
        let len = u.arbitrary::<u16>().unwrap_or(0) as usize;
        let text = u.bytes(len.min(u.len())).unwrap_or(&[]);
        if let Ok(mut v @ Value::Object(_)) = serde_json::from_slice::<Value>(text) {
            substitute(&mut v, memory);
            input = Some(v);
        }
    }
    let input = input.unwrap_or_else(|| Generator::new(&op.schema, memory).def(u, "Input"));
    Some(Record { op, input, flags })
}

/// Encodes a JSON-text record (what the seed corpora are made of).
pub fn encode_text(operation: &str, flags: u8, input: &Value) -> Vec<u8> {
    let index = REFERENCE_OPERATIONS
        .iter()
        .position(|o| *o == operation)
        .expect("a reference operation") as u8;
    let text = serde_json::to_vec(input).expect("JSON values always serialise");
    let mut out = vec![index, flags | 1];
    out.extend_from_slice(&(text.len() as u16).to_le_bytes());
    out.extend_from_slice(&text);
    out
}
