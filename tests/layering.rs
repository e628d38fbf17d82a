//! Layering the compiler does not check by itself: the extraction crate stays
//! free of the service stack (no tokio, reqwest, rusqlite, lettre in its
//! dependency tree), and no two source files depend on each other, directly or
//! round a longer loop.
//!
//! The file check is static and textual: it reads every `crate::`, `super::`
//! and `self::` path (in `use` declarations, brace groups expanded, and inline
//! in code) and resolves it to the deepest module file that exists. A file's
//! links to its own ancestors (`super::Store` in `store/mod.rs`) and
//! descendants (`mod.rs` re-exporting a child) are how Rust modules are built,
//! not cycles, so they are left out; `#[cfg(test)]` modules and comments are
//! too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// The crates whose source trees are checked, relative to the workspace root.
const SOURCE_TREES: [&str; 2] = ["src", "crates/regionwatch-extract/src"];

/// What extraction must never pull in: it is pure, bytes in and data out.
const SERVICE_STACK: [&str; 4] = ["tokio", "reqwest", "rusqlite", "lettre"];

#[test]
fn the_extraction_crate_has_no_service_stack_in_its_tree() {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "--locked", "-e", "normal"])
        .args(["-p", "regionwatch-extract", "--prefix", "none"])
        .args(["--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo tree failed: {stderr}");
    let names: BTreeSet<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    assert!(names.contains("regionwatch-extract"), "{names:?}");
    assert!(
        names.contains("scraper"),
        "the tree lists dependencies: {names:?}"
    );
    let found: Vec<&str> = SERVICE_STACK
        .into_iter()
        .filter(|name| names.contains(*name))
        .collect();
    assert!(found.is_empty(), "regionwatch-extract depends on {found:?}");
}

#[test]
fn no_source_files_depend_on_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for tree in SOURCE_TREES {
        let files = read_tree(&root.join(tree));
        assert!(files.len() > 10, "{tree} holds the crate's modules");
        found.extend(cycles(&files).into_iter().map(|c| format!("{tree}: {c}")));
    }
    assert!(found.is_empty(), "file cycles:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_direct_and_longer_cycles() {
    let files = |pairs: &[(&str, &str)]| -> BTreeMap<Vec<String>, String> {
        pairs
            .iter()
            .map(|(path, text)| (module_path(Path::new(path)), text.to_string()))
            .collect()
    };
    let direct = files(&[
        ("lib.rs", "mod store;"),
        (
            "store/mod.rs",
            "mod a; mod b; pub struct Store; pub use a::Row;",
        ),
        ("store/a.rs", "use super::{Store, b::{link, unlink}};"),
        (
            "store/b.rs",
            "fn f() { super::a::require(); }\n#[cfg(test)]\nmod t {}",
        ),
    ]);
    assert_eq!(cycles(&direct), ["store::a -> store::b -> store::a"]);
    let longer = files(&[
        ("lib.rs", "mod x; mod y; mod z;"),
        ("x.rs", "use crate::y::f;"),
        ("y.rs", "pub fn f() { crate::z::g() }"),
        (
            "z.rs",
            "// crate::x::h() in a comment is no edge\npub(crate) use crate::x::h;",
        ),
    ]);
    assert_eq!(cycles(&longer), ["x -> y -> z -> x"]);
    let layered = files(&[
        ("lib.rs", "mod x; mod y;"),
        ("x.rs", "use crate::y::f;"),
        ("y.rs", "#[cfg(test)]\nmod tests { use crate::x::*; }"),
    ]);
    assert!(cycles(&layered).is_empty());
}

/// Every `.rs` file under `src`, by module path, with its code (comments and
/// test modules removed).
fn read_tree(src: &Path) -> BTreeMap<Vec<String>, String> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.insert(module_path(path.strip_prefix(src).unwrap()), text);
            }
        }
    }
    files
}

/// `store/highlights.rs` is `store::highlights`, `store/mod.rs` is `store`,
/// `lib.rs` and `main.rs` are the root.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Each cycle as `a -> b -> a`, found from the module graph's strongly
/// connected groups (every file of a group reaches every other).
fn cycles(files: &BTreeMap<Vec<String>, String>) -> Vec<String> {
    let modules: BTreeSet<&Vec<String>> = files.keys().collect();
    let edges: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = files
        .iter()
        .map(|(module, text)| (module, dependencies(module, text, &modules)))
        .collect();
    let reach = |from: &Vec<String>| -> BTreeSet<Vec<String>> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<Vec<String>> = edges[from].iter().cloned().collect();
        while let Some(next) = todo.pop() {
            if seen.insert(next.clone()) {
                todo.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
        seen
    };
    let mut reported = BTreeSet::new();
    let mut out = Vec::new();
    for module in files.keys() {
        if reported.contains(module) || !reach(module).contains(module) {
            continue;
        }
        let loop_path = shortest_loop(module, &edges);
        reported.extend(loop_path.iter().cloned());
        let names: Vec<String> = loop_path.iter().map(|m| m.join("::")).collect();
        out.push(format!("{} -> {}", names.join(" -> "), names[0]));
    }
    out
}

/// The shortest path from `start` back to itself (breadth first).
fn shortest_loop(
    start: &Vec<String>,
    edges: &BTreeMap<&Vec<String>, BTreeSet<Vec<String>>>,
) -> Vec<Vec<String>> {
    let mut came_from: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(at) = queue.pop_front() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                let mut path = vec![at.clone()];
                while path.last() != Some(start) {
                    path.push(came_from[path.last().unwrap()].clone());
                }
                path.reverse();
                return path;
            }
            if !came_from.contains_key(next) {
                came_from.insert(next.clone(), at.clone());
                queue.push_back(next.clone());
            }
        }
    }
    unreachable!("called only for modules on a cycle")
}

/// The other files `module`'s code refers to, ancestors and descendants left out.
fn dependencies(
    module: &[String],
    text: &str,
    modules: &BTreeSet<&Vec<String>>,
) -> BTreeSet<Vec<String>> {
    let code = code_only(text);
    let mut paths = use_paths(&code);
    paths.extend(inline_paths(&code));
    paths
        .iter()
        .filter_map(|path| resolve(module, path, modules))
        .filter(|target| !target.starts_with(module) && !module.starts_with(target))
        .collect()
}

/// The text without comments and without the first `#[cfg(test)] mod` and
/// what follows it (test modules sit at the end of a file).
fn code_only(text: &str) -> String {
    let test_module = text
        .match_indices("#[cfg(test)]")
        .find(|(i, attr)| text[i + attr.len()..].trim_start().starts_with("mod "));
    let text = &text[..test_module.map_or(text.len(), |(i, _)| i)];
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a `use` declaration names, brace groups expanded
/// (`use super::{a::X, b}` gives `super::a::X` and `super::b`).
fn use_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let item = line.trim_start();
        let item = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .find_map(|vis| item.strip_prefix(vis))
            .unwrap_or(item);
        if let Some(tree) = item.strip_prefix("use ") {
            let start = offset + (line.len() - tree.len());
            let rest = &code[start..];
            expand(&[], &rest[..rest.find(';').unwrap_or(rest.len())], &mut out);
        }
        offset += line.len();
    }
    out
}

/// Expands one use tree (`a::{b,c::{d}}`) under `prefix` into `out`.
fn expand(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let segments = |text: &str| -> Vec<String> {
        let text = text.split(" as ").next().unwrap_or(text);
        text.split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut path = prefix.to_vec();
    let Some(open) = tree.find('{') else {
        path.extend(segments(tree));
        out.push(path);
        return;
    };
    path.extend(segments(&tree[..open]));
    let close = tree
        .rfind('}')
        .filter(|&close| close > open)
        .unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let (mut depth, mut from) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&path, &inner[from..i], out);
                from = i + 1;
            }
            _ => {}
        }
    }
    if from < inner.len() {
        expand(&path, &inner[from..], out);
    }
}

/// Paths written in code: `crate::a::b`, `super::x(...)`, `self::y::Z`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for head in ["crate::", "super::", "self::"] {
        for (start, _) in code.match_indices(head) {
            if code[..start].chars().next_back().is_some_and(ident) {
                continue;
            }
            let rest = &code[start..];
            let end = rest
                .find(|c: char| !(ident(c) || c == ':'))
                .unwrap_or(rest.len());
            out.push(
                rest[..end]
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    out
}

/// The deepest module file a path from `module` lands in, if it starts at
/// `crate`, `super` or `self` (other paths name external crates or children).
fn resolve(
    module: &[String],
    path: &[String],
    modules: &BTreeSet<&Vec<String>>,
) -> Option<Vec<String>> {
    let mut segments = path.iter().map(String::as_str).peekable();
    let mut at: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    while segments.peek() == Some(&"super") {
        segments.next();
        at.pop();
    }
    for segment in segments {
        at.push(segment.to_owned());
        if !modules.contains(&at) {
            at.pop();
            break;
        }
    }
    Some(at)
}
