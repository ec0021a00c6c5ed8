//! Defines the code reads. Sources are walked with `.gitignore` respected and
//! binary files skipped, files are scanned in parallel, and each use is kept with
//! its file and line so a finding can point at the code.
//!
//! Real code is indirect, so these are resolved:
//! - literals in any quote: `Context.defined('genes.ts')`;
//! - constants: `static inline var NAME = "x"` (or `final`/`const`/`let`), in the
//!   same file first, then by owning type (`Inventory.REPORT_DEFINE`), then the
//!   one constant of that name in the tree (see `define_reads`);
//! - conditional compilation in Haxe: `#if (macro || reflaxe_runtime)`, `#elseif`;
//! - wrappers: functions named in config whose first argument is a define;
//! - rejections: a use followed (within three lines) by an error call that names
//!   the define and says it was removed marks a removed define, not a supported one;
//! - defines the code sets itself (`Compiler.define(X)`, a `"-D", X` argument),
//!   and uses only in tests or vendored code: the code's own business, which no
//!   user-facing doc has to list.
//!
//! Names compare as the Haxe compiler compares them: `-` and `_` alike. When the
//! scanned code is Haxe, the compiler's own defines (shipped data,
//! `haxe_defines.txt`) are known too.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use super::{FactsError, define_reads};
use crate::input::config::DefinesFacts;

/// Files larger than this are not source code worth scanning.
const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// The reflaxe.rust form, used when no pattern is configured.
pub const DEFAULT_PATTERNS: &[&str] = &[r"Context\.defined(?:Value)?\(\s*([^),\s]+)"];

/// One place the code reads a define.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DefineUse {
    /// File relative to the book root.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// The code reads it only to reject it (an error nearby says it was removed).
    pub rejected: bool,
    /// In a conditional-compilation condition (`#if name`).
    pub condition: bool,
    /// In a test file or folder.
    pub test: bool,
    /// In vendored code (`vendor/`, `third_party/`).
    pub vendored: bool,
}

/// Every define the code reads, with where.
#[derive(Debug, Clone, Default)]
pub struct DefineFacts {
    /// Define name → uses, sorted.
    pub uses: BTreeMap<String, Vec<DefineUse>>,
    /// Files scanned.
    pub files: usize,
    /// Defines the code sets itself, folded (`Compiler.define`, `"-D", X`).
    pub set_by_code: BTreeSet<String>,
    /// Whether the scanned code is Haxe: the compiler's own defines are known.
    pub haxe: bool,
    /// Name-like string literals of the code (with a `_` or `.`), folded: the
    /// code knows a name it matches (`case "hxc_c_extensions":` over the
    /// define map), though no read call names it.
    pub literals: HashSet<String>,
    /// Folded name → the name as the code reads it.
    folded: BTreeMap<String, String>,
}

/// A define name as the Haxe compiler compares it: `-` and `_` alike.
pub fn fold(name: &str) -> String {
    name.replace('-', "_")
}

/// The Haxe compiler's own defines, folded.
static HAXE_DEFINES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("haxe_defines.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
});

/// Whether `name` is one of the Haxe compiler's own defines.
pub fn haxe_builtin(name: &str) -> bool {
    HAXE_DEFINES.contains(&fold(name))
}

impl DefineFacts {
    /// The name as the code reads it, for `name` as a doc writes it (`-` and
    /// `_` alike).
    pub fn read_as(&self, name: &str) -> Option<&str> {
        if let Some((k, _)) = self.uses.get_key_value(name) {
            return Some(k.as_str());
        }
        self.folded.get(&fold(name)).map(String::as_str)
    }

    /// Whether the code reads `name` (in any spelling Haxe accepts).
    pub fn reads(&self, name: &str) -> bool {
        self.read_as(name).is_some()
    }

    /// Whether `name` is the host compiler's own define.
    pub fn builtin(&self, name: &str) -> bool {
        self.haxe && haxe_builtin(name)
    }

    /// Whether the code knows `name`: reads, sets or spells it, or it is a
    /// compiler define.
    pub fn known(&self, name: &str) -> bool {
        let f = fold(name);
        self.reads(name)
            || self.builtin(name)
            || self.set_by_code.contains(&f)
            || self.literals.contains(&f)
    }

    /// Whether `name` is the code's own business: the code sets it itself,
    /// reads it only in tests or vendored code, or its name says it is a test
    /// seam (`genes.output_test_fail`, `c_test_reverse`).
    pub fn internal(&self, name: &str) -> bool {
        self.set_by_code.contains(&fold(name))
            || name
                .split(['_', '.', '-'])
                .any(|w| w.eq_ignore_ascii_case("test"))
            || self
                .read_as(name)
                .and_then(|n| self.uses.get(n))
                .is_some_and(|u| !u.is_empty() && u.iter().all(|x| x.test || x.vendored))
    }

    /// Whether every use of `name` rejects it.
    pub fn removed(&self, name: &str) -> bool {
        self.read_as(name)
            .and_then(|n| self.uses.get(n))
            .is_some_and(|u| !u.is_empty() && u.iter().all(|x| x.rejected))
    }

    /// The first use of `name`, as `path:line`.
    pub fn first_use(&self, name: &str) -> Option<String> {
        self.read_as(name)
            .and_then(|n| self.uses.get(n))
            .and_then(|u| u.first())
            .map(|u| format!("{}:{}", u.path, u.line))
    }

    fn index(&mut self) {
        // Reversed, so the first spelling in sort order wins.
        self.folded = self
            .uses
            .keys()
            .rev()
            .map(|k| (fold(k), k.clone()))
            .collect();
    }
}

/// Whether a source file is a test: in a test folder, or named as one.
fn is_test(rel: &str) -> bool {
    let mut segs: Vec<&str> = rel.split('/').collect();
    let file = segs.pop().unwrap_or("").to_ascii_lowercase();
    let in_test_dir = segs.iter().any(|d| {
        matches!(
            d.to_ascii_lowercase().as_str(),
            "test" | "tests" | "spec" | "specs" | "__tests__" | "testdata" | "fixtures" | "e2e"
        )
    });
    let stem = file.split('.').next().unwrap_or("");
    in_test_dir
        || stem.starts_with("test")
        || stem.ends_with("test")
        || stem.ends_with("tests")
        || stem.ends_with("spec")
        || file.contains(".test.")
        || file.contains(".spec.")
}

/// Whether a source file is vendored code.
fn is_vendored(rel: &str) -> bool {
    rel.split('/').rev().skip(1).any(|d| {
        matches!(
            d.to_ascii_lowercase().as_str(),
            "vendor" | "vendored" | "third_party" | "third-party" | "thirdparty"
        )
    })
}

static REJECT_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(error|fatal\w*|throw|abort|panic)\b").expect("static regex")
});
static REJECT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b(removed|no longer (?:supported|exists|available)|was dropped|renamed to)\b",
    )
    .expect("static regex")
});

/// Files under the configured sources, `.gitignore` respected, globs applied.
fn files(root: &Path, cfg: &DefinesFacts) -> Result<Vec<std::path::PathBuf>, FactsError> {
    let mut out = Vec::new();
    for src in &cfg.sources {
        let dir = root.join(src);
        // A folder linked out of the book would publish names from outside it.
        if let Err(e @ crate::core::fs::FileError::Outside { .. }) =
            crate::core::fs::Root::new(root).and_then(|r| r.resolve_rel(src))
        {
            return Err(super::from_file(e, src));
        }
        if !dir.is_dir() {
            return Err(FactsError::Io {
                path: src.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such folder (listed in [preprocessor.docket.facts.defines] sources)",
                ),
            });
        }
        let mut ob = ignore::overrides::OverrideBuilder::new(&dir);
        for g in &cfg.globs {
            ob.add(g).map_err(|e| FactsError::Invalid {
                path: "book.toml".into(),
                line: 1,
                col: 1,
                message: format!(
                    "glob `{g}` under [preprocessor.docket.facts.defines] is invalid: {e}"
                ),
            })?;
        }
        let overrides = ob.build().map_err(|e| FactsError::Invalid {
            path: "book.toml".into(),
            line: 1,
            col: 1,
            message: format!("defines globs are invalid: {e}"),
        })?;
        let walker = ignore::WalkBuilder::new(&dir)
            .overrides(overrides)
            .follow_links(false)
            .require_git(false)
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) {
                out.push(entry.into_path());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Text of a source file, or `None` for anything but a regular, small, text,
/// UTF-8 file (a pipe would block the open; binaries and huge files are skipped).
pub(crate) fn source_text(path: &Path) -> Option<String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SOURCE_BYTES {
        return None;
    }
    let f = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    f.take(MAX_SOURCE_BYTES).read_to_end(&mut bytes).ok()?;
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// Scan the configured sources.
pub fn scan(root: &Path, cfg: &DefinesFacts) -> Result<DefineFacts, FactsError> {
    let paths = files(root, cfg)?;
    let texts: Vec<(String, String)> = paths
        .par_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let rel = rel
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect::<Vec<_>>()
                .join("/");
            source_text(p).map(|t| (rel, t))
        })
        .collect();

    let constants = define_reads::Constants::read(&texts);

    let mut patterns: Vec<Regex> = Vec::new();
    let sources: Vec<&str> = if cfg.patterns.is_empty() {
        DEFAULT_PATTERNS.to_vec()
    } else {
        cfg.patterns.iter().map(String::as_str).collect()
    };
    for p in sources {
        patterns.push(Regex::new(p).map_err(|e| FactsError::Invalid {
            path: "book.toml".into(),
            line: 1,
            col: 1,
            message: format!("define pattern `{p}` is not a valid regex: {e}"),
        })?);
    }
    for w in &cfg.wrappers {
        let p = format!(
            r#"\b{}\(\s*("[^"]*"|'[^']*'|[A-Za-z_][A-Za-z0-9_.]*)"#,
            regex::escape(w)
        );
        patterns.push(Regex::new(&p).map_err(|e| FactsError::Invalid {
            path: "book.toml".into(),
            line: 1,
            col: 1,
            message: format!("wrapper `{w}` does not make a valid pattern: {e}"),
        })?);
    }

    type Found = (Vec<(String, DefineUse)>, Vec<String>, Vec<String>);
    let per_file: Vec<Found> = texts
        .par_iter()
        .enumerate()
        .map(|(file, (rel, text))| {
            let map = crate::core::span::SourceMap::new(text);
            let lines: Vec<&str> = text.lines().collect();
            let (test, vendored) = (is_test(rel), is_vendored(rel));
            let haxe = rel.ends_with(".hx");
            let mut found = Vec::new();
            let mut push = |name: String, at: usize, condition: bool| {
                let line = map.line_col(text, at).0;
                // Rejected: within the use's line and the three after it, an
                // error call that names this define and says it was removed.
                let hi = (line + 3).min(lines.len());
                let rejected = lines.get(line.saturating_sub(1)..hi).is_some_and(|ls| {
                    ls.iter().any(|l| {
                        REJECT_CALL.is_match(l)
                            && REJECT_WORDS.is_match(l)
                            && l.contains(name.as_str())
                    })
                });
                found.push((
                    name,
                    DefineUse {
                        path: rel.clone(),
                        line,
                        rejected,
                        condition,
                        test,
                        vendored,
                    },
                ));
            };
            for re in &patterns {
                for cap in re.captures_iter(text) {
                    let Some(arg) = cap.get(1) else { continue };
                    // A pattern without a call captures the name itself.
                    let bare = !cap.get(0).is_some_and(|m| m.as_str().contains('('));
                    let Some(name) = define_reads::argument(arg.as_str(), file, &constants, bare)
                    else {
                        continue;
                    };
                    push(name, arg.start(), false);
                }
            }
            if haxe {
                for (name, at) in define_reads::conditions(text) {
                    push(name, at, true);
                }
            }
            let literals: Vec<String> =
                define_reads::literals(text).into_iter().map(fold).collect();
            (
                found,
                define_reads::setters(text, file, &constants),
                literals,
            )
        })
        .collect();

    let mut uses: BTreeMap<String, Vec<DefineUse>> = BTreeMap::new();
    let mut set_by_code = BTreeSet::new();
    let mut literals = HashSet::new();
    for (found, set, lits) in per_file {
        for (name, u) in found {
            uses.entry(name).or_default().push(u);
        }
        set_by_code.extend(set.iter().map(|n| fold(n)));
        literals.extend(lits);
    }
    for v in uses.values_mut() {
        v.sort();
        v.dedup();
    }
    let mut facts = DefineFacts {
        uses,
        files: texts.len(),
        set_by_code,
        haxe: texts.iter().any(|(rel, _)| rel.ends_with(".hx")),
        literals,
        folded: BTreeMap::new(),
    };
    facts.index();
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().expect("tmp");
        for (p, t) in files {
            let f = d.path().join(p);
            std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            std::fs::write(f, t).expect("write");
        }
        d
    }

    #[test]
    fn literals_constants_wrappers_and_rejections() {
        let d = tree(&[
            (
                "src/A.hx",
                "class A {\n  static inline var OUT = \"rust_output\";\n  function f() {\n    if (Context.defined(\"rust_no_build\")) {}\n    var o = Context.definedValue(OUT);\n    if (hasDefine(\"rust_idiomatic\")) {}\n  }\n}\n",
            ),
            (
                "src/B.hx",
                "// old flag\nif (Context.defined(\"rust_old\")) {\n  Context.error(\"-D rust_old was removed; use rust_new\", pos);\n}\n",
            ),
            ("src/bin.hx", "Context.defined(\"rust_binary\")\0\0"),
            ("src/ignored/C.hx", "Context.defined(\"rust_ignored\")"),
            ("src/.gitignore", "ignored/\n"),
        ]);
        let cfg = DefinesFacts {
            sources: vec!["src".into()],
            globs: vec!["*.hx".into()],
            patterns: vec![],
            wrappers: vec!["hasDefine".into()],
            prefixes: vec![],
        };
        let f = scan(d.path(), &cfg).expect("scan");
        let names: Vec<&str> = f.uses.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["rust_idiomatic", "rust_no_build", "rust_old", "rust_output"]
        );
        assert_eq!(f.first_use("rust_output").as_deref(), Some("src/A.hx:5"));
        assert!(f.removed("rust_old"));
        assert!(!f.removed("rust_no_build"));
    }
}
