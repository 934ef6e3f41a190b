//! The module layout's rules, checked on the source: domains depend on `http`, `store` and
//! each other only downwards (no cycle), `http` and `store` know no domain, and no module
//! reaches into another domain's handlers. The portal's modules (`../src`) form no cycle
//! either (client ← session ← schedule_sync ← pages). A new import that breaks a rule fails
//! `make test`.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules that hold a domain (its store code and its `routes`).
const DOMAINS: [&str; 13] = [
    "account",
    "admin",
    "auth",
    "content",
    "family",
    "health",
    "home",
    "loyalty",
    "prescriptions",
    "privacy",
    "schedule",
    "seed",
    "staff",
];

/// The server's sources.
fn server_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file below `root`: (its top-level module, path, non-test code).
fn sources(root: &Path) -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    let root = root.to_path_buf();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" || module == "layout" {
                continue; // the composition root may name everything
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap().to_string();
            out.push((module, path, code));
        }
    }
    out
}

/// Each top-level module → the top-level modules its non-test code names (`crate::x…`).
fn imports(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, _, code) in sources(root) {
        let names = graph.entry(module.clone()).or_default();
        names.extend(referenced_modules(&code).into_iter().filter(|name| *name != module));
    }
    graph
}

/// Top-level module names after `crate::`, also inside `use crate::{a, b::c}` groups.
fn referenced_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let items: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group.split('}').next().unwrap().split(',').collect(),
            None => vec![rest],
        };
        for item in items {
            let ident: String = item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if ident.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.insert(ident);
            }
        }
    }
    out
}

#[test]
fn http_and_store_know_no_domain() {
    let graph = imports(&server_src());
    for base in ["http", "store"] {
        let bad: Vec<_> = graph[base].iter().filter(|m| DOMAINS.contains(&m.as_str())).collect();
        assert!(bad.is_empty(), "{base} imports the domains {bad:?}");
    }
}

/// `a ↔ b` for every pair of top-level modules that import each other, directly or not.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        false
    };
    graph.iter().flat_map(|(a, bs)| bs.iter().filter(|b| reaches(b, a)).map(move |b| format!("{a} ↔ {b}"))).collect()
}

#[test]
fn server_modules_form_no_cycle() {
    let cycles = cycles(&imports(&server_src()));
    assert!(cycles.is_empty(), "import cycles between top-level modules: {cycles:?}");
}

#[test]
fn portal_modules_form_no_cycle() {
    let portal = server_src().join("../../src");
    let graph = imports(&portal);
    assert!(graph.contains_key("client") && graph.contains_key("session"), "the portal's sources are read");
    let cycles = cycles(&graph);
    assert!(cycles.is_empty(), "import cycles between the portal's top-level modules: {cycles:?}");
}

#[test]
fn no_module_calls_another_domains_handlers() {
    for (module, path, code) in sources(&server_src()) {
        for other in DOMAINS.iter().filter(|d| **d != module) {
            let handlers = format!("crate::{other}::routes");
            assert!(!code.contains(&handlers), "{} uses {handlers}", path.display());
        }
    }
}

#[test]
fn the_rules_see_every_domain() {
    let graph = imports(&server_src());
    for domain in DOMAINS {
        assert!(graph.contains_key(domain), "no module {domain}: update DOMAINS");
    }
    assert!(referenced_modules("use crate::{auth, store::now};").contains("store"));
}
