//! A source rule, checked natively: nothing in the product parses strings as
//! HTML or code. Labels, trace ids and config text reach the DOM only as text
//! nodes and attribute values (Leptos `view!`), and links only through
//! `links::is_http_url`. The browser side of the same rule is
//! `tests/e2e/security.test.mjs`, which records every HTML write at run time
//! and runs the bundle under `script-src 'self' 'wasm-unsafe-eval'`.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// APIs that turn a string into markup or code.
const FORBIDDEN: &[&str] = &[
    "inner_html",
    "innerHTML",
    "outer_html",
    "outerHTML",
    "insertAdjacentHTML",
    "insert_adjacent_html",
    "document.write",
    "eval(",
    "js_sys::eval",
    "new Function",
    "Function::new_with_args",
    "Function::new_no_args",
    "createContextualFragment",
    "create_contextual_fragment",
    "write_with_str",
    "writeln_with_str",
    "DOMParser",
    "DomParser",
    "parse_from_string",
    "setHTMLUnsafe",
    "set_html_unsafe",
    "srcdoc",
];

fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, exts, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)) {
            out.push(path);
        }
    }
}

#[test]
fn no_string_is_ever_parsed_as_html_or_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), &["rs"], &mut sources);
    files(&root.join("crates"), &["rs"], &mut sources);
    files(&root.join("www"), &["js", "html"], &mut sources);
    sources.push(root.join("index.html"));
    assert!(sources.len() > 30, "the scan found the sources ({})", sources.len());
    let mut hits = Vec::new();
    for path in &sources {
        let text = fs::read_to_string(path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for pattern in FORBIDDEN {
                if line.contains(pattern) {
                    hits.push(format!("{}:{}: {pattern}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(hits.is_empty(), "strings parsed as HTML or code:\n{}", hits.join("\n"));
}

#[test]
fn links_open_only_through_the_http_check_and_without_opener_or_referrer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), &["rs"], &mut sources);
    files(&root.join("crates"), &["rs"], &mut sources);
    let mut anchors = 0;
    for path in &sources {
        let text = fs::read_to_string(path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if line.contains("<a ") && !line.trim_start().starts_with("//") {
                anchors += 1;
                assert!(
                    line.contains(r#"rel="noopener noreferrer""#) && line.contains(r#"target="_blank""#),
                    "{}:{}: an anchor without rel=\"noopener noreferrer\": {}",
                    path.display(),
                    n + 1,
                    line.trim()
                );
            }
            if line.contains("open_with_url") {
                let window: String = text.lines().skip(n.saturating_sub(6)).take(7).collect();
                assert!(
                    window.contains("is_http_url") && line.contains("noopener,noreferrer"),
                    "{}:{}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
    assert!(anchors >= 2, "the scan saw the tooltip's and the table's links ({anchors})");
}
