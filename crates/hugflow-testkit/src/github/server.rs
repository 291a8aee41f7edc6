//! The HTTP side: authentication, rate limits (core and secondary), conditional GETs with
//! ETags (a 304 costs no rate limit, as on GitHub), the request log, and routing to the
//! handlers. Git work blocks, so each call runs on the blocking pool holding the world's lock.

use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use percent_encoding::percent_decode_str;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::call::Call;
use super::reply::{Failure, Handled, Query, Reply};
use super::state::{GithubOptions, GithubUser, Rate, World, unix_now};
use super::{checks, pulls, repos};

/// One logged API call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubCall {
    pub method: String,
    /// Path and query.
    pub path: String,
    pub login: Option<String>,
    pub if_none_match: bool,
    pub status: u16,
}

pub struct Shared {
    pub options: GithubOptions,
    pub base_url: String,
    pub root: std::path::PathBuf,
    pub world: Mutex<World>,
    pub log: Mutex<Vec<GithubCall>>,
}

impl Shared {
    pub fn user_by_token(&self, token: &str) -> Option<&GithubUser> {
        self.options.users.iter().find(|u| u.token == token)
    }

    pub fn user(&self, login: &str) -> &GithubUser {
        self.options
            .users
            .iter()
            .find(|u| u.login == login)
            .unwrap_or_else(|| panic!("the fake GitHub has no user {login:?}"))
    }

    /// Runs `f` as `login` against the world, as a handler would.
    pub fn as_user<T>(&self, login: &str, body: Value, f: impl FnOnce(&mut Call<'_>) -> T) -> T {
        let user = self.user(login);
        let mut world = self.world.lock().unwrap_or_else(|e| e.into_inner());
        let mut call = Call {
            shared: self,
            world: &mut world,
            user,
            users: &self.options.users,
            query: Query::default(),
            body,
        };
        f(&mut call)
    }
}

pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |p| p.to_string());
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let token = bearer(&headers);
    let call_shared = shared.clone();
    let call_method = method.clone();
    let (login, response) = tokio::task::spawn_blocking(move || {
        answer(
            &call_shared,
            &call_method,
            &uri,
            token.as_deref(),
            if_none_match.as_deref(),
            &body,
        )
    })
    .await
    .unwrap_or_else(|e| {
        (
            None,
            plain(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        )
    });
    shared
        .log
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(GithubCall {
            method: method.to_string(),
            path,
            login,
            if_none_match: headers.contains_key(header::IF_NONE_MATCH),
            status: response.status().as_u16(),
        });
    response
}

/// `Authorization: Bearer X` or `token X`.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        .then(|| token.trim().to_string())
}

fn answer(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    token: Option<&str>,
    if_none_match: Option<&str>,
    body: &[u8],
) -> (Option<String>, Response) {
    let Some(token) = token else {
        return (
            None,
            failure(
                Failure::new(StatusCode::UNAUTHORIZED, "Requires authentication"),
                None,
            ),
        );
    };
    let Some(user) = shared.user_by_token(token) else {
        return (
            None,
            failure(
                Failure::new(StatusCode::UNAUTHORIZED, "Bad credentials"),
                None,
            ),
        );
    };
    let login = Some(user.login.clone());
    let mut world = shared.world.lock().unwrap_or_else(|e| e.into_inner());
    if world.secondary_limited > 0 {
        world.secondary_limited -= 1;
        let mut limited = Failure::forbidden(
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        );
        limited.status = StatusCode::TOO_MANY_REQUESTS;
        limited.retry_after = Some(120);
        return (login, failure(limited, None));
    }
    let limit = shared.options.rate_limit;
    let rate = *world.rates.entry(user.login.clone()).or_insert(Rate {
        limit,
        remaining: limit,
        reset: unix_now() + 3600,
    });
    let rate = if unix_now() >= rate.reset {
        Rate {
            remaining: limit,
            reset: unix_now() + 3600,
            ..rate
        }
    } else {
        rate
    };
    let counted = uri.path() != "/rate_limit";
    if counted && rate.remaining == 0 {
        let message = format!(
            "API rate limit exceeded for user ID {}. If you reach out to GitHub Support for help, please include the request ID.",
            user.login.len()
        );
        return (login, failure(Failure::forbidden(&message), Some(rate)));
    }
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(_) => {
                return (
                    login,
                    failure(Failure::bad_request("Problems parsing JSON"), Some(rate)),
                );
            }
        }
    };
    let mut call = Call {
        shared,
        world: &mut world,
        user,
        users: &shared.options.users,
        query: Query::parse(uri.query()),
        body,
    };
    let segments: Vec<String> = uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let result = route(&mut call, method, &segments, &rate);
    let (response, not_modified) = match result {
        Ok(reply) => render(reply, method, if_none_match),
        Err(error) => (failure(error, None), false),
    };
    let rate = if counted && !not_modified {
        Rate {
            remaining: rate.remaining - 1,
            ..rate
        }
    } else {
        rate
    };
    world.rates.insert(user.login.clone(), rate);
    (login, with_rate(response, rate))
}

fn route(call: &mut Call<'_>, method: &Method, segments: &[String], rate: &Rate) -> Handled {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let users = call.users;
    match (method.as_str(), s.as_slice()) {
        ("GET", ["user"]) => Ok(Reply::ok(super::render::user(&call.user.login, users))),
        ("GET", ["rate_limit"]) => Ok(Reply::ok(serde_json::json!({
            "resources": { "core": { "limit": rate.limit, "remaining": rate.remaining, "reset": rate.reset, "used": rate.limit - rate.remaining } },
        }))),
        (_, ["repos", owner, name, rest @ ..]) => {
            let full = format!("{owner}/{name}");
            repo_route(call, method.as_str(), &full, rest)
        }
        _ => Err(Failure::not_found()),
    }
}

fn repo_route(call: &mut Call<'_>, method: &str, full: &str, rest: &[&str]) -> Handled {
    let number = |n: &str| n.parse::<u64>().map_err(|_| Failure::not_found());
    match (method, rest) {
        ("GET", []) => repos::get_repo(call, full),
        ("GET", ["git", "ref", "heads", branch @ ..]) => {
            repos::get_branch(call, full, &branch.join("/"))
        }
        ("POST", ["git", "refs"]) => repos::create_ref(call, full),
        ("DELETE", ["git", "refs", "heads", branch @ ..]) => {
            repos::delete_ref(call, full, &branch.join("/"))
        }
        ("GET", ["contents", path @ ..]) => repos::get_contents(call, full, &path.join("/")),
        ("PUT", ["contents", path @ ..]) => repos::put_contents(call, full, &path.join("/")),
        ("DELETE", ["contents", path @ ..]) => repos::delete_contents(call, full, &path.join("/")),
        ("POST", ["forks"]) => repos::fork(call, full),
        ("GET", ["pulls"]) => pulls::list(call, full),
        ("POST", ["pulls"]) => pulls::create(call, full),
        ("GET", ["pulls", n]) => pulls::get(call, full, number(n)?),
        ("GET", ["pulls", n, "files"]) => pulls::files(call, full, number(n)?),
        ("PUT", ["pulls", n, "merge"]) => pulls::merge(call, full, number(n)?),
        ("GET", ["issues", n, "comments"]) => pulls::comments(call, full, number(n)?),
        ("POST", ["issues", n, "comments"]) => pulls::add_comment(call, full, number(n)?),
        ("GET", ["commits", reference, "check-runs"]) => checks::check_runs(call, full, reference),
        ("GET", ["commits", reference, "status"]) => checks::combined_status(call, full, reference),
        ("POST", ["check-runs"]) => checks::create_check_run(call, full),
        ("POST", ["statuses", sha]) => checks::create_status(call, full, sha),
        ("GET", ["actions", "runs"]) => checks::workflow_runs(call, full),
        _ => Err(Failure::not_found()),
    }
}

/// The JSON response, or a 304 when the caller's ETag still matches.
fn render(reply: Reply, method: &Method, if_none_match: Option<&str>) -> (Response, bool) {
    let bytes = reply
        .body
        .as_ref()
        .map(|b| serde_json::to_vec(b).expect("JSON values serialize"))
        .unwrap_or_default();
    let etag = format!("W/\"{:x}\"", Sha256::digest(&bytes));
    if *method == Method::GET
        && reply.status == StatusCode::OK
        && if_none_match == Some(etag.as_str())
    {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        set(&mut response, header::ETAG, &etag);
        return (response, true);
    }
    let mut response = Response::new(Body::from(if reply.body.is_some() {
        bytes
    } else {
        Vec::new()
    }));
    *response.status_mut() = reply.status;
    if reply.body.is_some() {
        set(
            &mut response,
            header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        );
    }
    if *method == Method::GET {
        set(&mut response, header::ETAG, &etag);
    }
    if let Some(link) = reply.link {
        set(&mut response, header::LINK, &link);
    }
    (response, false)
}

fn failure(error: Failure, rate: Option<Rate>) -> Response {
    let bytes = serde_json::to_vec(&error.body).expect("JSON values serialize");
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = error.status;
    set(
        &mut response,
        header::CONTENT_TYPE,
        "application/json; charset=utf-8",
    );
    if let Some(seconds) = error.retry_after {
        set(&mut response, header::RETRY_AFTER, &seconds.to_string());
    }
    match rate {
        Some(rate) => with_rate(response, rate),
        None => response,
    }
}

fn with_rate(mut response: Response, rate: Rate) -> Response {
    set(&mut response, "x-ratelimit-limit", &rate.limit.to_string());
    set(
        &mut response,
        "x-ratelimit-remaining",
        &rate.remaining.to_string(),
    );
    set(&mut response, "x-ratelimit-reset", &rate.reset.to_string());
    set(
        &mut response,
        "x-ratelimit-used",
        &(rate.limit - rate.remaining).to_string(),
    );
    set(&mut response, "x-ratelimit-resource", "core");
    response
}

fn plain(status: StatusCode, message: &str) -> Response {
    failure(Failure::new(status, message), None)
}

fn set(response: &mut Response, name: impl header::IntoHeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}
