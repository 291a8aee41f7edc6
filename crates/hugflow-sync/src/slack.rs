//! Posting a line to a Slack incoming webhook (`SLACK_WEBHOOK_URL`). Slack is a courtesy: a
//! failed post is logged and never fails a sync.

use std::time::Duration;

use hugflow_core::config::Secret;
use hugflow_http::{Outcome, RetryPolicy};

#[derive(Debug, Clone)]
pub struct Slack {
    client: reqwest::Client,
    webhook: Secret,
}

impl Slack {
    pub fn new(webhook: Secret) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a plain HTTP client builds");
        Self { client, webhook }
    }

    /// Posts `text` (Slack's mrkdwn), retrying once after a 429 or 5xx (after the wait
    /// Slack asks for, at most 10 s), on the one retry loop of `hugflow-http`.
    pub async fn post(&self, text: &str) {
        let body = serde_json::json!({ "text": text });
        let sent = hugflow_http::retry(&POLICY, |_| {
            let request = self.client.post(self.webhook.expose()).json(&body);
            async move {
                match request.send().await {
                    Ok(response) if response.status().is_success() => Outcome::Done(Ok(())),
                    Ok(response) if hugflow_http::is_retryable(response.status()) => {
                        Outcome::Retry {
                            wait: hugflow_http::requested_wait(response.headers()),
                            error: Refused::Status(response.status()),
                        }
                    }
                    Ok(response) => Outcome::Done(Err(Refused::Status(response.status()))),
                    Err(error) => Outcome::Done(Err(Refused::Unreachable(
                        hugflow_http::root_cause(&error).to_string(),
                    ))),
                }
            }
        })
        .await;
        // The webhook URL is a secret: name the status, never the URL.
        match sent {
            Ok(()) => {}
            Err(Refused::Status(status)) => {
                tracing::warn!(%status, "Slack refused the notification");
            }
            Err(Refused::Unreachable(error)) => tracing::warn!(%error, "cannot reach Slack"),
        }
    }
}

/// Two attempts, a second after a refusal unless Slack says how long; never more than 10 s.
const POLICY: RetryPolicy = RetryPolicy {
    max_attempts: 2,
    base_delay: Duration::from_secs(1),
    max_delay: Duration::from_secs(1),
    max_wait: Duration::from_secs(10),
};

/// Why a post did not land.
enum Refused {
    Status(reqwest::StatusCode),
    Unreachable(String),
}

#[cfg(test)]
mod tests {
    use hugflow_testkit::slack::FakeSlack;

    use super::*;

    fn slack(fake: &FakeSlack) -> Slack {
        Slack::new(Secret::new(fake.url()))
    }

    #[tokio::test]
    async fn a_refusal_worth_retrying_is_retried_once_after_the_wait_slack_asks() {
        let fake = FakeSlack::start();
        fake.fail_next(1, 429);
        let started = std::time::Instant::now();
        slack(&fake).post("Download complete").await;
        assert_eq!(fake.requests(), 2);
        assert_eq!(fake.messages().len(), 1);
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "Retry-After: 1 was waited"
        );
    }

    #[tokio::test]
    async fn a_second_refusal_gives_up_without_failing() {
        let fake = FakeSlack::start();
        fake.fail_next(5, 500);
        slack(&fake).post("Download failed").await;
        assert_eq!(fake.requests(), 2, "one retry, no more");
        assert!(fake.messages().is_empty());
    }
}
