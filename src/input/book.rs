//! Stage 3: `SUMMARY.md` and the pages it lists, read from the source folder.
//!
//! SUMMARY grammar (mdBook's): an optional `# Summary` title; prefix chapters as
//! bare links; `# Part` headings; nested list items `- [Title](path.md)`, where a
//! draft chapter has an empty target `[Title]()`; `---` separators. docket is
//! lenient: anything else is skipped rather than fatal, because a checker must
//! still report on a book mdBook would refuse.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use walkdir::WalkDir;

use crate::core::fs::{FileError, read_inside, read_regular};
use crate::core::paths::{join_rel, percent_decode};
use crate::input::config::Config;

/// Pages larger than this are refused: no real doc page is this big, and it keeps
/// a hostile input from exhausting memory.
pub use crate::core::fs::MAX_FILE_BYTES as MAX_PAGE_BYTES;

/// Folder names whose Markdown files are pieces of other pages, not pages.
const FRAGMENT_DIRS: &[&str] = &[
    "templates",
    "template",
    "_templates",
    "partials",
    "_partials",
    "includes",
    "_includes",
    "include",
    "fragments",
    "snippets",
];

/// Template syntax a page only has when it is a template for something else:
/// block helpers (`{{#each}}` … `{{/each}}`), partials (`{{> x}}`), Jinja tags.
static TEMPLATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\{\{/[A-Za-z]|\{\{>\s*[A-Za-z]|\{%-?\s*(?:if|for|block|extends|include|macro)\b",
    )
    .expect("static regex")
});

/// Why a Markdown file of the source folder (`path`, `/`-separated, with its
/// `text` when read) is not a page of its own, if it is not: a table of
/// contents, a fragment folder's piece, a template. `init` leaves these out of
/// the chapters, and `summary-orphan` does not ask for them.
pub fn not_a_page(path: &str, text: Option<&str>) -> Option<String> {
    let folders: Vec<&str> = path.split('/').collect();
    if folders.last() == Some(&"SUMMARY.md") {
        return Some("a book's table of contents".into());
    }
    if let Some(f) = folders[..folders.len().saturating_sub(1)]
        .iter()
        .find(|f| FRAGMENT_DIRS.contains(&f.to_lowercase().as_str()))
    {
        return Some(format!("it is in a `{f}/` folder of fragments"));
    }
    if text.is_some_and(|t| TEMPLATE.is_match(t)) {
        return Some("it is a template (block helpers, partials or template tags)".into());
    }
    None
}

/// One entry of `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryItem {
    /// A `# Part` title.
    Part(String),
    /// A chapter link; `path` is `None` for a draft chapter.
    Chapter {
        /// Link text.
        title: String,
        /// Target relative to the source folder, as written.
        path: Option<String>,
        /// List nesting: 0 for prefix/suffix chapters and top-level items.
        depth: usize,
        /// A list item, which mdBook numbers (`1.2.`); prefix and suffix
        /// chapters, links outside a list, are not.
        numbered: bool,
        /// Byte offset of the link in `SUMMARY.md`.
        offset: usize,
    },
    /// A `---` separator.
    Separator,
}

/// The parsed `SUMMARY.md`.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Entries in file order.
    pub items: Vec<SummaryItem>,
}

impl Summary {
    /// mdBook's section number of each item (`[1, 2]` for `1.2.`), `None`
    /// for parts, separators and unnumbered chapters. As mdBook: numbers run
    /// on across parts; a draft has one too.
    pub fn section_numbers(&self) -> Vec<Option<Vec<u32>>> {
        let mut counters: Vec<u32> = Vec::new();
        self.items
            .iter()
            .map(|item| match item {
                SummaryItem::Chapter {
                    depth,
                    numbered: true,
                    ..
                } => {
                    counters.truncate(depth + 1);
                    counters.resize(depth + 1, 0);
                    counters[*depth] += 1;
                    Some(counters.clone())
                }
                _ => None,
            })
            .collect()
    }
}

/// Parse `SUMMARY.md` text. Never fails.
pub fn parse_summary(text: &str) -> Summary {
    let mut items = Vec::new();
    let mut depth: usize = 0;
    let mut heading: Option<String> = None;
    let mut link: Option<(String, String, usize)> = None;
    let mut seen_title = false;
    crate::core::work::add(crate::core::work::Pass::Parse, text.len());
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    // The first heading is the book's "Summary" title, as in mdBook.
                    if seen_title || !items.is_empty() {
                        items.push(SummaryItem::Part(h.trim().to_string()));
                    }
                    seen_title = true;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new(), range.start));
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, title, offset)) = link.take() {
                    let path = (!dest.trim().is_empty()).then(|| dest.trim().to_string());
                    items.push(SummaryItem::Chapter {
                        title: title.trim().to_string(),
                        path,
                        depth: depth.saturating_sub(1),
                        numbered: depth > 0,
                        offset,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title, _)) = link.as_mut() {
                    title.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Rule => items.push(SummaryItem::Separator),
            _ => {}
        }
    }
    Summary { items }
}

/// A page of the book.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the source folder, with `/` separators.
    pub path: String,
    /// Title from `SUMMARY.md`.
    pub title: String,
    /// Nesting depth in `SUMMARY.md`.
    pub depth: usize,
    /// Source text, as written (what `sync` edits).
    pub text: String,
    /// What the preprocessors made of the text, when they changed it.
    pub expansion: Option<crate::input::preprocess::Expansion>,
    /// The page's `<title>` from `{{#title …}}`, when it sets one.
    pub page_title: Option<String>,
}

impl Page {
    /// The text to parse and render: the preprocessors' output.
    pub fn parsed_text(&self) -> &str {
        self.expansion.as_ref().map_or(&self.text, |e| &e.text)
    }

    /// The page's path in the site (`README.md` → `index.html`, as mdBook).
    pub fn url(&self, readme_index: bool) -> String {
        crate::input::preprocess::page_url(&self.path, readme_index)
    }
}

/// A `SUMMARY.md` entry whose page cannot be read from inside the book.
#[derive(Debug, Clone)]
pub struct MissingPage {
    /// Target as written.
    pub path: String,
    /// Byte offset of the entry in `SUMMARY.md`.
    pub offset: usize,
    /// Why: missing, or outside the source folder.
    pub reason: String,
}

/// The book as read from disk.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// `SUMMARY.md` path relative to the root.
    pub summary_path: String,
    /// `SUMMARY.md` text.
    pub summary_text: String,
    /// Parsed `SUMMARY.md`.
    pub summary: Summary,
    /// Pages in SUMMARY order, each once; then the repository's own docs
    /// outside the source folder (from `repository_docs` on), checked but not
    /// rendered.
    pub pages: Vec<Page>,
    /// How many of `pages` SUMMARY lists: the chapters the site renders.
    pub chapters: usize,
    /// Entries whose page could not be read.
    pub missing: Vec<MissingPage>,
    /// Markdown files in the source folder that SUMMARY does not list, sorted.
    pub orphans: Vec<String>,
    /// Every regular file under the source folder (source-relative, `/`-separated),
    /// from the one walk: link checks look here before asking the file system.
    pub files: std::collections::HashSet<String>,
    /// What the preprocessors had to say (missing includes, failed commands).
    pub warnings: Vec<crate::input::config::ConfigWarning>,
    /// Preprocessors the book declares that did not run (missing or failed):
    /// what they would have made of the pages is unknown.
    pub not_run: Vec<String>,
}

/// Why the book cannot be read. Each stops the run with exit 2.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// No `SUMMARY.md`.
    #[error("{}: not found; create it (mdBook's format: `- [Title](page.md)` per page) or set `src` under [book] in book.toml", path.display())]
    NoSummary {
        /// Expected location.
        path: PathBuf,
    },
    /// A file exists but cannot be read, or is not UTF-8, or is too large.
    #[error(transparent)]
    File(#[from] FileError),
}

/// Read `SUMMARY.md` and every page it lists, and run the book's preprocessors.
pub fn load(config: &Config) -> Result<Book, BookError> {
    load_with(config, &crate::input::preprocess::Policy::never())
}

/// As [`load`]; external preprocessors run as `policy` says (inside
/// `docket mdbook`, mdBook has run them: never).
pub fn load_with(
    config: &Config,
    policy: &crate::input::preprocess::Policy,
) -> Result<Book, BookError> {
    let mut book = read(config)?;
    book.warnings = crate::input::preprocess::run(config, &mut book, policy);
    // After the preprocessors: they are the book's, and no external one is
    // sent a file SUMMARY does not list.
    add_repository_docs(config, &mut book)?;
    Ok(book)
}

impl Book {
    /// The pages SUMMARY lists, which the site renders.
    pub fn chapters(&self) -> &[Page] {
        &self.pages[..self.chapters.min(self.pages.len())]
    }
}

/// The repository's own Markdown outside the source folder (the root README,
/// CONTRIBUTING, a changelog): what readers of the repository read first, and
/// where maintainers most often leave drift. Checked like pages, never
/// rendered unless SUMMARY lists them. A page's path is relative to the source
/// folder, so these are written with `..` (`../README.md`).
fn add_repository_docs(config: &Config, book: &mut Book) -> Result<(), BookError> {
    let src = config.src_dir();
    let prefix = rel_to_root(config, &src);
    if prefix.is_empty() {
        // The source folder is the root: its Markdown is the book's already.
        return Ok(());
    }
    let names: Vec<String> = match &config.docket.repository_docs {
        Some(list) => list.clone(),
        None => {
            let Ok(entries) = std::fs::read_dir(&config.root) else {
                return Ok(());
            };
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.len() > 3 && n.to_ascii_lowercase().ends_with(".md"))
                .collect();
            names.sort();
            names
        }
    };
    let Ok(top) = config.root.canonicalize() else {
        return Ok(());
    };
    let up = "../".repeat(prefix.split('/').count());
    let listed: BTreeSet<&str> = book.pages.iter().map(|p| p.path.as_str()).collect();
    let mut extra = Vec::new();
    for name in names {
        let Some(rel) = join_rel("", &name) else {
            continue;
        };
        let path = format!("{up}{rel}");
        if rel == prefix || rel.starts_with(&format!("{prefix}/")) || listed.contains(path.as_str())
        {
            continue;
        }
        // Read only inside the root, whatever links the name passes.
        let Some(text) = read_inside(&top, &config.root.join(&rel))? else {
            continue;
        };
        extra.push(Page {
            title: rel.clone(),
            path,
            depth: 0,
            text,
            expansion: None,
            page_title: None,
        });
    }
    book.chapters = book.pages.len();
    book.pages.extend(extra);
    Ok(())
}

fn read(config: &Config) -> Result<Book, BookError> {
    let src = config.src_dir();
    let summary_file = src.join("SUMMARY.md");
    let top = match src.canonicalize() {
        Ok(t) => t,
        Err(_) => return Err(BookError::NoSummary { path: summary_file }),
    };
    // A source folder linked out of the book would publish what it holds.
    if !crate::core::fs::Root::new(&config.root)?.holds(&top) {
        return Err(FileError::Outside {
            path: src,
            target: top,
        }
        .into());
    }
    let summary_text = match read_inside(&top, &summary_file)? {
        Some(t) => t,
        None => return Err(BookError::NoSummary { path: summary_file }),
    };
    let summary = parse_summary(&summary_text);
    // One walk of the source folder (links not followed) lists its regular files:
    // pages among them are read directly; anything else (a symlink) is resolved
    // and must stay inside the folder.
    let mut regular = std::collections::HashSet::new();
    let mut md_files = Vec::new();
    for entry in WalkDir::new(&src).follow_links(false).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&src) else {
            continue;
        };
        let rel = rel
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect::<Vec<_>>()
            .join("/");
        if rel.ends_with(".md") && rel != "SUMMARY.md" {
            md_files.push(rel.clone());
        }
        regular.insert(rel);
    }
    let mut wanted = Vec::new();
    let mut missing = Vec::new();
    let mut listed = BTreeSet::new();
    for item in &summary.items {
        let SummaryItem::Chapter {
            title,
            path: Some(target),
            depth,
            offset,
            ..
        } = item
        else {
            continue;
        };
        let target_path = target.split('#').next().unwrap_or("");
        let Some(rel) = join_rel("", &percent_decode(target_path)) else {
            missing.push(MissingPage {
                path: target.clone(),
                offset: *offset,
                reason: "points outside the book's source folder".into(),
            });
            continue;
        };
        if listed.insert(rel.clone()) {
            wanted.push((rel, title, *depth, target, *offset));
        }
    }
    use rayon::prelude::*;
    let texts: Vec<Option<String>> = wanted
        .par_iter()
        .map(|(rel, ..)| {
            let file = src.join(rel);
            if regular.contains(rel) {
                read_regular(&file).map(Some)
            } else {
                read_inside(&top, &file)
            }
        })
        .collect::<Result<_, _>>()?;
    let mut pages = Vec::with_capacity(wanted.len());
    for ((rel, title, depth, target, offset), text) in wanted.into_iter().zip(texts) {
        match text {
            Some(text) => pages.push(Page {
                path: rel,
                title: title.clone(),
                depth,
                text,
                expansion: None,
                page_title: None,
            }),
            None => missing.push(MissingPage {
                path: target.clone(),
                offset,
                reason: "does not exist (or leaves the source folder through a link)".into(),
            }),
        }
    }
    missing.sort_by_key(|m| m.offset);
    // Pieces of pages and templates are no chapters to add (read only the
    // few files SUMMARY.md does not list).
    let orphans: Vec<String> = md_files
        .into_iter()
        .filter(|r| !listed.contains(r))
        .filter(|r| {
            let text = read_regular(&src.join(r)).ok();
            not_a_page(r, text.as_deref()).is_none()
        })
        .collect();
    let summary_path = rel_to_root(config, &summary_file);
    Ok(Book {
        summary_path,
        summary_text,
        summary,
        chapters: pages.len(),
        pages,
        missing,
        orphans,
        files: regular,
        warnings: Vec::new(),
        not_run: Vec::new(),
    })
}

/// `file` relative to the book root with `/` separators, for reports.
pub fn rel_to_root(config: &Config, file: &Path) -> String {
    let rel = file.strip_prefix(&config.root).unwrap_or(file);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_fragments_are_told_from_pages() {
        let t = |text: &str| not_a_page("a.md", Some(text)).is_some();
        assert!(t("{{#options}}\n{{/options}}"));
        assert!(t("{{> header}}"));
        assert!(t("{% if x %}"));
        assert!(!t("{{#include a.md}} and {{#title T}}"));
        assert!(!t("Use `{{ name }}` in your config."));
        assert!(not_a_page("guide/SUMMARY.md", None).is_some());
        assert!(not_a_page("partials/head.md", None).is_some());
        assert!(not_a_page("guide/intro.md", None).is_none());
    }

    #[test]
    fn summary_parts_nesting_and_drafts() {
        let s = parse_summary(
            "# Summary\n\n[Intro](index.md)\n\n# Part A\n\n- [One](one.md)\n  - [Sub](a/sub.md)\n- [Draft]()\n\n---\n",
        );
        let chapters: Vec<_> = s
            .items
            .iter()
            .filter_map(|i| match i {
                SummaryItem::Chapter { path, depth, .. } => Some((path.clone(), *depth)),
                _ => None,
            })
            .collect();
        assert_eq!(
            chapters,
            vec![
                (Some("index.md".into()), 0),
                (Some("one.md".into()), 0),
                (Some("a/sub.md".into()), 1),
                (None, 0)
            ]
        );
        assert!(s.items.contains(&SummaryItem::Part("Part A".into())));
        assert!(s.items.contains(&SummaryItem::Separator));
        assert!(!s.items.contains(&SummaryItem::Part("Summary".into())));
    }

    #[test]
    fn join_rel_stays_inside() {
        assert_eq!(join_rel("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_rel("", "./x.md").as_deref(), Some("x.md"));
        assert_eq!(join_rel("a", "../../x.md"), None);
        assert_eq!(join_rel("", "/etc/passwd"), None);
    }
}
