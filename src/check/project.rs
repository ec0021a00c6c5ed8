//! Loading a whole book: config, manifest, pages and their parse, in that order.
//!
//! This is the input every later stage (rules, report, site) reads; nothing here
//! writes to disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::input::book::{self, Book, BookError};
use crate::input::config::{self, Config, ConfigError, ConfigWarning};
use crate::input::manifest::{self, DocKind, Manifest, ManifestError, PosIndex};
use crate::markdown::claims::ClaimContext;
use crate::markdown::{self, Doc};

/// A loaded manifest with what is needed to point into it.
#[derive(Debug)]
pub struct LoadedManifest {
    /// The checked manifest.
    pub manifest: Manifest,
    /// YAML positions, for findings that point into the manifest.
    pub index: PosIndex,
    /// Path relative to the book root, for reports.
    pub display_path: String,
    /// The manifest's text, for snippets in reports.
    pub text: String,
}

/// Everything docket read.
#[derive(Debug)]
pub struct Project {
    /// `book.toml`.
    pub config: Config,
    /// The manifest, when `book.toml` names one.
    pub manifest: Option<LoadedManifest>,
    /// Pages from `SUMMARY.md`.
    pub book: Book,
    /// Parsed pages, parallel to `book.pages`.
    pub docs: Vec<Doc>,
    /// Source folder relative to the root, `/`-separated (`""` when it is the root).
    pub src_prefix: String,
    /// Canonical root, for containment checks.
    pub root_canon: PathBuf,
    /// Truth read from the repository (`[preprocessor.docket.facts]`).
    pub facts: crate::input::facts::Facts,
    /// Whether the source folder resolves inside the root (so the files the
    /// book walk listed are too).
    pub src_inside_root: bool,
    /// Memo of `exists_in_root`: links repeat, and each answer costs syscalls.
    pub exists_cache: std::sync::Mutex<std::collections::HashMap<String, bool>>,
    /// Generated-block templates by name: built-in, overridden or extended by the
    /// project's `templates/blocks/*.md`.
    pub block_templates: BTreeMap<String, String>,
    /// The repository the book lives in (`core::repo`), for links leaving it.
    pub repo: std::sync::Arc<crate::core::repo::Repo>,
    /// Whether external preprocessors run (again, for `reload_pages`).
    pub preprocessors: crate::input::preprocess::Policy,
}

/// Why loading failed; exit 2.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// `book.toml`.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The manifest.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The book's files.
    #[error(transparent)]
    Book(#[from] BookError),
    /// A fact source.
    #[error(transparent)]
    Facts(#[from] crate::input::facts::FactsError),
    /// The root itself.
    #[error("{}: {message}", path.display())]
    Root {
        /// The root given.
        path: PathBuf,
        /// What and what to do.
        message: String,
    },
}

impl Project {
    /// Load the book at `root`, with every page's HTML rendered.
    pub fn load(root: &Path) -> Result<(Project, Vec<ConfigWarning>), LoadError> {
        Project::load_with(root, true)
    }

    /// Load the book at `root`; pages' HTML is rendered only when `html` is set
    /// (building a site), so `check` and `sync` skip that work.
    /// No external preprocessor runs: see [`Project::load_opts`].
    pub fn load_with(root: &Path, html: bool) -> Result<(Project, Vec<ConfigWarning>), LoadError> {
        Project::load_opts(root, html, &crate::input::preprocess::Policy::never())
    }

    /// As [`Project::load_with`]; external preprocessors run as `policy` says
    /// (the command line's choice, never `book.toml`'s).
    pub fn load_opts(
        root: &Path,
        html: bool,
        policy: &crate::input::preprocess::Policy,
    ) -> Result<(Project, Vec<ConfigWarning>), LoadError> {
        if !root.is_dir() {
            return Err(LoadError::Root {
                path: root.to_path_buf(),
                message: "is not a folder; pass the folder holding book.toml with --root".into(),
            });
        }
        let root_canon = root.canonicalize().map_err(|e| LoadError::Root {
            path: root.to_path_buf(),
            message: format!("cannot resolve the path ({e}); check it exists"),
        })?;
        let (config, warnings) = crate::core::timed("config", || config::load(root))?;
        let block_templates = load_block_templates(&config)?;
        let known_blocks: Vec<&str> = block_templates.keys().map(String::as_str).collect();
        // The patterns every page needs (headings, titles) compile while files
        // are read; the others compile on a page's first need.
        rayon::spawn(crate::markdown::claims::warm_up);
        // The manifest, the pages and the fact sources are independent reads:
        // side by side. Errors keep their order (manifest, book, facts).
        let load_manifest = || -> Result<Option<LoadedManifest>, LoadError> {
            Ok(match &config.docket.manifest {
                None => None,
                Some(rel) => {
                    let path = config.root.join(rel);
                    if !path.is_file() {
                        let at = config
                            .origin("preprocessor.docket.manifest")
                            .cloned()
                            .unwrap_or(config::Origin {
                                path: root.join(config::BOOK_TOML),
                                line: 1,
                                col: 1,
                            });
                        // A folder, pipe or device is there but is no manifest.
                        let what = if path.exists() {
                            "is not a regular file (a folder, pipe or device); point `manifest` at the YAML file"
                        } else {
                            "does not exist; create it or correct `manifest`"
                        };
                        return Err(ConfigError::Invalid {
                            at,
                            message: format!(
                                "manifest `{}` {what} under [preprocessor.docket]",
                                rel.display()
                            ),
                        }
                        .into());
                    }
                    let display_path = book::rel_to_root(&config, &path);
                    // Resolved on disk: a manifest linked out of the book is
                    // refused before a byte of it is read (or shown in an error).
                    let path = crate::core::fs::Root::new(&config.root)
                        .and_then(|r| r.resolve_rel(rel))
                        .map_err(BookError::from)?;
                    let (manifest, index, text) = crate::core::timed("manifest", || {
                        manifest::load(&path, Path::new(&display_path), &known_blocks)
                    })?;
                    Some(LoadedManifest {
                        manifest,
                        index,
                        display_path,
                        text,
                    })
                }
            })
        };
        let (manifest, (book, facts)) = rayon::join(load_manifest, || {
            rayon::join(
                || crate::core::timed("book", || book::load_with(&config, policy)),
                || crate::core::timed("facts", || crate::input::facts::load(&config)),
            )
        });
        let (manifest, book, facts) = (manifest?, book?, facts?);
        let mut warnings = warnings;
        warnings.extend(book.warnings.iter().cloned());
        let repo = std::sync::Arc::new(config.repo());
        let ctx = claim_context(&config, manifest.as_ref(), &repo);
        // Pages parse independently: one parse each, across the cores.
        use rayon::prelude::*;
        let docs = crate::core::timed("parse", || {
            book.pages
                .par_iter()
                .map(|p| parse(p, &ctx.for_page(&p.path), html))
                .collect()
        });
        let src_prefix = book::rel_to_root(&config, &config.src_dir());
        let src_inside_root = config
            .src_dir()
            .canonicalize()
            .is_ok_and(|s| s.starts_with(&root_canon));
        Ok((
            Project {
                config,
                manifest,
                book,
                docs,
                src_prefix,
                root_canon,
                src_inside_root,
                facts,
                exists_cache: Default::default(),
                block_templates,
                repo,
                preprocessors: policy.clone(),
            },
            warnings,
        ))
    }

    /// Re-read and re-parse the pages at `indices` after an edit; everything
    /// else (config, manifest, facts, the other pages) is kept. `serve` uses this
    /// when only pages changed.
    pub fn reload_pages(&mut self, indices: &[usize]) -> Result<(), LoadError> {
        let ctx = claim_context(&self.config, self.manifest.as_ref(), &self.repo);
        let root = crate::core::fs::Root::new(&self.config.root).map_err(BookError::from)?;
        for &i in indices {
            let Some(page) = self.book.pages.get_mut(i) else {
                continue;
            };
            let file = self.config.src_dir().join(&page.path);
            page.text = root.read_text(&file).map_err(BookError::from)?;
            // The preprocessors run again over the edited page alone.
            let mut one = Book {
                pages: vec![page.clone()],
                ..Book::default()
            };
            crate::input::preprocess::run(&self.config, &mut one, &self.preprocessors);
            if let Some(p) = one.pages.pop() {
                *page = p;
            }
            self.docs[i] = parse(page, &ctx.for_page(&page.path), true);
        }
        // Editing pages adds no files: the existence memo stays valid.
        Ok(())
    }

    /// Index of the page at root-relative `path`, if it is one of the book's.
    pub fn page_index(&self, path: &str) -> Option<usize> {
        self.book
            .pages
            .iter()
            .position(|p| self.src_rel(&p.path) == path)
    }

    /// Root-relative path → text of the files named by `paths` (those findings
    /// point into, for snippets): copying every page's text cost more than a
    /// small book's check.
    pub fn sources_for<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> std::collections::BTreeMap<String, String> {
        let wanted: std::collections::BTreeSet<&str> = paths.into_iter().collect();
        let mut m = std::collections::BTreeMap::new();
        let mut add = |path: String, text: &str| {
            if wanted.contains(path.as_str()) {
                m.insert(path, text.to_string());
            }
        };
        for p in &self.book.pages {
            add(self.src_rel(&p.path), &p.text);
        }
        add(self.book.summary_path.clone(), &self.book.summary_text);
        if let Some(lm) = &self.manifest {
            add(lm.display_path.clone(), &lm.text);
        }
        m
    }

    /// Which files' findings a change to `changed` (root-relative paths) can
    /// affect: `None` when the change touches what every page is checked against
    /// (book.toml, the manifest, SUMMARY.md, templates, a fact source); else the
    /// changed pages and the pages that link to them (a renamed heading breaks
    /// their anchors).
    pub fn affected(&self, changed: &[String]) -> Option<std::collections::BTreeSet<String>> {
        let cfg = &self.config;
        let f = &cfg.docket.facts;
        let mut global: Vec<String> = vec![
            crate::input::config::BOOK_TOML.to_string(),
            self.book.summary_path.clone(),
        ];
        if let Some(m) = &self.manifest {
            global.push(m.display_path.clone());
        }
        for p in [&f.package_json, &f.makefile, &f.cargo_toml, &f.tracker]
            .into_iter()
            .flatten()
        {
            global.push(p.to_string_lossy().replace('\\', "/"));
        }
        let mut global_dirs: Vec<String> = f
            .defines
            .as_ref()
            .map(|d| {
                d.sources
                    .iter()
                    .map(|s| s.to_string_lossy().replace('\\', "/"))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(t) = &cfg.docket.templates {
            global_dirs.push(t.to_string_lossy().replace('\\', "/"));
        }
        let touches_global = changed.iter().any(|c| {
            global.contains(c)
                || global_dirs
                    .iter()
                    .any(|d| c.starts_with(&format!("{}/", d.trim_end_matches('/'))))
        });
        if touches_global {
            return None;
        }
        let pages: std::collections::BTreeSet<String> = changed
            .iter()
            .filter(|c| self.book.pages.iter().any(|p| &self.src_rel(&p.path) == *c))
            .cloned()
            .collect();
        let mut out = pages.clone();
        for (doc, page) in self.docs.iter().zip(&self.book.pages) {
            let dir = crate::core::paths::join_rel(
                &self.src_prefix,
                crate::core::paths::parent_dir(&page.path),
            )
            .unwrap_or_default();
            let links_in = doc.links.iter().any(|l| {
                let target = l.dest.split('#').next().unwrap_or("");
                crate::core::paths::join_rel(&dir, &crate::core::paths::percent_decode(target))
                    .is_some_and(|t| pages.contains(&t))
            });
            if links_in {
                out.insert(self.src_rel(&page.path));
            }
        }
        Some(out)
    }

    /// A source-relative path as a root-relative one, for reports.
    pub fn src_rel(&self, path: &str) -> String {
        if self.src_prefix.is_empty() {
            path.to_string()
        } else if path.starts_with("../") {
            // The repository's own docs outside the source folder.
            crate::core::paths::join_rel(&self.src_prefix, path).unwrap_or_else(|| path.to_string())
        } else {
            format!("{}/{path}", self.src_prefix)
        }
    }

    /// A root-relative path as a source-relative one, when it is inside the source folder.
    pub fn strip_src<'a>(&self, rel: &'a str) -> Option<&'a str> {
        if self.src_prefix.is_empty() {
            Some(rel)
        } else {
            rel.strip_prefix(&self.src_prefix)?.strip_prefix('/')
        }
    }

    /// Whether root-relative `rel` names an existing file or folder inside the root
    /// (a symlink out of the root does not count).
    pub fn exists_in_root(&self, rel: &str) -> bool {
        // A regular file the book walk met is inside the source folder, which
        // is inside the root: no syscalls (a link per page made these the
        // cost of `check` on large books).
        if self.src_inside_root
            && self
                .strip_src(rel)
                .is_some_and(|s| self.book.files.contains(s))
        {
            return true;
        }
        if let Ok(cache) = self.exists_cache.lock()
            && let Some(&known) = cache.get(rel)
        {
            return known;
        }
        let exists = self
            .root_canon
            .join(rel)
            .canonicalize()
            .is_ok_and(|c| c.starts_with(&self.root_canon));
        if let Ok(mut cache) = self.exists_cache.lock() {
            cache.insert(rel.to_string(), exists);
        }
        exists
    }
}

/// One page's parse: of the preprocessors' output, positions in the page.
fn parse(page: &book::Page, ctx: &ClaimContext, html: bool) -> Doc {
    match &page.expansion {
        None => markdown::parse_page(&page.path, &page.text, ctx, html),
        Some(e) => markdown::parse_mapped(
            &page.path,
            &page.text,
            &e.text,
            &|o| e.to_source(o),
            ctx,
            html,
        ),
    }
}

/// What parsing a page needs from the config and manifest.
struct PageContext {
    base: ClaimContext,
    defines_refs: Vec<String>,
}

impl PageContext {
    fn for_page(&self, path: &str) -> ClaimContext {
        let mut c = self.base.clone();
        c.defines_reference = self.defines_refs.iter().any(|d| d == path);
        c
    }
}

fn claim_context(
    config: &Config,
    manifest: Option<&LoadedManifest>,
    repo: &std::sync::Arc<crate::core::repo::Repo>,
) -> PageContext {
    PageContext {
        base: ClaimContext {
            define_prefixes: manifest
                .map(|m| m.manifest.project.define_prefixes.clone())
                .unwrap_or_default(),
            profile_selector: manifest.and_then(|m| m.manifest.profile_selector.clone()),
            defines_reference: false,
            src_prefix: book::rel_to_root(config, &config.src_dir()),
            repo: Some(repo.clone()),
            sanitize: config.docket.sanitize,
            render: config.html.render.clone(),
            item_statuses: config.docket.facts.tracker.is_some(),
        },
        defines_refs: manifest
            .map(|m| {
                m.manifest
                    .docs
                    .iter()
                    .filter(|d| d.kind == DocKind::DefinesReference)
                    .map(|d| d.path.clone())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Built-in block templates, then the project's `<templates>/blocks/*.md` on top.
fn load_block_templates(config: &Config) -> Result<BTreeMap<String, String>, LoadError> {
    let mut out: BTreeMap<String, String> = crate::input::assets::BLOCKS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let Some(dir) = config
        .docket
        .templates
        .as_ref()
        .map(|t| config.root.join(t).join("blocks"))
    else {
        return Ok(out);
    };
    // The folder and each template resolved inside the root.
    let root = crate::core::fs::Root::new(&config.root).map_err(BookError::from)?;
    let dir = match root.resolve(&dir) {
        Ok(d) => d,
        Err(crate::core::fs::FileError::Io { .. }) => return Ok(out),
        Err(e) => return Err(BookError::from(e).into()),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for f in files {
        let name = f.file_stem().and_then(|s| s.to_str()).map(str::to_string);
        if let (Some(name), true) = (name, f.extension().is_some_and(|e| e == "md")) {
            out.insert(name, root.read_text(&f).map_err(BookError::from)?);
        }
    }
    Ok(out)
}
