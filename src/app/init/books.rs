//! Books already in the repository, and which Markdown files are chapters.
//!
//! A `book.toml` anywhere in the tree (outside hidden, build and vendored
//! folders) is an mdBook book its maintainers set up: init uses it as it is
//! (its `src`, its `SUMMARY.md`, its title) rather than inventing a second
//! book over the same pages. With several, init sets up one and says how to
//! check the others. Files that only feed other pages (include fragments,
//! templates, `SUMMARY.md` itself, another book's pages) are never chapters.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::detect::PageText;
use super::{rel_str, skip_dir};

/// Folders of other projects' code and docs bundled into a repository: their
/// READMEs are not this project's docs.
pub(super) const VENDORED_DIRS: &[&str] = &[
    "vendor",
    "vendored",
    "third_party",
    "third-party",
    "thirdparty",
    "3rdparty",
    "external",
    "externals",
    "deps",
    "bower_components",
    "jspm_packages",
    "site-packages",
    "Pods",
];

/// Files that mark a folder as a package of its own (a bundled library).
const PACKAGE_FILES: &[&str] = &[
    "package.json",
    "Cargo.toml",
    "haxelib.json",
    "pyproject.toml",
    "setup.py",
    "go.mod",
    "composer.json",
    "pom.xml",
    "build.gradle",
    "Gemfile",
];

/// A folder init never looks into for docs.
pub(super) fn not_docs_dir(name: &str) -> bool {
    skip_dir(name) || VENDORED_DIRS.contains(&name)
}

/// Whether a folder holds a package manifest of its own.
pub(super) fn is_package_dir(dir: &Path) -> bool {
    PACKAGE_FILES.iter().any(|f| dir.join(f).is_file())
        || std::fs::read_dir(dir).is_ok_and(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(".gemspec"))
        })
}

/// One `book.toml` found in the repository.
#[derive(Debug, Clone)]
pub(super) struct FoundBook {
    /// The folder holding it, relative to the repository root (`""` at the root).
    pub(super) dir: String,
    /// Its source folder, relative to the repository root.
    pub(super) src: String,
    /// `[book] title`, when set.
    pub(super) title: Option<String>,
    /// Chapters its SUMMARY.md lists (0 without one).
    pub(super) chapters: usize,
}

impl FoundBook {
    /// `docs/book.toml`, as notes show it.
    pub(super) fn toml_path(&self) -> String {
        if self.dir.is_empty() {
            "book.toml".to_string()
        } else {
            format!("{}/book.toml", self.dir)
        }
    }

    /// The `--root` that checks this book.
    pub(super) fn root_arg(&self) -> String {
        if self.dir.is_empty() {
            ".".to_string()
        } else {
            self.dir.clone()
        }
    }
}

/// Every loadable `book.toml` under `root` whose source folder exists, sorted
/// by folder. Hidden, build and vendored folders are not searched.
pub(super) fn find_books(root: &Path, notes: &mut Vec<String>) -> Vec<FoundBook> {
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .hidden(true)
        .max_depth(Some(6))
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_some_and(|t| t.is_dir())
                || !not_docs_dir(&e.file_name().to_string_lossy())
        })
        .build();
    let mut out = Vec::new();
    for entry in walker.flatten().take(200_000) {
        if entry.file_name() != crate::input::config::BOOK_TOML
            || !entry.file_type().is_some_and(|t| t.is_file())
        {
            continue;
        }
        let Some(dir_path) = entry.path().parent() else {
            continue;
        };
        let Some(dir) = rel_str(dir_path, root) else {
            continue;
        };
        let text = match super::read_in(root, entry.path()) {
            Ok(t) => t,
            Err(e) => {
                notes.push(format!("{e}; that book is left alone"));
                continue;
            }
        };
        let Ok((c, _)) = crate::input::config::parse(&text, dir_path, entry.path()) else {
            // Not a book docket can read (or another tool's file of that name).
            continue;
        };
        let src_rel = c.book.src.to_string_lossy().replace('\\', "/");
        let src_rel = src_rel.trim_end_matches('/');
        let src = if dir.is_empty() {
            crate::core::paths::join_rel("", src_rel)
        } else {
            crate::core::paths::join_rel(&dir, src_rel)
        };
        let Some(src) = src.filter(|s| root.join(s).is_dir()) else {
            continue;
        };
        let chapters = super::read_in(root, &root.join(&src).join("SUMMARY.md"))
            .map(|t| {
                crate::input::book::parse_summary(&t)
                    .items
                    .iter()
                    .filter(|i| {
                        matches!(
                            i,
                            crate::input::book::SummaryItem::Chapter { path: Some(_), .. }
                        )
                    })
                    .count()
            })
            .unwrap_or(0);
        out.push(FoundBook {
            dir,
            src,
            title: c.book.title.clone().filter(|t| !t.trim().is_empty()),
            chapters,
        });
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

/// The book init sets up, and why: the one at the repository root, else one
/// in the docs folder (`docs/`, `doc/`), else the one with the most chapters
/// (the shallowest on ties).
pub(super) fn choose(books: &[FoundBook]) -> Option<(usize, &'static str)> {
    if let Some(i) = books.iter().position(|b| b.dir.is_empty()) {
        return Some((i, "it is at the repository root"));
    }
    let docs_like = |b: &FoundBook| {
        let top = b.dir.split('/').next().unwrap_or("");
        matches!(top, "docs" | "doc" | "documentation")
    };
    let in_docs: Vec<usize> = (0..books.len()).filter(|&i| docs_like(&books[i])).collect();
    let pool: Vec<usize> = if in_docs.is_empty() {
        (0..books.len()).collect()
    } else {
        in_docs.clone()
    };
    let best = pool.into_iter().max_by(|&a, &b| {
        let (x, y) = (&books[a], &books[b]);
        x.chapters
            .cmp(&y.chapters)
            .then(y.dir.matches('/').count().cmp(&x.dir.matches('/').count()))
            .then(y.dir.cmp(&x.dir))
    })?;
    let why = if in_docs.len() == 1 {
        "it is the book in the docs folder"
    } else {
        "it has the most chapters"
    };
    Some((best, why))
}

/// `{{#include file}}` and its kin: the file is a fragment of this page.
static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{#(?:include|rustdoc_include|playground)\s+([^\s}:]+)").expect("static regex")
});
/// Why a Markdown file under the docs root is not a chapter, if it is not.
/// `others` are source folders of other books, relative to the docs root.
pub(super) fn not_a_chapter(
    page: &PageText,
    included: &BTreeSet<String>,
    others: &[String],
) -> Option<String> {
    let path = page.path.as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "SUMMARY.md" {
        return Some("a book's table of contents".into());
    }
    if let Some(o) = others
        .iter()
        .find(|o| o.is_empty() || path.starts_with(&format!("{o}/")))
    {
        return Some(format!("a page of the book in `{o}/`"));
    }
    if included.contains(path) {
        return Some("pulled into another page by `{{#include}}`".into());
    }
    crate::input::book::not_a_page(path, Some(&page.text))
}

/// Paths (relative to the docs root) that some page pulls in with `{{#include}}`.
pub(super) fn included_files(pages: &[PageText]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in pages {
        let dir = p.path.rsplit_once('/').map_or("", |(d, _)| d);
        for cap in INCLUDE.captures_iter(&p.text) {
            let Some(t) = cap.get(1) else { continue };
            if let Some(rel) = crate::core::paths::join_rel(dir, t.as_str()) {
                out.insert(rel);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(dir: &str, chapters: usize) -> FoundBook {
        FoundBook {
            dir: dir.into(),
            src: format!("{dir}/src"),
            title: None,
            chapters,
        }
    }

    #[test]
    fn the_root_book_then_the_docs_book_then_the_largest() {
        let b = [book("", 1), book("docs", 9)];
        assert_eq!(choose(&b).map(|c| c.0), Some(0));
        let b = [book("book", 30), book("docs/guide", 3), book("x", 1)];
        assert_eq!(choose(&b).map(|c| c.0), Some(1));
        let b = [book("a", 3), book("b", 30)];
        assert_eq!(choose(&b).map(|c| c.0), Some(1));
        assert_eq!(choose(&[]), None);
    }
}
