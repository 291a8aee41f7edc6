//! Posting a line to a Slack incoming webhook (`SLACK_WEBHOOK_URL`). Slack is a courtesy: a
//! failed post is logged and never fails a sync.

use std::time::Duration;

use hugflow_core::config::Secret;

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

    /// Posts `text` (Slack's mrkdwn), retrying once after a 429 or 5xx.
    pub async fn post(&self, text: &str) {
        let body = serde_json::json!({ "text": text });
        for attempt in 1..=2 {
            let sent = self
                .client
                .post(self.webhook.expose())
                .json(&body)
                .send()
                .await;
            match sent {
                Ok(response) if response.status().is_success() => return,
                Ok(response) if attempt == 1 && hugflow_http::is_retryable(response.status()) => {
                    let wait = hugflow_http::requested_wait(response.headers())
                        .unwrap_or(Duration::from_secs(1))
                        .min(Duration::from_secs(10));
                    tokio::time::sleep(wait).await;
                }
                // The webhook URL is a secret: name the status, never the URL.
                Ok(response) => {
                    tracing::warn!(status = %response.status(), "Slack refused the notification");
                    return;
                }
                Err(error) => {
                    tracing::warn!(error = %hugflow_http::root_cause(&error), "cannot reach Slack");
                    return;
                }
            }
        }
    }
}
