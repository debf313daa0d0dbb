//! lambda-conformance: tells where an AWS Lambda endpoint (an emulator or AWS
//! itself) differs from AWS.
//!
//! Data flow, one module per stage:
//! [`schemas`] -> [`catalog`] -> [`scenario`] / [`boundary`] / [`stateful`] -> [`runner`] -> [`client`] ->
//! endpoint -> [`client::Exchange`] -> [`checks`] -> [`findings`] -> [`report`].
//! [`server`] serves the reference model ([`lambda_model`]) as an endpoint.

pub mod boundary;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod client;
pub mod findings;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod schemas;
pub mod server;
pub mod stateful;
