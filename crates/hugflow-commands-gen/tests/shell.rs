//! Checks against the real desktop shell: the committed client is what the generator writes
//! now, and `generate_handler!` and the `#[tauri::command]` fns name the same commands.

use hugflow_commands_gen::{OUTPUT, SHELL_SRC, Shell, generate, read_shell, workspace_root};

#[test]
fn committed_client_matches_the_shell() {
    let root = workspace_root();
    let fresh = generate(&root).unwrap_or_else(|e| panic!("{e}"));
    let committed = std::fs::read_to_string(root.join(OUTPUT))
        .unwrap_or_else(|e| panic!("cannot read {OUTPUT} ({e}): run `make bindings`"));
    if committed != fresh {
        let first = committed
            .lines()
            .zip(fresh.lines())
            .position(|(old, new)| old != new)
            .map_or("its length".to_string(), |n| format!("line {}", n + 1));
        panic!("{OUTPUT} is stale (first difference at {first}): run `make bindings`");
    }
}

#[test]
fn every_command_fn_is_registered_and_every_entry_has_a_fn() {
    let sources = read_shell(&workspace_root().join(SHELL_SRC)).unwrap();
    let shell = Shell::parse(&sources).unwrap_or_else(|e| panic!("{e}"));
    let unregistered: Vec<String> = shell
        .unregistered()
        .iter()
        .map(|c| format!("{} ({})", c.fn_name, c.file))
        .collect();
    assert!(
        unregistered.is_empty(),
        "#[tauri::command] fns missing from generate_handler! in {SHELL_SRC}/lib.rs (the UI cannot call them): {unregistered:?}"
    );
    let registered = shell.registered().unwrap_or_else(|e| panic!("{e}"));
    // A floor, so a parser that found nothing cannot pass: the shell has dozens of commands.
    assert!(
        registered.len() > 40,
        "only {} commands found",
        registered.len()
    );
}
