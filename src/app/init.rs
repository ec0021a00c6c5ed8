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
//! Inference reads pages with the same parser and claim extraction `check`
//! uses, so what init writes agrees with what `check` later reads.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

use crate::markdown::claims::{Claim, ClaimContext};

mod code_defines;
use crate::markdown::{self, Doc};

/// Where the manifest goes unless an existing `book.toml` names another path.
pub const MANIFEST_PATH: &str = "schemas/readiness.yaml";

/// At most this many files are read while looking for define-reading code.
const MAX_SOURCE_FILES: usize = 50_000;
/// Folders never scanned for code, besides hidden ones and the docs root.
const SKIP_DIRS: &[&str] = &["node_modules", "target", "book", "site", "dist"];
/// Generated blocks init may list for a page (the built-in templates).
const BLOCK_NAMES: &[&str] = &[
    "progress-status",
    "vision-status",
    "defines-table",
    "profiles-table",
    "gate-checklist",
];

/// Well-known calls that read a compile-time define, as (name shown in notes,
/// regex that finds the call, pattern for `[preprocessor.docket.facts.defines]`
/// or `None` when docket's default pattern already covers it).
const DEFINE_CALLS: &[(&str, &str, Option<&str>)] = &[
    ("Context.defined", r"Context\.defined(?:Value)?\(", None),
    (
        "Compiler.getDefine",
        r"Compiler\.getDefine\(",
        Some(r"Compiler\.getDefine\(\s*([^),\s]+)"),
    ),
];

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

    // An existing book.toml that stays decides the docs root and manifest path.
    let existing = existing_config(root, opts.force, &mut notes);
    let docs_root = match existing.as_ref().and_then(|e| e.src.clone()) {
        Some(src) => src,
        None => detect_docs_root(root).ok_or_else(|| InitError::NoDocs {
            path: root.to_path_buf(),
        })?,
    };
    notes.push(format!("docs root: {docs_root}/"));
    let manifest_rel = existing
        .as_ref()
        .and_then(|e| e.manifest.clone())
        .unwrap_or_else(|| MANIFEST_PATH.to_string());

    let src_dir = root.join(&docs_root);
    let all_pages = read_pages(&src_dir, &docs_root, &mut notes)?;
    if all_pages.is_empty() {
        return Err(InitError::NoDocs {
            path: root.to_path_buf(),
        });
    }

    // The book's pages: those an existing SUMMARY.md lists, else all of them.
    let summary_file = src_dir.join("SUMMARY.md");
    let keep_summary = !opts.force && exists(&summary_file);
    let pages: Vec<&PageText> = if keep_summary {
        let listed = summary_pages(&summary_file);
        let kept: Vec<&PageText> = all_pages
            .iter()
            .filter(|p| listed.contains(&p.path))
            .collect();
        notes.push(format!(
            "{docs_root}/SUMMARY.md exists: the manifest lists the {} pages it names",
            kept.len()
        ));
        kept
    } else {
        all_pages.iter().collect()
    };

    let facts = detect_facts(root, &docs_root, &mut notes);
    let docs: Vec<ParsedPage> = pages
        .iter()
        .map(|p| ParsedPage {
            path: p.path.clone(),
            shown: format!("{docs_root}/{}", p.path),
            doc: p.doc.clone(),
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
            if matches!(m.kind, markdown::MarkerKind::Start)
                && !BLOCK_NAMES.contains(&m.name.as_str())
            {
                notes.push(format!(
                    "{} carries GENERATED block `{}`, which docket has no template for; add templates/blocks/{}.md (and `templates = \"templates\"` under [preprocessor.docket]) or remove its markers, else docket check stops",
                    d.shown, m.name, m.name
                ));
            }
        }
    }

    let title = facts
        .package
        .as_ref()
        .and_then(|p| p.name.clone())
        .map(|n| (n, "package.json \"name\"".to_string()))
        .unwrap_or_else(|| (folder_name(root), "the folder name".to_string()));
    let inferred = infer(&docs, &facts, &title, &opts.today, &mut notes);
    let manifest_text = inferred.render();
    let scan_prefixes = code_defines::scan_prefixes(
        &inferred.defines,
        inferred.prefixes.as_ref().map(|p| p.value.as_slice()),
    );
    let book_toml = render_book_toml(&title, &docs_root, &manifest_rel, &facts, &scan_prefixes);
    let summary = render_summary(&all_pages);

    // Check what would be written the way docket loads it.
    let known: Vec<&str> = crate::input::assets::BLOCKS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    match crate::input::manifest::parse(&manifest_text, Path::new(&manifest_rel), &known) {
        Ok((m, _)) => stale_block_notes(&m, &docs, &mut notes),
        Err(e) => {
            return Err(InitError::Inferred {
                path: root.join(&manifest_rel),
                message: e.to_string(),
            });
        }
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
    for (rel, text) in files {
        let shown = shown_path(root, &rel);
        if write_file(&root.join(&rel), text.as_bytes(), opts.force)? {
            report.written.push(shown);
        } else {
            report.skipped.push(shown);
        }
    }
    report.notes = notes;
    Ok(report)
}

/// Blocks the manifest claims whose content docket would render differently:
/// `check` reports them as stale until `docket sync` takes them over.
fn stale_block_notes(
    m: &crate::input::manifest::Manifest,
    docs: &[ParsedPage],
    notes: &mut Vec<String>,
) {
    let templates: BTreeMap<String, String> = crate::input::assets::BLOCKS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let Ok(renderer) = crate::check::blocks::Renderer::new(&templates) else {
        return;
    };
    for d in docs {
        let Some(entry) = m.docs.iter().find(|e| e.path == d.path) else {
            continue;
        };
        let Ok(spans) = crate::check::blocks::find(&d.doc, &d.text, &d.shown) else {
            continue;
        };
        for s in spans.iter().filter(|s| entry.blocks.contains(&s.name)) {
            let Ok(new) = renderer.render(&s.name, m) else {
                continue;
            };
            let old = d.text.get(s.content()).unwrap_or("").replace("\r\n", "\n");
            if old.trim_end() != new.replace("\r\n", "\n").trim_end() {
                notes.push(format!(
                    "{}: block `{}` differs from what docket renders from the inferred manifest; `docket check` shows the diff, and `docket sync` hands the block over to docket",
                    d.shown, s.name
                ));
            }
        }
    }
}

fn shown_path(root: &Path, rel: &str) -> PathBuf {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
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

// ---------------------------------------------------------------------------
// Detection

struct ExistingConfig {
    src: Option<String>,
    manifest: Option<String>,
}

/// An existing `book.toml` that will be kept: its `src` and `manifest`, when set.
fn existing_config(root: &Path, force: bool, notes: &mut Vec<String>) -> Option<ExistingConfig> {
    let path = root.join(crate::input::config::BOOK_TOML);
    if force || !exists(&path) {
        return None;
    }
    let text = match crate::core::fs::read_text(&path) {
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

fn skip_dir(name: &str) -> bool {
    name.starts_with('.') || SKIP_DIRS.contains(&name)
}

/// Markdown files under `dir`, up to `limit`.
fn count_md(dir: &Path, limit: usize) -> usize {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(16)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_type().is_dir() || !skip_dir(&e.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".md"))
        .take(limit)
        .count()
}

/// `docs/`, else `doc/`, else `book/src`, else `src/` holding SUMMARY.md, else
/// the top folder with the most Markdown files.
pub fn detect_docs_root(root: &Path) -> Option<String> {
    for c in ["docs", "doc", "book/src"] {
        let d = root.join(c);
        if d.is_dir() && count_md(&d, 1) > 0 {
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
        if skip_dir(&name) || !e.file_type().is_ok_and(|t| t.is_dir()) {
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
struct PageText {
    /// Relative to the docs root, `/`-separated.
    path: String,
    text: String,
    /// The first `# ` heading, else the file name.
    title: String,
    /// Its one parse (no HTML).
    doc: Doc,
}

/// Every readable Markdown page under the docs root (SUMMARY.md aside), sorted.
fn read_pages(
    src: &Path,
    docs_root: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<PageText>, InitError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src)
        .follow_links(false)
        .sort_by_file_name()
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
                let doc = markdown::parse_page(&rel, &text, &ClaimContext::default(), false);
                let title = page_title(&doc).unwrap_or_else(|| stem_title(&rel));
                out.push(PageText {
                    path: rel,
                    text,
                    title,
                    doc,
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

fn stem_title(rel: &str) -> String {
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
fn summary_pages(file: &Path) -> BTreeSet<String> {
    let Ok(text) = crate::core::fs::read_text(file) else {
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

/// package.json, read.
struct PackageJson {
    name: Option<String>,
    /// `major.minor` of `version`.
    version: Option<String>,
    repository: Option<String>,
    /// Script name → command.
    scripts: BTreeMap<String, String>,
}

/// What the repository offers as truth for `[preprocessor.docket.facts]`.
#[derive(Default)]
struct Facts {
    /// The repository root.
    root: PathBuf,
    package: Option<PackageJson>,
    makefile: Option<String>,
    /// The tracker export's path, and its live issues as (id, title).
    tracker: Option<(String, Vec<(String, String)>)>,
    defines: Option<DefineSources>,
    /// What that code reads, scanned as `check` scans it.
    code_defines: Option<crate::input::facts::DefineFacts>,
}

struct DefineSources {
    /// The well-known calls found, for notes.
    calls: Vec<String>,
    sources: Vec<String>,
    globs: Vec<String>,
    patterns: Vec<String>,
    wrappers: Vec<String>,
}

fn detect_facts(root: &Path, docs_root: &str, notes: &mut Vec<String>) -> Facts {
    let mut f = Facts {
        root: root.to_path_buf(),
        ..Facts::default()
    };
    if root.join("package.json").is_file() {
        match crate::input::facts::scripts::package_json(root, Path::new("package.json")) {
            Ok(_) => f.package = read_package(&root.join("package.json")),
            Err(e) => notes.push(format!(
                "{e}; package.json is not configured as a fact source"
            )),
        }
    }
    for name in ["Makefile", "makefile", "GNUmakefile"] {
        if root.join(name).is_file() {
            match crate::input::facts::scripts::makefile(root, Path::new(name)) {
                Ok(_) => f.makefile = Some(name.to_string()),
                Err(e) => notes.push(format!(
                    "{e}; the Makefile is not configured as a fact source"
                )),
            }
            break;
        }
    }
    let tracker = Path::new(".beads/issues.jsonl");
    if root.join(tracker).is_file() {
        match crate::input::facts::beads::load(root, tracker) {
            Ok(t) => {
                let issues = t
                    .issues
                    .iter()
                    .map(|(id, i)| (id.clone(), i.title.clone()))
                    .collect();
                f.tracker = Some((".beads/issues.jsonl".into(), issues));
            }
            Err(e) => notes.push(format!(
                "{e}; the tracker is not configured as a fact source"
            )),
        }
    }
    f.defines = scan_define_sources(root, docs_root);
    f.code_defines = f
        .defines
        .as_ref()
        .and_then(|d| code_defines::scan(root, d, notes));
    if let Some(d) = &f.defines {
        notes.push(format!(
            "code reading defines ({}) found under {}: define scanning configured",
            d.calls.join(", "),
            d.sources
                .iter()
                .map(|s| format!("{s}/"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !d.wrappers.is_empty() {
            notes.push(format!("define wrappers found: {}", d.wrappers.join(", ")));
        }
    }
    f
}

fn read_package(path: &Path) -> Option<PackageJson> {
    let text = crate::core::fs::read_text(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let name = v
        .get("name")
        .and_then(|n| n.as_str())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let repo = match v.get("repository") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(o) => o.get("url").and_then(|u| u.as_str()).map(str::to_string),
        None => None,
    };
    let repository = repo.and_then(|r| {
        let r = r.trim();
        let r = r.strip_prefix("git+").unwrap_or(r);
        let r = r.strip_suffix(".git").unwrap_or(r);
        let ok = (r.starts_with("https://") || r.starts_with("http://"))
            && r.len() > "https://".len()
            && !r
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\\');
        ok.then(|| r.to_string())
    });
    let scripts = v
        .get("scripts")
        .and_then(|s| s.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    let version = v
        .get("version")
        .and_then(|x| x.as_str())
        .and_then(|x| VERSION.captures(x))
        .and_then(|c| Some(format!("{}.{}", c.get(1)?.as_str(), c.get(2)?.as_str())));
    Some(PackageJson {
        name,
        version,
        repository,
        scripts,
    })
}

static FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bfunction\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)")
        .expect("static regex")
});

/// Top folders (not the docs, not hidden or build folders) holding code that
/// reads defines through a well-known call, with the file kinds to scan.
fn scan_define_sources(root: &Path, docs_root: &str) -> Option<DefineSources> {
    let calls: Vec<(usize, Regex)> = DEFINE_CALLS
        .iter()
        .enumerate()
        .filter_map(|(i, (_, re, _))| Regex::new(re).ok().map(|r| (i, r)))
        .collect();
    let docs_top = docs_root.split('/').next().unwrap_or(docs_root).to_string();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .hidden(true)
        .filter_entry(move |e| {
            e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) || {
                let n = e.file_name().to_string_lossy();
                !(skip_dir(&n) || (e.depth() == 1 && n == docs_top.as_str()))
            }
        })
        .build();
    let mut sources = BTreeSet::new();
    let mut exts = BTreeSet::new();
    let mut any_without_ext = false;
    let mut used_calls = BTreeSet::new();
    let mut wrappers = BTreeSet::new();
    for entry in walker
        .flatten()
        .filter(|e| e.depth() >= 2)
        .take(MAX_SOURCE_FILES)
    {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(rel) = rel_str(entry.path(), root) else {
            continue;
        };
        let Some((top, _)) = rel.split_once('/') else {
            continue;
        };
        // Read the way define scanning reads it.
        let Some(text) = crate::input::facts::defines::source_text(entry.path()) else {
            continue;
        };
        let hits: Vec<usize> = calls
            .iter()
            .filter(|(_, r)| r.is_match(&text))
            .map(|(i, _)| *i)
            .collect();
        if hits.is_empty() {
            continue;
        }
        sources.insert(top.to_string());
        used_calls.extend(hits);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        match name.rsplit_once('.') {
            Some((stem, ext))
                if !stem.is_empty()
                    && !ext.is_empty()
                    && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                exts.insert(format!("*.{ext}"));
            }
            _ => any_without_ext = true,
        }
        // `function hasDefine(name) ... Context.defined(name)`: a wrapper.
        for cap in FUNCTION.captures_iter(&text) {
            let (Some(f), Some(arg), Some(m)) = (cap.get(1), cap.get(2), cap.get(0)) else {
                continue;
            };
            let window: String = text[m.end()..].chars().take(300).collect();
            let reads = [
                format!("Context.defined({})", arg.as_str()),
                format!("Context.definedValue({})", arg.as_str()),
            ];
            if reads.iter().any(|r| window.contains(r.as_str()))
                && !matches!(f.as_str(), "defined" | "definedValue")
            {
                wrappers.insert(f.as_str().to_string());
            }
        }
    }
    if sources.is_empty() {
        return None;
    }
    let extra: Vec<String> = used_calls
        .iter()
        .filter_map(|i| DEFINE_CALLS.get(*i).and_then(|(_, _, p)| *p))
        .map(str::to_string)
        .collect();
    let patterns = if extra.is_empty() {
        Vec::new()
    } else {
        let mut p: Vec<String> = crate::input::facts::defines::DEFAULT_PATTERNS
            .iter()
            .map(|s| s.to_string())
            .collect();
        p.extend(extra);
        p
    };
    Some(DefineSources {
        calls: used_calls
            .iter()
            .filter_map(|i| DEFINE_CALLS.get(*i).map(|(n, _, _)| n.to_string()))
            .collect(),
        sources: sources.into_iter().collect(),
        globs: if any_without_ext {
            Vec::new()
        } else {
            exts.into_iter().collect()
        },
        patterns,
        wrappers: wrappers.into_iter().collect(),
    })
}

// ---------------------------------------------------------------------------
// Reading pages

struct ParsedPage {
    /// Relative to the docs root.
    path: String,
    /// Relative to the repository root, for comments.
    shown: String,
    doc: Doc,
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

/// Inline content of a list item or table cell.
#[derive(Debug, Clone)]
enum Inline {
    Text(String),
    Code(String, usize),
}

/// A list item: its own inline content (before any nested list) and the text
/// of its first nested item.
#[derive(Debug)]
struct Item {
    offset: usize,
    own: Vec<Inline>,
    nested: bool,
    first_child: Option<(String, usize)>,
    /// The heading the item is under (level 2 or deeper), with its offset.
    section: Option<(String, usize)>,
}

/// A table: header cells (lowercased) and rows of (offset, cells).
#[derive(Debug, Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// Lists and tables of one page, read from the same parser options `check` uses.
#[derive(Default)]
struct Structure {
    items: Vec<Item>,
    tables: Vec<Table>,
}

fn plain(inl: &[Inline]) -> String {
    let mut s = String::new();
    for i in inl {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Code(c, _) => {
                s.push('`');
                s.push_str(c);
                s.push('`');
            }
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn structure(text: &str) -> Structure {
    let mut out = Structure::default();
    let mut stack: Vec<Item> = Vec::new();
    let mut section: Option<(String, usize)> = None;
    let mut seen_title = false;
    let mut heading: Option<(u8, String, usize)> = None;
    let mut table: Option<Table> = None;
    let mut in_head = false;
    let mut row: Vec<String> = Vec::new();
    let mut row_offset = 0;
    let mut cell: Option<String> = None;
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new(), range.start))
            }
            Event::End(TagEnd::Heading(_)) => {
                // The page's first `#` heading is its title, not a section.
                if let Some((level, h, off)) = heading.take()
                    && (level >= 2 || seen_title)
                {
                    section = Some((h.split_whitespace().collect::<Vec<_>>().join(" "), off));
                }
                seen_title = true;
            }
            Event::Start(Tag::Item) => stack.push(Item {
                offset: range.start,
                own: Vec::new(),
                nested: false,
                first_child: None,
                section: section.clone(),
            }),
            Event::Start(Tag::List(_)) => {
                if let Some(top) = stack.last_mut() {
                    top.nested = true;
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(done) = stack.pop() {
                    if let Some(parent) = stack.last_mut()
                        && parent.first_child.is_none()
                    {
                        let t = plain(&done.own);
                        if !t.is_empty() {
                            parent.first_child = Some((t, done.offset));
                        }
                    }
                    out.items.push(done);
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Table::default()),
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                row.clear();
                row_offset = range.start;
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push((row_offset, std::mem::take(&mut row)));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(t)) = (cell.take(), table.as_mut()) {
                    // As `check` reads cells: trimmed, backticks dropped.
                    let c = c.trim().trim_matches('`').trim().to_string();
                    if in_head {
                        t.header.push(c.to_lowercase());
                    } else {
                        row.push(c);
                    }
                }
            }
            Event::Text(t) => {
                let src = text.get(range.clone()).unwrap_or("");
                if let Some(c) = cell.as_mut() {
                    c.push_str(src);
                } else if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(top) = stack.last_mut()
                    && !top.nested
                {
                    top.own.push(Inline::Text(t.to_string()));
                }
            }
            Event::Code(c) => {
                if let Some(cl) = cell.as_mut() {
                    cl.push_str(&c);
                } else if let Some((_, h, _)) = heading.as_mut() {
                    h.push_str(&c);
                } else if let Some(top) = stack.last_mut()
                    && !top.nested
                {
                    top.own.push(Inline::Code(c.to_string(), range.start));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else if let Some(top) = stack.last_mut()
                    && !top.nested
                {
                    top.own.push(Inline::Text(" ".into()));
                }
            }
            _ => {}
        }
    }
    out.items.sort_by_key(|i| i.offset);
    out
}

// ---------------------------------------------------------------------------
// Inference

/// A value and the comment saying where it came from.
#[derive(Debug, Clone)]
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

struct DefineOut {
    name: Found<String>,
    value: Option<String>,
    values: Option<Vec<String>>,
    category: Found<String>,
    summary: Found<String>,
    aliases: Vec<String>,
    internal: Option<String>,
    /// Why it is `status: removed`, when it is.
    removed: Option<String>,
    default: Option<Found<String>>,
}

struct ProfileOut {
    id: String,
    summary: Found<String>,
    default: Option<String>,
    aliases: Vec<Found<String>>,
}

struct WorkstreamOut {
    id: String,
    title: Found<String>,
    meaning: String,
    status: &'static str,
    status_raw: String,
    tracker: Option<Found<String>>,
    vision: Option<Found<(String, String)>>,
}

struct GateOut {
    id: String,
    title: Found<String>,
    state: Found<&'static str>,
    checks: Option<Found<(u64, u64)>>,
}

struct CommandOut {
    run: Found<String>,
    summary: String,
}

struct DocOut {
    path: String,
    kind: &'static str,
    kind_from: String,
    blocks: Vec<String>,
}

/// The manifest init writes.
struct Inferred {
    name: Found<String>,
    repository: Option<String>,
    prefixes: Option<Found<Vec<String>>>,
    line: Found<String>,
    posture: Found<&'static str>,
    as_of: Found<String>,
    gate: Option<GateOut>,
    selector: Option<Found<String>>,
    profiles: Vec<ProfileOut>,
    defines: Vec<DefineOut>,
    workstreams: Vec<WorkstreamOut>,
    commands: Vec<CommandOut>,
    docs: Vec<DocOut>,
}

static DEFINE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.]*$").expect("static regex"));
static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9.-]*$").expect("static regex"));
/// `name=a|b|c`, optionally after `-D`.
static SELECTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(\[])(?:-D\s*)?([A-Za-z_][A-Za-z0-9_.]*)=([a-z0-9][a-z0-9.-]*(?:\|[a-z0-9][a-z0-9.-]*)+)")
        .expect("static regex")
});
/// "alias for `sel=x`", "shorthand for `-D sel=x`".
static ALIAS_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:alias|shorthand|short-hand|same as|equivalent to)\b[^`]{0,20}`(?:-D\s*)?([A-Za-z_][A-Za-z0-9_.]*)=([a-z0-9][a-z0-9.-]*)`")
        .expect("static regex")
});
static INTERNAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\binternal(?:ly)?\b").expect("static regex"));
/// Release line named by a page that is not released yet: "toward 1.0", "Road to 1.0".
static LINE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:toward|towards|road to|before|ahead of|for)\s+v?(\d+\.\d+(?:\.\d+)?)\b")
        .expect("static regex")
});
static VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\.(\d+)").expect("static regex"));

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

fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|x| x.parse().unwrap_or(0)).collect()
}

/// Whether backticked text names a file rather than a define (`README.md`).
fn looks_like_file(name: &str) -> bool {
    const EXTS: &[&str] = &[
        ".md", ".rs", ".hx", ".hxml", ".json", ".toml", ".yaml", ".yml", ".sh", ".js", ".ts",
        ".txt",
    ];
    EXTS.iter().any(|e| name.to_lowercase().ends_with(e))
}

fn infer(
    docs: &[ParsedPage],
    facts: &Facts,
    title: &(String, String),
    today: &str,
    notes: &mut Vec<String>,
) -> Inferred {
    let structures: Vec<Structure> = docs.iter().map(|d| structure(&d.text)).collect();

    // Defines from the defines reference.
    let defines_page = pick_page(
        docs,
        |s| s.contains("define"),
        |_, st| {
            st.items
                .iter()
                .filter(|i| matches!(i.own.first(), Some(Inline::Code(..))))
                .count()
        },
        &structures,
    );
    let mut defines = match defines_page {
        Some(i) => read_defines(&docs[i], &structures[i], notes),
        None => {
            notes.push("no defines reference found (a page whose name contains \"define\"); `defines` is empty".into());
            Vec::new()
        }
    };

    // The profile selector and profiles.
    let selectors = selector_forms(docs);
    let profiles_page_guess = pick_page(
        docs,
        |s| s.contains("profile"),
        |d, _| {
            let s = d.stem();
            usize::from(s == "profiles") * 4 + usize::from(s.contains("profiles")) * 2 + 1
        },
        &structures,
    );
    let selector = choose_selector(&selectors, docs, defines_page, profiles_page_guess);
    let mut profiles = Vec::new();
    let mut selector_out = None;
    if let Some((name, values, at)) = selector {
        selector_out = Some(found(
            name.clone(),
            format!("from the `{name}=…` form at {at}"),
        ));
        let default = default_profile(&values, docs, profiles_page_guess);
        for v in &values {
            let summary = profile_summary(v, docs, &structures, profiles_page_guess)
                .unwrap_or_else(|| {
                    found(
                        format!("Selected with -D {name}={v}."),
                        format!("no description found; from the selector at {at}"),
                    )
                });
            profiles.push(ProfileOut {
                id: v.clone(),
                summary,
                default: None,
                aliases: Vec::new(),
            });
        }
        let (di, why) = match &default {
            Some((id, why)) => (
                values.iter().position(|v| v == id).unwrap_or(0),
                why.clone(),
            ),
            None => (
                0,
                "the selector's first value; no page marks a default".to_string(),
            ),
        };
        if let Some(p) = profiles.get_mut(di) {
            p.default = Some(why.clone());
        }
        let default_id = values.get(di).cloned().unwrap_or_default();
        // The selector is a define whose values are exactly the profile ids.
        match defines.iter_mut().find(|d| d.name.value == name) {
            Some(d) => {
                d.value = None;
                d.values = Some(values.clone());
                d.default = Some(found(default_id, why));
            }
            None => defines.push(DefineOut {
                name: found(name.clone(), format!("the profile selector at {at}")),
                value: None,
                values: Some(values.clone()),
                category: found(
                    "profiles".to_string(),
                    "no entry in the defines reference; category chosen by init",
                ),
                summary: found(
                    "Selects the profile.".to_string(),
                    "no entry in the defines reference; summary written by init",
                ),
                aliases: Vec::new(),
                internal: None,
                removed: None,
                default: Some(found(default_id, why)),
            }),
        }
        // A define or alias that is an alias for `selector=x` is an alias of profile x.
        let names: BTreeSet<String> = defines.iter().map(|d| d.name.value.clone()).collect();
        for d in &defines {
            for cap in ALIAS_FOR.captures_iter(&d.summary.value) {
                let (Some(sel), Some(id)) = (cap.get(1), cap.get(2)) else {
                    continue;
                };
                if sel.as_str() != name || d.name.value == name || !names.contains(&d.name.value) {
                    continue;
                }
                if let Some(p) = profiles.iter_mut().find(|p| p.id == id.as_str())
                    && !p.aliases.iter().any(|a| a.value == d.name.value)
                {
                    p.aliases
                        .push(found(d.name.value.clone(), d.summary.from.clone()));
                }
            }
        }
        notes.push(format!(
            "profiles: {} from `{name}` at {at}",
            values.join(", ")
        ));
    }
    if let Some(code) = &facts.code_defines {
        code_defines::reconcile(&mut defines, docs, code, notes);
    }
    dedupe_defines(&mut defines, notes);
    if let Some(i) = defines_page {
        notes.push(format!("defines: {} from {}", defines.len(), docs[i].shown));
    }

    // Workstreams and the gate.
    let workstreams = read_workstreams(docs, &structures, facts, notes);
    let gate = infer_gate(docs, &workstreams, notes);

    // Release line, posture, as-of.
    let (line, posture) = infer_release(docs, facts);
    let as_of = docs
        .iter()
        .flat_map(|d| d.doc.claims.iter().map(move |c| (d, c)))
        .filter_map(|(d, c)| match &c.claim {
            Claim::AsOf { date, .. }
                if crate::input::manifest::parse_date(date).is_some() && date.len() == 10 =>
            {
                Some((date.clone(), d.at(c.offset)))
            }
            _ => None,
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map_or_else(
            || found(today.to_string(), "no as-of date in the docs; today's date"),
            |(date, at)| found(date, format!("the newest as-of date in the docs, at {at}")),
        );

    let commands = infer_commands(docs, facts);
    let prefixes = infer_prefixes(
        &defines,
        defines_page.map(|i| docs[i].shown.as_str()),
        selector_out.as_ref().map(|s| s.value.as_str()),
    );
    let profiles_page = selector_out.as_ref().and(profiles_page_guess);
    let docs_out = docs
        .iter()
        .enumerate()
        .map(|(i, d)| doc_entry(d, Some(i) == defines_page, Some(i) == profiles_page))
        .collect();

    Inferred {
        name: found(title.0.clone(), format!("from {}", title.1)),
        repository: facts.package.as_ref().and_then(|p| p.repository.clone()),
        prefixes,
        line,
        posture,
        as_of,
        gate,
        selector: selector_out,
        profiles,
        defines,
        workstreams,
        commands,
        docs: docs_out,
    }
}

/// The best page whose file stem passes `name`, by `score` (ties: first path).
fn pick_page(
    docs: &[ParsedPage],
    name: impl Fn(&str) -> bool,
    score: impl Fn(&ParsedPage, &Structure) -> usize,
    structures: &[Structure],
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, d) in docs.iter().enumerate() {
        if !name(&d.stem()) {
            continue;
        }
        let s = structures.get(i).map_or(0, |st| score(d, st));
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Defines documented by list items that open with a backticked define, as
/// `check` reads them (`- `name=<value>`: summary`, `- `a` or `b``).
fn read_defines(page: &ParsedPage, st: &Structure, notes: &mut Vec<String>) -> Vec<DefineOut> {
    let mut out: Vec<DefineOut> = Vec::new();
    for item in &st.items {
        // The leading run of code spans, joined by connectors.
        let mut codes: Vec<(String, usize)> = Vec::new();
        let mut rest_from = item.own.len();
        for (k, inl) in item.own.iter().enumerate() {
            match inl {
                Inline::Code(c, off) => codes.push((c.clone(), *off)),
                Inline::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() && codes.is_empty() {
                        continue;
                    }
                    if !codes.is_empty() && matches!(t, "" | "or" | "and" | "," | "/") {
                        continue;
                    }
                    rest_from = k;
                    break;
                }
            }
        }
        if codes.is_empty() {
            continue;
        }
        let mut names: Vec<(String, Option<String>, usize)> = Vec::new();
        for (code, off) in &codes {
            let c = code.trim();
            let c = c.strip_prefix("-D").map_or(c, str::trim_start);
            let (name, value) = match c.split_once('=') {
                Some((n, v)) => (
                    n.trim(),
                    Some(v.trim().to_string()).filter(|v| !v.is_empty()),
                ),
                None => (c, None),
            };
            if name.is_empty() || looks_like_file(name) {
                continue;
            }
            if !DEFINE_NAME.is_match(name) {
                if name
                    .chars()
                    .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '.')
                {
                    notes.push(format!(
                        "{}: `{name}` is not a valid define name for the manifest; left out",
                        page.at(*off)
                    ));
                }
                continue;
            }
            names.push((name.to_string(), value, *off));
        }
        let Some((name, value, off)) = names.first().cloned() else {
            continue;
        };
        let at = page.at(off);
        if out.iter().any(|d| d.name.value == name) {
            notes.push(format!(
                "{at}: `{name}` is documented twice; the first entry is kept"
            ));
            continue;
        }
        let own_rest = plain(&item.own[rest_from.min(item.own.len())..]);
        let own_rest = own_rest
            .trim_start_matches(|c: char| {
                matches!(c, ':' | '-' | '–' | '—' | ',' | ';') || c.is_whitespace()
            })
            .trim()
            .to_string();
        let summary = if !own_rest.is_empty() {
            // "`target.name` is read internally…": keep the sentence whole.
            let whole = if own_rest.starts_with(|c: char| c.is_lowercase()) {
                format!("`{name}` {own_rest}")
            } else {
                own_rest
            };
            found(whole, at.clone())
        } else if let Some((t, o)) = &item.first_child {
            found(t.clone(), page.at(*o))
        } else {
            found(
                format!("Documented in {} without a description.", page.shown),
                format!("no description at {at}; write one"),
            )
        };
        let (category, category_from) = match &item.section {
            Some((h, o)) => {
                let s = slugify(h);
                if s.is_empty() {
                    (
                        "general".to_string(),
                        format!("no usable heading text at {}; default", page.at(*o)),
                    )
                } else {
                    (s, format!("heading \"{h}\" at {}", page.at(*o)))
                }
            }
            None => (
                "general".to_string(),
                "no section heading above it; default".to_string(),
            ),
        };
        let (value, values) = match value {
            Some(v)
                if v.contains('|')
                    && v.split('|').all(|p| {
                        !p.is_empty() && !p.starts_with('<') && !p.contains(char::is_whitespace)
                    }) =>
            {
                (None, Some(v.split('|').map(str::to_string).collect()))
            }
            other => (other, None),
        };
        let internal = INTERNAL
            .is_match(&summary.value)
            .then(|| format!("the summary, which says it is internal, {}", summary.from));
        out.push(DefineOut {
            name: found(name, at),
            value,
            values,
            category: found(category, category_from),
            summary,
            aliases: names.iter().skip(1).map(|(n, _, _)| n.clone()).collect(),
            internal,
            removed: None,
            default: None,
        });
    }
    out
}

/// Names and aliases share one namespace: drop an alias that repeats any name
/// or an earlier alias, and an alias equal to its own define.
fn dedupe_defines(defines: &mut [DefineOut], notes: &mut Vec<String>) {
    let names: BTreeSet<String> = defines.iter().map(|d| d.name.value.clone()).collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for d in defines.iter_mut() {
        let mut kept = Vec::new();
        for a in std::mem::take(&mut d.aliases) {
            if names.contains(&a) || seen.contains(&a) {
                notes.push(format!(
                    "alias `{a}` of `{}` is already a define or alias; left out",
                    d.name.value
                ));
                continue;
            }
            seen.insert(a.clone());
            kept.push(a);
        }
        d.aliases = kept;
    }
}

/// One `name=a|b|c` form: every place the docs write it.
struct SelectorForm {
    name: String,
    /// (page index, values as written there, `docs/x.md:LINE`), in page order.
    mentions: Vec<(usize, Vec<String>, String)>,
}

impl SelectorForm {
    /// The values written on page `pi`, merged in first-seen order, and where
    /// they are first written; `None` if the page does not write the form.
    fn on_page(&self, pi: usize) -> Option<(Vec<String>, String)> {
        let mut values: Vec<String> = Vec::new();
        let mut at = None;
        for (p, vs, a) in &self.mentions {
            if *p != pi {
                continue;
            }
            at.get_or_insert_with(|| a.clone());
            for v in vs {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
        }
        at.map(|a| (values, a))
    }
}

/// Every `name=a|b|c` form in the docs.
fn selector_forms(docs: &[ParsedPage]) -> Vec<SelectorForm> {
    let mut out: Vec<SelectorForm> = Vec::new();
    for (pi, d) in docs.iter().enumerate() {
        for cap in SELECTOR.captures_iter(&d.text) {
            let (Some(n), Some(v)) = (cap.get(1), cap.get(2)) else {
                continue;
            };
            let mut values: Vec<String> = Vec::new();
            for val in v.as_str().split('|') {
                if ID.is_match(val) && !values.iter().any(|x| x == val) {
                    values.push(val.to_string());
                }
            }
            let mention = (pi, values, d.at(n.start()));
            match out.iter_mut().find(|e| e.name == n.as_str()) {
                Some(e) => e.mentions.push(mention),
                None => out.push(SelectorForm {
                    name: n.as_str().to_string(),
                    mentions: vec![mention],
                }),
            }
        }
    }
    out
}

/// The selector: a `name=a|b` form whose name says "profile" or that a
/// profiles page writes (a name with "profile" first, then a profiles page,
/// then the most written). Its values are the ones the defines reference
/// writes, else the profiles page, else the page writing it most: a value
/// only some other page offers stays out, for `check` to report.
fn choose_selector(
    forms: &[SelectorForm],
    docs: &[ParsedPage],
    defines_page: Option<usize>,
    profiles_page: Option<usize>,
) -> Option<(String, Vec<String>, String)> {
    let mut best: Option<(usize, &SelectorForm)> = None;
    for f in forms {
        let named = f.name.to_lowercase().contains("profile");
        let on_page = f.mentions.iter().any(|(p, _, _)| {
            Some(*p) == profiles_page || docs.get(*p).is_some_and(|d| d.stem().contains("profile"))
        });
        if !(named || on_page) {
            continue;
        }
        let score = usize::from(named) * 1_000_000
            + usize::from(on_page) * 100_000
            + f.mentions.len().min(99_999);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, f));
        }
    }
    let (_, f) = best?;
    let mut pages: Vec<usize> = defines_page.into_iter().chain(profiles_page).collect();
    let mut by_count: Vec<(usize, usize)> = Vec::new();
    for (p, _, _) in &f.mentions {
        match by_count.iter_mut().find(|(q, _)| q == p) {
            Some((_, n)) => *n += 1,
            None => by_count.push((*p, 1)),
        }
    }
    by_count.sort_by_key(|b| std::cmp::Reverse(b.1));
    pages.extend(by_count.into_iter().map(|(p, _)| p));
    let (values, at) = pages.into_iter().find_map(|p| f.on_page(p))?;
    (values.len() >= 2).then(|| (f.name.clone(), values, at))
}

/// The profile a page marks as the default: "`x` (default)", "x is the default",
/// "default profile: x". Profiles pages first.
fn default_profile(
    ids: &[String],
    docs: &[ParsedPage],
    profiles_page: Option<usize>,
) -> Option<(String, String)> {
    let mut order: Vec<usize> = profiles_page.into_iter().collect();
    order.extend((0..docs.len()).filter(|i| Some(*i) != profiles_page));
    for pi in order {
        let Some(d) = docs.get(pi) else { continue };
        let mut first: Option<(usize, &String)> = None;
        for id in ids {
            let e = regex::escape(id);
            let pats = [
                format!(r"(?i)(?:^|[^a-z0-9.-])`?{e}`?\*{{0,2}}\s*\((?:the\s+)?default\)"),
                format!(r"(?i)(?:^|[^a-z0-9.-])`?{e}`?\*{{0,2}}\s+is\s+the\s+default\b"),
                format!(
                    r"(?i)\bdefault(?:\s+profile)?\s*(?:is|:)\s*\*{{0,2}}`?{e}`?(?:[^a-z0-9.-]|$)"
                ),
            ];
            for p in pats {
                let Ok(re) = Regex::new(&p) else { continue };
                if let Some(m) = re.find(&d.text)
                    && first.is_none_or(|(o, _)| m.start() < o)
                {
                    first = Some((m.start(), id));
                }
            }
        }
        if let Some((off, id)) = first {
            return Some((id.clone(), format!("the default marker at {}", d.at(off))));
        }
    }
    None
}

/// A profile's summary: the second cell of a table row whose first cell names
/// it, else the rest of a list item that opens with it.
fn profile_summary(
    id: &str,
    docs: &[ParsedPage],
    st: &[Structure],
    profiles_page: Option<usize>,
) -> Option<Found<String>> {
    let mut order: Vec<usize> = profiles_page.into_iter().collect();
    order.extend((0..docs.len()).filter(|i| Some(*i) != profiles_page));
    let names_it = |cell: &str| {
        let c = cell.trim().trim_matches(['`', '*']).trim();
        let first = c
            .split([' ', '('])
            .next()
            .unwrap_or("")
            .trim_matches(['`', '*']);
        first.eq_ignore_ascii_case(id)
    };
    for pi in order {
        let (Some(d), Some(s)) = (docs.get(pi), st.get(pi)) else {
            continue;
        };
        for t in &s.tables {
            if t.header.iter().any(|h| h == "status" || h == "state") {
                continue;
            }
            for (off, row) in &t.rows {
                if let (Some(first), Some(second)) = (row.first(), row.get(1))
                    && names_it(first)
                {
                    let summary = second.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !summary.is_empty() {
                        let col = t
                            .header
                            .get(1)
                            .map(|h| format!(" (column \"{h}\")"))
                            .unwrap_or_default();
                        return Some(found(summary, format!("{}{col}", d.at(*off))));
                    }
                }
            }
        }
        for item in &s.items {
            if let Some(Inline::Code(c, off)) = item.own.first()
                && c.trim() == id
            {
                let rest = plain(item.own.get(1..).unwrap_or(&[]));
                let rest = rest
                    .trim_start_matches(|c: char| {
                        matches!(c, ':' | '-' | '–' | '—') || c.is_whitespace()
                    })
                    .trim();
                if !rest.is_empty() {
                    return Some(found(rest.to_string(), d.at(*off)));
                }
            }
        }
    }
    None
}

/// A status as `check` normalises it, when it is one the manifest can hold.
fn work_status(s: &str) -> Option<&'static str> {
    let s = s.trim().trim_matches(['*', '_', '`']).trim().to_lowercase();
    match s.as_str() {
        "closed" | "done" | "complete" | "completed" | "finished" => Some("closed"),
        "in-progress" | "in progress" | "wip" | "ongoing" | "active" => Some("in-progress"),
        "open" | "not started" | "todo" | "planned" => Some("open"),
        _ => None,
    }
}

/// Rows of status tables. Tables whose first column is a vision checkpoint are
/// paired with the workstream rows by position when they line up exactly.
fn read_workstreams(
    docs: &[ParsedPage],
    st: &[Structure],
    facts: &Facts,
    notes: &mut Vec<String>,
) -> Vec<WorkstreamOut> {
    let mut rows: Vec<WorkstreamOut> = Vec::new();
    let mut vision: Vec<(String, String, &'static str, String)> = Vec::new();
    let mut used = BTreeSet::new();
    let mut skipped = 0;
    for (d, s) in docs.iter().zip(st) {
        for t in &s.tables {
            let Some(sc) = t
                .header
                .iter()
                .position(|h| h == "status" || h == "state")
                .filter(|&c| c != 0)
            else {
                continue;
            };
            let is_vision = t
                .header
                .first()
                .is_some_and(|h| h.contains("vision") || h.contains("checkpoint"));
            let mc = (1..sc)
                .find(|&c| {
                    t.header.get(c).is_some_and(|h| {
                        ["mean", "what", "description", "summary", "detail"]
                            .iter()
                            .any(|w| h.contains(w))
                    })
                })
                .or((sc > 1).then_some(1));
            for (off, row) in &t.rows {
                let (Some(title), Some(raw)) = (row.first(), row.get(sc)) else {
                    continue;
                };
                let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                if title.is_empty() {
                    continue;
                }
                let Some(status) = work_status(raw) else {
                    skipped += 1;
                    continue;
                };
                let meaning = mc
                    .and_then(|c| row.get(c))
                    .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| title.clone());
                if is_vision {
                    vision.push((title, meaning, status, d.at(*off)));
                    continue;
                }
                if rows
                    .iter()
                    .any(|w| w.title.value.eq_ignore_ascii_case(&title))
                {
                    continue;
                }
                let id = unique_id(
                    &slugify(&title),
                    &format!("workstream-{}", rows.len() + 1),
                    &mut used,
                );
                rows.push(WorkstreamOut {
                    id,
                    title: found(title, d.at(*off)),
                    meaning,
                    status,
                    status_raw: raw.trim().to_string(),
                    tracker: None,
                    vision: None,
                });
            }
        }
    }
    if skipped > 0 {
        notes.push(format!("{skipped} status-table rows have a status docket cannot map to open, in-progress or closed; left out of `workstreams`"));
    }
    if !vision.is_empty() {
        let pairs =
            vision.len() == rows.len() && vision.iter().zip(&rows).all(|(v, w)| v.2 == w.status);
        if pairs {
            for (v, w) in vision.into_iter().zip(rows.iter_mut()) {
                w.vision = Some(found(
                    (v.0, v.1),
                    format!("{}, paired by row position and status", v.3),
                ));
            }
        } else {
            notes.push(format!(
                "{} vision checkpoints do not line up with the {} workstreams; `vision` left out",
                vision.len(),
                rows.len()
            ));
        }
    }
    // Bind a workstream to the one tracker issue whose title is exactly its own.
    if let Some((rel, issues)) = &facts.tracker {
        for w in rows.iter_mut() {
            let same: Vec<&String> = issues
                .iter()
                .filter(|(_, t)| t.trim().eq_ignore_ascii_case(&w.title.value))
                .map(|(id, _)| id)
                .collect();
            if let [id] = same.as_slice() {
                w.tracker = Some(found(
                    (*id).clone(),
                    format!("the issue in {rel} titled exactly like the workstream"),
                ));
            }
        }
    }
    rows
}

fn infer_gate(
    docs: &[ParsedPage],
    workstreams: &[WorkstreamOut],
    notes: &mut Vec<String>,
) -> Option<GateOut> {
    let mut closed_at = Vec::new();
    let mut open_at = Vec::new();
    let mut counts: Vec<((u64, u64), String)> = Vec::new();
    for d in docs {
        for c in &d.doc.claims {
            match &c.claim {
                Claim::GateState { closed: true, .. } => closed_at.push(d.at(c.offset)),
                Claim::GateState { closed: false, .. } => open_at.push(d.at(c.offset)),
                Claim::Count { closed, total, .. } if closed <= total => {
                    counts.push(((*closed, *total), d.at(c.offset)))
                }
                _ => {}
            }
        }
    }
    if closed_at.is_empty() && open_at.is_empty() && counts.is_empty() {
        return None;
    }
    let (title, title_from, id) = match workstreams
        .iter()
        .find(|w| w.title.value.to_lowercase().contains("gate"))
    {
        Some(w) => (
            w.title.value.clone(),
            format!("the gate's workstream, {}", w.title.from),
            w.id.clone(),
        ),
        None => (
            "Release gate".to_string(),
            "no gate title in the docs; default".to_string(),
            "release-gate".to_string(),
        ),
    };
    let state = if closed_at.len() > open_at.len() {
        let more = if open_at.is_empty() {
            String::new()
        } else {
            format!("; {} say it is open, e.g. at {}", open_at.len(), open_at[0])
        };
        found(
            "closed",
            format!(
                "{} statements that the gate is closed, e.g. at {}{more}",
                closed_at.len(),
                closed_at[0]
            ),
        )
    } else if let Some(first) = open_at.first() {
        found(
            "open",
            format!(
                "{} statements that the gate is open, e.g. at {first}",
                open_at.len()
            ),
        )
    } else {
        found(
            "open",
            "no page states the gate's state; open until one does".to_string(),
        )
    };
    // The most frequent count; the first one on ties.
    let mut tally: Vec<((u64, u64), usize, String)> = Vec::new();
    for (c, at) in &counts {
        match tally.iter_mut().find(|t| t.0 == *c) {
            Some(t) => t.1 += 1,
            None => tally.push((*c, 1, at.clone())),
        }
    }
    let mut checks = None;
    if let Some(best) = tally
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
    {
        let (closed, total) = best.0;
        if state.value == "closed" && closed != total {
            notes.push(format!("the docs say the gate is closed but count {closed} / {total} checks closed ({}); `checks` left out", best.2));
        } else {
            checks = Some(found(
                (closed, total),
                format!("\"{closed} / {total}\" at {}", best.2),
            ));
        }
    }
    Some(GateOut {
        id,
        title: found(title, title_from),
        state,
        checks,
    })
}

fn infer_release(docs: &[ParsedPage], facts: &Facts) -> (Found<String>, Found<&'static str>) {
    let released = docs
        .iter()
        .flat_map(|d| d.doc.claims.iter().map(move |c| (d, c)))
        .filter_map(|(d, c)| match &c.claim {
            Claim::Released { line, text } if VERSION.is_match(line) => {
                Some((line.clone(), text.clone(), d.at(c.offset)))
            }
            _ => None,
        })
        .max_by(|a, b| version_key(&a.0).cmp(&version_key(&b.0)));
    if let Some((line, text, at)) = released {
        let why = format!("\"{text}\" at {at}");
        return (found(line, why.clone()), found("released", why));
    }
    let posture = found(
        "pre-release",
        "no page says a release is out (post-X, after X, X is released)",
    );
    // A line the docs work toward: the most frequent "toward 1.0" / "Road to 1.0".
    let mut tally: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for d in docs {
        for cap in LINE_HINT.captures_iter(&d.text) {
            let Some(v) = cap.get(1) else { continue };
            let e = tally.entry(v.as_str().to_string()).or_insert((
                0,
                format!(
                    "\"{}\" at {}",
                    cap.get(0).map_or("", |m| m.as_str()),
                    d.at(v.start())
                ),
            ));
            e.0 += 1;
        }
    }
    if let Some((v, (_, at))) = tally.iter().max_by(|a, b| a.1.0.cmp(&b.1.0)) {
        return (found(v.clone(), at.clone()), posture);
    }
    let pkg = facts
        .package
        .as_ref()
        .and_then(|p| p.version.clone())
        .map(|v| found(v, "package.json \"version\" (major.minor)"));
    (
        pkg.unwrap_or_else(|| found("1.0".to_string(), "no release line in the docs; set it")),
        posture,
    )
}

fn infer_commands(docs: &[ParsedPage], facts: &Facts) -> Vec<CommandOut> {
    let mut out: Vec<CommandOut> = Vec::new();
    let Some(pkg) = &facts.package else {
        return out;
    };
    for d in docs {
        for c in &d.doc.claims {
            let Claim::Command {
                text,
                family,
                cwd: None,
            } = &c.claim
            else {
                continue;
            };
            let words: Vec<&str> = text.split_whitespace().collect();
            let entry = match family.as_str() {
                "npm" => {
                    let (script, run) = match words.get(1).copied() {
                        Some("run" | "run-script") => {
                            match words.iter().skip(2).find(|w| !w.starts_with('-')) {
                                Some(s) => (s.to_string(), format!("npm run {s}")),
                                None => continue,
                            }
                        }
                        Some(w @ ("test" | "start" | "stop" | "restart")) => {
                            (w.to_string(), format!("npm {w}"))
                        }
                        _ => continue,
                    };
                    let Some(body) = pkg.scripts.get(&script) else {
                        continue;
                    };
                    let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
                    let short: String = body.chars().take(100).collect();
                    let more = if short.len() < body.len() { "…" } else { "" };
                    let summary = if short.is_empty() {
                        format!("The package.json script `{script}`.")
                    } else {
                        format!("Runs {short}{more} (package.json script `{script}`).")
                    };
                    (run, summary)
                }
                "bash" | "sh" => {
                    let Some(script) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
                        continue;
                    };
                    if !script.contains('/')
                        || script.starts_with('/')
                        || script.contains("..")
                        || script.starts_with('$')
                    {
                        continue;
                    }
                    if !facts.root.join(script).is_file() {
                        continue;
                    }
                    (format!("{family} {script}"), format!("Runs {script}."))
                }
                _ => continue,
            };
            if out.iter().any(|o| o.run.value == entry.0) {
                continue;
            }
            out.push(CommandOut {
                run: found(entry.0, d.at(c.offset)),
                summary: entry.1,
            });
        }
    }
    out
}

/// Define prefixes: for names sharing a first `_`-word, their longest common
/// prefix ending in `_`, when at least two names share it.
fn infer_prefixes(
    defines: &[DefineOut],
    page: Option<&str>,
    selector: Option<&str>,
) -> Option<Found<Vec<String>>> {
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in defines {
        let n = d.name.value.as_str();
        // A prefix is a word and `_` (`genes.ts.no_` is none).
        if let Some(i) = n.find('_').filter(|&i| i > 0)
            && n[..i].chars().all(|c| c.is_ascii_alphanumeric())
        {
            groups.entry(&n[..=i]).or_default().push(n);
        }
    }
    let mut out = Vec::new();
    // The selector's group counts even alone: `sel=a|b` in inline code is a
    // profile mention only when `sel` has a define prefix.
    let selector_group = selector.and_then(|n| n.find('_').filter(|&i| i > 0).map(|i| &n[..=i]));
    let kept = |k: &&str, g: &Vec<&str>| g.len() >= 2 || Some(*k) == selector_group;
    for (_, names) in groups.iter().filter(|(k, g)| kept(k, g)) {
        let first = names[0];
        let mut common = first.len();
        for n in names.iter().skip(1) {
            common = common.min(
                first
                    .bytes()
                    .zip(n.bytes())
                    .take_while(|(a, b)| a == b)
                    .count(),
            );
        }
        let prefix = &first[..common];
        let cut = prefix.rfind('_').map_or(0, |i| i + 1);
        if cut > 0 {
            out.push(first[..cut].to_string());
        }
    }
    if out.is_empty() {
        return None;
    }
    let n: usize = groups
        .iter()
        .filter(|(k, g)| kept(k, g))
        .map(|(_, g)| g.len())
        .sum();
    let names = if n == 1 { "name" } else { "names" };
    Some(found(
        out,
        format!(
            "the shared start of {n} define {names} in {}",
            page.unwrap_or("the docs")
        ),
    ))
}

fn doc_entry(d: &ParsedPage, defines_ref: bool, profiles: bool) -> DocOut {
    let s = d.stem();
    let top = !d.path.contains('/');
    let (kind, why): (&'static str, &str) = if top && (s == "index" || s == "readme") {
        ("index", "the file name")
    } else if defines_ref {
        (
            "defines-reference",
            "its list of defines (the defines reference init read)",
        )
    } else if profiles {
        (
            "profiles",
            "its profile selector (the profiles page init read)",
        )
    } else if s.contains("progress") {
        ("progress-tracker", "the file name")
    } else if s.contains("vision") {
        ("vision", "the file name")
    } else if s.contains("roadmap") || s.contains("road-to") {
        ("roadmap", "the file name")
    } else if s.contains("closeout") {
        ("closeout", "the file name")
    } else if s.contains("support")
        || (s.len() >= 2 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit()))
    {
        ("support-matrix", "the file name")
    } else {
        ("guide", "no kind matches the file name; default")
    };
    let mut blocks: Vec<String> = Vec::new();
    if let Ok(spans) = crate::check::blocks::find(&d.doc, &d.text, &d.shown) {
        for sp in spans {
            if BLOCK_NAMES.contains(&sp.name.as_str()) && !blocks.contains(&sp.name) {
                blocks.push(sp.name);
            }
        }
    }
    DocOut {
        path: d.path.clone(),
        kind,
        kind_from: why.to_string(),
        blocks,
    }
}

// ---------------------------------------------------------------------------
// Rendering

/// A YAML comment: `# from …`, on one line, printable.
fn comment(from: &str) -> String {
    let text: String = from
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || !yaml_printable(c) {
                '?'
            } else {
                c
            }
        })
        .collect();
    if text.starts_with("from ") || text.starts_with("no ") {
        format!("  # {text}")
    } else {
        format!("  # from {text}")
    }
}

fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// A YAML scalar for `s`: plain when that is unambiguous, else double-quoted.
pub fn yaml_str(s: &str) -> String {
    static PLAIN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_./-]*$").expect("static regex"));
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    if PLAIN.is_match(s) && !RESERVED.contains(&s.to_lowercase().as_str()) {
        return s.to_string();
    }
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if yaml_printable(c) => o.push(c),
            c => {
                let n = c as u32;
                if n <= 0xFF {
                    o.push_str(&format!("\\x{n:02X}"));
                } else if n <= 0xFFFF {
                    o.push_str(&format!("\\u{n:04X}"));
                } else {
                    o.push_str(&format!("\\U{n:08X}"));
                }
            }
        }
    }
    o.push('"');
    o
}

fn yaml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| yaml_str(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn toml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| toml_str(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

impl Inferred {
    fn render(&self) -> String {
        let mut y = String::new();
        let mut line = |s: String| {
            y.push_str(&s);
            y.push('\n');
        };
        line("# The readiness manifest, first inferred by `docket init` from the docs.".into());
        line("# Each inferred value says where it came from: review every one, correct".into());
        line(
            "# what the docs got wrong, and from now on edit this file, not the docs, first."
                .into(),
        );
        line("version: 1".into());
        line(String::new());
        line("project:".into());
        line(format!(
            "  name: {}{}",
            yaml_str(&self.name.value),
            comment(&self.name.from)
        ));
        if let Some(r) = &self.repository {
            line(format!(
                "  repository: {}{}",
                yaml_str(r),
                comment("package.json \"repository\"")
            ));
        }
        if let Some(p) = &self.prefixes {
            line(format!(
                "  define-prefixes: {}{}",
                yaml_list(&p.value),
                comment(&p.from)
            ));
        }
        line(String::new());
        line("release:".into());
        line(format!(
            "  line: {}{}",
            yaml_str(&self.line.value),
            comment(&self.line.from)
        ));
        line(format!(
            "  posture: {}{}",
            self.posture.value,
            comment(&self.posture.from)
        ));
        line(format!(
            "  as-of: {}{}",
            yaml_str(&self.as_of.value),
            comment(&self.as_of.from)
        ));
        if let Some(g) = &self.gate {
            line("  gate:".into());
            line(format!(
                "    id: {}{}",
                yaml_str(&g.id),
                comment("the title, slugified")
            ));
            line(format!(
                "    title: {}{}",
                yaml_str(&g.title.value),
                comment(&g.title.from)
            ));
            line(format!(
                "    state: {}{}",
                g.state.value,
                comment(&g.state.from)
            ));
            if let Some(c) = &g.checks {
                line(format!("    checks:{}", comment(&c.from)));
                line(format!("      total: {}", c.value.1));
                line(format!("      closed: {}", c.value.0));
            }
        }
        if let Some(sel) = &self.selector {
            line(String::new());
            line(format!(
                "profile-selector: {}{}",
                yaml_str(&sel.value),
                comment(&sel.from)
            ));
        }
        if !self.profiles.is_empty() {
            line(String::new());
            line("profiles:".into());
            for p in &self.profiles {
                line(format!(
                    "  - id: {}{}",
                    yaml_str(&p.id),
                    comment("the selector's values")
                ));
                if let Some(why) = &p.default {
                    line(format!("    default: true{}", comment(why)));
                }
                line(format!(
                    "    summary: {}{}",
                    yaml_str(&p.summary.value),
                    comment(&p.summary.from)
                ));
                if !p.aliases.is_empty() {
                    let names: Vec<String> = p.aliases.iter().map(|a| a.value.clone()).collect();
                    let why = p.aliases.first().map_or(String::new(), |a| {
                        format!("the alias wording at {}", a.from)
                    });
                    line(format!(
                        "    aliases: {}{}",
                        yaml_list(&names),
                        comment(&why)
                    ));
                }
            }
        }
        if !self.defines.is_empty() {
            line(String::new());
            line("defines:".into());
            let mut category = String::new();
            for d in &self.defines {
                if d.category.value != category {
                    category = d.category.value.clone();
                    line(format!(
                        "  # {}",
                        comment(&d.category.from)
                            .trim_start()
                            .trim_start_matches("# ")
                    ));
                }
                line(format!(
                    "  - name: {}{}",
                    yaml_str(&d.name.value),
                    comment(&d.name.from)
                ));
                if let Some(v) = &d.value {
                    line(format!(
                        "    value: {}{}",
                        yaml_str(v),
                        comment("the value form after `=` in the same item")
                    ));
                }
                if let Some(vs) = &d.values {
                    line(format!(
                        "    values: {}{}",
                        yaml_list(vs),
                        comment("the closed set after `=` in the same item")
                    ));
                }
                line(format!(
                    "    category: {}{}",
                    yaml_str(&d.category.value),
                    comment(&d.category.from)
                ));
                if let Some(why) = &d.removed {
                    line(format!("    status: removed{}", comment(why)));
                } else if let Some(why) = &d.internal {
                    line(format!("    status: internal{}", comment(why)));
                }
                line(format!(
                    "    summary: {}{}",
                    yaml_str(&d.summary.value),
                    comment(&d.summary.from)
                ));
                if !d.aliases.is_empty() {
                    line(format!(
                        "    aliases: {}{}",
                        yaml_list(&d.aliases),
                        comment(&format!("the same item, {}", d.name.from))
                    ));
                }
                if let Some(def) = &d.default {
                    line(format!(
                        "    default: {}{}",
                        yaml_str(&def.value),
                        comment(&def.from)
                    ));
                }
            }
        }
        if !self.workstreams.is_empty() {
            line(String::new());
            line("workstreams:".into());
            for w in &self.workstreams {
                line(format!(
                    "  - id: {}{}",
                    yaml_str(&w.id),
                    comment("the title, slugified")
                ));
                line(format!(
                    "    title: {}{}",
                    yaml_str(&w.title.value),
                    comment(&format!("a status-table row, {}", w.title.from))
                ));
                line(format!(
                    "    meaning: {}{}",
                    yaml_str(&w.meaning),
                    comment("the same row")
                ));
                line(format!(
                    "    status: {}{}",
                    w.status,
                    comment(&format!("the same row, which says \"{}\"", w.status_raw))
                ));
                if let Some(t) = &w.tracker {
                    line(format!(
                        "    tracker: {}{}",
                        yaml_str(&t.value),
                        comment(&t.from)
                    ));
                }
                if let Some(v) = &w.vision {
                    line(format!(
                        "    vision:{}",
                        comment(&format!("a vision-table row, {}", v.from))
                    ));
                    line(format!("      checkpoint: {}", yaml_str(&v.value.0)));
                    line(format!("      meaning: {}", yaml_str(&v.value.1)));
                }
            }
        }
        if !self.commands.is_empty() {
            line(String::new());
            line("commands:".into());
            for c in &self.commands {
                line(format!(
                    "  - run: {}{}",
                    yaml_str(&c.run.value),
                    comment(&format!("the mention at {}", c.run.from))
                ));
                let why = if c.run.value.starts_with("npm") {
                    "package.json"
                } else {
                    "the script's path"
                };
                line(format!(
                    "    summary: {}{}",
                    yaml_str(&c.summary),
                    comment(why)
                ));
            }
        }
        if !self.docs.is_empty() {
            line(String::new());
            line("docs:".into());
            for d in &self.docs {
                line(format!("  - path: {}", yaml_str(&d.path)));
                line(format!("    kind: {}{}", d.kind, comment(&d.kind_from)));
                if !d.blocks.is_empty() {
                    line(format!(
                        "    blocks: {}{}",
                        yaml_list(&d.blocks),
                        comment("the GENERATED markers in the page")
                    ));
                }
            }
        }
        y
    }
}

fn render_book_toml(
    title: &(String, String),
    docs_root: &str,
    manifest: &str,
    facts: &Facts,
    prefixes: &[String],
) -> String {
    let mut t = String::new();
    t.push_str("# Written by `docket init`. mdBook and docket both read this file.\n");
    t.push_str("[book]\n");
    t.push_str(&format!(
        "title = {}  # from {}\n",
        toml_str(&title.0),
        title.1.replace(['\n', '\r'], " ")
    ));
    t.push_str(&format!("src = {}\n", toml_str(docs_root)));
    t.push_str("\n[preprocessor.docket]\n");
    t.push_str(&format!("manifest = {}\n", toml_str(manifest)));
    t.push_str("\n# Where truth is read from the repository.\n[preprocessor.docket.facts]\n");
    if facts.package.is_some() {
        t.push_str("package-json = \"package.json\"\n");
    }
    if let Some(m) = &facts.makefile {
        t.push_str(&format!("makefile = {}\n", toml_str(m)));
    }
    if let Some((rel, _)) = &facts.tracker {
        t.push_str(&format!("tracker = {}\n", toml_str(rel)));
    }
    t.push_str("files = true\n");
    if let Some(d) = &facts.defines {
        t.push_str("\n# Folders whose code reads defines (found by `docket init`).\n[preprocessor.docket.facts.defines]\n");
        t.push_str(&format!("sources = {}\n", toml_list(&d.sources)));
        if !d.globs.is_empty() {
            t.push_str(&format!("globs = {}\n", toml_list(&d.globs)));
        }
        if !d.patterns.is_empty() {
            t.push_str(&format!("patterns = {}\n", toml_list(&d.patterns)));
        }
        if !d.wrappers.is_empty() {
            t.push_str(&format!("wrappers = {}\n", toml_list(&d.wrappers)));
        }
        if !prefixes.is_empty() {
            t.push_str(&format!(
                "# The project's define names start so (from the manifest's defines).\nprefixes = {}\n",
                toml_list(prefixes)
            ));
        }
    }
    t
}

/// A link target: `%XX` for anything but unreserved characters and `/`.
fn link_target(path: &str) -> String {
    let mut o = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-' | b'~') {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

fn link_text(title: &str) -> String {
    let mut o = String::new();
    for c in title.chars() {
        if matches!(c, '\\' | '[' | ']' | '`' | '*' | '_' | '<' | '>') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// `SUMMARY.md` listing every page: index.md (or README.md) first as a prefix
/// chapter, then the rest sorted, folders as nested items.
fn render_summary(pages: &[PageText]) -> String {
    let mut out = String::from("# Summary\n\n");
    let mut skip = BTreeSet::new();
    let by_path: BTreeMap<&str, &PageText> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    if let Some(p) = by_path.get("index.md").or_else(|| by_path.get("README.md")) {
        out.push_str(&format!(
            "[{}]({})\n\n",
            link_text(&p.title),
            link_target(&p.path)
        ));
        skip.insert(p.path.clone());
    }
    summary_list("", 0, &by_path, &skip, &mut out);
    out
}

fn summary_list(
    folder: &str,
    depth: usize,
    pages: &BTreeMap<&str, &PageText>,
    skip: &BTreeSet<String>,
    out: &mut String,
) {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let indent = "  ".repeat(depth);
    // name → Some(page) for a file, None for a folder.
    let mut entries: BTreeMap<&str, Option<&PageText>> = BTreeMap::new();
    for (path, page) in pages.range::<str, _>((
        std::ops::Bound::Included(prefix.as_str()),
        std::ops::Bound::Unbounded,
    )) {
        let Some(rest) = path.strip_prefix(prefix.as_str()) else {
            break;
        };
        match rest.split_once('/') {
            None => {
                entries.insert(rest, Some(page));
            }
            Some((sub, _)) => {
                entries.entry(sub).or_insert(None);
            }
        }
    }
    for (name, entry) in entries {
        match entry {
            Some(p) => {
                if !skip.contains(&p.path) {
                    out.push_str(&format!(
                        "{indent}- [{}]({})\n",
                        link_text(&p.title),
                        link_target(&p.path)
                    ));
                }
            }
            None => {
                let sub = format!("{prefix}{name}");
                let own = [format!("{sub}/index.md"), format!("{sub}/README.md")]
                    .into_iter()
                    .find_map(|c| pages.get(c.as_str()).copied());
                let mut skip = skip.clone();
                match own {
                    Some(p) => {
                        out.push_str(&format!(
                            "{indent}- [{}]({})\n",
                            link_text(&p.title),
                            link_target(&p.path)
                        ));
                        skip.insert(p.path.clone());
                    }
                    None => {
                        out.push_str(&format!("{indent}- [{}]()\n", link_text(&stem_title(name))))
                    }
                }
                summary_list(&sub, depth + 1, pages, &skip, out);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Writing

/// Write `bytes` to `path` unless it exists (and `force` is off). Returns
/// whether it was written. New files are created exclusively, so an existing
/// file is never clobbered by a race; a forced rewrite goes through a temporary
/// file renamed over the old one, keeping its permissions.
fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<bool, InitError> {
    let werr = |source| InitError::Write {
        path: path.to_path_buf(),
        source,
    };
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
    crate::output::sync::write_atomic(path, bytes).map_err(|e| werr(e.source))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yaml_value(text: &str) -> serde_json::Value {
        serde_saphyr::from_str::<serde_json::Value>(text).expect("valid YAML")
    }

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

    #[test]
    fn plain_yaml_only_when_unambiguous() {
        assert_eq!(yaml_str("rust_output"), "rust_output");
        assert_eq!(yaml_str("guides/setup.md"), "guides/setup.md");
        assert_eq!(yaml_str("no"), "\"no\"");
        assert_eq!(yaml_str("1.0"), "\"1.0\"");
        assert_eq!(yaml_str("a: b # c"), "\"a: b # c\"");
    }

    #[test]
    fn summary_nests_folders_and_escapes() {
        let page = |path: &str, title: &str| PageText {
            path: path.into(),
            text: String::new(),
            title: title.into(),
            doc: markdown::parse(path, ""),
        };
        let s = render_summary(&[
            page("README.md", "Home"),
            page("a/index.md", "A [x]"),
            page("a/b.md", "B"),
            page("c d.md", "C"),
        ]);
        assert_eq!(
            s,
            "# Summary\n\n[Home](README.md)\n\n- [A \\[x\\]](a/index.md)\n  - [B](a/b.md)\n- [C](c%20d.md)\n"
        );
        let parsed = crate::input::book::parse_summary(&s);
        let paths: Vec<String> = parsed
            .items
            .iter()
            .filter_map(|i| match i {
                crate::input::book::SummaryItem::Chapter { path: Some(p), .. } => {
                    Some(crate::core::paths::percent_decode(p))
                }
                _ => None,
            })
            .collect();
        assert_eq!(paths, ["README.md", "a/index.md", "a/b.md", "c d.md"]);
    }

    fn snippet() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z_.]{1,8}".prop_map(|n| format!("- `{n}`\n")),
            ("[a-z_]{1,6}", "[a-z0-9|<>,]{0,8}").prop_map(|(n, v)| format!("- `{n}={v}`: does {n}\n")),
            ("[a-z_]{1,6}", "[a-z_]{1,6}").prop_map(|(a, b)| format!("- `{a}` or `-D {b}`\n  - nested text\n")),
            ("[a-z_]{1,6}", "[a-z_]{1,6}", "[a-z]{1,4}").prop_map(|(a, s, p)| format!("- `{a}`: alias for `{s}={p}`\n")),
            "[A-Za-z :#/ü]{0,10}".prop_map(|h| format!("\n## {h}\n\n")),
            ("[a-z_]{1,8}", "[a-z0-9.|-]{1,12}").prop_map(|(n, v)| format!("\n`-D {n}={v}`\n\n")),
            ("[A-Za-z /ü-]{0,10}", "(closed|open|done|wip|x|in progress)", "(Workstream|Vision checkpoint)")
                .prop_map(|(t, s, h)| format!("\n| {h} | What | Status |\n|---|---|---|\n| {t} | m | {s} |\n| {t} | | {s} |\n\n")),
            "(The release gate is (closed|open)\\.|[0-9]{1,2} / [0-9]{1,2} closed \\([0-9]{1,3}%\\)|post-[0-9]\\.[0-9]|after v?[0-9]{1,3}\\.[0-9]{1,3}|as of 20[0-9]{2}-[0-9]{2}-[0-9]{2}|Road to [0-9]\\.[0-9])"
                .prop_map(|s| format!("\n{s}\n\n")),
            "[a-z]{1,4}".prop_map(|p| format!("\n`{p}` (default) and {p} is the default\n\n")),
            "[a-z]{1,3}".prop_map(|b| format!("\n<!-- GENERATED:{b}:start -->\nx\n<!-- GENERATED:{b}:end -->\n<!-- GENERATED:progress-status:start -->\n<!-- GENERATED:progress-status:end -->\n")),
            "\\PC{0,30}".prop_map(|s| format!("{s}\n")),
        ]
    }

    fn page(path: &str, text: String) -> ParsedPage {
        ParsedPage {
            path: path.into(),
            shown: format!("docs/{path}"),
            doc: markdown::parse_page(path, &text, &ClaimContext::default(), false),
            text,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn whatever_the_docs_say_the_manifest_loads(
            pages in prop::collection::vec(
                (prop::sample::select(vec!["defines-reference.md", "profiles.md", "progress-tracker.md", "vision.md", "index.md", "a/guide.md", "sel-profile.md"]),
                 prop::collection::vec(snippet(), 0..12)),
                1..5,
            )
        ) {
            let mut seen = BTreeSet::new();
            let docs: Vec<ParsedPage> = pages
                .into_iter()
                .filter(|(p, _)| seen.insert(*p))
                .map(|(p, parts)| page(p, parts.concat()))
                .collect();
            let mut notes = Vec::new();
            let m = infer(&docs, &Facts::default(), &("x".into(), "y".into()), "2025-01-01", &mut notes).render();
            let known: Vec<&str> = crate::input::assets::BLOCKS.iter().map(|(n, _)| *n).collect();
            let r = crate::input::manifest::parse(&m, Path::new("m.yaml"), &known);
            prop_assert!(r.is_ok(), "{}\n{}", r.err().map(|e| e.to_string()).unwrap_or_default(), m);
        }
    }

    proptest! {
        #[test]
        fn yaml_strings_round_trip(s in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{10ffff}]{0,12}") {
            let text = format!("k: {}{}\n", yaml_str(&s), comment(&s));
            let v = yaml_value(&text);
            prop_assert_eq!(v["k"].as_str(), Some(s.as_str()), "{}", text);
        }

        #[test]
        fn toml_strings_round_trip(s in "[\\x00-\\x7f\\u{80}-\\u{10ffff}]{0,16}") {
            let text = format!("k = {}\nl = {}\n", toml_str(&s), toml_list(std::slice::from_ref(&s)));
            let v: toml::Table = toml::from_str(&text).expect("valid TOML");
            prop_assert_eq!(v["k"].as_str(), Some(s.as_str()));
        }

        #[test]
        fn link_targets_decode_back(s in "[a-z ()%#?ü/._-]{1,12}") {
            prop_assert_eq!(crate::core::paths::percent_decode(&link_target(&s)), s);
        }
    }
}
