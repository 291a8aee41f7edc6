//! The facade both shells call. An operation the `hugflow` CLI and Hugflow Desktop both
//! offer lives here once: the CLI parses its flags, makes one call and renders the answer (a
//! table, a bar, or `--json` lines); `hugflow-api` does the same for the desktop's IPC. Long
//! operations report through [`hugflow_core::events`] sinks, never by printing.

pub mod jobs;
pub mod local;
pub mod requests;
pub mod reruns;
pub mod retrain;
pub mod runs;
pub mod sync;
