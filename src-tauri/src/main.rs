// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // A desktop launcher's PATH may lack the folder of the user's `ssh`.
    // SAFETY: first thing in main, before any thread exists.
    unsafe { hugflow_remote::path::fix_path() };
    // SAFETY: as above.
    unsafe { hugflow_desktop::webkit_defaults() };
    hugflow_desktop::run();
}
