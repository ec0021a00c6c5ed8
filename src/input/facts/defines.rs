//! Defines the code reads. Sources are walked with `.gitignore` respected and
//! binary files skipped, files are scanned in parallel, and each use is kept with
//! its file and line so a finding can point at the code.
//!
//! Real code is indirect, so three things are resolved:
//! - constants: `static inline var NAME = "x"` (or `final`/`const`/`let`) anywhere
//!   in the tree, so `Context.definedValue(NAME)` reads define `x`;
//! - wrappers: functions named in config whose first argument is a define;
//! - rejections: a use followed (within three lines) by an error call that names
//!   the define and says it was removed marks a removed define, not a supported one.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use super::FactsError;
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
}

/// Every define the code reads, with where.
#[derive(Debug, Clone, Default)]
pub struct DefineFacts {
    /// Define name → uses, sorted.
    pub uses: BTreeMap<String, Vec<DefineUse>>,
    /// Files scanned.
    pub files: usize,
}

impl DefineFacts {
    /// Whether every use of `name` rejects it.
    pub fn removed(&self, name: &str) -> bool {
        self.uses
            .get(name)
            .is_some_and(|u| !u.is_empty() && u.iter().all(|x| x.rejected))
    }

    /// The first use of `name`, as `path:line`.
    pub fn first_use(&self, name: &str) -> Option<String> {
        self.uses
            .get(name)
            .and_then(|u| u.first())
            .map(|u| format!("{}:{}", u.path, u.line))
    }
}

static CONSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:var|final|const|let)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z0-9_&'<> ]+?)?\s*=\s*"([^"\\]+)""#)
        .expect("static regex")
});
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

    // Constants first: a name defined twice with different values is ambiguous and dropped.
    let mut constants: HashMap<String, Option<String>> = HashMap::new();
    for (_, text) in &texts {
        for cap in CONSTANT.captures_iter(text) {
            let (Some(n), Some(v)) = (cap.get(1), cap.get(2)) else {
                continue;
            };
            let e = constants
                .entry(n.as_str().to_string())
                .or_insert_with(|| Some(v.as_str().to_string()));
            if e.as_deref() != Some(v.as_str()) {
                *e = None;
            }
        }
    }

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
            r#"\b{}\(\s*("[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)"#,
            regex::escape(w)
        );
        patterns.push(Regex::new(&p).map_err(|e| FactsError::Invalid {
            path: "book.toml".into(),
            line: 1,
            col: 1,
            message: format!("wrapper `{w}` does not make a valid pattern: {e}"),
        })?);
    }

    let per_file: Vec<Vec<(String, DefineUse)>> = texts
        .par_iter()
        .map(|(rel, text)| {
            let map = crate::core::span::SourceMap::new(text);
            let lines: Vec<&str> = text.lines().collect();
            let mut found = Vec::new();
            for re in &patterns {
                for cap in re.captures_iter(text) {
                    let Some(arg) = cap.get(1) else { continue };
                    let raw = arg.as_str().trim();
                    let name = if let Some(lit) =
                        raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'))
                    {
                        Some(lit.to_string())
                    } else if raw.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                        // An identifier: a constant in the tree, or (for patterns that
                        // capture the name itself, unquoted) the name as written.
                        match constants.get(raw.rsplit('.').next().unwrap_or(raw)) {
                            Some(Some(v)) => Some(v.clone()),
                            Some(None) => None,
                            None if !cap.get(0).is_some_and(|m| m.as_str().contains('(')) => {
                                Some(raw.to_string())
                            }
                            None => None,
                        }
                    } else {
                        None
                    };
                    let Some(name) = name.filter(|n| !n.is_empty()) else {
                        continue;
                    };
                    let line = map.line_col(text, arg.start()).0;
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
                        },
                    ));
                }
            }
            found
        })
        .collect();

    let mut uses: BTreeMap<String, Vec<DefineUse>> = BTreeMap::new();
    for (name, u) in per_file.into_iter().flatten() {
        uses.entry(name).or_default().push(u);
    }
    for v in uses.values_mut() {
        v.sort();
        v.dedup();
    }
    Ok(DefineFacts {
        uses,
        files: texts.len(),
    })
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
