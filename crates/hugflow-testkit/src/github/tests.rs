//! The fake's wire shapes that the typed client does not show: page sizes and `Link` of pull
//! files, their fields, and the status codes of deleting contents.

use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};

use super::{FakeGithub, GithubOptions, OUTSIDER};

fn call(github: &FakeGithub, token: &str, method: &str, path: &str, body: Value) -> Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = Client::new()
        .request(method, format!("{}/{path}", github.url()))
        .bearer_auth(token);
    if !body.is_null() {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    request.send().unwrap()
}

fn json(response: Response) -> Value {
    serde_json::from_str(&response.text().unwrap()).unwrap()
}

fn pull(github: &FakeGithub, branch: &str) -> u64 {
    let body = json!({ "title": branch, "head": branch, "base": "main" });
    let path = format!("repos/{}/pulls", github.repo());
    let created = json(call(github, github.token(), "POST", &path, body));
    created["number"].as_u64().expect("a PR number")
}

#[test]
fn pull_files_have_github_shape_and_pages() {
    let github = FakeGithub::start(GithubOptions::default());
    let paths: Vec<String> = (0..35).map(|n| format!("data/{n:02}.txt")).collect();
    let mut changes: Vec<(&str, Option<&[u8]>)> = paths
        .iter()
        .map(|p| (p.as_str(), Some(b"one\ntwo\n".as_slice())))
        .collect();
    changes.push(("requests/add/.gitkeep", None));
    github.commit(github.repo(), "bulk", &changes, "Bulk");
    let number = pull(&github, "bulk");
    let path = format!("repos/{}/pulls/{number}/files", github.repo());
    let first = call(&github, github.token(), "GET", &path, Value::Null);
    assert_eq!(first.status(), 200);
    let link = first.headers()["link"].to_str().unwrap().to_string();
    assert_eq!(
        link,
        format!(
            "<{0}/{path}?page=2>; rel=\"next\", <{0}/{path}?page=2>; rel=\"last\"",
            github.url()
        )
    );
    let page = json(first);
    let page = page.as_array().unwrap();
    assert_eq!(page.len(), 30);
    let file = &page[0];
    assert_eq!(file["filename"], "data/00.txt");
    assert_eq!(file["status"], "added");
    assert_eq!(
        (&file["additions"], &file["deletions"], &file["changes"]),
        (&json!(2), &json!(0), &json!(2))
    );
    assert_eq!(file["sha"].as_str().map(str::len), Some(40));
    assert!(file.get("previous_filename").is_none());
    let head = github.branch_sha(github.repo(), "bulk").unwrap();
    assert_eq!(
        file["contents_url"],
        format!(
            "{}/repos/{}/contents/data/00.txt?ref={head}",
            github.url(),
            github.repo()
        )
    );
    let rest = json(call(
        &github,
        github.token(),
        "GET",
        &format!("{path}?page=2&per_page=30"),
        Value::Null,
    ));
    let rest = rest.as_array().unwrap();
    assert_eq!(rest.len(), 6);
    assert_eq!(rest[5]["filename"], "requests/add/.gitkeep");
    assert_eq!(rest[5]["status"], "removed");
    let missing = call(
        &github,
        github.token(),
        "GET",
        &format!("repos/{}/pulls/9/files", github.repo()),
        Value::Null,
    );
    assert_eq!(missing.status(), 404);
}

#[test]
fn deleting_contents_checks_like_github() {
    let github = FakeGithub::start(GithubOptions::default());
    let readme = format!("repos/{}/contents/README.md", github.repo());
    let current = json(call(&github, github.token(), "GET", &readme, Value::Null));
    let sha = current["sha"].as_str().unwrap().to_string();
    let delete = |token: &str, body: Value| call(&github, token, "DELETE", &readme, body);
    let status = |r: Response| r.status().as_u16();
    assert_eq!(
        status(delete(github.token(), json!({ "message": "m" }))),
        422
    );
    let stale = json!({ "message": "m", "sha": "0".repeat(40) });
    assert_eq!(status(delete(github.token(), stale)), 409);
    let body = json!({ "message": "m", "sha": sha });
    assert_eq!(status(delete(github.token_of(OUTSIDER), body.clone())), 403);
    let elsewhere = json!({ "message": "m", "sha": sha, "branch": "nope" });
    assert_eq!(status(delete(github.token(), elsewhere)), 404);
    let with_committer = json!({
        "message": "Drop the README", "sha": sha,
        "committer": { "name": "Bot", "email": "bot@example.com" },
    });
    let done = delete(github.token(), with_committer);
    assert_eq!(done.status(), 200);
    let answer = json(done);
    assert_eq!(answer["content"], Value::Null);
    assert_eq!(answer["commit"]["message"], "Drop the README");
    assert_eq!(answer["commit"]["committer"]["name"], "Bot");
    let commit = answer["commit"]["sha"].as_str().unwrap();
    assert_eq!(
        github.branch_sha(github.repo(), "main").as_deref(),
        Some(commit)
    );
    assert_eq!(github.file(github.repo(), "main", "README.md"), None);
    assert_eq!(status(delete(github.token(), body)), 404);
}
