//! The full widget bundle (`exemplar-panel-full.js` + `_bg.wasm`): the lean
//! widget plus the in-panel trace view, the exemplar doctor and YAML
//! provisioning imports. Same API; `docs/host-contract.md` says which to load.

#[cfg(target_arch = "wasm32")]
fn main() {
    exemplar_panel::start_widget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("exemplar-panel-full is a browser widget: see README.md, \"Embed it\"");
}
