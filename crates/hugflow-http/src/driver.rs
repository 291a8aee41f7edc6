//! The one retry loop: run an attempt, let the caller classify how it ended, wait as the
//! [`RetryPolicy`] or the server says, and give up with the last error once the attempts are
//! spent (or at once when a [`Cancel`] is set while waiting).
//!
//! What is worth retrying is the caller's call (the Hub, GitHub and the downloader each know
//! their own answers); how many times and how long to wait in between is decided here.

use std::time::Duration;

use hugflow_core::progress::Cancel;
use tokio::time::Instant;

use crate::RetryPolicy;

/// How often a wait looks at its [`Cancel`]: a cancelled job should not sit out a minute.
const CANCEL_POLL: Duration = Duration::from_millis(100);

/// Which attempt this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// Counts from 1 (and starts over after [`Outcome::Progressed`]).
    pub number: u32,
    /// No attempt follows a failed one: a caller whose last answer differs from a retried
    /// one (a rate limit reported rather than waited out) reads this.
    pub last: bool,
}

/// How one attempt ended.
#[derive(Debug)]
pub enum Outcome<T, E> {
    /// An answer, or an error no retry will fix.
    Done(Result<T, E>),
    /// Worth another attempt after `wait` (what the server asked for; `None`: the policy's
    /// backoff). `error` is the answer when this was the last attempt.
    Retry { error: E, wait: Option<Duration> },
    /// As [`Retry`](Self::Retry), but the attempt got somewhere (bytes arrived before the
    /// connection died): a live server, so the count starts over at this attempt.
    Progressed { error: E, wait: Option<Duration> },
    /// Try again at once, this attempt not counted: the caller did its own pacing (a shared
    /// rate-limit gate) or has its own budget for this kind of failure, and bounds it itself.
    Again,
}

impl<T, E> Outcome<T, E> {
    /// The same outcome with its error turned into another type.
    pub fn map_err<F>(self, f: impl FnOnce(E) -> F) -> Outcome<T, F> {
        match self {
            Self::Done(result) => Outcome::Done(result.map_err(f)),
            Self::Retry { error, wait } => Outcome::Retry {
                error: f(error),
                wait,
            },
            Self::Progressed { error, wait } => Outcome::Progressed {
                error: f(error),
                wait,
            },
            Self::Again => Outcome::Again,
        }
    }
}

/// Runs `attempt` until it is [`Done`](Outcome::Done) or the policy's attempts are spent,
/// waiting between attempts as the outcome asks (never longer than `policy.max_wait`).
///
/// `attempt` returns a future that owns what it uses (copies of references, `async move`),
/// not one that borrows the closure: such futures stay `Send` and can be spawned, which
/// `async` closures' futures cannot yet be proven to be.
pub async fn retry<T, E, Fut>(
    policy: &RetryPolicy,
    attempt: impl FnMut(Attempt) -> Fut,
) -> Result<T, E>
where
    Fut: Future<Output = Outcome<T, E>>,
{
    drive(policy, None::<(&Cancel, fn() -> E)>, attempt).await
}

/// [`retry`], stopping with `cancelled()` when `cancel` is set before a retry or during the
/// wait for one (the attempt itself watches `cancel` as it sees fit).
pub async fn retry_cancellable<T, E, Fut>(
    policy: &RetryPolicy,
    cancel: &Cancel,
    cancelled: impl FnOnce() -> E,
    attempt: impl FnMut(Attempt) -> Fut,
) -> Result<T, E>
where
    Fut: Future<Output = Outcome<T, E>>,
{
    drive(policy, Some((cancel, cancelled)), attempt).await
}

async fn drive<T, E, Fut>(
    policy: &RetryPolicy,
    cancel: Option<(&Cancel, impl FnOnce() -> E)>,
    mut attempt: impl FnMut(Attempt) -> Fut,
) -> Result<T, E>
where
    Fut: Future<Output = Outcome<T, E>>,
{
    let flag = cancel.as_ref().map(|(flag, _)| *flag);
    let mut number = 0;
    loop {
        number += 1;
        let last = number >= policy.max_attempts;
        let (error, wait) = match attempt(Attempt { number, last }).await {
            Outcome::Done(result) => return result,
            Outcome::Again => {
                number -= 1;
                (None, Some(Duration::ZERO))
            }
            Outcome::Retry { error, wait } => (Some(error), wait),
            Outcome::Progressed { error, wait } => {
                number = 1;
                (Some(error), wait)
            }
        };
        let wait = match error {
            Some(error) if number >= policy.max_attempts => return Err(error),
            Some(_) => wait.unwrap_or_else(|| policy.backoff(number)),
            None => Duration::ZERO,
        };
        if !pause(wait.min(policy.max_wait), flag).await {
            let (_, cancelled) = cancel.expect("only a cancel stops a pause");
            return Err(cancelled());
        }
    }
}

/// Sleeps `wait`; `false` when `cancel` is (or gets) set first.
async fn pause(wait: Duration, cancel: Option<&Cancel>) -> bool {
    let Some(cancel) = cancel else {
        tokio::time::sleep(wait).await;
        return true;
    };
    let until = Instant::now() + wait;
    loop {
        if cancel.is_cancelled() {
            return false;
        }
        let now = Instant::now();
        if now >= until {
            return true;
        }
        tokio::time::sleep((until - now).min(CANCEL_POLL)).await;
    }
}

#[cfg(test)]
mod tests {
    use std::future::ready;
    use std::time::Duration;

    use super::*;

    fn policy(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
            max_wait: Duration::from_secs(5),
        }
    }

    #[derive(Debug, PartialEq)]
    enum Failed {
        Transient(u32),
        Fatal(u32),
        Cancelled,
    }

    fn transient(attempt: Attempt) -> Outcome<u32, Failed> {
        Outcome::Retry {
            error: Failed::Transient(attempt.number),
            wait: None,
        }
    }

    #[tokio::test]
    async fn gives_up_after_the_policys_attempts_with_the_last_error() {
        let mut seen = Vec::new();
        let result = retry(&policy(4), |attempt| {
            seen.push((attempt.number, attempt.last));
            ready(transient(attempt))
        })
        .await;
        assert_eq!(result, Err(Failed::Transient(4)));
        assert_eq!(seen, [(1, false), (2, false), (3, false), (4, true)]);
    }

    #[tokio::test]
    async fn an_answer_ends_it() {
        let result = retry(&policy(5), |attempt| {
            ready(match attempt.number {
                1 | 2 => transient(attempt),
                n => Outcome::Done(Ok(n)),
            })
        })
        .await;
        assert_eq!(result, Ok(3));
    }

    #[tokio::test]
    async fn does_not_retry_what_is_done() {
        let mut calls = 0;
        let result: Result<(), _> = retry(&policy(5), |attempt| {
            calls += 1;
            ready(Outcome::Done(Err(Failed::Fatal(attempt.number))))
        })
        .await;
        assert_eq!((result, calls), (Err(Failed::Fatal(1)), 1));
    }

    #[tokio::test]
    async fn waits_what_the_server_asks() {
        let asked = Duration::from_millis(300);
        let started = Instant::now();
        let result = retry(&policy(3), |attempt| {
            ready(match attempt.number {
                1 => Outcome::Retry {
                    error: Failed::Transient(1),
                    wait: Some(asked),
                },
                n => Outcome::Done(Ok(n)),
            })
        })
        .await;
        assert_eq!(result, Ok(2));
        // The policy's backoff alone would be 1-2 ms.
        assert!(started.elapsed() >= asked, "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn never_waits_longer_than_max_wait() {
        let policy = RetryPolicy {
            max_wait: Duration::from_millis(50),
            ..policy(2)
        };
        let started = Instant::now();
        let result = retry(&policy, |attempt| {
            ready(match attempt.number {
                1 => Outcome::Retry {
                    error: Failed::Transient(1),
                    wait: Some(Duration::from_secs(3600)),
                },
                n => Outcome::Done(Ok(n)),
            })
        })
        .await;
        assert_eq!(result, Ok(2));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn progress_starts_the_count_over_and_again_does_not_count() {
        let mut calls = 0;
        let result = retry(&policy(3), |attempt| {
            calls += 1;
            ready(match calls {
                // Two failures, then one that got somewhere: back to attempt 1.
                3 => Outcome::Progressed {
                    error: Failed::Transient(attempt.number),
                    wait: None,
                },
                4 => Outcome::Again,
                _ => transient(attempt),
            })
        })
        .await;
        // Calls 4 and 5 are both attempt 2 (the `Again` was not counted); 6 is the third.
        assert_eq!((result, calls), (Err(Failed::Transient(3)), 6));
    }

    #[tokio::test]
    async fn stops_on_cancel_while_waiting() {
        let cancel = Cancel::new();
        let started = Instant::now();
        let mut calls = 0;
        let result = retry_cancellable(
            &policy(5),
            &cancel,
            || Failed::Cancelled,
            |attempt| {
                calls += 1;
                let flag = cancel.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    flag.cancel();
                });
                ready(Outcome::<(), _>::Retry {
                    error: Failed::Transient(attempt.number),
                    wait: Some(Duration::from_secs(4)),
                })
            },
        )
        .await;
        assert_eq!((result, calls), (Err(Failed::Cancelled), 1));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn a_cancel_does_not_hide_the_last_error() {
        let cancel = Cancel::new();
        cancel.cancel();
        let result = retry_cancellable(
            &policy(1),
            &cancel,
            || Failed::Cancelled,
            |attempt| ready(transient(attempt)),
        )
        .await;
        assert_eq!(result, Err(Failed::Transient(1)));
    }

    #[tokio::test]
    async fn its_future_can_be_spawned() {
        // What the downloader does with it: attempts that borrow the caller's state.
        let policy = policy(2);
        let state = tokio::sync::Mutex::new(0_u32);
        let run = retry(&policy, |attempt| {
            let state = &state;
            async move {
                *state.lock().await += 1;
                transient(attempt)
            }
        });
        fn spawnable<F: Future + Send>(_: &F) {}
        spawnable(&run);
        assert_eq!(run.await, Err(Failed::Transient(2)));
        assert_eq!(state.into_inner(), 2);
    }
}
