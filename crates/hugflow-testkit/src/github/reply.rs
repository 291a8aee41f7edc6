//! Answers and errors in GitHub's shapes: JSON bodies, `{"message", "documentation_url",
//! "errors"?}` errors, `Link` pagination.

use axum::http::StatusCode;
use serde_json::{Value, json};

const DOCS: &str = "https://docs.github.com/rest";

/// A handler's answer before the server adds ETag and rate-limit headers.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Option<Value>,
    pub link: Option<String>,
}

impl Reply {
    pub fn ok(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            link: None,
        }
    }

    pub fn created(body: Value) -> Self {
        Self {
            status: StatusCode::CREATED,
            ..Self::ok(body)
        }
    }

    pub fn accepted(body: Value) -> Self {
        Self {
            status: StatusCode::ACCEPTED,
            ..Self::ok(body)
        }
    }

    pub fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
            link: None,
        }
    }

    /// One page of `items` (`page` from 1) and the `Link` header to the others.
    pub fn page(items: Vec<Value>, query: &Query, base: &str) -> Self {
        let per_page = query.number("per_page").unwrap_or(30).clamp(1, 100) as usize;
        let page = query.number("page").unwrap_or(1).max(1) as usize;
        let pages = items.len().div_ceil(per_page).max(1);
        let slice: Vec<Value> = items
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        let link_to = |n: usize, rel: &str| {
            let mut pairs: Vec<(String, String)> = query
                .pairs
                .iter()
                .filter(|(k, _)| k != "page")
                .cloned()
                .collect();
            pairs.push(("page".into(), n.to_string()));
            let encoded: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            format!("<{base}?{encoded}>; rel=\"{rel}\"")
        };
        let mut links = Vec::new();
        if page < pages {
            links.push(link_to(page + 1, "next"));
            links.push(link_to(pages, "last"));
        }
        if page > 1 {
            links.push(link_to(1, "first"));
            links.push(link_to(page - 1, "prev"));
        }
        Self {
            status: StatusCode::OK,
            body: Some(Value::Array(slice)),
            link: (!links.is_empty()).then(|| links.join(", ")),
        }
    }
}

/// A request's query string.
#[derive(Debug, Default, Clone)]
pub struct Query {
    pub pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Self {
        Self {
            pairs: form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .into_owned()
                .collect(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn number(&self, key: &str) -> Option<u64> {
        self.get(key)?.parse().ok()
    }
}

/// An error as GitHub sends it.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub body: Value,
    pub retry_after: Option<u64>,
}

impl Failure {
    pub fn new(status: StatusCode, message: &str) -> Self {
        Self {
            status,
            body: json!({ "message": message, "documentation_url": DOCS, "status": status.as_u16().to_string() }),
            retry_after: None,
        }
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not Found")
    }

    /// 404 with GitHub's more specific message (`Branch main not found`).
    pub fn not_found_because(message: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn forbidden(message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub fn conflict(message: &str) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    /// 422 `Validation Failed` with `errors[]`.
    pub fn validation(resource: &str, message: &str) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: json!({
                "message": "Validation Failed",
                "errors": [{ "resource": resource, "code": "custom", "message": message }],
                "documentation_url": DOCS,
                "status": "422",
            }),
            retry_after: None,
        }
    }

    /// 422 with only a message, as the git data endpoints answer.
    pub fn unprocessable(message: &str) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    pub fn bad_request(message: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

pub type Handled = Result<Reply, Failure>;

/// A required string field of a JSON body.
pub fn field<'a>(body: &'a Value, name: &str) -> Result<&'a str, Failure> {
    body.get(name).and_then(Value::as_str).ok_or_else(|| {
        Failure::unprocessable(&format!("Invalid request.\n\n\"{name}\" wasn't supplied."))
    })
}
