//! A fake Slack incoming webhook on loopback: what Hugflow's Slack notifications post to.
//!
//! It answers as Slack does: a `POST` of a JSON body (or a form with a `payload` field) that
//! has `text`, `blocks` or `attachments` is `200 ok` (`text/plain`); a body that is not JSON
//! is `400 invalid_payload`; JSON without any of them is `400 no_text`; any other path is
//! `404 no_service`. [`FakeSlack::fail_next`] makes the next requests fail (`500`, or `429`
//! with `Retry-After: 1`) to test retries. [`FakeSlack::messages`] are the accepted bodies.
//!
//! ```no_run
//! use hugflow_testkit::slack::FakeSlack;
//! let slack = FakeSlack::start();
//! println!("webhook {}", slack.url());
//! ```

use std::io;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::Value;

/// The path of the one webhook the fake serves (Slack's shape, made-up ids).
pub const WEBHOOK_PATH: &str = "/services/T000/B000/XXXX";

#[derive(Debug, Default)]
struct Inbox {
    messages: Vec<Value>,
    requests: usize,
    /// The next this-many requests fail with `failure`.
    failing: u32,
    failure: u16,
}

/// A running fake Slack webhook; stops when dropped.
pub struct FakeSlack {
    inbox: Arc<Mutex<Inbox>>,
    port: u16,
    served: crate::serve::Served,
}

impl std::fmt::Debug for FakeSlack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FakeSlack({})", self.url())
    }
}

impl FakeSlack {
    /// Starts it on a free port; panics with the reason when it cannot.
    pub fn start() -> Self {
        Self::try_start().unwrap_or_else(|e| panic!("start the fake Slack on 127.0.0.1: {e}"))
    }

    pub fn try_start() -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(inbox.clone());
        let served =
            crate::serve::Served::start(format!("fake-slack-{port}"), listener, runtime, app)?;
        Ok(Self {
            inbox,
            port,
            served,
        })
    }

    /// The webhook URL, as Slack hands it out.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{WEBHOOK_PATH}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The JSON bodies Slack accepted, oldest first.
    pub fn messages(&self) -> Vec<Value> {
        self.lock().messages.clone()
    }

    /// Every request received, accepted or not.
    pub fn requests(&self) -> usize {
        self.lock().requests
    }

    /// Answers the next `requests` requests with `status` (`429` adds `Retry-After: 1`) and
    /// keeps nothing from them.
    pub fn fail_next(&self, requests: u32, status: u16) {
        assert!(
            StatusCode::from_u16(status).is_ok_and(|s| !s.is_success()),
            "fail_next wants an error status, not {status}"
        );
        let mut inbox = self.lock();
        inbox.failing = requests;
        inbox.failure = status;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inbox> {
        self.inbox.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stops the server; the port is free when it returns.
    pub fn stop(&mut self) {
        self.served.stop();
    }
}

async fn handle(
    State(inbox): State<Arc<Mutex<Inbox>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut inbox = inbox.lock().unwrap_or_else(|e| e.into_inner());
    inbox.requests += 1;
    if inbox.failing > 0 {
        inbox.failing -= 1;
        let status = StatusCode::from_u16(inbox.failure).unwrap_or(StatusCode::BAD_GATEWAY);
        let mut response = plain(status, failure_text(status));
        if status == StatusCode::TOO_MANY_REQUESTS {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        }
        return response;
    }
    if uri.path() != WEBHOOK_PATH {
        return plain(StatusCode::NOT_FOUND, "no_service");
    }
    if method != Method::POST {
        return plain(StatusCode::BAD_REQUEST, "invalid_payload");
    }
    let Some(message) = payload(&headers, &body) else {
        return plain(StatusCode::BAD_REQUEST, "invalid_payload");
    };
    if !has_content(&message) {
        return plain(StatusCode::BAD_REQUEST, "no_text");
    }
    inbox.messages.push(message);
    plain(StatusCode::OK, "ok")
}

/// The JSON object posted: the body, or a form's `payload` field as Slack also accepts.
fn payload(headers: &HeaderMap, body: &[u8]) -> Option<Value> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let value: Value = if form {
        let (_, json) = form_urlencoded::parse(body).find(|(key, _)| key == "payload")?;
        serde_json::from_str(&json).ok()?
    } else {
        serde_json::from_slice(body).ok()?
    };
    value.is_object().then_some(value)
}

/// Slack posts a message that has text, blocks or (legacy) attachments.
fn has_content(message: &Value) -> bool {
    let text = message
        .get("text")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.trim().is_empty());
    let listed = |key: &str| {
        message
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    text || listed("blocks") || listed("attachments")
}

fn failure_text(status: StatusCode) -> &'static str {
    match status {
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        s if s.is_server_error() => "internal_error",
        _ => "invalid_payload",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn post(url: &str, content_type: &str, body: &str) -> (u16, String) {
        let response = reqwest::blocking::Client::new()
            .post(url)
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().unwrap())
    }

    #[test]
    fn answers_as_slack_does() {
        let slack = FakeSlack::start();
        let json_type = "application/json";
        assert_eq!(
            post(&slack.url(), json_type, r#"{"text":"Synced a/b"}"#),
            (200, "ok".into())
        );
        let blocks = r#"{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}]}"#;
        assert_eq!(post(&slack.url(), json_type, blocks).0, 200);
        let form = "payload=%7B%22text%22%3A%22from+a+form%22%7D";
        assert_eq!(
            post(&slack.url(), "application/x-www-form-urlencoded", form).0,
            200
        );
        assert_eq!(
            post(&slack.url(), json_type, "{not json"),
            (400, "invalid_payload".into())
        );
        assert_eq!(
            post(&slack.url(), json_type, r#"{"username":"hugflow"}"#),
            (400, "no_text".into())
        );
        let elsewhere = format!("http://127.0.0.1:{}/services/T1/B1/nope", slack.port());
        assert_eq!(
            post(&elsewhere, json_type, r#"{"text":"x"}"#),
            (404, "no_service".into())
        );
        assert_eq!(
            slack.messages(),
            [
                json!({ "text": "Synced a/b" }),
                serde_json::from_str::<Value>(blocks).unwrap(),
                json!({ "text": "from a form" }),
            ]
        );
        assert_eq!(slack.requests(), 6);
    }

    #[test]
    fn fails_the_next_requests_when_told() {
        let slack = FakeSlack::start();
        slack.fail_next(1, 429);
        let client = reqwest::blocking::Client::new();
        let limited = client
            .post(slack.url())
            .header("content-type", "application/json")
            .body(r#"{"text":"x"}"#)
            .send()
            .unwrap();
        assert_eq!(limited.status().as_u16(), 429);
        assert_eq!(limited.headers()["retry-after"], "1");
        slack.fail_next(2, 500);
        let json_type = "application/json";
        assert_eq!(post(&slack.url(), json_type, r#"{"text":"x"}"#).0, 500);
        assert_eq!(post(&slack.url(), json_type, r#"{"text":"x"}"#).0, 500);
        assert_eq!(post(&slack.url(), json_type, r#"{"text":"y"}"#).0, 200);
        assert_eq!(slack.messages(), [json!({ "text": "y" })]);
    }
}
