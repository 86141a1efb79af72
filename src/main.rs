//! The standalone app: mounts [`exemplar_panel::App`] on the page body.
//! Built and served by Trunk; natively it only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(exemplar_panel::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("exemplar-panel is a browser app: run `trunk serve` (see README.md)");
}
