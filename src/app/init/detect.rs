//! Where the docs are and what is there already: an existing `book.toml` that
//! stays, the docs root, the pages (each parsed once, with its outline), and the
//! pages an existing `SUMMARY.md` lists.

use std::collections::BTreeSet;
use std::path::Path;

use super::{InitError, MANIFEST_PATH, exists, rel_str};
use crate::markdown::Doc;
use crate::markdown::claims::ClaimContext;
use crate::markdown::outline::{self, Outline};

pub(super) struct ExistingConfig {
    pub(super) src: Option<String>,
    pub(super) manifest: Option<String>,
}

/// An existing `book.toml` that will be kept: its `src` and `manifest`, when set.
pub(super) fn existing_config(
    root: &Path,
    force: bool,
    notes: &mut Vec<String>,
) -> Option<ExistingConfig> {
    let path = root.join(crate::input::config::BOOK_TOML);
    if force || !exists(&path) {
        return None;
    }
    let text = match super::read_in(root, &path) {
        Ok(t) => t,
        Err(e) => {
            notes.push(format!("{e}; the existing book.toml is left alone"));
            return None;
        }
    };
    match crate::input::config::parse(&text, root, &path) {
        Ok((c, _)) => {
            let src = c
                .origin("book.src")
                .is_some()
                .then(|| c.book.src.to_string_lossy().replace('\\', "/"))
                .map(|s| s.trim_end_matches('/').to_string())
                .filter(|s| !s.is_empty() && root.join(s).is_dir());
            if let Some(s) = &src {
                notes.push(format!("book.toml exists and sets src = \"{s}\"; using it"));
            }
            let manifest = c
                .docket
                .manifest
                .as_ref()
                .map(|m| m.to_string_lossy().replace('\\', "/"));
            if manifest.is_none() {
                notes.push(format!(
                    "book.toml exists and names no manifest: add `manifest = \"{MANIFEST_PATH}\"` under [preprocessor.docket] so docket check uses the one written now"
                ));
            }
            Some(ExistingConfig { src, manifest })
        }
        Err(e) => {
            notes.push(format!("book.toml exists but does not load ({e}); fix it, or rerun with --force to replace it"));
            None
        }
    }
}

/// File names every package carries: a folder of these is a folder of
/// packages, not of docs.
const BOILERPLATE: &[&str] = &[
    "readme",
    "changelog",
    "license",
    "licence",
    "contributing",
    "code_of_conduct",
    "security",
    "history",
    "authors",
    "notice",
    "agents",
];

/// Markdown pages under `dir` that read as this project's docs, up to
/// `limit`: not in hidden, build or vendored folders, not in a subfolder that
/// is a package of its own (a bundled library), and not a README, CHANGELOG,
/// LICENSE or the like (each package has one).
fn count_md(dir: &Path, limit: usize) -> usize {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(16)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !(super::books::not_docs_dir(&e.file_name().to_string_lossy())
                    || super::books::is_package_dir(e.path()))
        })
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_lowercase();
            e.file_type().is_file()
                && name
                    .strip_suffix(".md")
                    .is_some_and(|stem| !BOILERPLATE.contains(&stem))
        })
        .take(limit)
        .count()
}

/// Whether `dir` holds any Markdown file outside hidden, build and vendored folders.
fn any_md(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(16)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !super::books::not_docs_dir(&e.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".md"))
}

/// `docs/`, else `doc/`, else `book/src`, else `src/` holding SUMMARY.md, else
/// the top folder with the most pages of docs (see [`count_md`]); never a
/// folder of vendored libraries.
pub fn detect_docs_root(root: &Path) -> Option<String> {
    for c in ["docs", "doc", "book/src"] {
        let d = root.join(c);
        if d.is_dir() && any_md(&d) {
            return Some(c.to_string());
        }
    }
    if root.join("src/SUMMARY.md").is_file() {
        return Some("src".to_string());
    }
    let mut best: Option<(usize, String)> = None;
    let mut entries: Vec<_> = std::fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        if super::books::not_docs_dir(&name)
            || !e.file_type().is_ok_and(|t| t.is_dir())
            || super::books::is_package_dir(&e.path())
        {
            continue;
        }
        let n = count_md(&e.path(), 100_000);
        if n > 0 && best.as_ref().is_none_or(|(b, _)| n > *b) {
            best = Some((n, name));
        }
    }
    best.map(|(_, n)| n)
}

/// One Markdown page, read.
pub(super) struct PageText {
    /// Relative to the docs root, `/`-separated.
    pub(super) path: String,
    pub(super) text: String,
    /// The first `# ` heading, else the file name.
    pub(super) title: String,
    /// Its one parse (no HTML).
    pub(super) doc: Doc,
    /// Its lists and tables, from the same parse.
    pub(super) outline: Outline,
}

/// Every readable Markdown page under the docs root (SUMMARY.md aside), sorted.
pub(super) fn read_pages(
    src: &Path,
    docs_root: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<PageText>, InitError> {
    let mut out = Vec::new();
    // Hidden, build and vendored folders hold no pages of this book.
    for entry in walkdir::WalkDir::new(src)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !super::books::not_docs_dir(&e.file_name().to_string_lossy())
        })
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.depth() == 0 => {
                return Err(InitError::Read {
                    path: src.to_path_buf(),
                    source: e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk the folder")),
                });
            }
            Err(_) => continue,
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = rel_str(entry.path(), src) else {
            notes.push(format!(
                "skipped a page whose path is not UTF-8 under {docs_root}/"
            ));
            continue;
        };
        if !rel.ends_with(".md") || rel == "SUMMARY.md" {
            continue;
        }
        match crate::core::fs::read_text(entry.path()) {
            Ok(text) => {
                let (doc, outline) = outline::parse_outlined(&rel, &text, &ClaimContext::default());
                let title = page_title(&doc).unwrap_or_else(|| stem_title(&rel));
                out.push(PageText {
                    path: rel,
                    text,
                    title,
                    doc,
                    outline,
                });
            }
            Err(e) => notes.push(format!("{e}; left out of SUMMARY.md and the manifest")),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn page_title(doc: &Doc) -> Option<String> {
    doc.headings
        .iter()
        .find(|h| h.level == 1)
        .map(|h| h.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
}

pub(super) fn stem_title(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let words: Vec<String> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    if words.is_empty() {
        stem.to_string()
    } else {
        words.join(" ")
    }
}

/// Pages an existing SUMMARY.md lists, as paths relative to the docs root.
pub(super) fn summary_pages(root: &Path, file: &Path) -> BTreeSet<String> {
    let Ok(text) = super::read_in(root, file) else {
        return BTreeSet::new();
    };
    crate::input::book::parse_summary(&text)
        .items
        .iter()
        .filter_map(|i| match i {
            crate::input::book::SummaryItem::Chapter { path: Some(p), .. } => {
                let p = p.split('#').next().unwrap_or("");
                crate::core::paths::join_rel("", &crate::core::paths::percent_decode(p))
            }
            _ => None,
        })
        .collect()
}
