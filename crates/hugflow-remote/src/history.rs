//! The last hour of a host, kept in memory for the host page's charts.
//!
//! Points are small (a few numbers per GPU), so an hour at one point every two seconds is
//! about 1,800 points a host.

use std::collections::VecDeque;
use std::time::Duration;

use hugflow_core::monitor::HostSnapshot;
use serde::Serialize;

/// One GPU at one point in time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GpuPoint {
    pub index: u32,
    pub utilization_gpu: Option<f64>,
    pub memory_used_mib: Option<f64>,
    pub temperature_c: Option<f64>,
    pub power_draw_w: Option<f64>,
}

/// A host at one point in time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryPoint {
    /// Milliseconds since the Unix epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at_ms: i64,
    pub gpus: Vec<GpuPoint>,
    /// Use of the first disk shown (the dataset disk), 0 to 1.
    pub disk_used_fraction: Option<f64>,
    pub load_one: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct History {
    window: Duration,
    points: VecDeque<HistoryPoint>,
}

impl History {
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            points: VecDeque::new(),
        }
    }

    /// Records `snapshot` taken at `at_ms`, forgetting what fell out of the window.
    pub fn push(&mut self, snapshot: &HostSnapshot, at_ms: i64) {
        let disk = snapshot.disks.first();
        self.points.push_back(HistoryPoint {
            at_ms,
            gpus: snapshot
                .gpus
                .iter()
                .map(|g| GpuPoint {
                    index: g.index,
                    utilization_gpu: g.utilization_gpu,
                    memory_used_mib: g.memory_used_mib,
                    temperature_c: g.temperature_c,
                    power_draw_w: g.power_draw_w,
                })
                .collect(),
            disk_used_fraction: disk
                .filter(|d| d.size_bytes > 0)
                .map(|d| d.used_bytes as f64 / d.size_bytes as f64),
            load_one: snapshot.load.as_ref().map(|l| l.one),
        });
        let oldest = at_ms - self.window.as_millis() as i64;
        while self.points.front().is_some_and(|p| p.at_ms < oldest) {
            self.points.pop_front();
        }
    }

    pub fn points(&self) -> impl Iterator<Item = &HistoryPoint> {
        self.points.iter()
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hugflow_core::monitor::GpuStatus;

    #[test]
    fn keeps_only_the_window() {
        let snapshot = HostSnapshot {
            schema: 1,
            taken_at: String::new(),
            gpus: Vec::new(),
            gpu_status: GpuStatus::NoNvidiaSmi,
            disks: Vec::new(),
            load: None,
            memory: None,
        };
        let mut history = History::new(Duration::from_secs(3600));
        for second in 0..4000 {
            history.push(&snapshot, second * 1000);
        }
        assert_eq!(history.len(), 3601);
        assert_eq!(history.points().next().unwrap().at_ms, 399_000);
    }
}
