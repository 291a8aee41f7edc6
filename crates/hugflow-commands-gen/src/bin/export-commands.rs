//! Writes `ui/src/backend/commands.gen.ts` from the desktop shell's source (`make bindings`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = hugflow_commands_gen::workspace_root();
    let text = hugflow_commands_gen::generate(&root)?;
    let path = root.join(hugflow_commands_gen::OUTPUT);
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
