//! The start-up mark: the UI says once when its first page has painted, and the app logs it
//! with the wall-clock time and the process's age, which `make bench` (`bench/startup.py`)
//! reads from the log file to time a launch.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::HugflowApp;

/// The line `bench/startup.py` looks for in the app's log.
pub const FIRST_PAINT: &str = "first page painted";

impl HugflowApp {
    /// The UI's first page has painted: logs [`FIRST_PAINT`] with `unix_ms` (wall clock),
    /// `page_ms` (since the webview started loading the page, as the page counts it) and, on
    /// Linux, `since_start_ms` (since the process was forked); the difference of the last two
    /// is what passed before the page began to load.
    pub fn ui_painted(&self, page_ms: u32) {
        let unix_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |now| now.as_millis() as u64);
        match process_age_ms() {
            Some(since_start_ms) => {
                tracing::info!(unix_ms, since_start_ms, page_ms, "{FIRST_PAINT}")
            }
            None => tracing::info!(unix_ms, page_ms, "{FIRST_PAINT}"),
        }
    }
}

/// How long ago this process started, from the kernel's own record (`/proc/self/stat`'s
/// start time against `/proc/uptime`) rather than an `Instant` taken in `main`: it then counts
/// what happens before `main` too (exec, loading WebKitGTK's libraries), as a user waits for
/// it. Resolution: 10 ms (the kernel's clock ticks). `None` where there is no `/proc`.
pub fn process_age_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    age_ms(&stat, &uptime)
}

/// `/proc` reports times in USER_HZ, which the kernel fixes at 100 for user space on every
/// architecture Hugflow Desktop ships for.
const TICKS_PER_SECOND: u64 = 100;

fn age_ms(stat: &str, uptime: &str) -> Option<u64> {
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Field 22, starttime, is the 20th after the name (fields 3 onwards).
    let start_ticks: u64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let uptime_s: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let uptime_ms = (uptime_s * 1000.0) as u64;
    Some(uptime_ms.saturating_sub(start_ticks * 1000 / TICKS_PER_SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_is_uptime_minus_the_start_time() {
        // starttime 12345 ticks = 123.45 s after boot; uptime 125.00 s.
        let stat = "4242 (hugflow (x) y) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 1000 10";
        assert_eq!(age_ms(stat, "125.00 200.00\n"), Some(1550));
        assert_eq!(age_ms("4242 (short) S 1", "125.00 1.0"), None);
        assert_eq!(age_ms(stat, "garbage"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_an_age() {
        let age = process_age_ms().expect("an age from /proc");
        assert!(age < 24 * 3_600_000, "{age} ms");
    }
}
