//! Generates the UI's typed IPC client, `ui/src/backend/commands.gen.ts`, from the desktop
//! shell's source: the `tauri::generate_handler![...]` list in `src-tauri/src/lib.rs` gives
//! the commands and their order, each `#[tauri::command]` fn gives the argument keys and
//! types, and `ui/src/bindings/` (ts-rs) decides which named types TypeScript knows.
//!
//! It reads the Rust source rather than linking Tauri, so it builds in seconds and runs
//! without a window; `make bindings` runs it after ts-rs.

mod collect;
mod render;
mod scan;
mod types;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use render::render;
pub use scan::{Arg, Command, HandlerEntry, Shell, Source};
pub use types::{Mapper, TypeProblem};

/// Where the generated client is committed, relative to the workspace root.
pub const OUTPUT: &str = "ui/src/backend/commands.gen.ts";
/// The shell's library sources, relative to the workspace root.
pub const SHELL_SRC: &str = "src-tauri/src";
/// The ts-rs bindings, relative to the workspace root.
pub const BINDINGS: &str = "ui/src/bindings";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot parse {path}: {message}; fix the Rust there first (`cargo check -p hugflow-desktop`)"
    )]
    Parse { path: String, message: String },
    #[error(
        "{path}: no `tauri::generate_handler![...]` found; the generator reads the command list from there"
    )]
    NoHandler { path: String },
    #[error("{path}: more than one `generate_handler!`; keep one list so the client has one order")]
    TwoHandlers { path: String },
    #[error(
        "generate_handler! lists `{entry}`, but no #[tauri::command] fn `{name}` is in module `{module}`: write the entry as the fn's path under src-tauri/src (e.g. `commands::hosts::add_host`) or remove it"
    )]
    UnknownEntry {
        entry: String,
        name: String,
        module: String,
    },
    #[error("generate_handler! lists command `{name}` twice: remove one entry")]
    Duplicate { name: String },
    #[error(
        "command `{command}` ({file}): {position} uses type `{ty}`, which is not in ui/src/bindings/: export it in crates/hugflow-api/src/bindings.rs, then run `make bindings`"
    )]
    Unexported {
        command: String,
        file: String,
        position: String,
        ty: String,
    },
    #[error(
        "command `{command}` ({file}): {position} uses type `{ty}`, which has no TypeScript mapping: use a type exported to ui/src/bindings/, or add the mapping in crates/hugflow-commands-gen/src/types.rs"
    )]
    Unsupported {
        command: String,
        file: String,
        position: String,
        ty: String,
    },
    #[error(
        "command `{command}` ({file}): an argument is not a plain name (`name: Type`), so it has no IPC key: bind it to a name"
    )]
    UnnamedArgument { command: String, file: String },
    #[error(
        "no event names found in src-tauri/src: name each event once as a `pub const NAME: &str = \"…\";` and emit it by that name (`app.emit(NAME, ())`), so the client can export it for `listen`"
    )]
    NoEvents,
}

impl Error {
    /// The error of reading `path`, for `map_err`.
    fn read(path: &Path) -> impl FnOnce(std::io::Error) -> Self + use<> {
        let path = path.to_path_buf();
        move |source| Self::Read { path, source }
    }
}

/// The workspace root: this crate lives in `<root>/crates/hugflow-commands-gen`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the crate sits two levels below the workspace root")
        .to_path_buf()
}

/// Reads the shell's sources and the binding names under `root`, and returns the client's text.
pub fn generate(root: &Path) -> Result<String, Error> {
    let shell = Shell::parse(&read_shell(&root.join(SHELL_SRC))?)?;
    // tauri.ts listens by these names: an empty list would only surface as a type error there.
    if shell.events.is_empty() {
        return Err(Error::NoEvents);
    }
    render(&shell, &read_bindings(&root.join(BINDINGS))?)
}

/// Every library module of the shell (`lib.rs` and the files below it), with its module path.
/// `main.rs` and `bin/` are separate crates: their commands could not be in lib's handler.
pub fn read_shell(src: &Path) -> Result<Vec<Source>, Error> {
    let mut sources = Vec::new();
    collect_rs(src, src, &mut sources)?;
    sources.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(sources)
}

fn collect_rs(src: &Path, dir: &Path, out: &mut Vec<Source>) -> Result<(), Error> {
    for entry in std::fs::read_dir(dir).map_err(Error::read(dir))? {
        let path = entry.map_err(Error::read(dir))?.path();
        let relative = path.strip_prefix(src).unwrap_or(&path);
        if path.is_dir() {
            if relative != Path::new("bin") {
                collect_rs(src, &path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") && relative != Path::new("main.rs") {
            let text = std::fs::read_to_string(&path).map_err(Error::read(&path))?;
            out.push(Source {
                file: format!("{SHELL_SRC}/{}", relative.display()),
                module: module_path(relative),
                text,
            });
        }
    }
    Ok(())
}

/// `lib.rs` → `[]`, `commands/mod.rs` → `[commands]`, `commands/hosts.rs` → `[commands, hosts]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The type names ts-rs exported: one `<Name>.ts` per type.
pub fn read_bindings(dir: &Path) -> Result<BTreeSet<String>, Error> {
    let entries = std::fs::read_dir(dir).map_err(Error::read(dir))?;
    let mut names = BTreeSet::new();
    for entry in entries {
        let path = entry.map_err(Error::read(dir))?.path();
        if path.extension().is_some_and(|e| e == "ts")
            && let Some(stem) = path.file_stem()
        {
            names.insert(stem.to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_follow_the_file_layout() {
        assert_eq!(module_path(Path::new("lib.rs")), Vec::<String>::new());
        assert_eq!(module_path(Path::new("commands/mod.rs")), ["commands"]);
        assert_eq!(
            module_path(Path::new("commands/hosts.rs")),
            ["commands", "hosts"]
        );
    }
}
