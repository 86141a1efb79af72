//! The lean widget bundle for portals (`exemplar-panel.js` + `_bg.wasm`, built
//! `--no-default-features` by www/widget.html): registers `<exemplar-panel>`
//! and exports `mount()`, without the standalone app's editors, the trace view,
//! the doctor or YAML (`widget_full.rs` has those three).

#[cfg(target_arch = "wasm32")]
fn main() {
    exemplar_panel::start_widget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("exemplar-panel is a browser widget: see README.md, \"Embed it\"");
}
