//! `dataset_metadata.json`, which the prepare Space pushes with each dataset version:
//! `{"version_tag", "num_samples", "created_at", ...}`. Read by URL (the seed's
//! `HF_HUB_METADATA_<LABEL>`); the URL also names the repo whose commits are its history.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DatasetMetadata {
    pub version_tag: Option<String>,
    #[serde(default)]
    pub num_samples: Option<u64>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// Where a metadata URL points: `…/datasets/{owner}/{name}/resolve/{revision}/{path}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataLocation {
    pub repo: String,
    pub revision: String,
    pub path: String,
}

impl MetadataLocation {
    /// Read as the Hub's `/resolve/` URLs are built (`hugflow_http::resolve_url`).
    pub fn parse(url: &str) -> Option<Self> {
        let file = hugflow_http::parse_dataset_file_url(&url::Url::parse(url).ok()?)?;
        Some(Self {
            repo: file.id,
            revision: file.revision,
            path: file.path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_metadata_url_names_its_repo() {
        let location = MetadataLocation::parse(
            "https://huggingface.co/datasets/owner/project_department/resolve/main/dataset_metadata.json",
        )
        .unwrap();
        assert_eq!(location.repo, "owner/project_department");
        assert_eq!(location.revision, "main");
        assert_eq!(location.path, "dataset_metadata.json");
        assert_eq!(
            MetadataLocation::parse("https://example.com/metadata.json"),
            None
        );
    }
}
