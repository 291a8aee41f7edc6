//! Regenerates `ui/src/bindings/` from the Rust types, and `ui/src/generated/` (the golden
//! events and the rule fixtures) from the Rust functions.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = hugflow_api::bindings::committed_dir();
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    hugflow_api::bindings::export_to(&dir)?;
    println!("wrote {}", dir.display());
    let generated = hugflow_api::bindings::generated_dir();
    std::fs::create_dir_all(&generated)?;
    hugflow_api::golden::write_to(&generated)?;
    hugflow_api::rule_fixtures::write_to(&generated)?;
    println!("wrote {}", generated.display());
    Ok(())
}
