fn main() {
    // The app's config lives at the repository's top level (DESIGN §6).
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("tauri build step: is ui/dist built (`npm --prefix ui run build`) and icons/icon.png present?");
}
