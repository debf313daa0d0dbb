//! lambda-conformance: tells where an AWS Lambda endpoint (an emulator or AWS
//! itself) differs from AWS.
//!
//! Layers, each pointing only down (docs/architecture.md):
//! [`cli`] -> [`report`] / [`runner`] (orchestration) -> phases ([`scenario`],
//! [`boundary`], [`stateful`]) -> [`session`] (send, check, record; waiters,
//! fixtures, registry, clean-up) and [`oracle`] (validation + the reference
//! model, [`lambda_model`]) -> [`checks`] / [`client`] -> [`catalog`] /
//! [`findings`] -> [`schemas`]. [`server`] serves the oracle as an endpoint.

pub mod boundary;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod client;
pub mod diff;
pub mod findings;
pub mod operations;
pub mod oracle;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod schemas;
pub mod server;
pub mod session;
pub mod snapshot;
pub mod spawn;
pub mod stateful;
