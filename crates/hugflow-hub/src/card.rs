//! Dataset cards: the repository's README.md, read as Markdown for the dataset page.

use crate::{HubClient, HubError, http};

/// Cards longer than this are cut (a few have megabytes of tables).
const MAX_CARD_BYTES: usize = 512 * 1024;

impl HubClient {
    /// The card (README.md) at `revision`, without its YAML front matter (the API's
    /// `cardData` already holds it); `None` when the repository has no README.
    pub async fn card(&self, id: &str, revision: &str) -> Result<Option<String>, HubError> {
        let url = self.resolve(id, revision, "README.md")?;
        let response = match self.http.get(url.clone(), Some(id)).await {
            Ok(response) => response,
            Err(HubError::NotFound { .. }) => return Ok(None),
            Err(error) => return Err(error),
        };
        let bytes = http::body(response, &url).await?;
        let mut text =
            String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_CARD_BYTES)]).into_owned();
        if bytes.len() > MAX_CARD_BYTES {
            text.push_str("\n\n*(The card is longer; the rest is on the Hub.)*\n");
        }
        Ok(Some(strip_front_matter(&text).to_string()))
    }
}

/// The Markdown after a leading `---` … `---` YAML block, if there is one.
pub fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return rest[offset..].trim_start_matches(['\r', '\n']);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::strip_front_matter;

    #[test]
    fn front_matter_is_dropped_and_the_rest_kept() {
        let card = "---\nlicense: mit\npretty_name: \"A --- B\"\n---\n\n# Title\n\nBody ---\n";
        assert_eq!(strip_front_matter(card), "# Title\n\nBody ---\n");
        assert_eq!(
            strip_front_matter("# No front matter\n"),
            "# No front matter\n"
        );
        assert_eq!(
            strip_front_matter("---\nunclosed: yes\n"),
            "---\nunclosed: yes\n",
            "an unclosed block is shown as it is"
        );
        assert_eq!(strip_front_matter("---\r\na: 1\r\n---\r\nBody"), "Body");
    }
}
