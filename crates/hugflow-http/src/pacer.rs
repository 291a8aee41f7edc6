//! Paces the calls of one rate-limit bucket of the Hub inside the budget its answers announce.
//!
//! Every metered answer says how many calls are left in the Hub's fixed window and when it
//! resets (`RateLimit: "resolvers";r=4990;t=55`, with
//! `RateLimit-Policy: "fixed window";"resolvers";q=5000;w=300`; see [`crate::rate_limit_budget`]).
//! When the calls a job still has to make exceed what is left, the [`Pacer`] spreads what is
//! left over the time left instead of firing it all at once and collecting 429s, waits out the
//! reset when nothing is left, and carries on in the next window. One pacer type serves every
//! [`Bucket`]: the downloader's `/resolve/` calls (`resolvers`) and the tree listing's pages
//! (`api`).
//!
//! The pacer is plain arithmetic over instants passed in, so tests drive it with a fake clock.

use std::time::{Duration, Instant};

use hugflow_core::units::{human_count, human_duration};

use crate::Budget;

/// A bucket of the Hub's rate limits (<https://huggingface.co/docs/hub/rate-limits>) that
/// Hugflow paces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// Every URL with a `/resolve/` segment: one call per file downloaded.
    Resolvers,
    /// `/api/...`: one call per page of a tree listing.
    Api,
}

impl Bucket {
    /// The name in `RateLimit: "<name>";r=…`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Resolvers => "resolvers",
            Self::Api => "api",
        }
    }

    /// What one call of the bucket fetches, in the notes: "12,000 files", "300 pages".
    fn unit(self) -> &'static str {
        match self {
            Self::Resolvers => "files",
            Self::Api => "pages",
        }
    }

    /// The bucket as the notes name it: "resolver budget", "12 api calls left".
    fn adjective(self) -> &'static str {
        match self {
            Self::Resolvers => "resolver",
            Self::Api => "api",
        }
    }
}

/// The up-front note: how long `calls` calls take at the Hub's budget, e.g.
/// "12,000 files at 5,000 per 5 min: about 12 min of resolver budget" or
/// "300 pages at 1,000 per 5 min: about 2 min of api budget".
pub fn estimate_note(bucket: Bucket, calls: u64, quota: u64, window: Duration) -> String {
    let seconds = (calls as u128 * window.as_secs() as u128).div_ceil(quota.max(1) as u128);
    format!(
        "{} {} at {} per {}: about {} of {} budget",
        human_count(calls),
        bucket.unit(),
        human_count(quota),
        human_duration(window.as_secs()),
        human_duration(u64::try_from(seconds).unwrap_or(u64::MAX)),
        bucket.adjective(),
    )
}

/// The note while pacing: "pacing: 12 resolver calls left for 40 s".
pub fn pacing_note(bucket: Bucket, left: u64, until_reset: Duration) -> String {
    let seconds = until_reset.as_secs_f64().ceil() as u64;
    let name = bucket.adjective();
    match left {
        0 => format!("pacing: {name} budget used up; the window resets in {seconds} s"),
        1 => format!("pacing: 1 {name} call left for {seconds} s"),
        _ => format!(
            "pacing: {} {name} calls left for {seconds} s",
            human_count(left)
        ),
    }
}

/// How long after a window's announced reset the first call of the next one goes out: `t` is
/// whole seconds, and the request takes a moment to arrive.
pub const RESET_MARGIN: Duration = Duration::from_millis(250);

/// Two observations whose resets differ by less than this are of the same window.
const SAME_WINDOW: Duration = Duration::from_millis(1500);

/// At most one pacing note this often.
const PACING_NOTE_EVERY: Duration = Duration::from_secs(10);

/// What a caller does before its call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Call at this instant (now, or a later slot reserved for it).
    At(Instant),
    /// Nothing left in this window: ask again at this instant.
    Retry(Instant),
}

/// The budget of the current window as last heard.
#[derive(Debug, Clone, Copy)]
struct Window {
    remaining: u64,
    resets_at: Instant,
}

/// Spreads one bucket's calls over the Hub's window; see the module docs.
#[derive(Debug)]
pub struct Pacer {
    bucket: Bucket,
    /// Calls the job makes in all (retries aside): one per file, or one per page.
    calls: u64,
    /// Calls the job has yet to start.
    calls_left: u64,
    /// Calls started whose answer has not been heard: the server has not counted them yet.
    in_flight: u64,
    /// At most this many calls are in flight (the downloader's concurrency): calls lost to
    /// the network, never answered, stop counting here.
    max_in_flight: u64,
    window: Option<Window>,
    /// A window that resets later than this is not waited for (a broken or hostile answer
    /// could say a day): the calls go out, and 429s, with their patience, take over.
    max_wait: Duration,
    /// `(quota, window)` from `RateLimit-Policy`.
    policy: Option<(u64, Duration)>,
    next_slot: Option<Instant>,
    notes: Vec<String>,
    estimated: bool,
    /// Goes before the estimate: "listing 3,000 entries: ".
    subject: String,
    last_pacing_note: Option<Instant>,
}

impl Pacer {
    /// A pacer for `calls` calls of `bucket`, at most `max_in_flight` at once.
    pub fn new(bucket: Bucket, calls: u64, max_in_flight: usize, max_wait: Duration) -> Self {
        Self {
            bucket,
            max_wait,
            calls,
            calls_left: calls,
            in_flight: 0,
            max_in_flight: max_in_flight.max(1) as u64,
            window: None,
            policy: None,
            next_slot: None,
            notes: Vec::new(),
            estimated: false,
            subject: String::new(),
            last_pacing_note: None,
        }
    }

    /// Says what the calls are for, before the estimate ("listing 3,000 entries").
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = format!("{}: ", subject.into());
        self
    }

    /// No estimate: the count of calls is a guess (see [`set_calls_left`](Self::set_calls_left)).
    pub fn without_estimate(mut self) -> Self {
        self.estimated = true;
        self
    }

    /// The count of calls still to start, when it is learnt late (a listing's page size
    /// shows with its first page) or is unknown (then: the next call only, so the pacer waits
    /// only when nothing is left).
    pub fn set_calls_left(&mut self, calls_left: u64) {
        let started = self.calls - self.calls_left;
        self.calls_left = calls_left;
        self.calls = started + calls_left;
    }

    pub fn bucket(&self) -> Bucket {
        self.bucket
    }

    /// Hears one answer's budget. Answers of other buckets are ignored; an answer also ends
    /// one call in flight.
    pub fn observe(&mut self, budget: &Budget, now: Instant) {
        if budget.bucket().is_some_and(|b| b != self.bucket.name()) {
            return;
        }
        let Some(remaining) = budget.limit.remaining else {
            return;
        };
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Some(policy) = &budget.policy {
            self.policy = Some((policy.quota, policy.window));
        }
        let heard = Window {
            remaining,
            resets_at: now + budget.limit.reset,
        };
        self.window = match self.window {
            // A late answer of an older window says nothing about this one.
            Some(current) if heard.resets_at + SAME_WINDOW < current.resets_at => Some(current),
            // The same window: the smallest count is the latest the server knew.
            Some(current) if heard.resets_at < current.resets_at + SAME_WINDOW => Some(Window {
                remaining: current.remaining.min(remaining),
                resets_at: current.resets_at.max(heard.resets_at),
            }),
            _ => {
                self.next_slot = None;
                Some(heard)
            }
        };
        self.note_estimate();
    }

    /// Once, when the budget is first known and the job needs more calls than are left:
    /// how long the job takes at the policy's pace.
    fn note_estimate(&mut self) {
        if self.estimated {
            return;
        }
        let (Some((quota, window)), Some(current)) = (self.policy, self.window) else {
            return;
        };
        self.estimated = true;
        if self.calls_left + self.in_flight > current.remaining {
            let estimate = estimate_note(self.bucket, self.calls, quota, window);
            self.notes.push(format!("{}{estimate}", self.subject));
        }
    }

    /// The turn of the next call, reserved for it: call at `Turn::At`, or come back at
    /// `Turn::Retry` when the window is used up.
    pub fn turn(&mut self, now: Instant) -> Turn {
        self.roll(now);
        let Some(window) = self.window else {
            return self.start(now);
        };
        let available = window.remaining.saturating_sub(self.in_flight);
        let too_long = window.resets_at.saturating_duration_since(now) > self.max_wait;
        if self.calls_left <= available || too_long {
            // Enough budget for everything left: no reason to wait.
            return self.start(now);
        }
        let until_reset = window.resets_at.saturating_duration_since(now);
        if available == 0 {
            self.note_pacing(0, until_reset, now);
            return Turn::Retry(window.resets_at + RESET_MARGIN);
        }
        self.note_pacing(available, until_reset, now);
        // The calls left go out evenly between the last one reserved and the reset; none is
        // reserved past the reset (its turn comes in the next window).
        let slot = self.next_slot.map_or(now, |slot| slot.max(now));
        if slot >= window.resets_at {
            return Turn::Retry(window.resets_at + RESET_MARGIN);
        }
        let interval = (window.resets_at - slot) / u32::try_from(available).unwrap_or(u32::MAX);
        self.next_slot = Some(slot + interval);
        self.start(slot)
    }

    fn start(&mut self, at: Instant) -> Turn {
        self.calls_left = self.calls_left.saturating_sub(1);
        self.in_flight = (self.in_flight + 1).min(self.max_in_flight);
        Turn::At(at)
    }

    /// Past a window's reset: a fresh window at the policy's quota (until an answer says
    /// otherwise), or no known budget without a policy.
    fn roll(&mut self, now: Instant) {
        let Some(window) = self.window else {
            return;
        };
        if now < window.resets_at + RESET_MARGIN {
            return;
        }
        self.next_slot = None;
        self.window = self.policy.map(|(quota, length)| Window {
            remaining: quota,
            resets_at: now + length,
        });
    }

    fn note_pacing(&mut self, left: u64, until_reset: Duration, now: Instant) {
        if self
            .last_pacing_note
            .is_none_or(|at| now.duration_since(at) >= PACING_NOTE_EVERY)
        {
            self.last_pacing_note = Some(now);
            self.notes.push(pacing_note(self.bucket, left, until_reset));
        }
    }

    /// Notes written since the last call, oldest first.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }
}

/// Waits for the pacer's turn of the next call (sleeping through `Retry`s); `open_at` is the
/// earliest instant anyone may call (a 429's wait), read afresh after every sleep.
pub async fn wait_turn(pacer: &std::sync::Mutex<Pacer>, open_at: impl Fn() -> Option<Instant>) {
    loop {
        let turn = pacer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .turn(Instant::now());
        let (at, again) = match turn {
            Turn::At(at) => (at, false),
            Turn::Retry(at) => (at, true),
        };
        let until = open_at().map_or(at, |open| at.max(open));
        let now = Instant::now();
        if until > now {
            tokio::time::sleep(until - now).await;
        }
        if !again {
            return;
        }
    }
}
#[cfg(test)]
mod tests {
    use crate::{RateLimit, RateLimitPolicy};

    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn budget(bucket: &str, remaining: u64, reset: u64, policy: Option<(u64, u64)>) -> Budget {
        Budget {
            limit: RateLimit {
                bucket: Some(bucket.into()),
                remaining: Some(remaining),
                reset: Duration::from_secs(reset),
            },
            policy: policy.map(|(quota, window)| RateLimitPolicy {
                bucket: Some(bucket.into()),
                quota,
                window: Duration::from_secs(window),
            }),
        }
    }

    fn at(turn: Turn) -> Instant {
        match turn {
            Turn::At(at) => at,
            Turn::Retry(at) => panic!("expected a slot, got a retry at {at:?}"),
        }
    }

    #[test]
    fn the_wording_is_the_issues() {
        assert_eq!(
            estimate_note(Bucket::Resolvers, 12_000, 5_000, Duration::from_secs(300)),
            "12,000 files at 5,000 per 5 min: about 12 min of resolver budget"
        );
        assert_eq!(
            estimate_note(Bucket::Resolvers, 60, 20, Duration::from_secs(10)),
            "60 files at 20 per 10 s: about 30 s of resolver budget"
        );
        assert_eq!(
            pacing_note(Bucket::Resolvers, 12, Duration::from_millis(39_200)),
            "pacing: 12 resolver calls left for 40 s"
        );
        assert!(
            pacing_note(Bucket::Resolvers, 0, Duration::from_secs(7)).contains("resets in 7 s")
        );
    }

    #[test]
    fn without_a_budget_or_with_enough_of_it_nobody_waits() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 100, 8, HOUR);
        for _ in 0..8 {
            assert_eq!(pacer.turn(now), Turn::At(now));
        }
        // 4,990 left for the 92 calls still to make.
        pacer.observe(&budget("resolvers", 4990, 55, Some((5000, 300))), now);
        for _ in 0..50 {
            assert_eq!(pacer.turn(now), Turn::At(now));
            pacer.observe(&budget("resolvers", 4900, 55, None), now);
        }
        assert!(pacer.take_notes().is_empty(), "no estimate when it fits");
    }

    #[test]
    fn a_short_budget_is_spread_over_the_window_then_waits_for_the_reset() {
        let start = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 60, 1, HOUR);
        assert_eq!(pacer.turn(start), Turn::At(start));
        // 10 left for the 59 calls to go, and 10 s until the reset: one call a second.
        pacer.observe(&budget("resolvers", 10, 10, Some((20, 10))), start);
        let notes = pacer.take_notes();
        assert_eq!(
            notes[0],
            estimate_note(Bucket::Resolvers, 60, 20, Duration::from_secs(10))
        );
        let mut slots = Vec::new();
        let mut now = start;
        for left in (1..=10).rev() {
            let slot = at(pacer.turn(now));
            slots.push(slot.duration_since(start));
            now = slot;
            pacer.observe(&budget("resolvers", left - 1, 10, None), start);
        }
        assert!(
            slots.windows(2).all(|w| w[1] > w[0]),
            "calls are spread, not bunched: {slots:?}"
        );
        assert!(slots[9] < Duration::from_secs(10), "{slots:?}");
        let paced = pacer.take_notes();
        assert_eq!(
            paced,
            [pacing_note(Bucket::Resolvers, 10, Duration::from_secs(10))],
            "one note a 10 s"
        );
        // Nothing left: come back after the reset, then the policy's fresh window.
        let Turn::Retry(retry) = pacer.turn(now) else {
            panic!("the budget is used up");
        };
        assert!(retry >= start + Duration::from_secs(10), "{retry:?}");
        assert!(matches!(pacer.turn(retry), Turn::At(_)));
    }

    #[test]
    fn calls_in_flight_count_against_what_is_left() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 100, 8, HOUR);
        pacer.observe(&budget("resolvers", 3, 30, None), now);
        // Three calls go out (spread); the fourth finds the budget spoken for.
        for _ in 0..3 {
            assert!(matches!(pacer.turn(now), Turn::At(_)));
        }
        assert!(matches!(pacer.turn(now), Turn::Retry(_)));
        // An answer (with the count the server now has) frees nothing: 0 left.
        pacer.observe(&budget("resolvers", 0, 30, None), now);
        assert!(matches!(pacer.turn(now), Turn::Retry(_)));
    }

    #[test]
    fn other_buckets_and_stale_windows_are_ignored() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 100, 8, HOUR);
        pacer.observe(&budget("api", 0, 300, Some((500, 300))), now);
        assert_eq!(pacer.turn(now), Turn::At(now));
        pacer.observe(&budget("resolvers", 50, 30, None), now);
        // A late answer of the window before (r=0, reset long past) changes nothing.
        pacer.observe(
            &budget("resolvers", 0, 1, None),
            now - Duration::from_secs(40),
        );
        assert!(matches!(pacer.turn(now), Turn::At(_)));
        assert!(
            !matches!(pacer.turn(now), Turn::Retry(_)),
            "50 left in the window that counts"
        );
    }

    #[test]
    fn a_new_window_replaces_the_old_one() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 100, 1, HOUR);
        pacer.observe(&budget("resolvers", 0, 5, None), now);
        assert!(matches!(pacer.turn(now), Turn::Retry(_)));
        let later = now + Duration::from_secs(6);
        pacer.observe(&budget("resolvers", 99, 300, None), later);
        assert_eq!(pacer.turn(later), Turn::At(later));
    }

    #[test]
    fn no_call_is_reserved_past_the_reset() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 100, 8, HOUR);
        pacer.observe(&budget("resolvers", 4, 2, None), now);
        let reset = now + Duration::from_secs(2);
        for _ in 0..4 {
            assert!(at(pacer.turn(now)) < reset);
        }
        // Answers free the in-flight count, but the window's slots are taken: next window.
        for _ in 0..4 {
            pacer.observe(&budget("resolvers", 4, 2, None), now);
        }
        assert_eq!(pacer.turn(now), Turn::Retry(reset + RESET_MARGIN));
    }

    #[test]
    fn a_reset_beyond_the_patience_is_not_waited_for() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Resolvers, 100, 8, Duration::from_secs(60));
        // A broken answer: nothing left for a day.
        pacer.observe(&budget("resolvers", 0, 86_400, None), now);
        assert_eq!(pacer.turn(now), Turn::At(now));
    }

    #[test]
    fn the_api_bucket_paces_pages_and_ignores_resolver_answers() {
        let start = Instant::now();
        // A listing of 30 pages; 3 api calls left of 5 per 10 s.
        let mut pacer = Pacer::new(Bucket::Api, 30, 1, HOUR).with_subject("listing 3,000 entries");
        assert_eq!(pacer.turn(start), Turn::At(start));
        // A resolver answer with nothing left is another bucket's: no effect on pages.
        pacer.observe(&budget("resolvers", 0, 10, Some((5, 10))), start);
        assert!(pacer.take_notes().is_empty());
        pacer.observe(&budget("api", 3, 10, Some((5, 10))), start);
        assert_eq!(
            pacer.take_notes(),
            ["listing 3,000 entries: 30 pages at 5 per 10 s: about 1 min of api budget"]
        );
        let mut slots = Vec::new();
        for _ in 0..3 {
            slots.push(at(pacer.turn(start)));
        }
        assert!(slots.windows(2).all(|w| w[1] > w[0]), "spread: {slots:?}");
        assert!(
            pacer.take_notes()[0].starts_with("pacing: 3 api calls left for 10 s"),
            "the pacing note names the api bucket"
        );
        for left in (0..3).rev() {
            pacer.observe(&budget("api", left, 10, None), start);
        }
        // Used up: the fourth page waits for the reset instead of drawing a 429.
        let Turn::Retry(retry) = pacer.turn(slots[2]) else {
            panic!("the api budget is used up");
        };
        assert!(retry >= start + Duration::from_secs(10));
        assert!(
            matches!(pacer.turn(retry), Turn::At(_)),
            "a new window at the policy's quota"
        );
    }

    #[test]
    fn an_unknown_count_waits_only_when_nothing_is_left() {
        let now = Instant::now();
        let mut pacer = Pacer::new(Bucket::Api, 1, 1, HOUR);
        pacer.observe(&budget("api", 2, 60, Some((500, 300))), now);
        assert!(pacer.take_notes().is_empty(), "one page fits: no estimate");
        // The next page only: it goes now while anything is left.
        pacer.set_calls_left(1);
        assert_eq!(pacer.turn(now), Turn::At(now));
        pacer.observe(&budget("api", 0, 60, None), now);
        pacer.set_calls_left(1);
        assert!(matches!(pacer.turn(now), Turn::Retry(_)));
    }
}
