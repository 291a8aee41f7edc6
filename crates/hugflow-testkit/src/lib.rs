//! Harnesses that start the real components Hugflow's tests run against (DESIGN §5), and
//! helpers for the shared fixtures. Used by tests, benches and `make demo`; never shipped.

pub mod display;
pub mod fixtures;
pub mod process;
pub mod session;
pub mod wait;
