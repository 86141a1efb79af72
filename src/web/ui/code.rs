//! Text with `code` spans (wasm only): the parts [`exemplar_core::text::code_spans`]
//! finds, the code ones in `<code>`; every part is a text node, never HTML.

use leptos::prelude::*;

/// `text` as inline nodes, its backtick-quoted spans as `<code>`.
pub(crate) fn with_code(text: &str) -> impl IntoView {
    exemplar_core::text::code_spans(text)
        .into_iter()
        .map(|(is_code, part)| {
            let part = part.to_owned();
            if is_code {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
