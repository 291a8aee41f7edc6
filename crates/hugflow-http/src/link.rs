//! The `Link: <url>; rel="next"` header the Hub and GitHub paginate with.

use reqwest::header::{HeaderMap, LINK};
use url::Url;

/// The `rel="next"` target, resolved against the request URL.
pub fn next_url(headers: &HeaderMap, base: &Url) -> Option<Url> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|part| {
            let mut pieces = part.split(';');
            let target = pieces.next()?.trim().strip_prefix('<')?.strip_suffix('>')?;
            let is_next = pieces.any(|p| {
                let p = p.trim();
                p == "rel=\"next\"" || p == "rel=next"
            });
            if is_next {
                base.join(target).ok()
            } else {
                None
            }
        })
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn finds_next_among_several_links() {
        let base = Url::parse("https://huggingface.co/api/datasets?limit=2").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            HeaderValue::from_static("<https://huggingface.co/api/datasets?cursor=abc>; rel=\"prev\", </api/datasets?cursor=xyz&limit=2>; rel=\"next\""),
        );
        assert_eq!(
            next_url(&headers, &base).unwrap().as_str(),
            "https://huggingface.co/api/datasets?cursor=xyz&limit=2"
        );
        assert_eq!(next_url(&HeaderMap::new(), &base), None);
    }
}
