//! The browser entry: registers `<exemplar-panel>` and, on the standalone
//! page (`<body data-exemplar-panel-app>`), mounts [`exemplar_panel::App`].
//! Portals load the lighter widget bundle instead (`src/bin/widget.rs`).
//! Built and served by Trunk; natively it only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    exemplar_panel::register_custom_element();
    let is_app = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-exemplar-panel-app"));
    if is_app {
        leptos::mount::mount_to_body(exemplar_panel::App);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("exemplar-panel is a browser app: run `trunk serve` (see README.md)");
}
