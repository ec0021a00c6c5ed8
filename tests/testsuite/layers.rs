//! The module tree is the pipeline (ARCHITECTURE.md), and this test keeps it so,
//! by reading the source as rust-analyzer's tidy tests read theirs:
//!
//! - a module uses only its own layer and the layers below it, lowest first
//!   `core < input < markdown < check < output < app` (`lib.rs` and `main.rs`
//!   may use all), counting every `crate::…` path, `use` groups and `super::`
//!   paths, in code only (comments and strings are blanked first);
//! - the top-level modules form no cycle;
//! - no source file is over 900 lines, and `main.rs` is at most 200;
//! - `init` does not parse Markdown itself (no `pulldown_cmark`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: &[&str] = &["core", "input", "markdown", "check", "output", "app"];
/// Longest a source file may be.
const MAX_LINES: usize = 900;
/// Longest `main.rs` may be: clap, and results mapped to exit codes.
const MAX_MAIN_LINES: usize = 200;
/// Files over [`MAX_LINES`] whose split is another piece of work, with that
/// work. A file listed here that is within the limit fails the test: take it
/// off the list.
const OVER_LIMIT_PENDING: &[(&str, &str)] = &[];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for e in entries {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `src/check/rules/mod.rs` → `check/rules/mod.rs`.
fn rel(p: &Path) -> String {
    p.strip_prefix(src_dir())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The module path of a file: `check/rules/drift.rs` → `[check, rules, drift]`,
/// `check/mod.rs` → `[check]`, `lib.rs` and `main.rs` → `[]`.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.strip_suffix(".rs").unwrap_or(&last);
    if parts.is_empty() && (stem == "lib" || stem == "main") {
        return Vec::new();
    }
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// The source with comments, string and character literals blanked (newlines
/// kept, so lines still count), leaving code.
fn code_only(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev_ident = i > 0 && ident(chars[i - 1]);
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if !prev_ident && (c == 'r' || (c == 'b' && next == Some('r'))) && {
            // A raw string: r"…", r#"…"#, br"…".
            let mut j = i + if c == 'b' { 2 } else { 1 };
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            chars.get(j) == Some(&'"')
        } {
            let start = i + if c == 'b' { 2 } else { 1 };
            let mut j = start;
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            let hashes = j - start;
            for &ch in &chars[i..=j] {
                out.push(blank(ch));
            }
            i = j + 1;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{1F600}', '\''); a lifetime
            // ('a) has no closing quote after one character.
            out.push(' ');
            i += 1;
            if chars.get(i) == Some(&'\\') {
                out.push(' ');
                i += 1;
            }
            while i < chars.len() {
                let ch = chars[i];
                out.push(blank(ch));
                i += 1;
                if ch == '\'' {
                    break;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other(char),
}

/// Tokens with their 1-based lines.
fn tokens(code: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            out.push((
                match c {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    ',' => Tok::Comma,
                    c => Tok::Other(c),
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

/// A reference from a file to a top-level module (or a root re-export).
#[derive(Debug, Clone, PartialEq)]
struct Ref {
    line: usize,
    /// The top-level name the path reaches: a layer, or an item of `lib.rs`.
    top: String,
}

/// Every top-level name the file's paths reach: `crate::x…`, the items of
/// `crate::{x, y…}`, and `super::` paths resolved from the file's module
/// (inline `mod name { … }` blocks counted).
fn references(rel: &str, src: &str) -> Vec<Ref> {
    let toks = tokens(&code_only(src));
    let file_module = module_path(rel);
    let mut refs = Vec::new();
    let mut depth = 0usize;
    // Inline modules open at this point: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let ident = |k: usize| match toks.get(k) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let is = |k: usize, t: &Tok| toks.get(k).is_some_and(|(x, _)| x == t);
    let mut k = 0;
    while k < toks.len() {
        let (tok, line) = (&toks[k].0, toks[k].1);
        match tok {
            Tok::Open => {
                depth += 1;
                // `mod name {`
                if k >= 2
                    && ident(k - 2) == Some("mod")
                    && let Some(name) = ident(k - 1)
                {
                    inline.push((name.to_string(), depth));
                }
            }
            Tok::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(w) if (w == "crate" || w == "super") && is(k + 1, &Tok::PathSep) => {
                // Only the start of a path: not `$crate`, not `x::super`.
                let starts = k == 0 || !(is(k - 1, &Tok::PathSep) || is(k - 1, &Tok::Other('$')));
                if starts {
                    let mut base: Vec<String> = if w == "crate" {
                        Vec::new()
                    } else {
                        file_module
                            .iter()
                            .cloned()
                            .chain(inline.iter().map(|(n, _)| n.clone()))
                            .collect()
                    };
                    let mut j = k;
                    if w == "crate" {
                        j += 2;
                    } else {
                        while ident(j) == Some("super") && is(j + 1, &Tok::PathSep) {
                            base.pop();
                            j += 2;
                        }
                    }
                    if let Some(first) = base.first() {
                        refs.push(Ref {
                            line,
                            top: first.clone(),
                        });
                    } else if let Some(name) = ident(j) {
                        refs.push(Ref {
                            line,
                            top: name.to_string(),
                        });
                    } else if is(j, &Tok::Open) {
                        // `crate::{a::x, b}`: the first name of each item.
                        let mut d = 0;
                        let mut item_start = true;
                        while j < toks.len() {
                            match &toks[j].0 {
                                Tok::Open => {
                                    d += 1;
                                    item_start = d == 1;
                                }
                                Tok::Close => {
                                    d -= 1;
                                    if d == 0 {
                                        break;
                                    }
                                }
                                Tok::Comma => item_start = d == 1,
                                Tok::Ident(n) if item_start => {
                                    refs.push(Ref {
                                        line: toks[j].1,
                                        top: n.clone(),
                                    });
                                    item_start = false;
                                }
                                _ => item_start = false,
                            }
                            j += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        k += 1;
    }
    refs
}

/// `lib.rs`'s re-exports (`pub use check::rules::Finding;`): name → layer, so a
/// path through the crate root counts as the layer it leads to.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let toks = tokens(&code_only(lib));
    let mut out = BTreeMap::new();
    let mut k = 0;
    while k + 2 < toks.len() {
        let is_pub_use =
            toks[k].0 == Tok::Ident("pub".into()) && toks[k + 1].0 == Tok::Ident("use".into());
        if let (true, Tok::Ident(layer)) = (is_pub_use, &toks[k + 2].0)
            && LAYERS.contains(&layer.as_str())
        {
            let mut j = k + 3;
            while j < toks.len() && toks[j].0 != Tok::Other(';') {
                if let Tok::Ident(name) = &toks[j].0
                    && !toks.get(j + 1).is_some_and(|t| t.0 == Tok::PathSep)
                {
                    out.insert(name.clone(), layer.clone());
                }
                j += 1;
            }
            k = j;
        }
        k += 1;
    }
    out
}

fn layer_of(name: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == name)
}

/// Upward references, as `file:line: layer uses layer` lines, and the graph of
/// top-level modules.
fn check_layers(
    files: &[(String, String)],
    reexports: &BTreeMap<String, String>,
) -> (Vec<String>, BTreeMap<String, BTreeSet<String>>) {
    let mut bad = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, src) in files {
        let Some(own) = module_path(rel).first().cloned() else {
            continue; // lib.rs, main.rs
        };
        let Some(own_layer) = layer_of(&own) else {
            bad.push(format!("src/{rel}: `{own}` is not a layer ({LAYERS:?})"));
            continue;
        };
        for r in references(rel, src) {
            let target = match layer_of(&r.top) {
                Some(_) => r.top.clone(),
                None => match reexports.get(&r.top) {
                    Some(l) => l.clone(),
                    None => continue,
                },
            };
            let Some(t) = layer_of(&target) else { continue };
            if t > own_layer {
                bad.push(format!(
                    "src/{rel}:{}: `{own}` uses `{target}`, a layer above it",
                    r.line
                ));
            }
            if target != own {
                graph.entry(own.clone()).or_default().insert(target);
            }
        }
    }
    (bad, graph)
}

/// A cycle in `graph`, as the names around it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn sources() -> Vec<(String, String)> {
    rust_files(&src_dir())
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (rel(&p), text)
        })
        .collect()
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let files = sources();
    let lib = files
        .iter()
        .find(|(r, _)| r == "lib.rs")
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    let reexports = root_reexports(lib);
    assert!(
        reexports.contains_key("Project"),
        "lib.rs re-exports are read: {reexports:?}"
    );
    // The binary's own modules (`mod cli;` in main.rs) stand with main.rs, above
    // every layer.
    let main = files
        .iter()
        .find(|(r, _)| r == "main.rs")
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    let bin_mods: BTreeSet<String> = main
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect();
    assert!(
        bin_mods.contains("cli"),
        "main.rs's modules are read: {bin_mods:?}"
    );
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|(r, _)| !module_path(r).first().is_some_and(|m| bin_mods.contains(m)))
        .collect();
    let (bad, graph) = check_layers(&files, &reexports);
    assert!(bad.is_empty(), "upward imports:\n{}", bad.join("\n"));
    // The checker sees the real dependencies (app uses everything below it).
    assert!(
        graph.get("app").is_some_and(|d| d.contains("markdown")),
        "{graph:?}"
    );
}

#[test]
fn top_level_modules_form_no_cycle() {
    let files = sources();
    let (_, graph) = check_layers(&files, &BTreeMap::new());
    assert_eq!(find_cycle(&graph), None, "{graph:?}");
}

#[test]
fn no_source_file_is_over_900_lines() {
    let mut over = Vec::new();
    for (rel, text) in sources() {
        let path = format!("src/{rel}");
        let lines = text.lines().count();
        let pending = OVER_LIMIT_PENDING.iter().find(|(p, _)| *p == path);
        match pending {
            Some((_, work)) if lines <= MAX_LINES => over.push(format!(
                "{path} ({lines} lines) is within the limit now ({work} is done): take it off OVER_LIMIT_PENDING"
            )),
            Some(_) => {}
            None if lines > MAX_LINES => over.push(format!(
                "{path}: {lines} lines, over {MAX_LINES}; split it by what its parts do"
            )),
            None => {}
        }
    }
    assert!(over.is_empty(), "{}", over.join("\n"));
}

/// Expected to fail until `main.rs` is slimmed (issue 19: the serve session and
/// the commands move into `app`, main.rs keeps clap and exit codes).
#[test]
fn main_rs_is_at_most_200_lines() {
    let main = std::fs::read_to_string(src_dir().join("main.rs")).expect("src/main.rs");
    let lines = main.lines().count();
    assert!(
        lines <= MAX_MAIN_LINES,
        "src/main.rs: {lines} lines, over {MAX_MAIN_LINES}: it parses arguments and maps results to exit codes; the rest belongs in `app`"
    );
}

#[test]
fn init_does_not_parse_markdown_itself() {
    let mut users = Vec::new();
    for (rel, text) in sources() {
        if !(rel.starts_with("app/init/") || rel == "app/init.rs") {
            continue;
        }
        for (tok, line) in tokens(&code_only(&text)) {
            if tok == Tok::Ident("pulldown_cmark".into()) {
                users.push(format!("src/{rel}:{line}"));
            }
        }
    }
    assert!(
        users.is_empty(),
        "init reads pages through markdown::outline::parse_outlined, never its own parser: {}",
        users.join(", ")
    );
    assert!(
        sources().iter().any(|(r, _)| r.starts_with("app/init/")),
        "init is a folder under src/app"
    );
}

/// The checker itself: it must catch what it is for, and only that.
#[test]
fn the_checker_sees_paths_and_groups_not_comments_or_strings() {
    let src = r##"
//! Mentions crate::app in a comment.
use crate::core::span;
use crate::{input::config, output::report};
use super::super::check::x;
const S: &str = "crate::app::init";
const R: &str = r#"crate::app"#;
fn f<'a>(c: char) -> &'a str { let _ = '"'; crate::check::rules::check(); "" }
mod tests {
    use super::*;
    use super::super::Thing;
}
macro_rules! m { () => { $crate::app::x() } }
"##;
    let refs: Vec<(usize, String)> = references("markdown/claims/x.rs", src)
        .into_iter()
        .map(|r| (r.line, r.top))
        .collect();
    assert_eq!(
        refs,
        [
            (3, "core".to_string()),
            (4, "input".to_string()),
            (4, "output".to_string()),
            // super::super from markdown/claims/x.rs is `markdown`.
            (5, "markdown".to_string()),
            (8, "check".to_string()),
            // Inside `mod tests`, super is the file's own module.
            (10, "markdown".to_string()),
            (11, "markdown".to_string()),
        ]
    );
    let files = vec![("markdown/claims/x.rs".to_string(), src.to_string())];
    let (bad, graph) = check_layers(&files, &BTreeMap::new());
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad[0].starts_with("src/markdown/claims/x.rs:4: `markdown` uses `output`"));
    assert!(bad[1].starts_with("src/markdown/claims/x.rs:8: `markdown` uses `check`"));
    let mut cyclic = graph.clone();
    cyclic
        .entry("output".into())
        .or_default()
        .insert("markdown".into());
    assert_eq!(
        find_cycle(&cyclic).map(|c| c.len()),
        Some(3),
        "markdown → output → markdown"
    );
    assert_eq!(module_path("check/mod.rs"), ["check"]);
    assert!(module_path("main.rs").is_empty());
    let lib = "pub mod core;\npub use check::project::{LoadError, Project};\npub use check::rules::Finding;\n";
    let re = root_reexports(lib);
    assert_eq!(re.get("Project").map(String::as_str), Some("check"));
    assert_eq!(re.get("Finding").map(String::as_str), Some("check"));
}
