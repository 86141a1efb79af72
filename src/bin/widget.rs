//! The widget bundle for portals (`exemplar-panel.js` + `exemplar-panel_bg.wasm`):
//! registers `<exemplar-panel>` and exports `mount()`, without the standalone
//! app's editors (about 45 KB of gzip smaller than `exemplar-panel-app`).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    exemplar_panel::register_custom_element();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("exemplar-panel is a browser widget: see README.md, \"Embed it\"");
}
