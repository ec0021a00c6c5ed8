//! `docket init`: set docket up in an existing repository that has docs.
//!
//! Detects the docs root, then writes (never over an existing file unless
//! `force`): `book.toml` with facts configured for what the repository has,
//! `SUMMARY.md` listing every page when the docs have none, and a first
//! readiness manifest inferred from the docs. Every inferred manifest value
//! carries a comment naming the page and line it came from, so a reviewer can
//! check each one. Everything is computed, and the manifest checked the way
//! `docket check` loads it, before anything is written.
//!
//! Inference is a client of the stages: pages are read with `markdown`'s one
//! parse (claims, headings, markers, and the lists and tables of its outline),
//! block names are the built-in templates', the tracker is whichever adapter
//! finds its export, so what init writes agrees with what `check` later reads.
//! One file per thing inferred: `defines`, `profiles`, `workstreams`, `gate`,
//! `release`, `commands`, `docs` (the doc set and SUMMARY.md), `facts`
//! (book.toml's fact sources), after `detect` found the docs; `manifest` puts
//! the manifest together and `render` writes both files through templates.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::markdown::outline::Outline;
use crate::markdown::{self, Doc};

mod books;
mod code_defines;
mod commands;
mod defines;
mod detect;
mod docs;
mod facts;
mod gate;
mod manifest;
mod profiles;
mod release;
mod render;
mod workstreams;

pub use detect::detect_docs_root;
pub use render::yaml_str;

/// Where the manifest goes unless an existing `book.toml` names another path.
pub const MANIFEST_PATH: &str = "schemas/readiness.yaml";

/// Folders never scanned for code, besides hidden ones and the docs root.
const SKIP_DIRS: &[&str] = &["node_modules", "target", "book", "site", "dist"];

/// What to initialise.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The repository root, where `book.toml` goes.
    pub dir: PathBuf,
    /// Overwrite files that already exist.
    pub force: bool,
    /// Today (`YYYY-MM-DD`): the manifest's as-of date when the docs state none.
    pub today: String,
}

/// What `init` did.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    /// Files written, as `dir` joined with the file's path (just the path when
    /// `dir` is `.`), in the order written.
    pub written: Vec<PathBuf>,
    /// Files left alone because they exist (and `force` was not given).
    pub skipped: Vec<PathBuf>,
    /// What was detected and inferred, and what to review, one line each.
    pub notes: Vec<String>,
    /// What to do next, in order, one line each.
    pub next: Vec<String>,
}

/// Why `init` could not run. Nothing is written when one of these is returned,
/// except for [`InitError::Write`], which stops at the file it names.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The given folder is missing or is a file.
    #[error("{}: is not a folder; pass the repository root (the folder holding your docs folder)", path.display())]
    NotADir {
        /// The path given.
        path: PathBuf,
    },
    /// No folder with Markdown pages was found.
    #[error("{}: no docs found (looked for docs/, doc/, book/src/, src/SUMMARY.md and any top folder with .md files); create docs/ with your pages, or pass the repository root", path.display())]
    NoDocs {
        /// The repository root.
        path: PathBuf,
    },
    /// `today` is not a date.
    #[error("today's date `{today}` is not a YYYY-MM-DD date; pass a real date")]
    BadDate {
        /// What was given.
        today: String,
    },
    /// A folder or file could not be read.
    #[error("{}: cannot read: {source}; check its permissions", path.display())]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("{}: cannot write: {source}; check that the folder is writable (files listed before this one were written)", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A path init would read or write leads outside the repository.
    #[error(transparent)]
    Outside(#[from] crate::core::fs::FileError),
    /// What init inferred does not load; a docket bug, so nothing was written.
    #[error("{}: the inferred file does not load ({message}); nothing was written. This is a docket bug: please report it with the docs that caused it", path.display())]
    Inferred {
        /// The file that would have been written.
        path: PathBuf,
        /// The loader's complaint.
        message: String,
    },
}

/// Detect, infer, and write `book.toml`, `SUMMARY.md` and the manifest.
pub fn init(opts: &InitOptions) -> Result<InitReport, InitError> {
    let root = opts.dir.as_path();
    if !root.is_dir() {
        return Err(InitError::NotADir {
            path: root.to_path_buf(),
        });
    }
    if crate::input::manifest::parse_date(&opts.today).is_none() || opts.today.len() != 10 {
        return Err(InitError::BadDate {
            today: opts.today.clone(),
        });
    }
    let mut notes = Vec::new();

    // An existing book.toml that stays decides the docs root and manifest path;
    // else a book already set up elsewhere in the tree is used as it is.
    let existing = detect::existing_config(root, opts.force, &mut notes);
    let books = books::find_books(root, &mut notes);
    let chosen = if existing.is_some() {
        books.iter().position(|b| b.dir.is_empty())
    } else {
        let nested: Vec<books::FoundBook> = books
            .iter()
            .filter(|b| !b.dir.is_empty())
            .cloned()
            .collect();
        books::choose(&nested).and_then(|(i, why)| {
            let b = &nested[i];
            notes.push(format!(
                "{} is an mdBook book already: docket uses it as it is (its src `{}/`, its SUMMARY.md and its title), because {why}; {} is not changed, and the book.toml written at the root only points docket at the same pages so it can read the code, package.json and the tracker",
                b.toml_path(),
                b.src,
                b.toml_path()
            ));
            books.iter().position(|x| x.dir == b.dir)
        })
    };
    let chosen_book = chosen.and_then(|i| books.get(i));
    let docs_root = match (
        existing.as_ref().and_then(|e| e.src.clone()),
        chosen_book.filter(|_| existing.is_none()),
    ) {
        (Some(src), _) => src,
        (None, Some(b)) => b.src.clone(),
        (None, None) => detect::detect_docs_root(root).ok_or_else(|| InitError::NoDocs {
            path: root.to_path_buf(),
        })?,
    };
    notes.push(format!("docs root: {docs_root}/"));
    // The other books stay separate books, each checked on its own.
    let mut other_srcs: Vec<String> = Vec::new();
    for (i, b) in books.iter().enumerate() {
        if Some(i) == chosen || (b.dir.is_empty() && existing.is_none() && opts.force) {
            continue;
        }
        notes.push(format!(
            "{} is another book (src `{}/`, {} chapters): init set up only one; check it with `docket check --root {}`",
            b.toml_path(),
            b.src,
            b.chapters,
            b.root_arg()
        ));
        for folder in [&b.src, &b.dir] {
            if let Some(rel) = folder.strip_prefix(&format!("{docs_root}/")) {
                other_srcs.push(rel.to_string());
            }
        }
    }
    let manifest_rel = existing
        .as_ref()
        .and_then(|e| e.manifest.clone())
        .unwrap_or_else(|| MANIFEST_PATH.to_string());

    let src_dir = root.join(&docs_root);
    // The docs folder, and everything init writes, must resolve inside the
    // repository: a `docs` linked elsewhere would be read and written there.
    let book_root = crate::core::fs::Root::new(root)?;
    book_root.resolve(&src_dir)?;
    let all_pages = detect::read_pages(&src_dir, &docs_root, &mut notes)?;
    if all_pages.is_empty() {
        return Err(InitError::NoDocs {
            path: root.to_path_buf(),
        });
    }

    // The book's pages: those an existing SUMMARY.md lists, else every page
    // that is not a fragment, a template or another book's.
    let summary_file = src_dir.join("SUMMARY.md");
    let keep_summary = !opts.force && exists(&summary_file);
    let pages: Vec<&detect::PageText> = if keep_summary {
        let listed = detect::summary_pages(root, &summary_file);
        let kept: Vec<&detect::PageText> = all_pages
            .iter()
            .filter(|p| listed.contains(&p.path))
            .collect();
        notes.push(format!(
            "{docs_root}/SUMMARY.md exists: the manifest lists the {} pages it names",
            kept.len()
        ));
        kept
    } else {
        let included = books::included_files(&all_pages);
        let mut left_out: Vec<String> = Vec::new();
        let kept = all_pages
            .iter()
            .filter(|p| match books::not_a_chapter(p, &included, &other_srcs) {
                Some(why) => {
                    left_out.push(format!("{docs_root}/{} ({why})", p.path));
                    false
                }
                None => true,
            })
            .collect();
        if !left_out.is_empty() {
            let shown: Vec<&str> = left_out.iter().take(8).map(String::as_str).collect();
            let more = left_out.len().saturating_sub(shown.len());
            notes.push(format!(
                "{} files are not chapters, left out of SUMMARY.md and the manifest: {}{}",
                left_out.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        kept
    };
    if pages.is_empty() {
        return Err(InitError::NoDocs {
            path: root.to_path_buf(),
        });
    }

    let facts = facts::detect(root, &docs_root, &mut notes);
    let docs: Vec<ParsedPage> = pages
        .iter()
        .map(|p| ParsedPage {
            path: p.path.clone(),
            shown: format!("{docs_root}/{}", p.path),
            doc: p.doc.clone(),
            outline: p.outline.clone(),
            text: p.text.clone(),
        })
        .collect();
    for d in &docs {
        if let Err(errors) = crate::check::blocks::find(&d.doc, &d.text, &d.shown) {
            for e in errors {
                notes.push(format!("{e} (docket check stops here until this is fixed)"));
            }
        }
        for m in &d.doc.markers {
            if matches!(m.kind, markdown::MarkerKind::Start) && !is_block(&m.name) {
                notes.push(format!(
                    "{}: GENERATED block `{}` is another tool's (docket has no template of that name): docket leaves it alone; to have docket write it, add templates/blocks/{}.md and `templates = \"templates\"` under [preprocessor.docket]",
                    d.shown, m.name, m.name
                ));
            }
        }
    }

    // The title the maintainers gave their book, else the package's name.
    let title = chosen_book
        .and_then(|b| {
            b.title
                .clone()
                .map(|t| (t, format!("{} [book] title", b.toml_path())))
        })
        .or_else(|| {
            facts
                .package
                .as_ref()
                .and_then(|p| p.name.clone())
                .map(|n| (n, "package.json \"name\"".to_string()))
        })
        .unwrap_or_else(|| (folder_name(root), "the folder name".to_string()));
    let mut inferred = manifest::infer(&docs, &facts, &title, &opts.today, &mut notes);
    let inferred_error = |message: String| InitError::Inferred {
        path: root.join(&manifest_rel),
        message,
    };
    let mut manifest_text = render::manifest(&inferred).map_err(inferred_error)?;
    let scan_prefixes = code_defines::scan_prefixes(
        &inferred.defines,
        inferred.prefixes.as_ref().map(|p| p.value.as_slice()),
    );
    let book_toml = render::book_toml(&title, &docs_root, &manifest_rel, &facts, &scan_prefixes)
        .map_err(|message| InitError::Inferred {
            path: root.join("book.toml"),
            message,
        })?;
    let summary = docs::render_summary(&pages);

    // Check what would be written the way docket loads it.
    let known: Vec<&str> = crate::input::assets::BLOCKS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    let parse = |text: &str| crate::input::manifest::parse(text, Path::new(&manifest_rel), &known);
    let m = parse(&manifest_text)
        .map_err(|e| inferred_error(e.to_string()))?
        .0;
    // A block docket's template would not reproduce byte for byte is another
    // writer's: the manifest does not adopt it, so docket never rewrites it.
    let foreign = unreproduced_blocks(&m, &docs);
    if !foreign.is_empty() {
        for (path, name, shown) in &foreign {
            if let Some(entry) = inferred.docs.iter_mut().find(|e| &e.path == path) {
                entry.blocks.retain(|b| b != name);
            }
            notes.push(format!(
                "{shown}: GENERATED block `{name}` is not adopted: docket's `{name}` template does not reproduce it byte for byte from the inferred manifest, so it stays with whatever writes it now (the manifest does not list it). To hand it to docket, make the manifest hold what the block shows, add `blocks: [{name}]` to the `docs` entry of `{path}`, and run `docket check` (it shows the diff) then `docket sync`"
            ));
        }
        manifest_text = render::manifest(&inferred).map_err(inferred_error)?;
        parse(&manifest_text).map_err(|e| inferred_error(e.to_string()))?;
    }
    match crate::input::config::parse(&book_toml, root, Path::new("book.toml")) {
        Ok((_, warnings)) if warnings.is_empty() => {}
        Ok((_, warnings)) => {
            return Err(InitError::Inferred {
                path: root.join("book.toml"),
                message: warnings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
        Err(e) => {
            return Err(InitError::Inferred {
                path: root.join("book.toml"),
                message: e.to_string(),
            });
        }
    }

    let mut report = InitReport::default();
    let files = [
        ("book.toml".to_string(), book_toml),
        (format!("{docs_root}/SUMMARY.md"), summary),
        (manifest_rel.clone(), manifest_text),
    ];
    // All or nothing: every path is resolved (and refused) before a byte is
    // written, and files this run created are removed if a later write fails.
    for (rel, _) in &files {
        book_root.resolve(&root.join(rel))?;
    }
    let mut created: Vec<std::path::PathBuf> = Vec::new();
    for (rel, text) in files {
        let shown = shown_path(root, &rel);
        let path = root.join(&rel);
        let new = !exists(&path);
        match write_file(&book_root, &path, text.as_bytes(), opts.force) {
            Ok(true) => {
                if new {
                    created.push(path);
                }
                report.written.push(shown);
            }
            Ok(false) => report.skipped.push(shown),
            Err(e) => {
                for c in &created {
                    let _ = std::fs::remove_file(c);
                }
                return Err(e);
            }
        }
    }
    report.notes = notes;
    let dir_arg = if root.as_os_str().is_empty() || root == Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", root.display())
    };
    report.next = vec![
        format!(
            "review {} (each inferred value names the file and line it came from) and correct what the docs got wrong",
            shown_path(root, &manifest_rel).display()
        ),
        format!("run `docket check{dir_arg}` to see where the docs and the repository disagree"),
        format!(
            "run `docket sync{dir_arg}` to refresh docket's GENERATED blocks from the manifest"
        ),
    ];
    for b in books
        .iter()
        .filter(|b| Some(b.dir.as_str()) != chosen_book.map(|c| c.dir.as_str()))
    {
        if !(b.dir.is_empty() && opts.force) {
            report.next.push(format!(
                "check the other book with `docket check --root {}`",
                shown_path(root, &b.root_arg()).display()
            ));
        }
    }
    Ok(report)
}

/// Blocks the manifest lists that docket's template, rendered from `m`, would
/// not reproduce byte for byte (as `sync` splices it): `(page path, block,
/// path shown)`.
fn unreproduced_blocks(
    m: &crate::input::manifest::Manifest,
    docs: &[ParsedPage],
) -> Vec<(String, String, String)> {
    let templates: BTreeMap<String, String> = crate::input::assets::BLOCKS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut out = Vec::new();
    let Ok(renderer) = crate::check::blocks::Renderer::new(&templates) else {
        return out;
    };
    for d in docs {
        let Some(entry) = m.docs.iter().find(|e| e.path == d.path) else {
            continue;
        };
        let mut doc = d.doc.clone();
        doc.markers.retain(|mk| is_block(&mk.name));
        let Ok(spans) = crate::check::blocks::find(&doc, &d.text, &d.shown) else {
            continue;
        };
        for s in spans.iter().filter(|s| entry.blocks.contains(&s.name)) {
            let same = renderer.render(&s.name, m).is_ok_and(|new| {
                let one = BTreeMap::from([(s.name.clone(), new)]);
                crate::check::blocks::splice(&d.text, std::slice::from_ref(s), &one) == d.text
            });
            if !same {
                out.push((d.path.clone(), s.name.clone(), d.shown.clone()));
            }
        }
    }
    out
}

fn shown_path(root: &Path, rel: &str) -> PathBuf {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

/// Read a text file that must resolve inside `root`: what init infers from a
/// file linked out of the repository would be written into it.
pub(super) fn read_in(root: &Path, path: &Path) -> Result<String, crate::core::fs::FileError> {
    crate::core::fs::Root::new(root).and_then(|r| r.read_text(path))
}

fn exists(p: &Path) -> bool {
    p.symlink_metadata().is_ok()
}

fn folder_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "docs".to_string())
}

/// `/`-separated path of `p` relative to `base`, or `None` if it is not UTF-8.
fn rel_str(p: &Path, base: &Path) -> Option<String> {
    let rel = p.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|v| v.join("/"))
}

fn skip_dir(name: &str) -> bool {
    name.starts_with('.') || SKIP_DIRS.contains(&name)
}

/// Whether docket has a built-in template for generated block `name`.
fn is_block(name: &str) -> bool {
    crate::input::assets::BLOCKS.iter().any(|(n, _)| *n == name)
}

struct ParsedPage {
    /// Relative to the docs root.
    path: String,
    /// Relative to the repository root, for comments.
    shown: String,
    doc: Doc,
    /// Its lists and tables, from the same parse as `doc`.
    outline: Outline,
    text: String,
}

impl ParsedPage {
    fn line(&self, offset: usize) -> usize {
        self.doc.source_map.line_col(&self.text, offset).0
    }

    /// `docs/x.md:LINE` for a byte offset.
    fn at(&self, offset: usize) -> String {
        format!("{}:{}", self.shown, self.line(offset))
    }

    fn stem(&self) -> String {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name).to_lowercase()
    }
}

/// A value and the comment saying where it came from.
#[derive(Debug, Clone, Serialize)]
struct Found<T> {
    value: T,
    from: String,
}

fn found<T>(value: T, from: impl Into<String>) -> Found<T> {
    Found {
        value,
        from: from.into(),
    }
}

static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9.-]*$").expect("static regex"));

/// A lowercase id (`^[a-z0-9][a-z0-9.-]*$`) from free text; empty if nothing is left.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn unique_id(base: &str, fallback: &str, used: &mut BTreeSet<String>) -> String {
    let base = if ID.is_match(base) {
        base.to_string()
    } else {
        fallback.to_string()
    };
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// Write `bytes` to `path` unless it exists (and `force` is off). Returns
/// whether it was written. New files are created exclusively, so an existing
/// file is never clobbered by a race; a forced rewrite goes through a temporary
/// file renamed over the old one, keeping its permissions.
fn write_file(
    root: &crate::core::fs::Root,
    path: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<bool, InitError> {
    let werr = |source| InitError::Write {
        path: path.to_path_buf(),
        source,
    };
    // Resolved inside the root: a link is written through only to a target
    // inside (and the link kept).
    let path = &root.resolve(path)?;
    let existed = exists(path);
    if existed && !force {
        return Ok(false);
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(werr)?;
    if !existed {
        return match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(mut f) => match f.write_all(bytes).and_then(|()| f.sync_all()) {
                Ok(()) => Ok(true),
                Err(e) => {
                    let _ = std::fs::remove_file(path);
                    Err(werr(e))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && !force => Ok(false),
            Err(e) => Err(werr(e)),
        };
    }
    if path.is_dir() {
        return Err(werr(std::io::Error::other(
            "it is a folder; move it away first",
        )));
    }
    crate::output::sync::write_atomic(path, bytes).map_err(|e| match e {
        crate::core::fs::WriteError::Io { source, .. } => werr(source),
        crate::core::fs::WriteError::Refused { message, .. } => {
            werr(std::io::Error::other(message))
        }
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_the_id_pattern() {
        assert_eq!(
            slugify("Core compiler/runtime foundation"),
            "core-compiler-runtime-foundation"
        );
        assert_eq!(slugify("  Sec: tion #1 "), "sec-tion-1");
        assert_eq!(slugify("ünï"), "n");
        assert_eq!(slugify("!!!"), "");
    }
}
