//! The smallest Tauri window: what any Tauri app pays before its own code. Its page calls
//! `painted` after its first paint, which prints the time on stdout for bench/startup.py, with
//! `page_ms`, the time since the page began to load as the page counts it.

use std::time::{SystemTime, UNIX_EPOCH};

#[tauri::command]
fn painted(page_ms: u32) {
    let unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |now| now.as_millis());
    println!("first page painted unix_ms={unix_ms} page_ms={page_ms}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the minimal window failed to start");
}
