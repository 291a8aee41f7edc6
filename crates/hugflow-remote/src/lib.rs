//! HGX hosts from the laptop, over the user's own OpenSSH: no GUI, no Tauri.
//!
//! - [`target`]: which host (`hgx-a` from `~/.ssh/config`, or `user@host:port`), checked.
//! - [`ssh_config`]: the `Host` names to offer when adding a host.
//! - [`path`]: finding `ssh` when launched from a desktop menu.
//! - [`quote`]: every value sent to a remote shell is validated and quoted.
//! - [`ssh`]: one multiplexed connection per host; commands and streams ride on it.
//! - [`control_dir`]: the private folder of its control sockets; where multiplexing exists.
//! - [`hostkey`]: unknown host keys are shown and trusted only on request.
//! - [`monitor`]: live GPUs, disk, load and memory, with reconnects; [`history`]: the last hour.
//! - [`agent`]: the `hugflow` binary on the host: version, install, status, detached syncs.

pub mod agent;
pub mod control_dir;
pub mod error;
pub mod history;
pub mod hostkey;
pub mod monitor;
pub mod path;
pub mod quote;
pub mod ssh;
pub mod ssh_config;
pub mod target;

pub use error::SshError;
pub use history::{GpuPoint, History, HistoryPoint};
pub use hostkey::HostKey;
pub use monitor::{ConnectionState, Monitor, MonitorSettings, MonitorSink};
pub use quote::RemoteCommand;
pub use ssh::{RemoteOutput, Ssh, SshSettings};
pub use target::Target;
