//! The `imports` layer: no two source files of a crate import each other, directly or
//! around a longer circle, apart from a module and its own parent (a `mod.rs` declares and
//! re-exports its children, and a child uses its parent's items: that pair is one unit).
//!
//! A circle means a type sits in the wrong place: neither file can be read, tested or moved
//! without the other. The check reads the source as text: every `crate::`, `super::` and
//! `self::` path (in `use` lines, use trees and inline paths alike) outside comments and
//! string literals, resolved to the file of the longest module prefix that exists. Paths
//! into other crates cannot make a circle (cargo forbids circular crate dependencies).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The source folders of the workspace's crates, from the workspace root.
const CRATES: [&str; 5] = [
    "stack/src",
    "protocol/src",
    "src",
    "server/src",
    "xtask/src",
];

/// Checks every crate; `Err` lists each circle with the names that tie it.
pub fn check(root: &Path) -> Result<String, String> {
    let mut report = Vec::new();
    let mut files = 0;
    for dir in CRATES {
        let graph = Graph::read(&root.join(dir))?;
        files += graph.files.len();
        for circle in graph.circles() {
            report.push(graph.describe(dir, &circle));
        }
    }
    if report.is_empty() {
        Ok(format!("{files} files, no import circle"))
    } else {
        Err(format!(
            "{} import circle(s) (move the shared types down a level):\n{}",
            report.len(),
            report.join("\n")
        ))
    }
}

/// One crate's files and the imports between them.
struct Graph {
    /// Relative paths, indexed.
    files: Vec<PathBuf>,
    /// `edges[from]`: target file → the names taken from it.
    edges: Vec<BTreeMap<usize, Vec<String>>>,
}

impl Graph {
    fn read(src: &Path) -> Result<Graph, String> {
        let mut files = Vec::new();
        collect(src, src, &mut files)?;
        files.sort();
        // A crate with a library keeps `main.rs` as a separate binary crate that uses the
        // library by name: it is not a module of the library.
        if files.iter().any(|f| f == Path::new("lib.rs")) {
            files.retain(|f| f != Path::new("main.rs"));
        }
        let modules: Vec<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
        let mut edges = vec![BTreeMap::new(); files.len()];
        for (i, file) in files.iter().enumerate() {
            let text = std::fs::read_to_string(src.join(file))
                .map_err(|e| format!("cannot read {}: {e}", src.join(file).display()))?;
            for path in paths(&strip(&text)) {
                let Some((target, name)) = resolve(&modules, &modules[i], &path) else {
                    continue;
                };
                if target == i || is_parent(&modules[i], &modules[target]) {
                    continue;
                }
                let names: &mut Vec<String> = edges[i].entry(target).or_default();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        Ok(Graph { files, edges })
    }

    /// Every set of files that reach each other (Tarjan's strongly connected components),
    /// of two files or more.
    fn circles(&self) -> Vec<Vec<usize>> {
        struct Walk<'a> {
            g: &'a Graph,
            index: Vec<Option<usize>>,
            low: Vec<usize>,
            on_stack: Vec<bool>,
            stack: Vec<usize>,
            next: usize,
            out: Vec<Vec<usize>>,
        }
        impl Walk<'_> {
            fn visit(&mut self, v: usize) {
                self.index[v] = Some(self.next);
                self.low[v] = self.next;
                self.next += 1;
                self.stack.push(v);
                self.on_stack[v] = true;
                let targets: Vec<usize> = self.g.edges[v].keys().copied().collect();
                for w in targets {
                    match self.index[w] {
                        None => {
                            self.visit(w);
                            self.low[v] = self.low[v].min(self.low[w]);
                        }
                        Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                        Some(_) => {}
                    }
                }
                if Some(self.low[v]) == self.index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = self.stack.pop() {
                        self.on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        component.sort();
                        self.out.push(component);
                    }
                }
            }
        }
        let n = self.files.len();
        let mut walk = Walk {
            g: self,
            index: vec![None; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            next: 0,
            out: Vec::new(),
        };
        for v in 0..n {
            if walk.index[v].is_none() {
                walk.visit(v);
            }
        }
        walk.out.sort();
        walk.out
    }

    fn describe(&self, dir: &str, circle: &[usize]) -> String {
        let name = |i: usize| format!("{dir}/{}", self.files[i].display());
        let mut lines = vec![format!(
            "  circle of {}:",
            circle
                .iter()
                .map(|&i| name(i))
                .collect::<Vec<_>>()
                .join(", ")
        )];
        for &from in circle {
            for (to, names) in &self.edges[from] {
                if circle.contains(to) {
                    lines.push(format!(
                        "    {} -> {}: {}",
                        name(from),
                        name(*to),
                        names.join(", ")
                    ));
                }
            }
        }
        lines.join("\n")
    }
}

fn collect(src: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(src, &path, out)?;
        } else if path.extension().is_some_and(|x| x == "rs")
            && let Ok(rel) = path.strip_prefix(src)
        {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// `lib.rs` → [], `a/mod.rs` → [a], `a/b.rs` → [a, b].
fn module_of(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Whether one module is the other's parent.
fn is_parent(a: &[String], b: &[String]) -> bool {
    let child_of = |c: &[String], p: &[String]| c.len() == p.len() + 1 && c.starts_with(p);
    child_of(a, b) || child_of(b, a)
}

/// The source without comments, string literals and char literals' contents, so that only
/// code is read for paths. Lines are kept (for nothing but readability of the result).
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !is_ident(b[i - 1])) =>
            {
                // A raw string: r"…", r#"…"#, as many hashes closing as opening.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                while j < b.len() {
                    if b[j] == b'"'
                        && b[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&c| c == b'#')
                            .count()
                            == hashes
                    {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A token of the stripped source that matters for paths.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if is_ident(c) {
            let start = i;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            out.push(Tok::Ident(text[start..i].to_string()));
            continue;
        }
        out.push(match c {
            b':' if b.get(i + 1) == Some(&b':') => {
                i += 1;
                Tok::Colons
            }
            b'{' => Tok::Open,
            b'}' => Tok::Close,
            b',' => Tok::Comma,
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => Tok::Other,
        });
        i += 1;
    }
    out
}

/// Every path that starts at `crate`, `super` or `self` (use trees expanded).
fn paths(text: &str) -> Vec<Vec<String>> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let starts = matches!(&toks[i], Tok::Ident(s) if s == "crate" || s == "super" || s == "self")
            && toks.get(i + 1) == Some(&Tok::Colons)
            // `a::self::b` is not a start; `::crate` cannot happen.
            && (i == 0 || toks[i - 1] != Tok::Colons);
        if starts {
            i = tree(&toks, i, Vec::new(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a use tree from `toks[i]` with `prefix` before it; returns where it ends.
fn tree(toks: &[Tok], mut i: usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                i += 1;
                if toks.get(i) == Some(&Tok::Colons) {
                    i += 1;
                    continue;
                }
                out.push(prefix);
                return i;
            }
            Some(Tok::Open) => {
                i += 1;
                loop {
                    match toks.get(i) {
                        Some(Tok::Close) => return i + 1,
                        Some(Tok::Comma) => i += 1,
                        Some(Tok::Ident(_) | Tok::Open) => i = tree(toks, i, prefix.clone(), out),
                        Some(_) => i += 1,
                        None => return i,
                    }
                }
            }
            _ => {
                // `use crate::x::*` or a path cut short: what was read is the path.
                if !prefix.is_empty() {
                    out.push(prefix);
                }
                return i;
            }
        }
    }
}

/// The file a path leads to from module `here`, and the name taken from it.
fn resolve(modules: &[Vec<String>], here: &[String], path: &[String]) -> Option<(usize, String)> {
    let mut at: Vec<String> = here.to_vec();
    let mut rest = path;
    while let Some((first, tail)) = rest.split_first() {
        match first.as_str() {
            "crate" => at.clear(),
            "super" => {
                at.pop()?;
            }
            "self" => {}
            _ => break,
        }
        rest = tail;
    }
    at.extend(rest.iter().cloned());
    (0..=at.len()).rev().find_map(|n| {
        let target = modules.iter().position(|m| *m == at[..n])?;
        let name = at.get(n).or(at.last()).cloned().unwrap_or_default();
        Some((target, name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate laid out from `(file, text)` pairs in a fresh folder.
    fn tree_of(name: &str, files: &[(&str, &str)]) -> Graph {
        let dir = std::env::temp_dir().join(format!("xtask-imports-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (file, text) in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let g = Graph::read(&dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        g
    }

    fn circle_files(g: &Graph) -> Vec<Vec<String>> {
        g.circles()
            .into_iter()
            .map(|c| {
                c.into_iter()
                    .map(|i| g.files[i].display().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn two_files_that_import_each_other_are_a_circle_with_the_names_that_tie_it() {
        let g = tree_of(
            "pair",
            &[
                ("lib.rs", "mod host; mod tcp;"),
                (
                    "host/mod.rs",
                    "use crate::tcp::tcb::{Tcb, poll};\npub struct ConnId;",
                ),
                ("tcp/mod.rs", "pub mod tcb;"),
                ("tcp/tcb.rs", "use crate::host::{ConnId, HostEvent};"),
            ],
        );
        assert_eq!(circle_files(&g), vec![vec!["host/mod.rs", "tcp/tcb.rs"]]);
        let said = g.describe("stack/src", &g.circles()[0]);
        assert!(
            said.contains("stack/src/tcp/tcb.rs -> stack/src/host/mod.rs: ConnId, HostEvent"),
            "{said}"
        );
        assert!(
            said.contains("stack/src/host/mod.rs -> stack/src/tcp/tcb.rs: Tcb, poll"),
            "{said}"
        );
    }

    #[test]
    fn a_module_and_its_parent_may_use_each_other_and_a_longer_circle_is_found() {
        let g = tree_of(
            "parent",
            &[
                ("lib.rs", "mod world; pub use world::World;"),
                (
                    "world/mod.rs",
                    "mod engine; use engine::step; pub struct World;",
                ),
                (
                    "world/engine.rs",
                    "use super::World; pub fn step() { crate::a::f() }",
                ),
                ("a.rs", "pub fn f() { crate::b::g() }"),
                ("b.rs", "use super::world::engine::step;"),
            ],
        );
        assert_eq!(
            circle_files(&g),
            vec![vec!["a.rs", "b.rs", "world/engine.rs"]],
            "engine ⇄ world/mod.rs is allowed; engine → a → b → engine is not"
        );
    }

    #[test]
    fn comments_strings_and_other_crates_are_not_imports() {
        let g = tree_of(
            "quiet",
            &[
                ("lib.rs", "mod a; mod b;"),
                (
                    "a.rs",
                    "//! See [`crate::b::X`].\n/* crate::b::Y */\nconst S: &str = \"crate::b::Z\";\nconst R: &str = r#\"crate::b::W\"#;\nuse other_crate::b::V;",
                ),
                ("b.rs", "use crate::a::S;"),
            ],
        );
        assert!(g.circles().is_empty());
        assert_eq!(g.files[0], Path::new("a.rs"));
        assert!(
            g.edges[0].is_empty(),
            "a.rs imports nothing: {:?}",
            g.edges[0]
        );
    }

    #[test]
    fn super_self_and_nested_use_trees_resolve_to_files() {
        let g = tree_of(
            "trees",
            &[
                ("lib.rs", "mod world;"),
                ("world/mod.rs", "mod event; mod topology;"),
                (
                    "world/event.rs",
                    "use super::{topology::{NodeId, CardId}, self_test};",
                ),
                ("world/topology.rs", "use self::super::event::Action;"),
            ],
        );
        assert_eq!(
            circle_files(&g),
            vec![vec!["world/event.rs", "world/topology.rs"]]
        );
    }
}
