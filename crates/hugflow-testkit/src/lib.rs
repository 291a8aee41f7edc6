//! Harnesses that start the real components Hugflow's tests run against (DESIGN §5), the fake
//! Hugging Face Hub (`hub`), and helpers for the shared fixtures. Used by tests, benches and
//! `make demo`; never shipped.

pub mod bench;
pub mod display;
pub mod fixtures;
pub mod github;
pub mod hub;
pub mod nvidia_smi;
pub mod postgres;
pub mod process;
pub mod python;
mod serve;
pub mod session;
pub mod slack;
pub mod slurm;
pub mod sshd;
pub mod wait;
