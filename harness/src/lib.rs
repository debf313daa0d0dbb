//! lambda-conformance: tells where an AWS Lambda endpoint (an emulator or AWS
//! itself) differs from AWS.
//!
//! Data flow, one module per stage:
//! [`schemas`] -> [`catalog`] -> [`scenario`] -> [`runner`] -> [`client`] ->
//! endpoint -> [`client::Exchange`] -> [`checks`] -> [`findings`] -> [`report`].
//! [`server`] serves the reference model ([`lambda_model`]) as an endpoint.

pub mod catalog;
pub mod cli;
pub mod schemas;
