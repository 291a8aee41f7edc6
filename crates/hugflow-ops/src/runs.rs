//! Flow and artifact runs under a folder (`hugflow runs`, the desktop's Runs page for a folder
//! on this computer; a host's comes over SSH from the former): one scan of `hugflow-runs`,
//! which decides each run's status as ductaflow and huldra themselves do.

pub use hugflow_runs::{RunsReport, ScanError, ScanOptions, scan};
