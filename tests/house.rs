//! House rules, checked natively (see `docs/architecture.md`):
//! - the pure core is its own crate, `exemplar-core`, and the crate graph
//!   (`cargo metadata`) gives it no browser dependency: Cargo enforces the boundary;
//! - no dependency cycle between the core's top-level modules (a module
//!   depends on another when its non-test code names `crate::other`);
//! - the shell is layered: each file uses only files of its own layer or
//!   of layers before it ([`SHELL_LAYERS`]), and no files import each other
//!   in a circle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Crates that only make sense in a browser: none may be a dependency of the core.
const BROWSER_CRATES: &[&str] = &[
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "leptos",
    "gloo-net",
    "gloo-timers",
    "send_wrapper",
    "plotters-canvas",
    "serde-wasm-bindgen",
    "console_error_panic_hook",
];

/// The workspace root (this crate's manifest directory).
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The core crate's sources.
fn core_src() -> PathBuf {
    root().join("crates/core/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)] mod … { … }` blocks.
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i64> = None;
    let mut depth = 0i64;
    let mut pending_test = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim();
        if skip_depth.is_none() && trimmed == "#[cfg(test)]" {
            pending_test = true;
            continue;
        }
        if pending_test && trimmed.starts_with("mod ") && trimmed.ends_with('{') {
            skip_depth = Some(depth);
        }
        pending_test = false;
        depth += code.matches('{').count() as i64 - code.matches('}').count() as i64;
        match skip_depth {
            Some(d) if depth <= d => skip_depth = None,
            Some(_) => {}
            None => {
                out.push_str(code);
                out.push('\n');
            }
        }
    }
    out
}

/// Top-level module of a file under `src/` (`src/render/draw.rs` → `render`).
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main" | "bin")).then(|| name.to_string())
}

/// Names after `crate::`, including the heads of grouped imports (`crate::{a::X, b}`).
fn crate_deps(code: &str) -> BTreeSet<String> {
    let mut deps = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in code.match_indices("crate::") {
        let rest = code.get(i + "crate::".len()..).unwrap_or("");
        if let Some(group) = rest.strip_prefix('{') {
            let mut level = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    _ => {}
                }
                if level == 0 || (level == 1 && c == ',') {
                    deps.insert(ident(item.trim()));
                    item.clear();
                    if level == 0 {
                        break;
                    }
                } else {
                    item.push(c);
                }
            }
        } else {
            deps.insert(ident(rest));
        }
    }
    deps.retain(|d| !d.is_empty() && d != "self");
    deps
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = core_src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let Some(module) = module_of(&src, path) else { continue };
        let code = non_test_code(&fs::read_to_string(path).unwrap_or_default());
        let entry = edges.entry(module.clone()).or_default();
        entry.extend(crate_deps(&code).into_iter().filter(|d| *d != module));
    }
    edges
}

/// One cycle through `start`, if any (depth-first search).
fn cycle_from(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn visit(
        edges: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        node: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in edges.get(node).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if visit(edges, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    visit(edges, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn top_level_modules_form_no_cycle() {
    let edges = graph();
    assert!(edges.len() >= 10, "the scan found the modules: {:?}", edges.keys().collect::<Vec<_>>());
    assert!(edges.get("query").is_some_and(|d| d.contains("config")), "the scan sees `crate::` paths: {edges:?}");
    let cycles: Vec<String> = edges.keys().filter_map(|m| cycle_from(&edges, m)).map(|c| c.join(" → ")).collect();
    assert!(cycles.is_empty(), "dependency cycles between top-level modules:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    edges.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle_from(&edges, "a"), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    edges.insert("c".to_string(), BTreeSet::new());
    assert_eq!(cycle_from(&edges, "a"), None);
    assert_eq!(
        crate_deps("use crate::{config::X, render::{a, b}};\nlet y = crate::time::now();"),
        BTreeSet::from(["config".to_string(), "render".to_string(), "time".to_string()])
    );
    let code = non_test_code("use crate::a::X;\n#[cfg(test)]\nmod tests {\n    use crate::b::Y;\n}\nfn f() {}\n");
    assert!(code.contains("crate::a") && !code.contains("crate::b") && code.contains("fn f"), "{code}");
}

/// The direct dependencies of each workspace package, as `(name, kind)`
/// (`kind`: `normal`, `dev` or `build`), from `cargo metadata`'s JSON.
fn dependencies(meta: &serde_json::Value) -> BTreeMap<String, Vec<(String, String)>> {
    let mut packages = BTreeMap::new();
    for p in meta["packages"].as_array().into_iter().flatten() {
        let deps = p["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                let name = d["name"].as_str().unwrap_or_default().to_string();
                (name, d["kind"].as_str().unwrap_or("normal").to_string())
            })
            .collect();
        packages.insert(p["name"].as_str().unwrap_or_default().to_string(), deps);
    }
    packages
}

#[test]
fn the_core_crate_has_no_browser_dependency() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let packages = dependencies(&meta);
    let core = packages.get("exemplar-core").expect("the core crate is a workspace member");
    let shell = packages.get("exemplar-panel").expect("the wasm crate is a workspace member");
    assert!(shell.iter().any(|(n, k)| n == "exemplar-core" && k == "normal"), "the shell depends on the core");
    assert!(shell.iter().any(|(n, _)| n == "web-sys"), "the scan sees the shell's browser crates: {shell:?}");
    let browser: Vec<&(String, String)> =
        core.iter().filter(|(n, k)| k != "dev" && BROWSER_CRATES.contains(&n.as_str())).collect();
    assert!(browser.is_empty(), "browser crates in the core's dependencies: {browser:?}");
    assert!(
        !core.iter().any(|(n, _)| n == "exemplar-panel"),
        "the core never depends on the shell (Cargo refuses the cycle anyway)"
    );
}

/// The shell's layers, in order (paths under `src/`, a folder for all its
/// files); `web/mod.rs` and `lib.rs` only declare them.
const SHELL_LAYERS: &[&[&str]] = &[
    &["web/browser.rs", "web/dom.rs", "web/canvas.rs"],
    &["web/http.rs"],
    &["web/client.rs", "web/trace_client.rs", "web/doctor.rs", "web/sync.rs"],
    &["web/ui/"],
    &["web/embed.rs", "web/bench.rs", "app/"],
];

/// The layer of a shell file (a path under `src/`), if it has one.
fn layer_of(rel: &str) -> Option<usize> {
    SHELL_LAYERS.iter().position(|layer| layer.iter().any(|p| rel == *p || (p.ends_with('/') && rel.starts_with(p))))
}

/// The module path of a file under `src/` (`web/ui/mod.rs` → `["web", "ui"]`).
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The paths a file's code names: `crate::a::b`, `super::a`, and the heads of
/// grouped imports (`super::{a, b::C}`), as module paths from the crate root.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = Vec::new();
    for prefix in ["crate::", "super::"] {
        for (i, _) in code.match_indices(prefix) {
            let before = code.get(..i).and_then(|b| b.chars().last());
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue; // `exemplar_core::…`, `self::super::…`
            }
            let mut base: Vec<String> = if prefix == "crate::" { Vec::new() } else { module.to_vec() };
            if prefix == "super::" {
                base.pop();
            }
            let mut rest = code.get(i + prefix.len()..).unwrap_or("");
            while let Some(more) = rest.strip_prefix("super::") {
                base.pop();
                rest = more;
            }
            let heads: Vec<String> = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').map(|h| h.trim().to_string()).collect(),
                None => vec![rest.to_string()],
            };
            for head in heads {
                let mut path = base.clone();
                for seg in head.split("::") {
                    let seg = ident(seg.trim());
                    if seg.is_empty() || seg == "self" {
                        break;
                    }
                    path.push(seg);
                }
                out.push(path);
            }
        }
    }
    out
}

/// The shell's file graph: each file (path under `src/`) → the files it names.
fn shell_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src.join("web"), &mut files);
    rust_files(&src.join("app"), &mut files);
    let rel = |p: &Path| p.strip_prefix(&src).ok().and_then(|r| r.to_str()).map(|r| r.replace('\\', "/"));
    let by_module: BTreeMap<Vec<String>, String> =
        files.iter().filter_map(|p| rel(p)).map(|r| (module_path(&r), r)).collect();
    let mut edges = BTreeMap::new();
    for path in &files {
        let Some(me) = rel(path) else { continue };
        let module = module_path(&me);
        let code = non_test_code(&fs::read_to_string(path).unwrap_or_default());
        let mut to = BTreeSet::new();
        for named in named_paths(&code, &module) {
            // The longest prefix that is a file.
            let target = (1..=named.len()).rev().find_map(|k| by_module.get(named.get(..k)?));
            if let Some(target) = target.filter(|t| **t != me) {
                to.insert(target.clone());
            }
        }
        edges.insert(me, to);
    }
    edges
}

#[test]
fn the_shell_is_layered_and_its_files_form_no_cycle() {
    let edges = shell_graph();
    assert!(edges.len() >= 25, "the scan found the shell's files: {:?}", edges.keys().collect::<Vec<_>>());
    assert!(
        edges.get("web/ui/driver.rs").is_some_and(|d| d.contains("web/http.rs") || d.contains("web/client.rs")),
        "the scan sees the imports: {:?}",
        edges.get("web/ui/driver.rs")
    );
    let mut upward = Vec::new();
    for (from, tos) in &edges {
        let Some(layer) = layer_of(from) else { continue };
        for to in tos {
            if layer_of(to).is_some_and(|l| l > layer) {
                upward.push(format!("{from} (layer {}) → {to} (layer {})", layer + 1, layer_of(to).unwrap_or(0) + 1));
            }
        }
    }
    assert!(upward.is_empty(), "shell files using a later layer:\n{}", upward.join("\n"));
    let unlayered: Vec<&String> =
        edges.keys().filter(|f| layer_of(f).is_none() && f.as_str() != "web/mod.rs").collect();
    assert!(unlayered.is_empty(), "shell files in no layer (add them to SHELL_LAYERS): {unlayered:?}");
    let cycles: Vec<String> = edges.keys().filter_map(|f| cycle_from(&edges, f)).map(|c| c.join(" → ")).collect();
    assert!(cycles.is_empty(), "files of the shell importing each other in a circle:\n{}", cycles.join("\n"));
}

#[test]
fn the_shell_scan_resolves_paths_as_rust_does() {
    let ui = vec!["web".to_string(), "ui".to_string()];
    let plot = vec!["web".to_string(), "ui".to_string(), "plot".to_string()];
    let mut paths = named_paths("use super::{driver::send, state::Ctx};\nlet x = crate::web::http::send();", &plot);
    paths.sort();
    let want: Vec<Vec<String>> =
        [vec!["web", "http", "send"], vec!["web", "ui", "driver", "send"], vec!["web", "ui", "state", "Ctx"]]
            .iter()
            .map(|p| p.iter().map(|s| s.to_string()).collect())
            .collect();
    assert_eq!(paths, want);
    assert!(named_paths("use exemplar_core::panel::Event;", &ui).is_empty(), "the core is another crate");
    assert_eq!(named_paths("use super::super::browser::clock;", &plot), [vec!["web", "browser", "clock"]]);
    assert_eq!(layer_of("web/ui/plot.rs"), Some(3));
    assert_eq!(layer_of("web/http.rs"), Some(1));
    assert_eq!(layer_of("app/mod.rs"), Some(4));
}
