//! Deployment packages: the model's catalogue of test functions
//! (`lambda_model::handlers`), so the oracle knows what every package it
//! sees deployed does. Most phases deploy the Python echo handler.

pub use lambda_model::handlers::{Behaviour, Language, TestFunction};

/// The Python echo package, variant `variant`, as bytes (variants differ in
/// CodeSha256).
pub fn zip_bytes(variant: u32) -> Vec<u8> {
    TestFunction::echo(variant).zip_bytes()
}

/// The Python echo package as base64, as `ZipFile` travels in a JSON body.
pub fn zip_base64(variant: u32) -> String {
    TestFunction::echo(variant).zip_base64()
}
