//! Scenarios: fixed sequences of steps whose expected outcomes come from
//! the oracle.

pub mod follow;
pub mod handlers;
pub mod lifecycle;
pub mod race;
pub mod rules;
