//! The rest of a host at a glance: disk use from `df -B1`, load from `/proc/loadavg`, memory
//! from `/proc/meminfo`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Disk {
    pub filesystem: String,
    pub mount: String,
    pub size_bytes: u64,
    pub used_bytes: u64,
    pub available_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Load {
    pub one: f64,
    pub five: f64,
    pub fifteen: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Memory {
    pub total_bytes: u64,
    pub available_bytes: u64,
}

/// `df -B1 PATH...`: one disk per line after the header. A mount point with spaces keeps them
/// (it is everything after the fifth column).
pub fn parse_df(text: &str) -> Vec<Disk> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let filesystem = parts.next()?.to_string();
            let size_bytes = parts.next()?.parse().ok()?;
            let used_bytes = parts.next()?.parse().ok()?;
            let available_bytes = parts.next()?.parse().ok()?;
            let _percent = parts.next()?;
            let mount = parts.collect::<Vec<_>>().join(" ");
            (!mount.is_empty()).then_some(Disk {
                filesystem,
                mount,
                size_bytes,
                used_bytes,
                available_bytes,
            })
        })
        .collect()
}

/// `/proc/loadavg`: `0.52 0.58 0.59 1/467 12345`.
pub fn parse_loadavg(text: &str) -> Option<Load> {
    let mut parts = text.split_whitespace().map(|p| p.parse::<f64>());
    Some(Load {
        one: parts.next()?.ok()?,
        five: parts.next()?.ok()?,
        fifteen: parts.next()?.ok()?,
    })
}

/// `/proc/meminfo`'s `MemTotal` and `MemAvailable` (kB there, bytes here).
pub fn parse_meminfo(text: &str) -> Option<Memory> {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))?
            .split_whitespace()
            .next()?
            .parse::<u64>()
            .ok()
            .map(|kb| kb * 1024)
    };
    Some(Memory {
        total_bytes: field("MemTotal:")?,
        available_bytes: field("MemAvailable:")?,
    })
}
