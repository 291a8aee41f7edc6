//! The smallest Tauri window: what any Tauri app pays before its own code. Its page calls
//! `painted` after its first paint, which prints the time on stdout for bench/startup.py.

use std::time::{SystemTime, UNIX_EPOCH};

#[tauri::command]
fn painted() {
    let unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |now| now.as_millis());
    println!("first page painted unix_ms={unix_ms}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the minimal window failed to start");
}
