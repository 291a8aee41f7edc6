//! Hugflow's core: the formats and rules the `hugflow` engine and Hugflow Desktop share.
//!
//! Nothing here knows about a terminal or a window: the CLI and the desktop shell call these
//! functions and only map their results.

pub mod checkout;
pub mod cluster;
pub mod config;
pub mod events;
pub mod hf_id;
pub mod init;
pub mod jobs;
pub mod monitor;
pub mod path_io;
pub mod progress;
pub mod request;
pub mod retrain;
pub mod runs;
pub mod selection;
pub mod spaces;
pub mod state;
pub mod status;
pub mod storage_name;
pub mod sync_report;
pub mod timestamp;
pub mod units;
pub mod validate;
