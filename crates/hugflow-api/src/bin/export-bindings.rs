//! Regenerates `ui/src/bindings/` from the Rust types.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = hugflow_api::bindings::committed_dir();
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    hugflow_api::bindings::export_to(&dir)?;
    println!("wrote {}", dir.display());
    Ok(())
}
