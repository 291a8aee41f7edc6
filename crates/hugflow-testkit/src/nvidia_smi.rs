//! The real `nvidia-smi` captures in `shared/fixtures/nvidia-smi/`, read into their sections:
//! what each command printed on each machine, idle and under load. Parser tests read them, and
//! the fake `nvidia-smi` replays them.

use std::path::PathBuf;

use crate::fixtures::fixtures_dir;

/// One machine's capture.
#[derive(Debug, Clone)]
pub struct Capture {
    /// The file's name, e.g. `linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt`.
    pub name: String,
    pub sections: Vec<Section>,
}

/// One command's output.
#[derive(Debug, Clone)]
pub struct Section {
    /// `idle`, `load` or `capabilities`.
    pub phase: String,
    /// e.g. `query-gpu (csv, what the exporter parses)`.
    pub title: String,
    /// The arguments after `nvidia-smi`.
    pub args: String,
    pub output: String,
}

impl Capture {
    /// Every capture in the fixtures, by file name.
    pub fn all() -> Vec<Capture> {
        let dir = fixtures_dir().join("nvidia-smi");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "no captures in {}", dir.display());
        paths
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                Capture {
                    name: path.file_name().unwrap().to_string_lossy().into_owned(),
                    sections: sections(&text),
                }
            })
            .collect()
    }

    /// The section of `phase` whose arguments start with `args_prefix`.
    pub fn section(&self, phase: &str, args_prefix: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.phase == phase && s.args.starts_with(args_prefix))
    }
}

/// Sections look like `# phase :: title`, `# $ nvidia-smi args`, a `####` rule, the output,
/// up to the next rule.
fn sections(text: &str) -> Vec<Section> {
    let lines: Vec<&str> = text.lines().collect();
    let mut sections = Vec::new();
    let mut i = 0;
    while i + 2 < lines.len() {
        let heading = lines[i]
            .strip_prefix("# ")
            .and_then(|h| h.split_once(" :: "));
        let command = lines[i + 1].strip_prefix("# $ nvidia-smi");
        if let (Some((phase, title)), Some(args)) = (heading, command)
            && lines[i + 2].starts_with("####")
        {
            let body_start = i + 3;
            let body_end = (body_start..lines.len())
                .find(|&j| lines[j].starts_with("####"))
                .unwrap_or(lines.len());
            let output = lines[body_start..body_end]
                .join("\n")
                .trim_end()
                .to_string()
                + "\n";
            sections.push(Section {
                phase: phase.trim().to_string(),
                title: title.trim().to_string(),
                args: args.trim().to_string(),
                output,
            });
            i = body_end;
        } else {
            i += 1;
        }
    }
    sections
}
