//! Reads the shell's Rust source into a `Shell`: the `generate_handler!` entries, each
//! `#[tauri::command]` fn (IPC name, argument keys and types, return type, docs), the
//! aliases of injected types to skip, and the event names: the `pub const NAME: &str`s the
//! shell passes to an `emit` call.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::{ReturnType, Type};

use crate::Error;
use crate::collect::Collector;

/// Types Tauri fills in itself; the UI never sends them.
const INJECTED: [&str; 5] = ["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// One Rust file of the shell, with its module path (`commands/hosts.rs` → `[commands, hosts]`).
pub struct Source {
    pub file: String,
    pub module: Vec<String>,
    pub text: String,
}

/// One `generate_handler!` entry, resolved to a path from the crate root.
pub struct HandlerEntry {
    pub written: String,
    pub path: Vec<String>,
}

/// One `#[tauri::command]` fn.
pub struct Command {
    /// The name the UI invokes: the fn's name, or its `rename = "…"`.
    pub name: String,
    pub fn_name: String,
    pub module: Vec<String>,
    pub file: String,
    pub doc: Vec<String>,
    pub args: Vec<Arg>,
    pub output: ReturnType,
}

pub struct Arg {
    /// The key Tauri reads the argument from (camelCase unless `rename_all = "snake_case"`);
    /// `None` for a pattern that is not a plain name.
    pub key: Option<String>,
    pub ty: Type,
}

pub struct Shell {
    pub handler: Vec<HandlerEntry>,
    pub commands: Vec<Command>,
    /// Type names Tauri injects, including aliases of them such as `Services<'_>`.
    pub injected: BTreeSet<String>,
    /// `(NAME, "event-name")` in source order: string constants some `emit` call is given.
    pub events: Vec<(String, String)>,
}

impl Shell {
    pub fn parse(sources: &[Source]) -> Result<Shell, Error> {
        let mut found = Collector::default();
        for source in sources {
            let file = syn::parse_file(&source.text).map_err(|e| Error::Parse {
                path: source.file.clone(),
                message: e.to_string(),
            })?;
            found.file = source.file.clone();
            found.module = source.module.clone();
            found.visit_file(&file);
        }
        if let Some(message) = found.errors.into_iter().next() {
            return Err(message);
        }
        let mut handlers = found.handlers.into_iter();
        let handler = match (handlers.next(), handlers.next()) {
            (Some(handler), None) => handler,
            (None, _) => {
                return Err(Error::NoHandler {
                    path: format!("{}/lib.rs", crate::SHELL_SRC),
                });
            }
            (Some(_), Some((file, _))) => return Err(Error::TwoHandlers { path: file }),
        };
        Ok(Shell {
            handler: handler.1,
            commands: found.commands,
            injected: injected(&found.aliases),
            events: found
                .strings
                .into_iter()
                .filter(|(name, _)| found.emitted.contains(name))
                .collect(),
        })
    }

    /// The commands in handler order; fails on an entry with no fn or a name listed twice.
    pub fn registered(&self) -> Result<Vec<&Command>, Error> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for entry in &self.handler {
            // `crate` or `self` alone resolves to no fn at all.
            let (name, module) = entry.path.split_last().unwrap_or((&entry.written, &[]));
            let command = self
                .commands
                .iter()
                .find(|c| &c.fn_name == name && c.module == module)
                .ok_or_else(|| Error::UnknownEntry {
                    entry: entry.written.clone(),
                    name: name.clone(),
                    module: if module.is_empty() {
                        "crate".into()
                    } else {
                        module.join("::")
                    },
                })?;
            if !seen.insert(command.name.as_str()) {
                return Err(Error::Duplicate {
                    name: command.name.clone(),
                });
            }
            out.push(command);
        }
        Ok(out)
    }

    /// Command fns no handler entry names: the UI could not call them.
    pub fn unregistered(&self) -> Vec<&Command> {
        self.commands
            .iter()
            .filter(|c| {
                !self
                    .handler
                    .iter()
                    .any(|e| e.path.split_last() == Some((&c.fn_name, c.module.as_slice())))
            })
            .collect()
    }
}

/// `INJECTED` plus every alias that resolves to one of them (`type Services<'a> = State<…>`).
fn injected(aliases: &[(String, String)]) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = INJECTED.iter().map(|s| s.to_string()).collect();
    loop {
        let before = names.len();
        for (alias, target) in aliases {
            if names.contains(target) {
                names.insert(alias.clone());
            }
        }
        if names.len() == before {
            return names;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn source(file: &str, module: &[&str], text: &str) -> Source {
        Source {
            file: file.into(),
            module: module.iter().map(|s| s.to_string()).collect(),
            text: text.into(),
        }
    }

    const LIB: &str = r#"
        mod commands;
        pub fn run() {
            tauri::Builder::default()
                .invoke_handler(tauri::generate_handler![commands::a::first, commands::a::second])
                .run(tauri::generate_context!());
        }"#;

    #[test]
    fn reads_names_keys_docs_and_aliases() {
        let a = r#"
            pub type Services<'a> = tauri::State<'a, Arc<App>>;
            /// Says hello.
            #[tauri::command]
            pub async fn first(services: Services<'_>, viewer_endpoint: String) -> Result<(), ApiError> { run() }
            #[tauri::command(rename = "zweite", rename_all = "snake_case", async)]
            pub fn second(on_progress: Channel<u32>) {}
        "#;
        let shell = Shell::parse(&[
            source("lib.rs", &[], LIB),
            source("commands/a.rs", &["commands", "a"], a),
        ])
        .unwrap();
        let registered = shell.registered().unwrap();
        let names: Vec<_> = registered.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["first", "zweite"]);
        let keys = |c: &Command| {
            c.args
                .iter()
                .map(|a| a.key.clone().unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(registered[0]), ["services", "viewerEndpoint"]);
        assert_eq!(keys(registered[1]), ["on_progress"]);
        assert_eq!(registered[0].doc, ["Says hello."]);
        assert!(shell.injected.contains("Services"));
        assert!(shell.unregistered().is_empty());
    }

    #[test]
    fn an_unregistered_command_and_an_entry_without_a_fn_are_both_found() {
        let a = r#"
            #[tauri::command] pub fn first() {}
            #[tauri::command] pub fn forgotten() {}
        "#;
        let shell = Shell::parse(&[
            source("lib.rs", &[], LIB),
            source("commands/a.rs", &["commands", "a"], a),
        ])
        .unwrap();
        let unregistered: Vec<_> = shell
            .unregistered()
            .iter()
            .map(|c| c.fn_name.clone())
            .collect();
        assert_eq!(unregistered, ["forgotten"]);
        let error = shell.registered().err().unwrap().to_string();
        assert!(error.contains("`commands::a::second`"), "{error}");
        assert!(error.contains("module `commands::a`"), "{error}");
    }

    #[test]
    fn a_command_in_another_module_does_not_satisfy_an_entry() {
        let b = "#[tauri::command] pub fn first() {} #[tauri::command] pub fn second() {}";
        let shell = Shell::parse(&[
            source("lib.rs", &[], LIB),
            source("commands/b.rs", &["commands", "b"], b),
        ])
        .unwrap();
        assert!(shell.registered().is_err());
        assert_eq!(shell.unregistered().len(), 2);
    }

    #[test]
    fn event_names_are_the_public_constants_given_to_emit() {
        let host = r#"
            pub const HOSTS_CHANGED: &str = "hosts-changed";
            pub const OPEN_LOG_ENV: &str = "HUGFLOW_OPEN_LOG";
            const PRIVATE: &str = "x";
            fn changed(&self) { self.emit(HOSTS_CHANGED); self.emit(PRIVATE); }
            fn log() { std::env::var_os(OPEN_LOG_ENV); }
        "#;
        let other = r#"pub const REQUESTS_CHANGED: &str = "requests-changed";"#;
        let shell = Shell::parse(&[
            source("lib.rs", &[], LIB),
            source("host.rs", &["host"], host),
            source("logging.rs", &["logging"], other),
        ])
        .unwrap();
        assert_eq!(
            shell.events,
            [("HOSTS_CHANGED".to_string(), "hosts-changed".to_string())]
        );
    }

    #[test]
    fn no_handler_and_two_handlers_are_refused() {
        let none = Shell::parse(&[source("lib.rs", &[], "pub fn run() {}")]);
        assert!(matches!(none, Err(Error::NoHandler { .. })));
        let two = format!("{LIB} fn again() {{ tauri::generate_handler![x]; }}");
        let two = Shell::parse(&[source("lib.rs", &[], &two)]);
        assert!(matches!(two, Err(Error::TwoHandlers { .. })));
    }
}
