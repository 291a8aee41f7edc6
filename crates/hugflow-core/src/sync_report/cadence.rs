//! When a progress comment is due: a PR should hear about a long download without being
//! flooded by it.

use std::time::{Duration, Instant};

/// Post when progress reaches the next multiple of [`STEP`] percent, or after [`QUIET`]
/// without a comment, and always (once) at 100 %.
#[derive(Debug, Default, Clone)]
pub struct ProgressCadence {
    last: Option<(u8, Instant)>,
}

/// Percent between two comments.
pub const STEP: u8 = 20;

/// The longest silence during a download.
pub const QUIET: Duration = Duration::from_secs(3600);

impl ProgressCadence {
    /// A cadence whose clock starts now (the "Starting Download" comment).
    pub fn started_at(now: Instant) -> Self {
        Self {
            last: Some((0, now)),
        }
    }

    /// Whether a comment for `percent` should be posted at `now`; if so, it counts as posted.
    pub fn due(&mut self, percent: u8, now: Instant) -> bool {
        let percent = percent.min(100);
        let due = match self.last {
            None => true,
            Some((last, _)) if percent <= last => false,
            Some(_) if percent == 100 => true,
            Some((last, at)) => {
                percent / STEP > last / STEP || now.saturating_duration_since(at) >= QUIET
            }
        };
        if due {
            self.last = Some((percent, now));
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_twenty_percent_then_once_at_the_end() {
        let start = Instant::now();
        let mut cadence = ProgressCadence::started_at(start);
        let posted: Vec<u8> = (1..=100)
            .filter(|&p| cadence.due(p, start + Duration::from_secs(u64::from(p))))
            .collect();
        assert_eq!(posted, [20, 40, 60, 80, 100]);
        assert!(!cadence.due(100, start + QUIET * 2), "100 % only once");
    }

    #[test]
    fn an_hour_of_silence_is_broken_even_between_steps() {
        let start = Instant::now();
        let mut cadence = ProgressCadence::started_at(start);
        assert!(!cadence.due(3, start + Duration::from_secs(60)));
        assert!(cadence.due(5, start + QUIET));
        assert!(!cadence.due(6, start + QUIET + Duration::from_secs(60)));
        assert!(cadence.due(7, start + QUIET * 2));
        assert!(!cadence.due(7, start + QUIET * 4), "no news is not news");
        assert!(cadence.due(20, start + QUIET * 4));
    }
}
