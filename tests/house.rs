//! House rules, checked natively (see `docs/architecture.md`):
//! - the pure core is its own crate, `exemplar-core`, and the crate graph
//!   (`cargo metadata`) gives it no browser dependency: Cargo enforces the boundary;
//! - no dependency cycle between the core's top-level modules (a module
//!   depends on another when its non-test code names `crate::other`).
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
