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

use crate::config::Config;

/// Pages larger than this are refused: no real doc page is this big, and it keeps
/// a hostile input from exhausting memory.
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

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

/// Parse `SUMMARY.md` text. Never fails.
pub fn parse_summary(text: &str) -> Summary {
    let mut items = Vec::new();
    let mut depth: usize = 0;
    let mut heading: Option<String> = None;
    let mut link: Option<(String, String, usize)> = None;
    let mut seen_title = false;
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
    /// Source text.
    pub text: String,
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
#[derive(Debug, Clone)]
pub struct Book {
    /// `SUMMARY.md` path relative to the root.
    pub summary_path: String,
    /// `SUMMARY.md` text.
    pub summary_text: String,
    /// Parsed `SUMMARY.md`.
    pub summary: Summary,
    /// Pages in SUMMARY order, each once.
    pub pages: Vec<Page>,
    /// Entries whose page could not be read.
    pub missing: Vec<MissingPage>,
    /// Markdown files in the source folder that SUMMARY does not list, sorted.
    pub orphans: Vec<String>,
    /// Every regular file under the source folder (source-relative, `/`-separated),
    /// from the one walk: link checks look here before asking the file system.
    pub files: std::collections::HashSet<String>,
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
    /// A file exists but cannot be read.
    #[error("{}: cannot read: {source}; check its permissions", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not UTF-8, or too large.
    #[error("{}:{line}:{col}: {message}", path.display())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What and what to do.
        message: String,
    },
}

/// Normalise `rel` (relative to `base`, both `/`-separated, inside the tree) lexically.
/// `None` when it climbs above the tree's top.
pub fn join_rel(base_dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a `/`-separated path.
pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Read a text file from inside `top` (canonical), refusing symlinks that leave it.
pub fn read_inside(top: &Path, file: &Path) -> Result<Option<String>, BookError> {
    let canon = match file.canonicalize() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(BookError::Io {
                path: file.to_path_buf(),
                source,
            });
        }
    };
    if !canon.starts_with(top) || !canon.is_file() {
        return Ok(None);
    }
    read_text(file).map(Some)
}

/// Read a UTF-8 text file, refusing huge or non-UTF-8 ones with a position.
pub fn read_text(file: &Path) -> Result<String, BookError> {
    // Only regular files: opening a named pipe would block forever, and a device
    // (`/dev/zero`) never ends.
    let meta = std::fs::metadata(file).map_err(|source| BookError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(BookError::BadFile {
            path: file.to_path_buf(),
            line: 1,
            col: 1,
            message:
                "is not a regular file (a folder, pipe or device); point docket at a text file"
                    .into(),
        });
    }
    read_regular(file)
}

/// Read a file already known to be regular (listed by the book's walk, which
/// reads types from the folder without a `stat`): open, size from the open
/// handle, read with the size cap, check UTF-8.
fn read_regular(file: &Path) -> Result<String, BookError> {
    use std::io::Read;
    let f = std::fs::File::open(file).map_err(|source| BookError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let len = f.metadata().map_or(0, |m| m.len());
    // Sized up front: growing the buffer by doubling was a tenth of `check`.
    let mut bytes = Vec::with_capacity(len.min(MAX_PAGE_BYTES) as usize + 1);
    f.take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| BookError::Io {
            path: file.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(BookError::BadFile {
            path: file.to_path_buf(),
            line: 1,
            col: 1,
            message: format!(
                "larger than {} MiB; split the page or remove it from the book",
                MAX_PAGE_BYTES / (1024 * 1024)
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid);
        let (line, col) = crate::span::line_col(&valid, valid.len());
        BookError::BadFile {
            path: file.to_path_buf(),
            line,
            col,
            message: "not valid UTF-8; re-save the file as UTF-8".into(),
        }
    })
}

/// Read `SUMMARY.md` and every page it lists.
pub fn load(config: &Config) -> Result<Book, BookError> {
    let src = config.src_dir();
    let summary_file = src.join("SUMMARY.md");
    let top = match src.canonicalize() {
        Ok(t) => t,
        Err(_) => return Err(BookError::NoSummary { path: summary_file }),
    };
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
            }),
            None => missing.push(MissingPage {
                path: target.clone(),
                offset,
                reason: "does not exist (or leaves the source folder through a link)".into(),
            }),
        }
    }
    missing.sort_by_key(|m| m.offset);
    let orphans: Vec<String> = md_files
        .into_iter()
        .filter(|r| !listed.contains(r))
        .collect();
    let summary_path = rel_to_root(config, &summary_file);
    Ok(Book {
        summary_path,
        summary_text,
        summary,
        pages,
        missing,
        orphans,
        files: regular,
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

/// Decode `%XX` escapes in a link target; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
