//! Putting text from elsewhere (dataset ids, Hub error messages) into a PR comment safely.

/// `text` as inline code: Markdown, HTML and `@mentions` inside it stay inert.
pub fn code(text: &str) -> String {
    let one_line = text.replace(['\r', '\n'], " ");
    let longest_run = longest_backtick_run(&one_line);
    let fence = "`".repeat(longest_run + 1);
    // A space keeps a leading or trailing backtick from joining the fence.
    format!("{fence} {one_line} {fence}")
}

/// `text` as a fenced block: multi-line messages keep their lines and stay inert.
pub fn block(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The hidden line carrying `json`. `>` is escaped (JSON allows `\u003e` in strings, and it
/// cannot occur outside them), so no value can close the HTML comment early.
pub fn marker(json: &str) -> String {
    marker_named(MARKER, json)
}

/// What starts the hidden line of a sync comment.
pub const MARKER: &str = "hugflow:sync v1";

/// The JSON of the last hidden sync line in `body`, if any.
pub fn find_marker(body: &str) -> Option<&str> {
    find_marker_named(body, MARKER)
}

/// The hidden line `name` carrying `json` (see [`marker`]).
pub fn marker_named(name: &str, json: &str) -> String {
    format!("<!-- {name} {} -->", json.replace('>', "\\u003e"))
}

/// The JSON of the last hidden line `name` in `body`, if any.
pub fn find_marker_named<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let start = body.rfind(&format!("<!-- {name} "))? + name.len() + 6;
    let end = body[start..].find(" -->")? + start;
    Some(&body[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_survives_backticks_and_newlines() {
        assert_eq!(code("a/b"), "` a/b `");
        assert_eq!(code("x ``y`` z"), "``` x ``y`` z ```");
        assert_eq!(code("@team\nhi"), "` @team hi `");
        assert!(block("``` fence").starts_with("````text\n"));
    }

    #[test]
    fn the_marker_cannot_be_closed_by_a_value() {
        let line = marker(r#"{"m":"--> <script>"}"#);
        assert_eq!(line.matches("-->").count(), 1, "{line}");
        assert_eq!(
            find_marker(&format!("text\n{line}\n")),
            Some(r#"{"m":"--\u003e <script\u003e"}"#)
        );
    }
}
